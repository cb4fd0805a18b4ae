package dev.descent.train.fast;

import dev.descent.data.BatchSize;
import dev.descent.data.Batcher;
import dev.descent.data.Dataset;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fused, allocation-free training of a multilayer perceptron classifier ({@link MlpBackprop}'s model: {@code Dense}
 * layers, ReLU on the hidden ones, softmax cross-entropy against class indices, float32) straight from a data set's
 * arrays: the batch's rows are gathered into a preallocated buffer, {@link MlpBackprop} computes the gradient, and the
 * optimizer steps in place. The batches are those of a {@link Batcher} with the same seed, in the same order, so an
 * epoch here is the {@link dev.descent.train.Trainer}'s epoch without its callbacks and metrics; {@code descent bench}
 * times this loop and the Trainer's side by side. It takes unweighted rows (the Trainer trains weighted ones on the
 * same kernels).
 */
public final class FastMlp {

    /** Rows gathered per parallel chunk. */
    private static final int GATHER_GRAIN = 32;

    private final Optimizer optimizer;
    private final OptimizerState state;
    private final Params params;
    private final Params grads;
    private final Batcher batcher;
    /** The epochs' row order, rewritten by each epoch. */
    private final int[] epochOrder;
    private final MlpBackprop backprop;
    private final int n;
    private final int features;
    private final int rowsPerBatch;
    private final int batches;
    private final float[] x;
    private final int[] labels;
    private final MlpParams arrays;
    private final float[] rows;
    private final int[] rowLabels;

    /**
     * @param params kernel {@code [in, out]} then bias {@code [out]} per layer, in order, float32; updated in place
     * @param state  the optimizer's state for {@code params}, updated in place
     * @param seed   the run's seed; batches as {@code Batcher(data, batchSize, shuffle, false,
     *               Rng.seeded(seed).fork("shuffle"))}
     */
    public FastMlp(Dataset data, Params params, Optimizer optimizer, OptimizerState state, BatchSize batchSize,
                   boolean shuffle, long seed) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.state = Objects.requireNonNull(state, "state");
        this.params = Objects.requireNonNull(params, "params");
        if (data.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("the fused MLP path is float32, data is " + data.dtype());
        }
        if (!data.task().isClassification()) {
            throw new IllegalArgumentException("the fused MLP path trains classifiers (softmax cross-entropy)");
        }
        if (data.weights().isPresent()) {
            throw new IllegalArgumentException("the bare fused loop trains unweighted rows; weighted ones train through "
                    + "the Trainer");
        }
        List<String> names = params.names();
        if (names.isEmpty() || names.size() % 2 != 0) {
            throw new IllegalArgumentException("expected kernel and bias per layer, got " + names);
        }
        this.n = data.size();
        this.features = data.features();
        int layers = names.size() / 2;
        int[] width = new int[layers + 1];
        width[0] = features;
        List<String> kernels = new ArrayList<>(layers);
        List<String> biases = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            Tensor kernel = params.get(names.get(2 * l));
            Tensor bias = params.get(names.get(2 * l + 1));
            if (kernel.rank() != 2 || kernel.shape().dim(0) != width[l] || bias.size() != kernel.shape().dim(1)) {
                throw new IllegalArgumentException("layer " + l + ": kernel " + kernel.shape() + " and bias "
                        + bias.shape() + " do not follow " + width[l] + " inputs");
            }
            width[l + 1] = kernel.shape().dim(1);
            kernels.add(names.get(2 * l));
            biases.add(names.get(2 * l + 1));
        }
        if (width[layers] != data.numClasses()) {
            throw new IllegalArgumentException(width[layers] + " outputs for " + data.numClasses() + " classes");
        }
        this.arrays = new MlpParams(kernels, biases, width);
        arrays.bind(params);
        this.grads = arrays.grads();
        this.backprop = new MlpBackprop(width);
        this.x = data.x().floatData();
        this.labels = data.labels();
        this.batcher = new Batcher(data, batchSize, shuffle, false, Rng.seeded(seed).fork("shuffle"));
        this.epochOrder = new int[n];
        this.rowsPerBatch = batchSize.rowsPerBatch(n);
        this.batches = batcher.batchesPerEpoch();
        this.rows = new float[rowsPerBatch * features];
        this.rowLabels = new int[rowsPerBatch];
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return batches;
    }

    /** Trains epoch {@code epoch} (0-based) at rate {@code lr}; returns the mean of the batch losses. */
    public double epoch(int epoch, double lr) {
        int[] order = batcher.order(epoch, epochOrder);
        double sum = 0;
        for (int bi = 0; bi < batches; bi++) {
            int from = bi * rowsPerBatch;
            sum += step(order, from, Math.min(n, from + rowsPerBatch), lr);
        }
        return sum / batches;
    }

    /** One update on rows {@code order[from, to)}; returns the batch's mean loss before the update. */
    public double step(int[] order, int from, int to, double lr) {
        gather(order, from, to - from);
        double loss = backprop.gradient(rows, rowLabels, null, to - from, arrays, null);
        optimizer.step(params, grads, state, lr);
        return loss;
    }

    private int[] gatherOrder;
    private int gatherFrom;
    private final Parallel.RangeTask gatherTask = this::gatherRows;

    private void gather(int[] order, int from, int count) {
        gatherOrder = order;
        gatherFrom = from;
        Parallel.forRange(count, GATHER_GRAIN, gatherTask);
    }

    private void gatherRows(int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            int row = gatherOrder[gatherFrom + i];
            System.arraycopy(x, row * features, rows, i * features, features);
            rowLabels[i] = labels[row];
        }
    }

    /** Mean softmax cross-entropy and accuracy over the whole data set at the current parameters. */
    public double[] lossAndAccuracy() {
        int chunk = Math.max(1, rowsPerBatch);
        int k = arrays.outputs();
        double[] rowLoss = new double[chunk];
        int[] predicted = new int[chunk];
        double loss = 0;
        long correct = 0;
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            float[] z = backprop.logits(java.util.Arrays.copyOfRange(x, from * features, (from + count) * features),
                    count, arrays);
            int[] y = java.util.Arrays.copyOfRange(labels, from, from + count);
            MlpKernels.softmaxCrossEntropy(z, y, null, 0, count, k, 1f, rowLoss, predicted);
            for (int i = 0; i < count; i++) {
                loss += rowLoss[i];
                if (predicted[i] == y[i]) {
                    correct++;
                }
            }
        }
        return new double[] {loss / n, (double) correct / n};
    }
}
