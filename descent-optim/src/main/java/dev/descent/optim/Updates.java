package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small pieces shared by the update rules: torch's {@code lerp}, bias correction, argument checks and the
 * per-step compatibility checks, so that every update body stays a few lines.
 */
final class Updates {

    private Updates() {
    }

    /**
     * {@code torch.lerp(a, b, weight)} as ATen's scalar kernel computes it:
     * {@code a + weight·(b − a)} for {@code |weight| < 0.5}, else {@code b − (b − a)·(1 − weight)}.
     * PyTorch 2.x updates first moments with it ({@code exp_avg.lerp_(grad, 1 - beta1)}), which equals
     * {@code β·m + (1 − β)·g} up to rounding.
     */
    static double lerp(double a, double b, double weight) {
        return Math.abs(weight) < 0.5 ? a + weight * (b - a) : b - (b - a) * (1 - weight);
    }

    /** {@code 1 − βᵗ}. */
    static double biasCorrection(double beta, long t) {
        return 1 - Math.pow(beta, t);
    }

    /** The per-step learning rate must be finite and >= 0. */
    static void checkLr(String optimizer, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(optimizer + ": lr must be >= 0, got " + Spec.formatNumber(lr));
        }
    }

    /** Every param has a grad of the same size. */
    static void checkGrads(String optimizer, Params params, Params grads) {
        if (grads.count() != params.count()) {
            throw new IllegalArgumentException(optimizer + ": " + params.count() + " params but " + grads.count()
                    + " grads: " + params + " and " + grads);
        }
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            Tensor g = grads.get(e.getKey());
            if (!g.shape().equals(e.getValue().shape())) {
                throw new IllegalArgumentException(optimizer + ": grad '" + e.getKey() + "' has shape " + g.shape()
                        + " but the param has shape " + e.getValue().shape());
            }
        }
    }

    /** The slot holds a buffer shaped and typed like every param. */
    static Params slot(String optimizer, OptimizerState state, String slot, Params params) {
        Params s = state.slot(slot);
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            Tensor b = s.get(e.getKey());
            Tensor w = e.getValue();
            if (!b.shape().equals(w.shape()) || b.dtype() != w.dtype()) {
                throw new IllegalArgumentException(optimizer + ": state slot " + slot + "/'" + e.getKey() + "' is "
                        + b.dtype() + " " + b.shape() + " but the param is " + w.dtype() + " " + w.shape());
            }
        }
        return s;
    }

    /** A state with zeroed slots shaped like {@code params} and the given scalars. */
    static OptimizerState zeroState(Params params, Map<String, Double> scalars, String... slots) {
        LinkedHashMap<String, Params> m = new LinkedHashMap<>();
        for (String s : slots) {
            m.put(s, params.zerosLike());
        }
        return OptimizerState.of(0, scalars, m);
    }

    // ------------------------------------------------------------------ hyper-parameter checks

    static double atLeastZero(String optimizer, String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw invalid(optimizer, key, "must be >= 0", v);
        }
        return v;
    }

    /** {@code 0 <= v < 1}. */
    static double halfOpenUnit(String optimizer, String key, double v) {
        if (!(v >= 0 && v < 1)) {
            throw invalid(optimizer, key, "must be in [0, 1)", v);
        }
        return v;
    }

    /** {@code 0 <= v <= 1}. */
    static double closedUnit(String optimizer, String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw invalid(optimizer, key, "must be in [0, 1]", v);
        }
        return v;
    }

    static IllegalArgumentException invalid(String optimizer, String key, String rule, double v) {
        return new IllegalArgumentException(optimizer + ": " + key + " " + rule + ", got " + Spec.formatNumber(v));
    }

    /** A config map in key order from alternating key/value arguments. */
    static Map<String, Object> config(Object... keyValues) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
