package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/**
 * Hinge loss, the soft-margin linear SVM's (Cortes and Vapnik, 1995): with decision value {@code f}, target
 * {@code t ∈ {0, 1}} and {@code y = 2t − 1}, per element
 * <pre>
 *   ℓ = max(0, 1 − y·f)
 * </pre>
 * and {@code L = (1/n) Σ ℓ} over all {@code n} elements. Gradient: {@code ∂L/∂f = −y/n} where {@code y·f < 1},
 * 0 where {@code y·f > 1}, and at the hinge point {@code y·f = 1}, where the loss has no derivative, the
 * subgradient 0 (any value between {@code −y/n} and 0 is one). See {@link MarginLoss} for the targets and the
 * predicted class.
 *
 * <h2>Conventions</h2>
 * This is Keras' {@code Hinge} (which also maps 0/1 targets to ∓1) and scikit-learn's {@code hinge_loss} and
 * {@code SGDClassifier(loss="hinge")}; with {@code --l2} it is the objective of a linear SVM. At the hinge point
 * scikit-learn's SGD and Keras on TensorFlow (whose {@code maximum} sends the gradient to its first argument on
 * a tie) take {@code −y} instead of 0: the losses agree everywhere, the gradients only where some row has
 * {@code y·f} exactly 1. PyTorch has no binary hinge loss; {@code torch.relu(1 - y*f).mean()} is this one,
 * subgradient included.
 *
 * @see <a href="https://doi.org/10.1007/BF00994018">C. Cortes, V. Vapnik, "Support-Vector Networks", Machine
 *      Learning 20(3), 1995</a>
 */
public record Hinge() implements MarginLoss, ElementWise {

    @Override
    public Node elements(Node output, Tensor target) {
        return violations(output, target);
    }

    @Override
    public String name() {
        return "hinge";
    }

    @Override
    public String spec() {
        return name();
    }
}
