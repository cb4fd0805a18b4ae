package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/**
 * Mean squared error: {@code L = (1/n) Σ (ŷ − y)²} over all {@code n} elements of the batch.
 *
 * <p>Gradient: {@code ∂L/∂ŷ = 2(ŷ − y)/n}. Targets: as the outputs, or {@code [batch]} for one output.
 *
 * <h2>Conventions</h2>
 * No factor ½: this is PyTorch's {@code MSELoss} and Keras' {@code mean_squared_error}, and what metrics
 * report as MSE. Tribuo's, Spark MLlib's and scikit-learn's {@code SGDRegressor} squared loss carry a ½
 * ({@code ½(ŷ − y)²}), so their gradients, and the learning rates that suit them, are half of ours.
 */
public record MeanSquaredError() implements ElementWise {

    @Override
    public Node elements(Node output, Tensor target) {
        return output.minus(Targets.alignTarget(name(), output, target)).square();
    }

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public String spec() {
        return name();
    }
}
