package dev.descent.train.fast;

import dev.descent.data.BatchSize;
import dev.descent.data.Batcher;
import dev.descent.data.Dataset;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.RawKernels;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Fused, allocation-free training of a multilayer perceptron classifier: {@code Dense} layers, ReLU on the hidden
 * ones, softmax cross-entropy from the logits against class indices, float32. Same semantics as
 * {@link dev.descent.train.Trainer} with such a model (mean loss over the batch, the optimizer's own in-place
 * step, the batches of a {@link Batcher} with the same seed in the same order).
 *
 * <p>Per batch: the rows are gathered into a preallocated buffer; forward {@code a_l = relu(a_{l-1}·W_l + b_l)}
 * with the packed GEMM and the bias and ReLU fused into one pass; backward {@code dW_l = a_{l-1}ᵀ·dz_l} and
 * {@code da_{l-1} = dz_l·W_lᵀ} with the GEMM reading the transposed operands in place (no copies). Buffers exist
 * for the regular batch size and for a smaller last batch, so a warmed-up step allocates nothing. Every kernel is
 * deterministic for any thread count (the GEMM computes each output element as one chain whichever way it splits
 * the work; the gather splits over rows).
 */
public final class FastMlp {

    private final Optimizer optimizer;
    private final OptimizerState state;
    private final Params params;
    private final Params grads;
    private final Batcher batcher;
    private final int n;
    private final int layers;
    private final int[] width;
    private final int rowsPerBatch;
    private final int batches;
    private final float[] x;
    private final int[] labels;
    private final float[][] w;
    private final float[][] b;
    private final float[][] gw;
    private final float[][] gb;

    /** Per batch size: the gathered rows, each layer's output (a[0] is the input), and the backward deltas. */
    private static final class Buffers {
        final int rows;
        final float[][] a;
        final float[][] delta;
        final int[] y;
        final double[] rowLoss;

        Buffers(int rows, int[] width) {
            this.rows = rows;
            int layers = width.length - 1;
            a = new float[layers + 1][];
            delta = new float[layers + 1][];
            for (int l = 0; l <= layers; l++) {
                a[l] = new float[rows * width[l]];
                delta[l] = l == 0 ? null : new float[rows * width[l]];
            }
            y = new int[rows];
            rowLoss = new double[rows];
            reluBackward = new RawKernels.Epilogue[layers];
            for (int l = 1; l < layers; l++) {
                float[] out = a[l];
                int n = width[l];
                reluBackward[l] = (d, r0, r1, j0, j1) -> MlpKernels.reluBackward(d, out, r0, r1, j0, j1, n);
            }
        }

        /** Per hidden layer l: the ReLU's backward through a[l], fused into the blocks of {@code da = dz·Wᵀ}. */
        final RawKernels.Epilogue[] reluBackward;
    }

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
        List<String> names = params.names();
        if (names.isEmpty() || names.size() % 2 != 0) {
            throw new IllegalArgumentException("expected kernel and bias per layer, got " + names);
        }
        this.n = data.size();
        this.layers = names.size() / 2;
        this.width = new int[layers + 1];
        width[0] = data.features();
        w = new float[layers][];
        b = new float[layers][];
        gw = new float[layers][];
        gb = new float[layers][];
        Params.Builder g = Params.builder();
        for (int l = 0; l < layers; l++) {
            Tensor kernel = params.get(names.get(2 * l));
            Tensor bias = params.get(names.get(2 * l + 1));
            if (kernel.rank() != 2 || kernel.shape().dim(0) != width[l] || bias.size() != kernel.shape().dim(1)) {
                throw new IllegalArgumentException("layer " + l + ": kernel " + kernel.shape() + " and bias "
                        + bias.shape() + " do not follow " + width[l] + " inputs");
            }
            width[l + 1] = kernel.shape().dim(1);
            w[l] = kernel.floatData();
            b[l] = bias.floatData();
            Tensor gk = Tensor.zeros(kernel.shape(), DType.FLOAT32);
            Tensor gbias = Tensor.zeros(bias.shape(), DType.FLOAT32);
            gw[l] = gk.floatData();
            gb[l] = gbias.floatData();
            g.put(names.get(2 * l), gk).put(names.get(2 * l + 1), gbias);
        }
        if (width[layers] != data.numClasses()) {
            throw new IllegalArgumentException(width[layers] + " outputs for " + data.numClasses() + " classes");
        }
        this.grads = g.build();
        this.biasAct = biasActivations();
        this.x = data.x().floatData();
        this.labels = data.labels();
        this.batcher = new Batcher(data, batchSize, shuffle, false, Rng.seeded(seed).fork("shuffle"));
        this.rowsPerBatch = batchSize.rowsPerBatch(n);
        this.batches = batcher.batchesPerEpoch();
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return batches;
    }

    /** Trains epoch {@code epoch} (0-based) at rate {@code lr}; returns the mean of the batch losses. */
    public double epoch(int epoch, double lr) {
        int[] order = batcher.order(epoch);
        double sum = 0;
        for (int bi = 0; bi < batches; bi++) {
            int from = bi * rowsPerBatch;
            sum += step(order, from, Math.min(n, from + rowsPerBatch), lr);
        }
        return sum / batches;
    }

    /**
     * One update on rows {@code order[from, to)}; returns the batch's mean loss before the update. The whole batch
     * goes through each layer as one product, which the GEMM splits over the pool by columns of its output (one run
     * per thread, for these small products) or by rows, so every element is one ascending FMA chain whatever the
     * thread count.
     */
    public double step(int[] order, int from, int to, double lr) {
        int rows = to - from;
        Buffers buf = buffers(rows);
        gather(order, from, rows, buf);
        forward(buf);
        cur = buf;
        curScale = (float) (1.0 / rows);
        Parallel.forRange(rows, ROW_GRAIN, softmaxTask);
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            loss += buf.rowLoss[r];
        }
        backward(buf, gw, gb);
        optimizer.step(params, grads, state, lr);
        return loss / rows;
    }

    private Buffers regular;
    private Buffers last;

    private Buffers buffers(int rows) {
        if (rows == rowsPerBatch) {
            if (regular == null) {
                regular = new Buffers(rows, width);
            }
            return regular;
        }
        if (last == null || last.rows != rows) {
            last = new Buffers(rows, width);
        }
        return last;
    }

    /** Rows gathered per parallel chunk. */
    private static final int GATHER_GRAIN = 32;
    /** Rows per parallel chunk of the softmax. */
    private static final int ROW_GRAIN = 64;

    private Buffers cur;
    private float curScale;
    private final Parallel.RangeTask softmaxTask = this::softmaxRows;

    private void softmaxRows(int from, int to) {
        MlpKernels.softmaxCrossEntropy(cur.a[layers], cur.y, from, to, width[layers], curScale, cur.rowLoss);
    }


    private int[] gatherOrder;
    private int gatherFrom;
    private Buffers gatherBuf;
    private final Parallel.RangeTask gatherTask = this::gatherRows;

    private void gather(int[] order, int from, int rows, Buffers buf) {
        gatherOrder = order;
        gatherFrom = from;
        gatherBuf = buf;
        Parallel.forRange(rows, GATHER_GRAIN, gatherTask);
    }

    private void gatherRows(int lo, int hi) {
        int d = width[0];
        for (int i = lo; i < hi; i++) {
            int row = gatherOrder[gatherFrom + i];
            System.arraycopy(x, row * d, gatherBuf.a[0], i * d, d);
            gatherBuf.y[i] = labels[row];
        }
    }

    private void forward(Buffers buf) {
        int rows = buf.rows;
        for (int l = 0; l < layers; l++) {
            RawKernels.matmul(buf.a[l], w[l], buf.a[l + 1], rows, width[l], width[l + 1], false, false, biasAct[l]);
        }
    }

    /** Per layer: bias and ReLU (bias alone on the output layer), fused into the forward product's blocks. */
    private final RawKernels.Epilogue[] biasAct;

    private RawKernels.Epilogue[] biasActivations() {
        RawKernels.Epilogue[] e = new RawKernels.Epilogue[layers];
        for (int l = 0; l < layers; l++) {
            float[] bias = b[l];
            int n = width[l + 1];
            e[l] = l < layers - 1
                    ? (c, r0, r1, j0, j1) -> MlpKernels.biasRelu(c, bias, r0, r1, j0, j1, n)
                    : (c, r0, r1, j0, j1) -> MlpKernels.bias(c, bias, r0, r1, j0, j1, n);
        }
        return e;
    }

    /** The output layer's delta is the softmax gradient, left in {@code a[layers]}. */
    private void backward(Buffers buf, float[][] gw, float[][] gb) {
        int rows = buf.rows;
        float[] dz = buf.a[layers];
        for (int l = layers - 1; l >= 0; l--) {
            RawKernels.matmul(buf.a[l], dz, gw[l], width[l], rows, width[l + 1], true, false);
            // On one thread: split over the pool, these 16-50K additions ran slower than alone (measured).
            MlpKernels.columnSums(dz, rows, width[l + 1], gb[l]);
            if (l > 0) {
                float[] da = buf.delta[l];
                RawKernels.matmul(dz, w[l], da, rows, width[l + 1], width[l], false, true, buf.reluBackward[l]);
                dz = da;
            }
        }
    }

    /** Mean softmax cross-entropy and accuracy over the whole data set at the current parameters. */
    public double[] lossAndAccuracy() {
        int chunk = Math.max(1, rowsPerBatch);
        Buffers buf = new Buffers(Math.min(chunk, n), width);
        double loss = 0;
        long correct = 0;
        int k = width[layers];
        for (int from = 0; from < n; from += chunk) {
            int rows = Math.min(chunk, n - from);
            Buffers use = rows == buf.rows ? buf : new Buffers(rows, width);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(x, (from + i) * width[0], use.a[0], i * width[0], width[0]);
                use.y[i] = labels[from + i];
            }
            forward(use);
            float[] z = use.a[layers];
            for (int i = 0; i < rows; i++) {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (z[i * k + j] > z[i * k + best]) {
                        best = j;
                    }
                }
                if (best == use.y[i]) {
                    correct++;
                }
            }
            MlpKernels.softmaxCrossEntropy(z, use.y, 0, rows, k, 1f, use.rowLoss);
            for (int i = 0; i < rows; i++) {
                loss += use.rowLoss[i];
            }
        }
        return new double[] {loss / n, (double) correct / n};
    }
}
