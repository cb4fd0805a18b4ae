package dev.descent.train.fast;

import dev.descent.data.BatchSize;
import dev.descent.data.Batcher;
import dev.descent.data.Dataset;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Fused, allocation-free training of a single-output linear model ({@code Dense(1)}, {@link LinearBackprop}'s
 * model) straight from a data set's arrays: the gradient of each batch comes from {@link LinearBackprop}, which
 * gathers the batch's rows through the epoch's order, and the optimizer steps in place. The batches are
 * those of a {@link Batcher} with the same seed, in the same order, so an epoch here is the
 * {@link dev.descent.train.Trainer}'s epoch without its callbacks and metrics. It takes unweighted rows (the
 * Trainer trains weighted ones on the same kernels).
 */
public final class FastLinear {

    private final LinearBackprop backprop;
    private final Optimizer optimizer;
    private final OptimizerState state;
    private final Params params;
    private final Params grads;
    private final Batcher batcher;
    /** The epochs' row order, rewritten by each epoch (null for full batches). */
    private final int[] epochOrder;
    private final int n;
    private final int rowsPerBatch;
    private final int batches;
    private final boolean fullBatch;
    private final boolean f32;
    private final Tensor x;
    private final Tensor y;
    private final Tensor w;
    private final Tensor b;
    private final Tensor gw;
    private final Tensor gb;

    /**
     * @param params the model's parameters, updated in place: exactly a kernel of {@code features} elements
     *               (shape {@code [features, 1]}) then a bias of one element, as {@code Dense(1)} makes them
     * @param state  the optimizer's state for {@code params}, updated in place
     * @param seed   the run's seed; batches come from {@code Batcher(data, batchSize, shuffle, false,
     *               Rng.seeded(seed).fork("shuffle"))}, as in the general trainer
     */
    public FastLinear(LinearBackprop.Objective objective, Dataset data, Params params, Optimizer optimizer,
                      OptimizerState state, BatchSize batchSize, boolean shuffle, long seed) {
        this(objective, data, params, optimizer, state, batchSize, shuffle, seed, LinearKernels.BLOCKED);
    }

    /** As the public constructor, choosing the kernels (see {@link LinearBackprop}'s package-private constructor). */
    FastLinear(LinearBackprop.Objective objective, Dataset data, Params params, Optimizer optimizer,
               OptimizerState state, BatchSize batchSize, boolean shuffle, long seed, boolean blocked) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.state = Objects.requireNonNull(state, "state");
        this.params = Objects.requireNonNull(params, "params");
        this.n = data.size();
        int d = data.features();
        List<String> names = params.names();
        if (names.size() != 2 || params.get(names.get(0)).size() != d || params.get(names.get(1)).size() != 1) {
            throw new IllegalArgumentException("expected a kernel of " + d + " and a bias of 1 element, got " + params);
        }
        if (data.y().size() != n) {
            throw new IllegalArgumentException("expected one target per row, got y " + data.y().shape());
        }
        if (data.weights().isPresent()) {
            throw new IllegalArgumentException("the bare fused loop trains unweighted rows; weighted ones train through "
                    + "the Trainer");
        }
        w = params.get(names.get(0));
        b = params.get(names.get(1));
        DType dtype = data.dtype();
        if (w.dtype() != dtype || b.dtype() != dtype) {
            throw new IllegalArgumentException("params are " + w.dtype() + ", data is " + dtype);
        }
        this.backprop = new LinearBackprop(objective, d, blocked);
        this.f32 = dtype == DType.FLOAT32;
        this.x = data.x();
        this.y = data.y();
        this.batcher = new Batcher(data, batchSize, shuffle, false, Rng.seeded(seed).fork("shuffle"));
        this.rowsPerBatch = batchSize.rowsPerBatch(n);
        this.batches = batcher.batchesPerEpoch();
        this.fullBatch = batchSize.isFull() || rowsPerBatch == n && !shuffle;
        this.epochOrder = fullBatch ? null : new int[n];
        gw = Tensor.zeros(w.shape(), dtype);
        gb = Tensor.zeros(b.shape(), dtype);
        this.grads = Params.builder().put(names.get(0), gw).put(names.get(1), gb).build();
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
        int[] order = fullBatch ? null : batcher.order(epoch, epochOrder);
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
        double loss = f32
                ? backprop.gradient(x.floatData(), y.floatData(), null, n, order, from, to, order == null, w.floatData(),
                        b.floatData()[0], gw.floatData(), gb.floatData())
                : backprop.gradient(x.doubleData(), y.doubleData(), null, order, from, to, w.doubleData(),
                        b.doubleData()[0], gw.doubleData(), gb.doubleData());
        optimizer.step(params, grads, state, lr);
        return loss;
    }

    /** Rows per chunk of a batch of {@code rows} (see {@link LinearBackprop#chunkRows}). */
    int chunkRows(int rows) {
        return backprop.chunkRows(rows, fullBatch);
    }

    /** The mean loss over the whole data set at the current parameters (allocates a buffer of n values). */
    public double loss() {
        return f32
                ? backprop.loss(x.floatData(), y.floatData(), n, w.floatData(), b.floatData()[0])
                : backprop.loss(x.doubleData(), y.doubleData(), n, w.doubleData(), b.doubleData()[0]);
    }

    /** The shape of the kernel this path expects for {@code features} inputs. */
    public static Shape kernelShape(int features) {
        return new Shape(features, 1);
    }
}
