package dev.descent.train.fast;

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

    /** {@code z[r, :] = max(z[r, :] + b, 0)} for rows {@code [from, to)} of width {@code n}. */
    static void biasRelu(float[] z, float[] b, int from, int to, int n) {
        for (int r = from; r < to; r++) {
            biasReluRow(z, r * n, b, n);
        }
    }

    private static void biasReluRow(float[] z, int off, float[] b, int n) {
        for (int j = 0; j < n; j += FL) {
            VectorMask<Float> m = FS.indexInRange(j, n);
            FloatVector.fromArray(FS, z, off + j, m).add(FloatVector.fromArray(FS, b, j, m)).max(0f)
                    .intoArray(z, off + j, m);
        }
    }

    /** {@code z[r, :] += b} for rows {@code [from, to)} of width {@code n}. */
    static void bias(float[] z, float[] b, int from, int to, int n) {
        for (int r = from; r < to; r++) {
            int off = r * n;
            for (int j = 0; j < n; j++) {
                z[off + j] += b[j];
            }
        }
    }

    /** {@code d[i] = a[i] > 0 ? d[i] : 0} over {@code [from, to)}: the ReLU's backward through its output a. */
    static void reluBackward(float[] d, float[] a, int from, int to) {
        int i = from;
        int bound = to - (to - from) % FL;
        for (; i < bound; i += FL) {
            FloatVector av = FloatVector.fromArray(FS, a, i);
            FloatVector.fromArray(FS, d, i).blend(0f, av.compare(VectorOperators.LE, 0f)).intoArray(d, i);
        }
        for (; i < to; i++) {
            if (!(a[i] > 0)) {
                d[i] = 0f;
            }
        }
    }

    /** {@code g[j] = Σ_r d[r, j]} over rows {@code [0, rows)} in ascending r. */
    static void columnSums(float[] d, int rows, int n, float[] g) {
        java.util.Arrays.fill(g, 0, n, 0f);
        for (int r = 0; r < rows; r++) {
            addRow(d, r * n, g, n);
        }
    }

    private static void addRow(float[] d, int off, float[] g, int n) {
        for (int j = 0; j < n; j += FL) {
            VectorMask<Float> m = FS.indexInRange(j, n);
            FloatVector.fromArray(FS, g, j, m).add(FloatVector.fromArray(FS, d, off + j, m)).intoArray(g, j, m);
        }
    }

    /**
     * Softmax cross-entropy of logits {@code z [*, k]} against class indices, rows {@code [from, to)}: overwrites z
     * with {@code (softmax(z) − onehot)·scale} and writes each row's loss {@code logsumexp(z_r) − z_r[y_r]} into
     * {@code rowLoss[r]} (summed by the caller in row order, so the total does not depend on how rows were split).
     */
    static void softmaxCrossEntropy(float[] z, int[] labels, int from, int to, int k, float scale, double[] rowLoss) {
        for (int r = from; r < to; r++) {
            rowLoss[r] = softmaxRow(z, r * k, k, labels[r], scale);
        }
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
