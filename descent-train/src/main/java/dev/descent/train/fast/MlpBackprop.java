package dev.descent.train.fast;

import dev.descent.nn.Activation;
import dev.descent.nn.Dropout;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.RawKernels;
import dev.descent.tensor.Rng;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The fused forward and backward passes of a multilayer perceptron on one batch, float32: {@code Dense} layers, ReLU
 * (or leaky ReLU, tanh, the sigmoid) on the hidden ones, and a linear output trained on softmax cross-entropy against class indices ({@link #gradient})
 * or, with one output, on the mean squared error against values ({@link #gradientMse}), mean over the batch, or the
 * weighted mean {@code Σ w_i·ℓ_i / Σ w_i} when the rows carry weights ({@link BatchWeights}: each row's output delta
 * is scaled by {@code w_i/Σ w} instead of {@code 1/rows}; the rest of the backward pass is the unweighted one).
 * It fills preallocated gradient arrays and, without dropout, allocates nothing once it has seen both batch sizes
 * of an epoch.
 *
 * <p>Forward {@code a_l = relu(a_{l-1}·W_l + b_l)} runs the packed GEMM with the bias and ReLU fused into its blocks;
 * backward {@code dW_l = a_{l-1}ᵀ·dz_l} and {@code da_{l-1} = dz_l·W_lᵀ} read the transposed operands in place, with
 * the ReLU's backward fused into the second product. Every kernel is deterministic for any thread count: the GEMM
 * computes each output element as one ascending FMA chain however it splits the work, and the row-wise steps write
 * disjoint rows whose losses are added in row order.
 *
 * <p>A hidden layer may be followed by inverted dropout ({@link Dropout}): in training calls its mask is drawn as
 * {@link dev.descent.nn.Stack#forward} has the layer draw it (from the generator passed in, forked by the dropout
 * layer's name, one {@code nextDouble} per element in row-major order), the next layer reads the masked output, and
 * the backward pass multiplies by the mask before the activation's derivative, as the tape does. Such a call
 * allocates one small generator per dropout layer.
 *
 * <p>Parameters are passed to every call (kernel {@code [in, out]} row-major and bias per layer), so one instance
 * serves whichever parameter arrays the caller holds.
 */
public final class MlpBackprop {

    /** Rows per parallel chunk of the softmax. */
    private static final int ROW_GRAIN = 64;

    private final int layers;
    private final int[] width;
    /** The bias of each layer during a call, read by the forward epilogues. */
    private final float[][] bias;
    private final RawKernels.Epilogue[] biasAct;
    private Buffers regular;
    private Buffers other;
    private Buffers cur;
    private float curScale;
    private int[] curLabels;
    private float[] curWeights;
    private final Parallel.RangeTask softmaxTask = this::softmaxRows;
    /** The layer, buffers, parameters and output delta of the gradient pair {@link #gradientPair} is computing. */
    private int pairLayer;
    private Buffers pairBuffers;
    private MlpParams pairParams;
    private float[] pairDelta;
    private final Parallel.RangeTask gradientPair = this::gradientPair;
    private long correct;

    /** Activations with a fused form, for the hidden layers. */
    public static final Set<Activation> ACTIVATIONS =
            Set.of(Activation.RELU, Activation.LEAKY_RELU, Activation.TANH, Activation.SIGMOID);

    private final Activation[] hidden;
    /** Per hidden layer, the dropout after it (rate 0: none). */
    private final Dropout[] dropout;

    /** ReLU on every hidden layer; see {@link #MlpBackprop(int[], List)}. */
    public MlpBackprop(int[] width) {
        this(width, java.util.Collections.nCopies(width.length - 2, Activation.RELU));
    }

    /** No dropout; see {@link #MlpBackprop(int[], List, List)}. */
    public MlpBackprop(int[] width, List<Activation> hidden) {
        this(width, hidden, java.util.Collections.nCopies(width.length - 2, Dropout.of(0)));
    }

    /**
     * @param width   the layer widths: {@code width[0]} features, then each layer's units, the last the outputs
     * @param hidden  each hidden layer's activation, one of {@link #ACTIVATIONS} (the output layer is linear)
     * @param dropout the dropout layer after each hidden layer, one of rate 0 where there is none
     */
    public MlpBackprop(int[] width, List<Activation> hidden, List<Dropout> dropout) {
        if (width.length < 2) {
            throw new IllegalArgumentException("expected the input width and at least one layer");
        }
        if (hidden.size() != width.length - 2 || !ACTIVATIONS.containsAll(hidden)) {
            throw new IllegalArgumentException("expected " + (width.length - 2) + " hidden activations of " + ACTIVATIONS
                    + ", got " + hidden);
        }
        if (dropout.size() != width.length - 2) {
            throw new IllegalArgumentException("expected " + (width.length - 2) + " dropout layers, got " + dropout.size());
        }
        this.dropout = dropout.toArray(Dropout[]::new);
        this.width = width.clone();
        this.layers = width.length - 1;
        this.hidden = hidden.toArray(Activation[]::new);
        this.bias = new float[layers][];
        this.biasAct = new RawKernels.Epilogue[layers];
        for (int l = 0; l < layers; l++) {
            int layer = l;
            int n = width[l + 1];
            biasAct[l] = l < layers - 1
                    ? (c, r0, r1, j0, j1) -> MlpKernels.biasActivation(this.hidden[layer], c, bias[layer], r0, r1, j0, j1, n)
                    : (c, r0, r1, j0, j1) -> MlpKernels.bias(c, bias[layer], r0, r1, j0, j1, n);
        }
    }

    /**
     * Per batch size: each layer's output ({@code a[0]} is the caller's input), the backward deltas, and for a hidden
     * layer with dropout its scaled mask and masked output.
     */
    private static final class Buffers {
        final int rows;
        final float[][] a;
        final float[][] delta;
        final float[][] mask;
        final float[][] kept;
        final double[] rowLoss;
        final int[] predicted;
        /** Per hidden layer l: the activation's backward through a[l], fused into the blocks of {@code da = dz·Wᵀ}. */
        final RawKernels.Epilogue[] activationBackward;

        Buffers(int rows, int[] width, Activation[] hidden, Dropout[] dropout) {
            this.rows = rows;
            int layers = width.length - 1;
            a = new float[layers + 1][];
            delta = new float[layers + 1][];
            mask = new float[layers + 1][];
            kept = new float[layers + 1][];
            for (int l = 1; l <= layers; l++) {
                a[l] = new float[rows * width[l]];
                delta[l] = l < layers ? new float[rows * width[l]] : null;
                if (l < layers && dropout[l - 1].rate() > 0) {
                    mask[l] = new float[rows * width[l]];
                    kept[l] = new float[rows * width[l]];
                }
            }
            rowLoss = new double[rows];
            predicted = new int[rows];
            activationBackward = new RawKernels.Epilogue[layers];
            for (int l = 1; l < layers; l++) {
                float[] out = a[l];
                int n = width[l];
                Activation f = hidden[l - 1];
                float[] m = mask[l];
                activationBackward[l] = m == null
                        ? (d, r0, r1, j0, j1) -> MlpKernels.activationBackward(f, d, out, r0, r1, j0, j1, n)
                        : (d, r0, r1, j0, j1) -> {
                            MlpKernels.multiply(d, m, r0, r1, j0, j1, n);
                            MlpKernels.activationBackward(f, d, out, r0, r1, j0, j1, n);
                        };
            }
        }
    }

    /**
     * The gradient of the mean softmax cross-entropy over {@code rows} rows, into {@code p}'s gradients; with
     * {@code weights}, of the weighted mean {@code Σ w_i·ℓ_i / Σ w_i} (0, with a zero gradient, when they sum to 0).
     *
     * @param x       the rows, {@code [rows, width[0]]} row-major from index 0 (read only)
     * @param labels  each row's class index in {@code [0, classes)}
     * @param weights each row's weight (non-negative), or null: every row weighs 1
     * @param p       the parameters (read only, bound to the current arrays) and the gradients to fill
     * @param rng     the generator the tape's forward pass would get, which the dropout masks are forked from; null
     *                without dropout
     * @return the batch's mean loss (weighted with weights); {@link #correct()} then gives the rows whose largest
     *         logit is their label
     */
    public double gradient(float[] x, int[] labels, float[] weights, int rows, MlpParams p, Rng rng) {
        Buffers buf = forward(x, rows, p, rng, true);
        double total = weights == null ? rows : BatchWeights.total(weights, null, 0, rows);
        cur = buf;
        curLabels = labels;
        curWeights = weights;
        curScale = (float) BatchWeights.inverse(total);
        Parallel.forRange(rows, ROW_GRAIN, softmaxTask);
        curLabels = null;
        curWeights = null;
        double loss = 0;
        long right = 0;
        for (int r = 0; r < rows; r++) {
            loss += weights == null ? buf.rowLoss[r] : weights[r] * buf.rowLoss[r];
            if (buf.predicted[r] == labels[r]) {
                right++;
            }
        }
        correct = right;
        backward(buf, p);
        return BatchWeights.mean(loss, total);
    }

    /**
     * The gradient of the mean squared error over {@code rows} rows of a one-output network (regression); with
     * {@code weights}, of the weighted mean.
     *
     * @param targets each row's target value
     * @return the batch's mean loss {@code Σ (z − y)² / rows}, or {@code Σ w·(z − y)² / Σ w}
     * @see #gradient
     */
    public double gradientMse(float[] x, float[] targets, float[] weights, int rows, MlpParams p, Rng rng) {
        if (width[layers] != 1) {
            throw new IllegalArgumentException("the squared error head has one output, this network has " + width[layers]);
        }
        Buffers buf = forward(x, rows, p, rng, true);
        float[] z = buf.a[layers];
        double total = weights == null ? rows : BatchWeights.total(weights, null, 0, rows);
        float twice = (float) (2 * BatchWeights.inverse(total));
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            float diff = z[r] - targets[r];
            double squared = (double) diff * diff;
            loss += weights == null ? squared : weights[r] * squared;
            z[r] = diff * (weights == null ? twice : twice * weights[r]);
        }
        correct = 0;
        backward(buf, p);
        return BatchWeights.mean(loss, total);
    }

    /** Rows of the last {@link #gradient} call whose largest logit (the first, on ties) is their label. */
    public long correct() {
        return correct;
    }

    /**
     * The logits of {@code rows} rows of {@code x} at {@code p}'s parameters, as in evaluation (no dropout): a buffer
     * of {@code [rows, outputs]} owned by this object, valid until its next call.
     */
    public float[] logits(float[] x, int rows, MlpParams p) {
        Buffers buf = forward(x, rows, p, null, false);
        buf.a[0] = null;
        return buf.a[layers];
    }

    /** Buffers for the regular batch size and for one other (an epoch's smaller last batch), kept. */
    private Buffers buffers(int rows) {
        if (regular == null || regular.rows == rows) {
            if (regular == null) {
                regular = new Buffers(rows, width, hidden, dropout);
            }
            return regular;
        }
        if (other == null || other.rows != rows) {
            other = new Buffers(rows, width, hidden, dropout);
        }
        return other;
    }

    private void softmaxRows(int from, int to) {
        MlpKernels.softmaxCrossEntropy(cur.a[layers], curLabels, curWeights, from, to, width[layers], curScale,
                cur.rowLoss, cur.predicted);
    }

    /**
     * Every layer's output for {@code rows} rows of {@code x}, in the buffers of that batch size; in training, each
     * hidden layer with dropout also gets its mask drawn from {@code rng} and its masked output.
     */
    private Buffers forward(float[] x, int rows, MlpParams p, Rng rng, boolean training) {
        Buffers buf = buffers(rows);
        buf.a[0] = x;
        System.arraycopy(p.b, 0, bias, 0, layers);
        for (int l = 0; l < layers; l++) {
            float[] in = training ? input(buf, l) : buf.a[l];
            RawKernels.matmul(in, p.w[l], buf.a[l + 1], rows, width[l], width[l + 1], false, false, biasAct[l]);
            if (training && buf.mask[l + 1] != null) {
                Dropout d = dropout[l];
                dropOut(buf, l + 1, d.rate(), Objects.requireNonNull(rng, "dropout needs a generator").fork(d.name()));
            }
        }
        return buf;
    }

    /** The input of layer {@code l} in training: the previous layer's output, masked if dropout follows it. */
    private static float[] input(Buffers buf, int l) {
        return buf.kept[l] != null ? buf.kept[l] : buf.a[l];
    }

    /**
     * Draws layer {@code l}'s mask as {@link Dropout#mask} does ({@code 1/(1 − rate)} where the draw is
     * {@code ≥ rate}, else 0, in row-major order) and writes the masked output; one pass on the calling thread,
     * because the draws are one sequence.
     */
    private static void dropOut(Buffers buf, int l, double rate, Rng rng) {
        float scale = (float) (1.0 / (1.0 - rate));
        float[] mask = buf.mask[l];
        float[] out = buf.a[l];
        float[] kept = buf.kept[l];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() >= rate ? scale : 0f;
            kept[i] = out[i] * mask[i];
        }
    }

    /**
     * The output layer's delta is the loss's gradient, left in {@code a[layers]}.
     *
     * <p>For every layer but the first, the weight gradient {@code dW_l = a_{l-1}ᵀ·dz_l} and the input gradient
     * {@code da_{l-1} = dz_l·W_lᵀ} are independent products of the same work ({@code rows·in·out} multiply-adds). On
     * two threads they run one a thread, each unsplit, with one join for the pair, instead of each split over both
     * threads with a join after each: on the project's two-vCPU AVX2 host a split product gave away 12-15% of the
     * speed that two independent ones keep, and the pair made W2's step 0.7-1.7% faster (benchmarks/README.md,
     * "Tenth pass" and "Eleventh pass"). With more threads each product is split over all of them. Each element's
     * arithmetic is the same either way, so the bits are too.
     */
    private void backward(Buffers buf, MlpParams p) {
        float[] dz = buf.a[layers];
        for (int l = layers - 1; l >= 0; l--) {
            if (l > 0 && Parallel.threadsHere() == 2) {
                pairBuffers = buf;
                pairParams = p;
                pairLayer = l;
                pairDelta = dz;
                Parallel.forRange(2, 1, gradientPair);
                pairBuffers = null;
                pairParams = null;
                pairDelta = null;
            } else {
                weightGradient(buf, p, l, dz);
                if (l > 0) {
                    inputGradient(buf, p, l, dz);
                }
            }
            if (l > 0) {
                dz = buf.delta[l];
            }
        }
        buf.a[0] = null;
    }

    /** Task 0 of a layer's gradient pair is its weight gradient, task 1 its input gradient. */
    private void gradientPair(int from, int to) {
        for (int task = from; task < to; task++) {
            if (task == 0) {
                weightGradient(pairBuffers, pairParams, pairLayer, pairDelta);
            } else {
                inputGradient(pairBuffers, pairParams, pairLayer, pairDelta);
            }
        }
    }

    /** Layer {@code l}'s kernel and bias gradients from its output delta {@code dz}. */
    private void weightGradient(Buffers buf, MlpParams p, int l, float[] dz) {
        RawKernels.matmul(input(buf, l), dz, p.gw[l], width[l], buf.rows, width[l + 1], true, false);
        // On one thread: split over the pool, these 16-50K additions ran slower than alone (measured).
        MlpKernels.columnSums(dz, buf.rows, width[l + 1], p.gb[l]);
    }

    /** The delta of layer {@code l}'s input, {@code delta[l]}, through the previous layer's activation (and dropout). */
    private void inputGradient(Buffers buf, MlpParams p, int l, float[] dz) {
        RawKernels.matmul(dz, p.w[l], buf.delta[l], buf.rows, width[l + 1], width[l], false, true,
                buf.activationBackward[l]);
    }
}
