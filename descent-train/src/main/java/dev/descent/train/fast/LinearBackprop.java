package dev.descent.train.fast;

import dev.descent.tensor.Parallel;
import java.util.Arrays;
import java.util.Objects;
import jdk.incubator.vector.VectorMask;

/**
 * The fused gradient of a single-output linear model ({@code Dense(1)}) on one batch: logistic regression with
 * binary cross-entropy from logits, or linear regression with mean squared error, mean over the batch, or the
 * weighted mean {@code Σ w_i·ℓ_i / Σ w_i} when the rows carry weights ({@link BatchWeights}). Per batch it
 * computes {@code z = Xw + b}, the loss and {@code r = dL/dz} with vector exp/log1p, then the gradient {@code rᵀX}
 * in one more sweep over the (cache-hot) rows, without a tape. Rows in file order are read in place; a shuffled
 * batch's rows are first gathered, each chunk its own, into a contiguous copy ({@link LinearKernels#gather}: a
 * tight copy loop waits on many rows' cache misses at once, the kernels' blocks on few). A whole data set passed
 * again and again (full-batch descent) is first copied once into column blocks of 16 rows, so that every later pass
 * reads each row once, with no lane reductions (it doubles the data's memory).
 *
 * <p><b>Weights.</b> A shuffled batch's weights are gathered beside its rows; each row's residual is multiplied by its
 * weight after the unweighted residual step (scaled by {@code 1/Σ w} instead of {@code 1/rows}), and its loss
 * likewise, so the unweighted kernels run as they are. Every path takes weights, the column blocks of full-batch
 * descent too (the weights stay in file order, read as the targets are).
 *
 * <p><b>Determinism.</b> A batch is cut into chunks whose size depends only on the batch's row count and the
 * feature count ({@link #chunkRows(int, boolean)}): a small batch is one chunk, a mini-batch of at least
 * {@link #SPLIT_WORK} values two halves, a full batch chunks of about {@link #CHUNK_WORK} values (from column
 * blocks, {@link #COLUMN_CHUNKS} chunks when that makes them larger). A batch of one chunk runs on the calling
 * thread; larger ones run their chunks over {@link Parallel}, each into its own partial sums, which are then added in
 * chunk order in float64. Results are therefore bit-identical for any thread count.
 *
 * <p>float32 runs on the Vector API; float64 runs a plain scalar loop (same structure, for exactness checks).
 * Buffers grow to the largest batch seen and are reused, so a warmed-up call allocates nothing.
 */
public final class LinearBackprop {

    /** The loss the model trains on. */
    public enum Objective {
        /** Binary cross-entropy of the logit against 0/1 targets (logistic regression). */
        BCE,
        /** Mean squared error (linear regression). */
        MSE
    }

    /** Values ({@code rows x features}) in a full batch's chunk: 256 KB of float32, a slice of L2. */
    static final int CHUNK_WORK = 1 << 16;
    /**
     * Values from which a mini-batch is cut in two halves, so two threads share a step: at 16K values (a few
     * microseconds of work) the persistent pool's hand-off costs well under the half it saves.
     */
    static final int SPLIT_WORK = 1 << 14;
    /**
     * A full batch read from column blocks is cut into at most this many chunks, so that each thread streams long
     * contiguous runs of the data. Handed out in 64K-value pieces, two threads read interleaved 256 KB runs: W3a's
     * column-block pass measured 405-410M rows/s that way and 590-620M with eight 10 MB chunks, both in one JVM in a
     * fast phase of the host. Eight, not two, so that a thread that falls behind hands chunks to the other.
     */
    static final int COLUMN_CHUNKS = 8;
    /** Rows in a chunk at most: BCE's kernel counts a chunk's rows in float32, exact up to 2^24. */
    static final int MAX_CHUNK_ROWS = 1 << 24;

    private final boolean bce;
    /** Whether the 16-row blocked kernels run (see the package-private constructor). */
    private final boolean blocked;
    private final int d;
    private final int baseChunkRows;
    private final VectorMask<Float> tail;
    /** The kernel and its gradient padded to whole vectors, so that no masked access runs past an array end. */
    private final float[] wp;
    private final float[] gp;
    private final Parallel.RangeTask chunkTask = this::chunks;

    private float[] z = new float[0];
    /** A shuffled batch's rows and targets, gathered in batch order. */
    private float[] xg = new float[0];
    private float[] yg = new float[0];
    /** A shuffled batch's weights, gathered in batch order. */
    private float[] wg = new float[0];
    private float[][] partial = new float[0][];
    /** Per chunk: the blocked kernels' scratch and lane accumulators. */
    private float[][] scratch = new float[0][];
    private float[] partialBias = new float[0];
    private double[] partialLoss = new double[0];
    private int[] partialCorrect = new int[0];
    private long correct;
    private double[] zd = new double[0];
    /** The column blocks of {@link #columnsOf} ({@link LinearKernels#columnBlocks}), made by its first pass. */
    private float[] columns;
    private float[] columnsOf;

    /** The current batch, read by the chunk task. */
    private float[] curX;
    private float[] curY;
    /** The current batch's weights, indexed as curY; null: unweighted. */
    private float[] curWeights;
    private int curN;
    private float curB;
    private int[] curOrder;
    private int curBase;
    private int curRows;
    private float curScale;
    private int curChunkRows;
    private boolean curWhole;

    /** @param features the model's inputs */
    public LinearBackprop(Objective objective, int features) {
        this(objective, features, LinearKernels.BLOCKED);
    }

    /**
     * As the public constructor, choosing the kernels: {@code blocked} (16-row blocks, which need 8- or 16-lane float
     * vectors) or the per-row ones that other vector widths use, so tests on any machine run both.
     */
    LinearBackprop(Objective objective, int features, boolean blocked) {
        if (blocked && !LinearKernels.BLOCKED) {
            throw new IllegalArgumentException("the blocked kernels need 8 or 16 float lanes, this machine has "
                    + LinearKernels.FL);
        }
        this.bce = Objects.requireNonNull(objective, "objective") == Objective.BCE;
        this.blocked = blocked;
        this.d = features;
        this.baseChunkRows = Math.max(256, CHUNK_WORK / features) & ~15;
        this.tail = LinearKernels.tailMask(features);
        int padded = (features + LinearKernels.FL - 1) / LinearKernels.FL * LinearKernels.FL;
        this.wp = new float[padded];
        this.gp = new float[padded];
    }

    /**
     * For BCE, the rows of the last float32 {@link #gradient} call whose prediction (1 for a logit above 0, else 0)
     * equals their target; 0 for MSE.
     */
    public long correct() {
        return correct;
    }

    /**
     * The gradient of the mean loss over rows {@code order[from, to)} of {@code x} and {@code y}, or rows
     * {@code [from, to)} in place when {@code order} is null; with {@code weights}, of the weighted mean loss
     * {@code Σ w_i·ℓ_i / Σ w_i} over those rows (0, with a zero gradient, when their weights sum to 0).
     *
     * @param x         rows of {@code features} values, row-major
     * @param y         one target per row of x
     * @param weights   one non-negative weight per row of x, or null: every row weighs 1
     * @param wholeData x is a whole data set of {@code n} rows that later calls pass again, unchanged, with a null
     *                  order over all of it (full-batch descent): its rows are then read from a cached copy in
     *                  column blocks (the weights, which a full batch holds in file order, in place)
     * @param w         the kernel ({@code features} values); {@code b} the bias
     * @param gw        receives the kernel's gradient; {@code gb[0]} the bias's
     * @return the batch's mean loss (weighted with weights)
     */
    public double gradient(float[] x, float[] y, float[] weights, int n, int[] order, int from, int to,
                           boolean wholeData, float[] w, float b, float[] gw, float[] gb) {
        int rows = to - from;
        boolean whole = wholeData && blocked && order == null;
        if (whole && (from != 0 || to != n)) {
            throw new IllegalArgumentException("a whole data set is passed as rows [0, " + n + ")");
        }
        curX = x;
        curY = y;
        curWeights = weights;
        curN = n;
        curB = b;
        curOrder = order;
        curBase = from;
        curRows = rows;
        curWhole = whole;
        double total = weights == null ? rows : BatchWeights.total(weights, order, from, to);
        curScale = (float) BatchWeights.inverse(total);
        curChunkRows = chunkRows(rows, whole);
        int chunks = (rows + curChunkRows - 1) / curChunkRows;
        grow(order == null ? to : rows, order == null ? 0 : rows, weights != null && order != null, chunks);
        System.arraycopy(w, 0, wp, 0, d);
        if (whole && columnsOf != x) {
            columns = LinearKernels.columnBlocks(x, n, d);
            columnsOf = x;
        }
        double loss;
        float bias;
        try {
            long right = 0;
            if (chunks == 1) {
                Arrays.fill(gp, 0f);
                loss = chunk(0, gp);
                System.arraycopy(gp, 0, gw, 0, d);
                bias = partialBias[0];
                right = partialCorrect[0];
            } else {
                Parallel.forRange(chunks, 1, chunkTask);
                loss = 0;
                double biasSum = 0;
                for (int c = 0; c < chunks; c++) {
                    loss += partialLoss[c];
                    biasSum += partialBias[c];
                    right += partialCorrect[c];
                }
                reduce(partial, chunks, gw, d);
                bias = (float) biasSum;
            }
            correct = right;
        } finally {
            curX = null;
            curY = null;
            curWeights = null;
            curOrder = null;
        }
        gb[0] = bias;
        return BatchWeights.mean(loss, total);
    }

    /**
     * Buffers for logits indexed up to {@code zLength}, {@code gathered} rows (and their weights, if
     * {@code gatheredWeights}), and {@code chunks} chunks.
     */
    private void grow(int zLength, int gathered, boolean gatheredWeights, int chunks) {
        if (z.length < zLength) {
            z = new float[zLength];
        }
        if (yg.length < gathered) {
            xg = new float[gathered * d];
            yg = new float[gathered];
        }
        if (gatheredWeights && wg.length < gathered) {
            wg = new float[gathered];
        }
        if (partial.length < chunks) {
            int padded = wp.length;
            partial = new float[chunks][padded];
            scratch = new float[chunks][LinearKernels.SCRATCH + 16 * d];
            partialBias = new float[chunks];
            partialLoss = new double[chunks];
            partialCorrect = new int[chunks];
        }
    }

    /**
     * Rows per chunk of a batch of {@code rows}: whole 16-row blocks, a function of the sizes only (and, for a whole
     * data set, of whether it reads column blocks; see {@link #COLUMN_CHUNKS}).
     */
    int chunkRows(int rows, boolean wholeData) {
        if (rows > 2 * baseChunkRows) {
            return wholeData && blocked
                    ? Math.min(MAX_CHUNK_ROWS, Math.max(baseChunkRows, ((rows + COLUMN_CHUNKS - 1) / COLUMN_CHUNKS + 15) & ~15))
                    : baseChunkRows;
        }
        if ((long) rows * d >= SPLIT_WORK) {
            return ((rows + 1) / 2 + 15) & ~15;
        }
        return Math.max(1, rows);
    }

    private void chunks(int from, int to) {
        for (int c = from; c < to; c++) {
            Arrays.fill(partial[c], 0f);
            partialLoss[c] = chunk(c, partial[c]);
        }
    }

    /**
     * Chunk {@code c} of the current batch: logits, loss and residuals, then its gradient into {@code g}. Rows in
     * place (order null) index x, y, the weights and z by row; rows through an order are gathered into xg, yg and
     * wg, and those and z are indexed by position in the batch.
     */
    private double chunk(int c, float[] g) {
        int from = c * curChunkRows;
        int to = Math.min(curRows, from + curChunkRows);
        if (curWhole) {
            double loss = LinearKernels.fusedColumns(columns, curX, curY, curWeights, d, curN, from, to, wp, curB, tail,
                    bce, curScale, z, g, partialBias, c, scratch[c]);
            partialCorrect[c] = bce ? (int) scratch[c][LinearKernels.CORRECT] : 0;
            return loss;
        }
        float[] x = curX;
        float[] y = curY;
        float[] weights = curWeights;
        if (curOrder == null) {
            from += curBase;
            to += curBase;
        } else {
            LinearKernels.gather(curX, curY, d, curOrder, curBase, from, to, xg, yg);
            x = xg;
            y = yg;
            if (weights != null) {
                LinearKernels.gather(curWeights, curOrder, curBase, from, to, wg);
                weights = wg;
            }
        }
        if (blocked) {
            double loss = LinearKernels.fused(x, y, weights, d, from, to, wp, curB, tail, bce, curScale, z, g,
                    partialBias, c, scratch[c]);
            partialCorrect[c] = bce ? (int) scratch[c][LinearKernels.CORRECT] : 0;
            return loss;
        }
        LinearKernels.logits(x, d, from, to, wp, curB, tail, z);
        partialCorrect[c] = bce ? LinearKernels.correct(z, from, y, from, to - from) : 0;
        double loss = LinearKernels.residuals(z, y, weights, from, to, bce, curScale);
        partialBias[c] = LinearKernels.accumulate(x, d, from, to, z, g, tail);
        return loss;
    }

    private static void reduce(float[][] partial, int chunks, float[] g, int d) {
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int c = 0; c < chunks; c++) {
                s += partial[c][j];
            }
            g[j] = (float) s;
        }
    }

    /**
     * Whether {@code rows[i] == i} for every i: a batch of every row in file order, which {@link #gradient} may read
     * as a whole data set. Vector compares, a few microseconds for a million rows: the check runs every full-batch
     * step, and one scalar compare per row cost W3a a tenth of its speed.
     */
    public static boolean inFileOrder(int[] rows) {
        return LinearKernels.isIota(rows);
    }

    /**
     * The float64 form of {@link #gradient(float[], float[], float[], int, int[], int, int, boolean, float[], float,
     * float[], float[])}: a plain scalar loop that reads like the equations, rows and their weights through
     * {@code order} (or in place), {@code r_i = (w_i·∂ℓ_i/∂z_i)·(1/Σ w)}.
     */
    public double gradient(double[] x, double[] y, double[] weights, int[] order, int from, int to, double[] w,
                           double b, double[] gw, double[] gb) {
        int rows = to - from;
        if (zd.length < rows) {
            zd = new double[rows];
        }
        double loss = 0;
        double total = 0;
        for (int i = 0; i < rows; i++) {
            int row = order == null ? from + i : order[from + i];
            double zi = b;
            for (int j = 0; j < d; j++) {
                zi += x[row * d + j] * w[j];
            }
            double yi = y[row];
            // 1 without weights: every product with it below is exact, so an unweighted batch is computed as before
            double wi = weights == null ? 1 : weights[row];
            total += wi;
            if (bce) {
                double e = Math.exp(-Math.abs(zi));
                loss += wi * (Math.max(zi, 0) - zi * yi + Math.log1p(e));
                zd[i] = ((zi >= 0 ? 1 : e) / (1 + e) - yi) * wi;
            } else {
                double diff = zi - yi;
                loss += wi * (diff * diff);
                zd[i] = 2 * diff * wi;
            }
        }
        double scale = BatchWeights.inverse(total);
        double bias = 0;
        Arrays.fill(gw, 0, d, 0);
        for (int i = 0; i < rows; i++) {
            int row = order == null ? from + i : order[from + i];
            double r = zd[i] * scale;
            bias += r;
            for (int j = 0; j < d; j++) {
                gw[j] += r * x[row * d + j];
            }
        }
        gb[0] = bias;
        return BatchWeights.mean(loss, total);
    }

    /** The mean loss over rows {@code [0, n)} of x at {@code w, b}, float32 (allocates a buffer of n values). */
    public double loss(float[] x, float[] y, int n, float[] w, float b) {
        float[] all = new float[n];
        System.arraycopy(w, 0, wp, 0, d);
        double sum = 0;
        for (int from = 0; from < n; from += baseChunkRows) {
            int to = Math.min(n, from + baseChunkRows);
            LinearKernels.logits(x, d, from, to, wp, b, tail, all);
            sum += bce ? LinearKernels.bce(all, y, from, to, 1f) : LinearKernels.mse(all, y, from, to, 1f);
        }
        return sum / n;
    }

    /** The float64 form of {@link #loss(float[], float[], int, float[], float)}. */
    public double loss(double[] x, double[] y, int n, double[] w, double b) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double zi = b;
            for (int j = 0; j < d; j++) {
                zi += x[i * d + j] * w[j];
            }
            if (bce) {
                sum += Math.max(zi, 0) - zi * y[i] + Math.log1p(Math.exp(-Math.abs(zi)));
            } else {
                sum += (zi - y[i]) * (zi - y[i]);
            }
        }
        return sum / n;
    }
}
