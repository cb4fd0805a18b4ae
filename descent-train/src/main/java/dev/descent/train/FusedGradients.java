package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Dropout;
import dev.descent.nn.Layer;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.BinaryCrossEntropy;
import dev.descent.nn.loss.CrossEntropy;
import dev.descent.nn.loss.L1;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.MeanSquaredError;
import dev.descent.nn.loss.Penalty;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.fast.LinearBackprop;
import dev.descent.train.fast.MlpBackprop;
import dev.descent.train.fast.MlpParams;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A batch's gradient from the fused kernels of {@code dev.descent.train.fast} instead of a tape, for the models
 * they cover; {@link Engine#LOCAL} takes it whenever {@link #of} finds one, and {@link TapeGradients} otherwise.
 * It computes what the tape computes (the batch's mean data loss, the gradient, the rows classified correctly) with
 * float32 rounding of its own: the two agree to float32 precision, not bit for bit, and each is deterministic for
 * any thread count. The kernels allocate nothing once warmed up: the buffers and gradient tensors are reused from
 * step to step, and only the small {@link Gradient} record (and a generator per dropout layer) is new.
 *
 * <p>Rows with weights (sample or class weights, {@link Batch#weights()}) are covered on every model below: the loss
 * is then the weighted mean {@code Σ w_i·ℓ_i / Σ w_i} over the batch, as the tape's
 * {@code Loss.apply(output, target, weights)}, and a batch whose weights sum to 0 has loss 0 and a zero data
 * gradient (the penalty's gradient is still added). The kernels scale each row's residual (the output's delta) by
 * {@code w_i / Σ w} where the unweighted ones scale it by {@code 1/rows}; accuracy counts rows. Every path takes
 * weights, the column-block kernel of full-batch logistic and linear regression included.
 *
 * <p>Covered, in float32, without a penalty or with an {@link L2} ({@code --l2}) or {@link L1} ({@code --l1}) one:
 * <ul>
 *   <li>a classifier that is a stack of {@link Dense} layers, ReLU, leaky ReLU, tanh or the sigmoid on the hidden
 *       ones, each optionally followed by one {@link Dropout}, and a linear output of one unit per class (the
 *       {@code softmax} preset and {@code mlp(...)}), on the {@code ce} loss against class indices
 *       ({@link MlpBackprop}; its dropout masks are drawn from the tape's generator in the tape's order, so they
 *       are the tape's masks);</li>
 *   <li>such a stack with one output on {@code mse} for a regression ({@link MlpBackprop#gradientMse});</li>
 *   <li>one linear {@code Dense} of one unit (the {@code logistic} and {@code linear} presets) on {@code bce} for
 *       a classification or {@code mse} for a regression ({@link LinearBackprop}).</li>
 * </ul>
 */
public final class FusedGradients {

    private FusedGradients() {
    }

    /**
     * The fused gradient of {@code stack} under {@code loss} on {@code train}'s rows, if the kernels cover the
     * combination (see the class comment); empty otherwise.
     */
    public static Optional<Gradients> of(Stack stack, Loss loss, Optional<Penalty> penalty, RowSource train) {
        return of(stack, loss, penalty, train.dtype(), train.task().isClassification(), train.features(),
                train.targetDims(1).length == 1, train.size(), train);
    }

    /**
     * The fused gradient for batches that arrive gathered (rows whose data set this side does not hold, such as a
     * cluster partition's), if the kernels cover the combination. One instance serves one thread: it keeps buffers.
     *
     * @param oneTargetPerRow whether the targets are {@code [rows]} (class indices or values)
     * @param rows the rows the batches are drawn from, numbered from 0: a batch of all of them in order is read as a
     *             whole data set (from column blocks, as local training reads it)
     */
    public static Optional<Gradients> ofGathered(Stack stack, Loss loss, Optional<Penalty> penalty, DType dtype,
                                                 boolean classification, int features, boolean oneTargetPerRow,
                                                 int rows) {
        return of(stack, loss, penalty, dtype, classification, features, oneTargetPerRow, rows, null);
    }

    /**
     * {@code train}: the rows, which the linear kernels read in place when they are in memory; null when batches
     * arrive gathered. Logistic regression needs a classification task (0/1 targets) and linear regression a
     * regression task, so that the rows classified correctly mean what the tape's count means.
     */
    private static Optional<Gradients> of(Stack stack, Loss loss, Optional<Penalty> penalty, DType dtype,
                                          boolean classification, int features, boolean oneTargetPerRow, int rows,
                                          RowSource train) {
        if (dtype != DType.FLOAT32 || !oneTargetPerRow) {
            return Optional.empty();
        }
        List<Dense> dense = new ArrayList<>();
        List<Dropout> dropout = new ArrayList<>();
        if (!hiddenThenLinear(stack.layers(), dense, dropout)) {
            return Optional.empty();
        }
        Penalty kernels = penalty.orElse(null);
        int outputs = dense.getLast().units();
        if (loss instanceof CrossEntropy && classification && outputs >= 2) {
            return Optional.of(new Mlp(dense, dropout, features, false, kernels));
        }
        boolean bce = loss instanceof BinaryCrossEntropy && classification;
        boolean mse = loss instanceof MeanSquaredError && !classification;
        if (dense.size() == 1 && outputs == 1 && (bce || mse) && dropout.isEmpty()) {
            LinearBackprop.Objective objective = bce ? LinearBackprop.Objective.BCE : LinearBackprop.Objective.MSE;
            return Optional.of(new Linear(dense.getFirst(), features, rows, train, objective, kernels));
        }
        if (mse && outputs == 1) {
            return Optional.of(new Mlp(dense, dropout, features, true, kernels));
        }
        return Optional.empty();
    }

    /**
     * Whether the layers are Dense ones, the hidden ones with an activation that has a fused form and each followed
     * by at most one Dropout, and the last linear; if so, fills {@code dense} with the Dense layers and
     * {@code dropout} with the Dropout after each hidden one (one of rate 0 where there is none).
     */
    private static boolean hiddenThenLinear(List<Layer> layers, List<Dense> dense, List<Dropout> dropout) {
        for (int i = 0; i < layers.size(); i++) {
            boolean last = i == layers.size() - 1;
            if (!(layers.get(i) instanceof Dense d)
                    || (last ? d.activation() != Activation.LINEAR : !MlpBackprop.ACTIVATIONS.contains(d.activation()))) {
                return false;
            }
            dense.add(d);
            if (!last) {
                if (layers.get(i + 1) instanceof Dropout drop) {
                    dropout.add(drop);
                    i++;
                } else {
                    dropout.add(Dropout.of(0));
                }
            }
        }
        return !dense.isEmpty() && dropout.size() == dense.size() - 1;
    }

    /** The batch's row weights, indexed as its x's rows, or null: unweighted. */
    private static float[] weights(Batch batch) {
        return batch.weights().map(Tensor::floatData).orElse(null);
    }

    /**
     * A penalty's gradient added to a kernel's data gradient, as the tape takes it (biases are not penalized):
     * {@link L2} ({@code (λ/2)·‖W‖²}) adds {@code λ·W}, {@link L1} ({@code λ·Σ|w|}) adds {@code λ·sign(W)}, 0 at 0.
     */
    private static void addPenalty(float[] g, float[] w, Penalty penalty) {
        float lambda = (float) penalty.lambda();
        switch (penalty) {
            case L2 ignored -> {
                for (int i = 0; i < g.length; i++) {
                    g[i] += lambda * w[i];
                }
            }
            case L1 ignored -> {
                for (int i = 0; i < g.length; i++) {
                    g[i] += lambda * Math.signum(w[i]);
                }
            }
        }
    }

    /**
     * {@link MlpBackprop} on the batch's rows: softmax cross-entropy against class indices, checked as the {@code ce}
     * loss checks them, or the squared error of one output against values.
     */
    private static final class Mlp implements Gradients {
        private final MlpBackprop backprop;
        private final MlpParams arrays;
        private final boolean squaredError;
        /** The penalty on the kernels; null: none. */
        private final Penalty penalty;
        private int[] labels = new int[0];

        /** Whether a training call draws dropout masks. */
        private final boolean drops;

        Mlp(List<Dense> layers, List<Dropout> dropout, int features, boolean squaredError, Penalty penalty) {
            this.squaredError = squaredError;
            this.penalty = penalty;
            int n = layers.size();
            int[] width = new int[n + 1];
            width[0] = features;
            for (int l = 0; l < n; l++) {
                width[l + 1] = layers.get(l).units();
            }
            this.arrays = new MlpParams(layers.stream().map(Dense::kernelName).toList(),
                    layers.stream().map(Dense::biasName).toList(), width);
            this.drops = dropout.stream().anyMatch(d -> d.rate() > 0);
            this.backprop = new MlpBackprop(width, layers.subList(0, n - 1).stream().map(Dense::activation).toList(),
                    dropout);
        }

        @Override
        public Gradient of(Params params, Batch batch, Rng dropout) {
            int rows = batch.size();
            arrays.bind(params);
            Rng masks = drops ? dropout : null;
            float[] weights = weights(batch);
            double loss = squaredError
                    ? backprop.gradientMse(batch.x().floatData(), batch.y().floatData(), weights, rows, arrays, masks)
                    : backprop.gradient(batch.x().floatData(), labels(batch.y(), rows), weights, rows, arrays, masks);
            if (penalty != null) {
                for (int l = 0; l < arrays.layers(); l++) {
                    addPenalty(arrays.kernelGradient(l), arrays.kernel(l), penalty);
                }
            }
            return new Gradient(loss, arrays.grads(), backprop.correct());
        }

        private int[] labels(Tensor target, int rows) {
            if (labels.length < rows) {
                labels = new int[rows];
            }
            float[] t = target.floatData();
            for (int i = 0; i < rows; i++) {
                float label = t[i];
                if (!(label >= 0 && label < arrays.outputs() && label == Math.rint(label))) {
                    throw new IllegalArgumentException("ce: target " + i + " must be a class index in [0, " + arrays.outputs()
                            + "), got " + (double) label);
                }
                labels[i] = (int) label;
            }
            return labels;
        }
    }

    /**
     * {@link LinearBackprop} on the batch's rows. Rows of an in-memory data set are read in place through the batch's
     * row numbers, so the Trainer need not gather them: at a few flops per value, a copy of randomly picked rows cost
     * as much as the gradient (W1 through the Trainer ran at 0.63x the fused loop's samples/s with the copy). A batch
     * of every row in file order is the whole data set, which the kernels read from column blocks. The weights are
     * read as the targets are: the data set's through the row numbers, or the batch's own.
     */
    private static final class Linear implements Gradients {
        private final LinearBackprop backprop;
        private final String kernel;
        private final String bias;
        private final int n;
        /** The penalty on the kernels; null: none. */
        private final Penalty penalty;
        /** The in-memory data set's rows, or null for a source whose batches arrive gathered. */
        private final Tensor x;
        private final Tensor y;
        /** The in-memory data set's row weights, or null: unweighted, or batches arrive gathered. */
        private final float[] rowWeights;
        private final Params grads;
        private final float[] gw;
        private final float[] gb;

        /**
         * @param rows  the rows batches are drawn from
         * @param train those rows, or null when batches arrive gathered from rows this side does not hold
         */
        Linear(Dense layer, int features, int rows, RowSource train, LinearBackprop.Objective objective,
               Penalty penalty) {
            this.penalty = penalty;
            this.backprop = new LinearBackprop(objective, features);
            this.kernel = layer.kernelName();
            this.bias = layer.biasName();
            this.n = rows;
            this.x = train instanceof Dataset inMemory ? inMemory.x() : null;
            this.y = train instanceof Dataset inMemory ? inMemory.y() : null;
            this.rowWeights = train instanceof Dataset inMemory ? inMemory.weights().map(Tensor::floatData).orElse(null)
                    : null;
            Tensor gk = Tensor.zeros(DType.FLOAT32, features, 1);
            Tensor gbias = Tensor.zeros(DType.FLOAT32, 1);
            this.gw = gk.floatData();
            this.gb = gbias.floatData();
            this.grads = Params.builder().put(kernel, gk).put(bias, gbias).build();
        }

        @Override
        public boolean readsBatchValues() {
            return x == null;
        }

        @Override
        public Gradient of(Params params, Batch batch, Rng dropout) {
            int rows = batch.size();
            boolean wholeData = rows == n && LinearBackprop.inFileOrder(batch.rows());
            float[] w = params.get(kernel).floatData();
            float b = params.get(bias).floatData()[0];
            // a whole data set in file order is the batch's own x (the batcher hands full-batch descent the data's
            // tensors, gathered or not)
            double loss = x == null || wholeData
                    ? backprop.gradient(batch.x().floatData(), batch.y().floatData(), weights(batch), rows, null, 0, rows,
                            wholeData, w, b, gw, gb)
                    : backprop.gradient(x.floatData(), y.floatData(), rowWeights, n, batch.rows(), 0, rows, false, w, b,
                            gw, gb);
            if (penalty != null) {
                addPenalty(gw, w, penalty);
            }
            return new Gradient(loss, grads, backprop.correct());
        }
    }
}
