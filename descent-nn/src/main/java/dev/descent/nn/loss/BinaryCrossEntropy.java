package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/**
 * Binary cross-entropy from logits: with logit {@code z}, target {@code t ∈ {0, 1}} (or a probability) and
 * {@code σ} the sigmoid, per element
 * <pre>
 *   ℓ = −t·log σ(z) − (1 − t)·log(1 − σ(z))
 *     = max(z, 0) − z·t + log(1 + e^−|z|)        (the stable form computed)
 * </pre>
 * and {@code L = (1/n) Σ ℓ} over all {@code n} elements. Gradient: {@code ∂L/∂z = (σ(z) − t)/n}.
 *
 * <p>The stable form never exponentiates a positive number, so the loss is finite for any finite logit:
 * at {@code z = ±10⁴} it is exactly 0 or {@code 10⁴}. The model's last layer must therefore be linear
 * (emit logits); the probability is {@code σ(output)}. This is PyTorch's {@code BCEWithLogitsLoss} and
 * Keras' {@code BinaryCrossentropy(from_logits=True)}.
 *
 * <p>Shapes: outputs {@code [batch, k]} (usually {@code k = 1}); targets the same, or {@code [batch]} when
 * {@code k = 1}.
 *
 * <p>Weighted by row ({@link Loss#apply(Node, Tensor, Tensor)}): {@code L = Σ_i w_i·ℓ_i / Σ_i w_i}, with
 * {@code ℓ_i} the mean of row {@code i}'s elements. PyTorch's {@code BCEWithLogitsLoss(weight=w)} differs: it
 * scales each element's loss by {@code w} and then takes the plain mean, dividing by {@code n}, not by {@code Σ w}.
 */
public record BinaryCrossEntropy() implements ElementWise {

    /** The fused mean, whose gradient {@code (σ(z) − t)/n} is one rounding per element. */
    @Override
    public Node apply(Node output, Tensor target) {
        return output.binaryCrossEntropyWithLogits(Targets.alignTarget(name(), output, target));
    }

    @Override
    public Node elements(Node output, Tensor target) {
        return output.binaryCrossEntropyWithLogitsElements(Targets.alignTarget(name(), output, target));
    }

    @Override
    public String name() {
        return "bce";
    }

    @Override
    public String spec() {
        return name();
    }
}
