package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/** Target shape handling shared by the element-wise losses (not API). */
final class Targets {

    private Targets() {
    }

    /**
     * {@code target} in {@code output}'s dtype and shape: equal shapes pass, and a {@code [batch]} target
     * becomes {@code [batch, 1]} for a {@code [batch, 1]} output (so it never broadcasts to
     * {@code [batch, batch]}).
     *
     * @throws IllegalArgumentException naming both shapes otherwise
     */
    static Tensor alignTarget(String loss, Node output, Tensor target) {
        Tensor t = target.dtype() == output.value().dtype() ? target : target.to(output.value().dtype());
        if (t.shape().equals(output.shape())) {
            return t;
        }
        if (output.shape().rank() == 2 && output.shape().dim(1) == 1 && t.shape().rank() == 1
                && t.shape().dim(0) == output.shape().dim(0)) {
            return t.reshape(t.shape().dim(0), 1);
        }
        throw new IllegalArgumentException(loss + ": target shape " + target.shape() + " does not match output shape "
                + output.shape());
    }
}
