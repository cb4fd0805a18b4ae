package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/**
 * Mean absolute error: {@code L = (1/n) Σ |ŷ − y|} over all {@code n} elements of the batch.
 *
 * <p>Gradient: {@code ∂L/∂ŷ = sign(ŷ − y)/n}, taken as 0 where {@code ŷ = y} (a subgradient, as PyTorch's
 * {@code L1Loss}). Targets: as the outputs, or {@code [batch]} for one output.
 */
public record MeanAbsoluteError() implements ElementWise {

    @Override
    public Node elements(Node output, Tensor target) {
        return output.minus(Targets.alignTarget(name(), output, target)).abs();
    }

    @Override
    public String name() {
        return "mae";
    }

    @Override
    public String spec() {
        return name();
    }
}
