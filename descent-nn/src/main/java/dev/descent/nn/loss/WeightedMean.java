package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/** The weighted mean of per-row losses behind {@link Loss#apply(Node, Tensor, Tensor)} (not API). */
final class WeightedMean {

    private WeightedMean() {
    }

    /**
     * {@code Σ w_i·ℓ_i / Σ w_i} of the rows {@code ℓ} ({@code [batch]}); with {@code Σ w_i = 0} every weight is 0
     * (they are non-negative), so the weighted sum and its gradient are 0 and the scale does not matter.
     */
    static Node of(Node rows, Tensor weights) {
        if (weights.shape().rank() != 1 || weights.shape().dim(0) != rows.shape().dim(0)) {
            throw new IllegalArgumentException("weights of shape " + weights.shape() + " for a batch of "
                    + rows.shape().dim(0) + " rows (expected [" + rows.shape().dim(0) + "])");
        }
        Tensor w = weights.dtype() == rows.value().dtype() ? weights : weights.to(rows.value().dtype());
        double total = w.sumAll();
        return rows.times(w).sum().times(total > 0 ? 1.0 / total : 0.0);
    }
}
