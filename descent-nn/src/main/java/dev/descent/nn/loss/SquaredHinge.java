package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/**
 * Squared hinge loss, the L2-SVM's: with decision value {@code f}, target {@code t ∈ {0, 1}} and
 * {@code y = 2t − 1}, per element
 * <pre>
 *   ℓ = max(0, 1 − y·f)²
 * </pre>
 * and {@code L = (1/n) Σ ℓ} over all {@code n} elements. Gradient: {@code ∂L/∂f = −2y·max(0, 1 − y·f)/n},
 * continuous, so 0 at the hinge point {@code y·f = 1} in every library. See {@link MarginLoss} for the targets
 * and the predicted class.
 *
 * <h2>Conventions</h2>
 * This is Keras' {@code SquaredHinge} and scikit-learn's {@code SGDClassifier(loss="squared_hinge")} and
 * {@code LinearSVC}'s default loss (the 2 of the gradient included).
 */
public record SquaredHinge() implements MarginLoss, ElementWise {

    @Override
    public Node elements(Node output, Tensor target) {
        return violations(output, target).square();
    }

    @Override
    public String name() {
        return "squared_hinge";
    }

    @Override
    public String spec() {
        return name();
    }
}
