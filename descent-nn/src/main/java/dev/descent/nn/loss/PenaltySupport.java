package dev.descent.nn.loss;

import dev.descent.autograd.Node;

import java.util.Map;
import java.util.function.UnaryOperator;

/** Helpers shared by the penalty records (not API). */
final class PenaltySupport {

    private PenaltySupport() {
    }

    /**
     * {@code Σ term(W)} over the kernels; a zero that still depends on the tape when there is no kernel.
     */
    static Node sumOverKernels(Map<String, Node> params, UnaryOperator<Node> term) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("penalty needs at least one parameter node");
        }
        Node total = null;
        for (Map.Entry<String, Node> e : params.entrySet()) {
            if (Penalty.isKernel(e.getKey())) {
                Node t = term.apply(e.getValue());
                total = total == null ? t : total.plus(t);
            }
        }
        return total != null ? total : params.values().iterator().next().sum().times(0.0);
    }

    /** Checks λ: finite and non-negative. */
    static void checkLambda(double lambda) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be non-negative and finite, got " + lambda);
        }
    }
}
