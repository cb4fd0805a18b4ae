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
 */
public record BinaryCrossEntropy() implements Loss {

    @Override
    public Node apply(Node output, Tensor target) {
        return output.binaryCrossEntropyWithLogits(Targets.alignTarget(name(), output, target));
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
