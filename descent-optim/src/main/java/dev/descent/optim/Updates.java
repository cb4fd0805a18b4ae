package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
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

    /**
     * Elements per parallel chunk of an element-wise update: tensors above it are updated over the pool (the rules
     * are element-wise, so the bits do not depend on the split), smaller ones on the calling thread.
     */
    static final int PARALLEL_GRAIN = 1 << 14;

    /** The per-step learning rate must be finite and >= 0. */
    static void checkLr(String optimizer, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(optimizer + ": lr must be >= 0, got " + Spec.formatNumber(lr));
        }
    }

    /** Every param has a grad of the same size. */
    static void checkGrads(String optimizer, Params params, Params grads) {
        checkGradCount(optimizer, params, grads);
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            checkGradShape(optimizer, e.getKey(), e.getValue(), grads.get(e.getKey()));
        }
    }

    private static void checkGradCount(String optimizer, Params params, Params grads) {
        if (grads.count() != params.count()) {
            throw new IllegalArgumentException(optimizer + ": " + params.count() + " params but " + grads.count()
                    + " grads: " + params + " and " + grads);
        }
    }

    private static void checkGradShape(String optimizer, String name, Tensor w, Tensor g) {
        if (!g.shape().equals(w.shape())) {
            throw new IllegalArgumentException(optimizer + ": grad '" + name + "' has shape " + g.shape()
                    + " but the param has shape " + w.shape());
        }
    }

    /** No slots (an update rule without buffers, e.g. SGD without momentum). */
    static final String[] NO_SLOTS = {};

    /**
     * The tensors one update walks, in the params' order: param {@code w[i]} named {@code names[i]} and its buffer
     * {@code s[k][i]} in slot {@code slots[k]}. An update indexes these arrays instead of iterating
     * {@code params.asMap().entrySet()}, whose iterator and entry wrappers would be garbage on every step.
     *
     * <p>{@link #bind} caches it on the state and reuses it while the params object and the slot names are the same:
     * a {@link Params}' names, tensors, shapes and dtypes never change, and neither do a state's slot buffers, so what
     * was checked once stays true. Grads are not cached (the general trainer makes new ones every step, and the cache
     * must not keep them alive): they are checked and looked up by name on every step, which allocates nothing.
     */
    static final class Bound {
        final Params params;
        final String[] slots;
        final String[] names;
        final Tensor[] w;
        final Tensor[][] s;

        private Bound(Params params, String[] slots, String[] names, Tensor[] w, Tensor[][] s) {
            this.params = params;
            this.slots = slots;
            this.names = names;
            this.w = w;
            this.s = s;
        }

        /** Number of param tensors. */
        int count() {
            return w.length;
        }

        /** The grad of param {@code i}. */
        Tensor grad(Params grads, int i) {
            return grads.get(names[i]);
        }
    }

    /**
     * The checks of {@link #checkGrads} and of {@link #slot} for every slot in {@code slots} (in that order, with the
     * same errors), and the tensors to update. Allocates nothing when the state already holds a binding for these
     * params and slots, which is every step but the first of a training run that keeps its params object.
     */
    static Bound bind(String optimizer, OptimizerState state, Params params, Params grads, String[] slots) {
        Bound b = state.bound;
        if (b != null && b.params == params && Arrays.equals(b.slots, slots)) {
            checkGradCount(optimizer, params, grads);
            for (int i = 0; i < b.w.length; i++) {
                checkGradShape(optimizer, b.names[i], b.w[i], grads.get(b.names[i]));
            }
            return b;
        }
        checkGrads(optimizer, params, grads);
        Params[] slotParams = new Params[slots.length];
        for (int k = 0; k < slots.length; k++) {
            slotParams[k] = slot(optimizer, state, slots[k], params);
        }
        int n = params.count();
        String[] names = new String[n];
        Tensor[] w = new Tensor[n];
        Tensor[][] s = new Tensor[slots.length][n];
        int i = 0;
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            names[i] = e.getKey();
            w[i] = e.getValue();
            for (int k = 0; k < slots.length; k++) {
                s[k][i] = slotParams[k].get(e.getKey());
            }
            i++;
        }
        b = new Bound(params, slots.clone(), names, w, s);
        state.bound = b;
        return b;
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

}
