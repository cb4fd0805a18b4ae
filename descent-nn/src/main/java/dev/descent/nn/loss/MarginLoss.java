package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/**
 * A margin loss for binary classification, on the raw output (the decision value) {@code f} of a model with one
 * output: {@link Hinge} and {@link SquaredHinge}. Targets are class indices {@code t ∈ {0, 1}}, mapped to signs
 * {@code y = 2t − 1 ∈ {−1, +1}} as Keras' {@code hinge} maps 0/1 labels; a row is classified correctly with
 * margin when {@code y·f ≥ 1}, and the predicted class is {@code f > 0} (class 0 at {@code f = 0}, as
 * scikit-learn's {@code LinearSVC.predict}). Unlike {@code bce}'s logit, {@code f} is not the log-odds of
 * anything: a margin model has no class probabilities (scikit-learn's {@code LinearSVC} has no
 * {@code predict_proba}).
 */
public sealed interface MarginLoss extends Loss permits Hinge, SquaredHinge {

    /**
     * The margin violations {@code max(0, 1 − y·f)} per element, with {@code y = 2t − 1}; as a {@link Node} its
     * derivative is {@code −y} where {@code y·f < 1} and 0 where {@code y·f ≥ 1}, the hinge point {@code y·f = 1}
     * included (the subgradient of {@link Node#relu}, whose derivative at 0 is 0).
     *
     * @param output decision values, shape {@code [batch, k]}
     * @param target 0/1 targets of the same shape, or {@code [batch]} for {@code k = 1}
     * @throws IllegalArgumentException when the shapes do not fit, or a target is neither 0 nor 1
     */
    default Node violations(Node output, Tensor target) {
        Tensor t = Targets.alignTarget(name(), output, target);
        Tensor signs = t.map(v -> {
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException(name() + ": targets must be the class indices 0 and 1, got " + v);
            }
            return 2 * v - 1;
        });
        return output.times(signs).neg().plus(1.0).relu();
    }
}
