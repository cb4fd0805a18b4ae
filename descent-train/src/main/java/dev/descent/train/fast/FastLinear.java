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
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import jdk.incubator.vector.VectorMask;

/**
 * Fused, allocation-free training of a single-output linear model ({@code Dense(1)}): logistic regression with
 * binary cross-entropy from logits, or linear regression with mean squared error. It does what
 * {@link dev.descent.train.Trainer} does for such a model, with the same semantics (mean-reduced loss, the
 * optimizer's own in-place {@link Optimizer#step}, the batches of a {@link Batcher} with the same seed, in the same
 * order) without a tape and without copying the batch: per batch it computes {@code z = Xw + b}, the loss and
 * {@code r = dL/dz} with vector exp/log1p, then the gradient {@code rᵀX} in one more sweep over the (cache-hot) rows.
 * Full-batch descent first copies the data once into column blocks of 16 rows (the first step pays for it, and it
 * doubles the data's memory), so that every later pass reads each row once, with no lane reductions.
 *
 * <p><b>Determinism.</b> A batch is cut into chunks whose size depends only on the batch's row count and the
 * feature count ({@link #chunkRows(int)}): a small batch is one chunk, a mini-batch of at least
 * {@link #SPLIT_WORK} values two halves, a full batch chunks of about {@link #CHUNK_WORK} values (from column
 * blocks, {@link #COLUMN_CHUNKS} chunks when that makes them larger). A batch of one
 * chunk runs on the calling thread; larger ones run their chunks over {@link Parallel}, each into its own partial
 * sums, which are then added in chunk order in float64. Results are therefore bit-identical for any thread count.
 *
 * <p>float32 runs on the Vector API; float64 runs a plain scalar loop (same structure, for exactness checks).
 */
public final class FastLinear {

    /** The loss the model trains on. */
    public enum Objective {
        /** Binary cross-entropy of the logit against 0/1 targets (logistic regression). */
        BCE,
        /** Mean squared error (linear regression). */
        MSE
    }

    private final Objective objective;
    /** Whether the 16-row blocked kernels run (see the package-private constructor). */
    private final boolean blocked;
    private final Optimizer optimizer;
    private final OptimizerState state;
    private final Params params;
    private final Params grads;
    private final Batcher batcher;
    private final int n;
    private final int d;
    private final int rowsPerBatch;
    private final int batches;
    private final boolean fullBatch;
    private final int chunkRows;
    private final boolean f32;

    private final float[] x;
    private final float[] y;
    private final float[] w;
    private final float[] b;
    private final float[] gw;
    private final float[] gb;
    private final float[] z;
    private final float[] yb;
    private final float[][] partial;
    /** Per chunk: the blocked kernels' scratch and lane accumulators. */
    private final float[][] scratch;
    /** The data in column blocks ({@link LinearKernels#columnBlocks}), made by the first full-batch step. */
    private float[] columns;
    private final float[] partialBias;
    private final double[] partialLoss;
    private final VectorMask<Float> tail;
    /** The kernel and its gradient padded to whole vectors, so that no masked access runs past an array end. */
    private final float[] wp;
    private final float[] gp;
    private final Parallel.RangeTask chunkTask;

    private final double[] xd;
    private final double[] yd;
    private final double[] wd;
    private final double[] bd;
    private final double[] gwd;
    private final double[] gbd;
    private final double[] zd;

    /** The current batch, read by the chunk task. */
    private int[] curOrder;
    private int curBase;
    private int curRows;
    private float curScale;
    private int curChunkRows;

    /**
     * @param params the model's parameters, updated in place: exactly a kernel of {@code features} elements
     *               (shape {@code [features, 1]}) then a bias of one element, as {@code Dense(1)} makes them
     * @param state  the optimizer's state for {@code params}, updated in place
     * @param seed   the run's seed; batches come from {@code Batcher(data, batchSize, shuffle, false,
     *               Rng.seeded(seed).fork("shuffle"))}, as in the general trainer
     */
    public FastLinear(Objective objective, Dataset data, Params params, Optimizer optimizer, OptimizerState state,
                      BatchSize batchSize, boolean shuffle, long seed) {
        this(objective, data, params, optimizer, state, batchSize, shuffle, seed, LinearKernels.BLOCKED);
    }

    /**
     * As the public constructor, choosing the kernels: {@code blocked} (16-row blocks, which need 16-lane float
     * vectors) or the per-row ones that other vector widths use, so tests on either kind of machine run both.
     */
    FastLinear(Objective objective, Dataset data, Params params, Optimizer optimizer, OptimizerState state,
               BatchSize batchSize, boolean shuffle, long seed, boolean blocked) {
        if (blocked && !LinearKernels.BLOCKED) {
            throw new IllegalArgumentException("the blocked kernels need 16 float lanes, this machine has "
                    + LinearKernels.FL);
        }
        this.blocked = blocked;
        this.objective = Objects.requireNonNull(objective, "objective");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.state = Objects.requireNonNull(state, "state");
        this.params = Objects.requireNonNull(params, "params");
        this.n = data.size();
        this.d = data.features();
        List<String> names = params.names();
        if (names.size() != 2 || params.get(names.get(0)).size() != d || params.get(names.get(1)).size() != 1) {
            throw new IllegalArgumentException("expected a kernel of " + d + " and a bias of 1 element, got " + params);
        }
        if (data.y().size() != n) {
            throw new IllegalArgumentException("expected one target per row, got y " + data.y().shape());
        }
        Tensor kernel = params.get(names.get(0));
        Tensor bias = params.get(names.get(1));
        DType dtype = data.dtype();
        if (kernel.dtype() != dtype || bias.dtype() != dtype) {
            throw new IllegalArgumentException("params are " + kernel.dtype() + ", data is " + dtype);
        }
        this.f32 = dtype == DType.FLOAT32;
        this.batcher = new Batcher(data, batchSize, shuffle, false, Rng.seeded(seed).fork("shuffle"));
        this.rowsPerBatch = batchSize.rowsPerBatch(n);
        this.batches = batcher.batchesPerEpoch();
        this.fullBatch = batchSize.isFull() || rowsPerBatch == n && !shuffle;
        this.chunkRows = Math.max(256, CHUNK_WORK / d) & ~15;
        int maxChunks = Math.max(2, (rowsPerBatch + chunkRows - 1) / chunkRows);
        Tensor gradKernel = Tensor.zeros(kernel.shape(), dtype);
        Tensor gradBias = Tensor.zeros(bias.shape(), dtype);
        this.grads = Params.builder().put(names.get(0), gradKernel).put(names.get(1), gradBias).build();
        if (f32) {
            x = data.x().floatData();
            y = data.y().floatData();
            w = kernel.floatData();
            b = bias.floatData();
            gw = gradKernel.floatData();
            gb = gradBias.floatData();
            z = new float[rowsPerBatch];
            yb = new float[rowsPerBatch];
            partialBias = new float[maxChunks];
            partialLoss = new double[maxChunks];
            tail = LinearKernels.tailMask(d);
            int padded = (d + LinearKernels.FL - 1) / LinearKernels.FL * LinearKernels.FL;
            wp = new float[padded];
            gp = new float[padded];
            partial = new float[maxChunks][padded];
            scratch = new float[maxChunks][LinearKernels.SCRATCH + 16 * d];
            chunkTask = this::chunks;
            xd = yd = wd = bd = gwd = gbd = zd = null;
        } else {
            xd = data.x().doubleData();
            yd = data.y().doubleData();
            wd = kernel.doubleData();
            bd = bias.doubleData();
            gwd = gradKernel.doubleData();
            gbd = gradBias.doubleData();
            zd = new double[rowsPerBatch];
            x = y = w = b = gw = gb = z = yb = partialBias = null;
            partial = null;
            scratch = null;
            partialLoss = null;
            tail = null;
            wp = gp = null;
            chunkTask = null;
        }
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return batches;
    }

    /** The gradients of the last step (live buffers, same names as the params). */
    public Params gradients() {
        return grads;
    }

    /**
     * Trains one epoch ({@code epoch} is 0-based, as {@link Batcher#epoch(int)}) at learning rate {@code lr};
     * returns the mean of the batch losses.
     */
    public double epoch(int epoch, double lr) {
        int[] order = fullBatch ? null : batcher.order(epoch);
        double sum = 0;
        for (int bi = 0; bi < batches; bi++) {
            int from = bi * rowsPerBatch;
            int to = Math.min(n, from + rowsPerBatch);
            sum += step(order, from, to, lr);
        }
        return sum / batches;
    }

    /**
     * One update on the rows {@code order[from, to)} ({@code order} null: rows {@code [from, to)} in file order);
     * returns the batch's mean loss before the update.
     */
    public double step(int[] order, int from, int to, double lr) {
        if (order == null && (from != 0 || to != n)) {
            throw new IllegalArgumentException("without an order a step takes the full batch [0, " + n + ")");
        }
        double loss = f32 ? gradient32(order, from, to) : gradient64(order, from, to);
        optimizer.step(params, grads, state, lr);
        return loss;
    }

    private double gradient32(int[] order, int from, int to) {
        int rows = to - from;
        curOrder = order;
        curBase = from;
        curRows = rows;
        curScale = (float) (1.0 / rows);
        curChunkRows = chunkRows(rows);
        int chunks = (rows + curChunkRows - 1) / curChunkRows;
        System.arraycopy(w, 0, wp, 0, d);
        if (order == null && blocked && columns == null) {
            columns = LinearKernels.columnBlocks(x, n, d);
        }
        if (chunks == 1) {
            java.util.Arrays.fill(gp, 0f);
            double loss = chunk(0, gp);
            System.arraycopy(gp, 0, gw, 0, d);
            gb[0] = partialBias[0];
            return loss / rows;
        }
        Parallel.forRange(chunks, 1, chunkTask);
        double loss = 0;
        double bias = 0;
        for (int c = 0; c < chunks; c++) {
            loss += partialLoss[c];
            bias += partialBias[c];
        }
        reduce(partial, chunks, gw, d);
        gb[0] = (float) bias;
        return loss / rows;
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

    /**
     * Rows per chunk of a batch of {@code rows}: whole 16-row blocks, a function of the sizes only (and, for a full
     * batch, of whether it reads column blocks; see {@link #COLUMN_CHUNKS}).
     */
    int chunkRows(int rows) {
        if (rows > 2 * chunkRows) {
            boolean columnBlocks = f32 && blocked && fullBatch;
            return columnBlocks ? Math.max(chunkRows, ((rows + COLUMN_CHUNKS - 1) / COLUMN_CHUNKS + 15) & ~15) : chunkRows;
        }
        if ((long) rows * d >= SPLIT_WORK) {
            return ((rows + 1) / 2 + 15) & ~15;
        }
        return Math.max(1, rows);
    }

    private void chunks(int from, int to) {
        for (int c = from; c < to; c++) {
            java.util.Arrays.fill(partial[c], 0f);
            partialLoss[c] = chunk(c, partial[c]);
        }
    }

    /**
     * Chunk {@code c} of the current batch: logits, loss and residuals, then its gradient into {@code g}. A full
     * batch (order null, base 0) indexes z and y by data row; a mini-batch indexes z and yb by position.
     */
    private double chunk(int c, float[] g) {
        int from = c * curChunkRows;
        int to = Math.min(curRows, from + curChunkRows);
        if (blocked && curOrder == null) {
            return LinearKernels.fusedColumns(columns, x, y, d, n, from, to, wp, b[0], tail,
                    objective == Objective.BCE, curScale, z, g, partialBias, c, scratch[c]);
        }
        if (blocked) {
            return LinearKernels.fused(x, y, d, curOrder, curBase, from, to, wp, b[0], tail,
                    objective == Objective.BCE, curScale, z, yb, g, partialBias, c, scratch[c]);
        }
        float[] yv;
        if (curOrder == null) {
            LinearKernels.logitsContiguous(x, d, from, to, wp, b[0], tail, z);
            yv = y;
        } else {
            LinearKernels.logits(x, y, d, curOrder, curBase, from, to, wp, b[0], tail, z, yb);
            yv = yb;
        }
        double loss = objective == Objective.BCE
                ? LinearKernels.bce(z, yv, from, to, curScale)
                : LinearKernels.mse(z, yv, from, to, curScale);
        partialBias[c] = LinearKernels.accumulate(x, d, curOrder, curBase, from, to, z, g, tail);
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

    private double gradient64(int[] order, int from, int to) {
        int rows = to - from;
        double scale = 1.0 / rows;
        double loss = 0;
        double bias = 0;
        for (int i = 0; i < rows; i++) {
            int row = order == null ? from + i : order[from + i];
            double zi = bd[0];
            for (int j = 0; j < d; j++) {
                zi += xd[row * d + j] * wd[j];
            }
            double yi = yd[row];
            double r;
            if (objective == Objective.BCE) {
                double e = Math.exp(-Math.abs(zi));
                loss += Math.max(zi, 0) - zi * yi + Math.log1p(e);
                r = ((zi >= 0 ? 1 : e) / (1 + e) - yi) * scale;
            } else {
                double diff = zi - yi;
                loss += diff * diff;
                r = 2 * diff * scale;
            }
            zd[i] = r;
            bias += r;
        }
        java.util.Arrays.fill(gwd, 0);
        for (int i = 0; i < rows; i++) {
            int row = order == null ? from + i : order[from + i];
            double r = zd[i];
            for (int j = 0; j < d; j++) {
                gwd[j] += r * xd[row * d + j];
            }
        }
        gbd[0] = bias;
        return loss / rows;
    }

    /** The mean loss over the whole data set at the current parameters (allocates a buffer of n values). */
    public double loss() {
        double sum = 0;
        if (f32) {
            float[] all = new float[n];
            System.arraycopy(w, 0, wp, 0, d);
            for (int from = 0; from < n; from += chunkRows) {
                int to = Math.min(n, from + chunkRows);
                LinearKernels.logitsContiguous(x, d, from, to, wp, b[0], tail, all);
                sum += objective == Objective.BCE
                        ? LinearKernels.bce(all, y, from, to, 1f)
                        : LinearKernels.mse(all, y, from, to, 1f);
            }
        } else {
            for (int i = 0; i < n; i++) {
                double zi = bd[0];
                for (int j = 0; j < d; j++) {
                    zi += xd[i * d + j] * wd[j];
                }
                if (objective == Objective.BCE) {
                    sum += Math.max(zi, 0) - zi * yd[i] + Math.log1p(Math.exp(-Math.abs(zi)));
                } else {
                    sum += (zi - yd[i]) * (zi - yd[i]);
                }
            }
        }
        return sum / n;
    }

    /** The shape of the kernel this path expects for {@code features} inputs. */
    public static Shape kernelShape(int features) {
        return new Shape(features, 1);
    }
}
