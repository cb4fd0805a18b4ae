package dev.descent.nn;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Node;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared helpers for this module's gradient checks. */
public final class Checks {

    /** Central differences in float64 with h = 1e-6 are good to ~1e-9; 1e-6 flags any wrong rule. */
    public static final double TOLERANCE = 1e-6;

    private Checks() {
    }

    /** {@code Σ w ⊙ n} with fixed weights, so a sum does not hide a wrong per-element gradient. */
    public static Node weighted(Node n) {
        Tensor w = Tensor.zeros(n.value().dtype(), n.shape().dims());
        for (int i = 0; i < w.size(); i++) {
            w.set(i, 1.0 + 0.5 * Math.sin(1.7 * i + 0.3));
        }
        return n.times(w).sum();
    }

    /** Values in (−2, 2) at least 0.1 from 0 (away from the kinks of relu and abs). */
    public static Tensor away(Random random, int... dims) {
        Tensor t = Tensor.zeros(DType.FLOAT64, dims);
        for (int i = 0; i < t.size(); i++) {
            double v = 0.1 + 1.9 * random.nextDouble();
            t.set(i, random.nextBoolean() ? v : -v);
        }
        return t;
    }

    /** Asserts the check passed at {@link #TOLERANCE}. */
    public static void assertPasses(String what, GradCheck.Result r) {
        assertThat(r.passed(TOLERANCE)).as("%s: %s", what, r).isTrue();
    }
}
