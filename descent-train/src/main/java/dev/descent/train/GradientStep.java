package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.optim.Clipping;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;

import java.util.List;

/**
 * The ordinary update: the batch's gradient (from whichever {@link Gradients} computes it), clipped (by value, by
 * each tensor's norm, by the global norm: {@link Clipping#apply}), then one optimizer step at the scheduled rate.
 * The fused kernels and the tape both hand their gradient to this step, so every clipping applies to both alike.
 *
 * @param gradients computes the batch's gradient
 * @param optimizer the update rule
 * @param clipping the clipping thresholds
 */
public record GradientStep(Gradients gradients, Optimizer optimizer, Clipping clipping) implements Updater {

    /** The gradient step of {@code run}'s options with {@code gradients}. */
    public static GradientStep of(Trainer.Run run, Gradients gradients) {
        return new GradientStep(gradients, run.optimizer(), run.options().clipping());
    }

    @Override
    public boolean readsBatchValues() {
        return gradients.readsBatchValues();
    }

    @Override
    public Update update(List<Batch> batches, Params params, OptimizerState state, double lr, Rng dropout) {
        if (batches.size() != 1) {
            throw new IllegalArgumentException("a gradient step takes one batch, got " + batches.size());
        }
        Gradient g = gradients.of(params, batches.getFirst(), dropout);
        Params grads = g.grads();
        double[] norms = new double[grads.count()];
        int i = 0;
        for (Tensor t : grads.asMap().values()) {
            norms[i++] = t.norm();
        }
        clipping.apply(grads);
        optimizer.step(params, grads, state, lr);
        return new Update(g.loss(), norms, g.correct(), batches.getFirst().totalWeight());
    }
}
