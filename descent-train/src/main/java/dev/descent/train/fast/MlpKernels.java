package dev.descent.train.fast;

import dev.descent.nn.Activation;
import dev.descent.tensor.RawKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise kernels of the fused MLP path, float32, each a small method (see {@link LinearKernels} on why).
 * All lane-wise IEEE operations or comparisons: the same bits in the interpreter and in C2.
 */
final class MlpKernels {

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int FL = FS.length();

    private MlpKernels() {
    }

    /** {@code z[r, j] = max(z[r, j] + b[j], 0)} on rows {@code [r0, r1)} x columns {@code [j0, j1)}, row width n. */
    static void biasRelu(float[] z, float[] b, int r0, int r1, int j0, int j1, int n) {
        for (int r = r0; r < r1; r++) {
            int off = r * n;
            for (int j = j0; j < j1; j += FL) {
                VectorMask<Float> m = FS.indexInRange(j, j1);
                FloatVector.fromArray(FS, z, off + j, m).add(FloatVector.fromArray(FS, b, j, m)).max(0f)
                        .intoArray(z, off + j, m);
            }
        }
    }

    /**
     * {@code z[r, j] = f(z[r, j] + b[j])} on rows {@code [r0, r1)} x columns {@code [j0, j1)}, row width n, for a
     * hidden layer's activation f: ReLU and leaky ReLU in vector lanes; tanh and the sigmoid per element with the
     * tape's own scalar functions (their results must not depend on when the JIT compiles them).
     */
    static void biasActivation(Activation f, float[] z, float[] b, int r0, int r1, int j0, int j1, int n) {
        switch (f) {
            case RELU -> biasRelu(z, b, r0, r1, j0, j1, n);
            case LEAKY_RELU -> biasLeakyRelu(z, b, r0, r1, j0, j1, n);
            case TANH, SIGMOID -> {
                boolean tanh = f == Activation.TANH;
                for (int r = r0; r < r1; r++) {
                    int off = r * n;
                    for (int j = j0; j < j1; j++) {
                        float v = z[off + j] + b[j];
                        z[off + j] = (float) (tanh ? RawKernels.tanh(v) : RawKernels.sigmoid(v));
                    }
                }
            }
            default -> throw new IllegalArgumentException("no fused form of " + f);
        }
    }

    private static void biasLeakyRelu(float[] z, float[] b, int r0, int r1, int j0, int j1, int n) {
        float slope = (float) Activation.LEAKY_RELU_SLOPE;
        for (int r = r0; r < r1; r++) {
            int off = r * n;
            for (int j = j0; j < j1; j += FL) {
                VectorMask<Float> m = FS.indexInRange(j, j1);
                FloatVector v = FloatVector.fromArray(FS, z, off + j, m).add(FloatVector.fromArray(FS, b, j, m));
                v.max(v.mul(slope)).intoArray(z, off + j, m);
            }
        }
    }

    /**
     * {@code d[r, j] *= f'} on rows {@code [r0, r1)} x columns {@code [j0, j1)}, row width n, with the derivative
     * written through the activation's output a: ReLU {@code a > 0}, leaky ReLU {@code a > 0 ? 1 : slope}, tanh
     * {@code 1 − a²}, sigmoid {@code a(1 − a)}.
     */
    static void activationBackward(Activation f, float[] d, float[] a, int r0, int r1, int j0, int j1, int n) {
        if (f == Activation.RELU) {
            reluBackward(d, a, r0, r1, j0, j1, n);
            return;
        }
        float slope = (float) Activation.LEAKY_RELU_SLOPE;
        for (int r = r0; r < r1; r++) {
            int off = r * n;
            for (int j = j0; j < j1; j += FL) {
                VectorMask<Float> m = FS.indexInRange(j, j1);
                FloatVector av = FloatVector.fromArray(FS, a, off + j, m);
                FloatVector dv = FloatVector.fromArray(FS, d, off + j, m);
                FloatVector derivative = switch (f) {
                    case LEAKY_RELU -> FloatVector.broadcast(FS, slope).blend(1f, av.compare(VectorOperators.GT, 0f));
                    case TANH -> av.mul(av).neg().add(1f);
                    case SIGMOID -> av.mul(av.neg().add(1f));
                    default -> throw new IllegalArgumentException("no fused form of " + f);
                };
                dv.mul(derivative).intoArray(d, off + j, m);
            }
        }
    }

    /** {@code d[r, j] *= m[r, j]} on rows {@code [r0, r1)} x columns {@code [j0, j1)}, row width n. */
    static void multiply(float[] d, float[] m, int r0, int r1, int j0, int j1, int n) {
        for (int r = r0; r < r1; r++) {
            int off = r * n;
            for (int j = j0; j < j1; j += FL) {
                VectorMask<Float> lanes = FS.indexInRange(j, j1);
                FloatVector.fromArray(FS, d, off + j, lanes).mul(FloatVector.fromArray(FS, m, off + j, lanes))
                        .intoArray(d, off + j, lanes);
            }
        }
    }

    /** {@code z[r, j] += b[j]} on rows {@code [r0, r1)} x columns {@code [j0, j1)}, row width n. */
    static void bias(float[] z, float[] b, int r0, int r1, int j0, int j1, int n) {
        for (int r = r0; r < r1; r++) {
            int off = r * n;
            for (int j = j0; j < j1; j++) {
                z[off + j] += b[j];
            }
        }
    }

    /**
     * {@code d[r, j] = a[r, j] > 0 ? d[r, j] : 0} on rows {@code [r0, r1)} x columns {@code [j0, j1)}, row width n:
     * the ReLU's backward through its output a.
     */
    static void reluBackward(float[] d, float[] a, int r0, int r1, int j0, int j1, int n) {
        for (int r = r0; r < r1; r++) {
            int off = r * n;
            for (int j = j0; j < j1; j += FL) {
                VectorMask<Float> m = FS.indexInRange(j, j1);
                FloatVector av = FloatVector.fromArray(FS, a, off + j, m);
                FloatVector.fromArray(FS, d, off + j, m).blend(0f, av.compare(VectorOperators.LE, 0f))
                        .intoArray(d, off + j, m);
            }
        }
    }

    /**
     * {@code g[j] = Σ_r d[r, j]} over rows {@code [0, rows)} in ascending r, from 0. Four column vectors at a time are
     * summed in registers down the rows, then single vectors, then the last columns one by one: adding each row into
     * {@code g} with masked loads and stores instead (masked stores are microcoded on AMD's cores) took 10-18 µs for
     * W2's three layers a step, this 4.
     */
    static void columnSums(float[] d, int rows, int n, float[] g) {
        int whole = n - n % FL;
        int j = 0;
        for (; j + 4 * FL <= whole; j += 4 * FL) {
            FloatVector s0 = FloatVector.zero(FS);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int r = 0; r < rows; r++) {
                int off = r * n + j;
                s0 = s0.add(FloatVector.fromArray(FS, d, off));
                s1 = s1.add(FloatVector.fromArray(FS, d, off + FL));
                s2 = s2.add(FloatVector.fromArray(FS, d, off + 2 * FL));
                s3 = s3.add(FloatVector.fromArray(FS, d, off + 3 * FL));
            }
            s0.intoArray(g, j);
            s1.intoArray(g, j + FL);
            s2.intoArray(g, j + 2 * FL);
            s3.intoArray(g, j + 3 * FL);
        }
        for (; j < whole; j += FL) {
            FloatVector s = FloatVector.zero(FS);
            for (int r = 0; r < rows; r++) {
                s = s.add(FloatVector.fromArray(FS, d, r * n + j));
            }
            s.intoArray(g, j);
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int r = 0; r < rows; r++) {
                s += d[r * n + j];
            }
            g[j] = s;
        }
    }

    /**
     * Softmax cross-entropy of logits {@code z [*, k]} against class indices, rows {@code [from, to)}: overwrites z
     * with {@code (softmax(z) − onehot)·scale} (times {@code weights[r]} with weights; null: none) and writes each
     * row's loss {@code logsumexp(z_r) − z_r[y_r]}, unweighted, into {@code rowLoss[r]} (summed by the caller in row
     * order, so the total does not depend on how rows were split), and the index of each row's largest logit (the
     * first of equal ones, as {@code Tensor.argmax}) into {@code predicted[r]}.
     */
    static void softmaxCrossEntropy(float[] z, int[] labels, float[] weights, int from, int to, int k, float scale,
                                    double[] rowLoss, int[] predicted) {
        for (int r = from; r < to; r++) {
            predicted[r] = argmax(z, r * k, k);
            rowLoss[r] = softmaxRow(z, r * k, k, labels[r], weights == null ? scale : scale * weights[r]);
        }
    }

    private static int argmax(float[] z, int off, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (z[off + j] > z[off + best]) {
                best = j;
            }
        }
        return best;
    }

    private static double softmaxRow(float[] z, int off, int k, int label, float scale) {
        float zLabel = z[off + label];
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            double e = Math.exp(z[off + j] - max);
            z[off + j] = (float) e;
            sum += e;
        }
        double lse = max + Math.log(sum);
        for (int j = 0; j < k; j++) {
            double p = z[off + j] / sum;
            z[off + j] = (float) ((j == label ? p - 1 : p) * scale);
        }
        return lse - zLabel;
    }
}
