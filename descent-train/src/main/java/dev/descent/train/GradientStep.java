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
 * The ordinary update: the batch's gradient (from whichever {@link Gradients} computes it), clipped by value
 * then by global norm, then one optimizer step at the scheduled rate.
 *
 * @param gradients computes the batch's gradient
 * @param optimizer the update rule
 * @param clipValue clamp every gradient element to [-v, v] (0: off)
 * @param clipNorm clip the gradients to this global L2 norm (0: off)
 */
public record GradientStep(Gradients gradients, Optimizer optimizer, double clipValue, double clipNorm) implements Updater {

    /** The gradient step of {@code run}'s options with {@code gradients}. */
    public static GradientStep of(Trainer.Run run, Gradients gradients) {
        return new GradientStep(gradients, run.optimizer(), run.options().clipValue(), run.options().clipNorm());
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
        if (clipValue > 0) {
            Clipping.clipByValue(grads, clipValue);
        }
        if (clipNorm > 0) {
            Clipping.clipByGlobalNorm(grads, clipNorm);
        }
        optimizer.step(params, grads, state, lr);
        return new Update(g.loss(), norms, g.correct(), batches.getFirst().totalWeight());
    }
}
