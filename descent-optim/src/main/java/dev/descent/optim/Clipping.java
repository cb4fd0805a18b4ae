package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;

/**
 * Gradient clipping in place on a grads {@link Params}: by value ({@code torch.nn.utils.clip_grad_value_}), by each
 * tensor's L2 norm (Keras' optimizer {@code clipnorm}, "the gradient of each weight is individually clipped") and by
 * the global L2 norm ({@code torch.nn.utils.clip_grad_norm_}, Keras' {@code global_clipnorm}). A record of the three
 * thresholds, each 0 when off, applies them in that order ({@link #apply}); the static methods apply one.
 *
 * <h2>By value</h2>
 * {@code g ← min(max(g, −v), v)} element-wise; NaN stays NaN.
 *
 * <h2>By each tensor's norm</h2>
 * <pre>
 *   n_k = ‖g_k‖ = √(Σ g_k²)           (per parameter tensor k, accumulated in float64 in element order)
 *   coef_k = C / (n_k + 1e-6)
 *   g_k ← g_k·coef_k                   (only when coef_k &lt; 1, or when n_k is not finite)
 * </pre>
 * torch's {@code clip_grad_norm_} called on each parameter alone, so the same rule and 1e-6 as the global norm's.
 * Keras' {@code clipnorm} scales by {@code C/max(n_k, C)} instead (TensorFlow's {@code clip_by_norm}): the two agree
 * for a tensor under the threshold (untouched) and differ by the factor {@code n_k/(n_k + 1e-6)} for one above it.
 * optax's per-block {@code clip_by_block_rms(t)} bounds each tensor's root mean square {@code n_k/√size} instead, so
 * its {@code t} is our {@code C = t·√size}, a different C per tensor size.
 *
 * <h2>By global norm</h2>
 * <pre>
 *   N = √(Σ_tensors ‖g_k‖²)           (the L2 norm of the per-tensor L2 norms, accumulated in float64)
 *   coef = max_norm / (N + 1e-6)
 *   g ← g·coef                         (only when coef &lt; 1, or when N is not finite, as torch does)
 * </pre>
 * optax's {@code clip_by_global_norm} uses {@code c/N} without the 1e-6; DL4J clips per layer.
 *
 * <h2>Order</h2>
 * Value, then each tensor's norm, then the global norm: from the finest grain to the coarsest, the order of
 * TensorFlow's Keras 2 optimizers ({@code clipvalue}, {@code clipnorm}, {@code global_clipnorm} in
 * {@code _transform_gradients}). Every step only shrinks gradients, so each bound given still holds at the end.
 * Keras 2 refuses {@code clipnorm} with {@code global_clipnorm}, and Keras 3 any two of the three; torch leaves the
 * combination to the caller; here any may be combined.
 *
 * <p>A threshold must be zero or more (NaN is refused); an infinite one never clips finite gradients (torch's
 * {@code clip_grad_norm_(params, inf)}, a common way to only measure the norm).
 *
 * @param value clamp every element to {@code [-value, value]} (0: off)
 * @param normPerTensor scale each tensor to an L2 norm of at most about this (0: off)
 * @param globalNorm scale all tensors together to a global L2 norm of at most about this (0: off)
 */
public record Clipping(double value, double normPerTensor, double globalNorm) {

    /** The 1e-6 torch adds to the norm. */
    public static final double NORM_EPS = 1e-6;

    /** No clipping. */
    public static final Clipping NONE = new Clipping(0, 0, 0);

    public Clipping {
        requireThreshold("clip_value", value);
        requireThreshold("clip_norm_per_tensor", normPerTensor);
        requireThreshold("clip_norm", globalNorm);
    }

    /** Clips {@code grads} in place: by value, then each tensor's norm, then the global norm, each where set. */
    public void apply(Params grads) {
        if (value > 0) {
            clipByValue(grads, value);
        }
        if (normPerTensor > 0) {
            clipByNormPerTensor(grads, normPerTensor);
        }
        if (globalNorm > 0) {
            clipByGlobalNorm(grads, globalNorm);
        }
    }

    /**
     * Scales all grads together so that their global L2 norm is at most about {@code maxNorm}.
     *
     * @return the total norm N before clipping
     */
    public static double clipByGlobalNorm(Params grads, double maxNorm) {
        requireThreshold("clip_norm", maxNorm);
        double total = globalNorm(grads);
        double coef = maxNorm / (total + NORM_EPS);
        for (Tensor g : grads.asMap().values()) {
            scale(g, coef);
        }
        return total;
    }

    /** Scales each grad tensor on its own so that its L2 norm is at most about {@code maxNorm}. */
    public static void clipByNormPerTensor(Params grads, double maxNorm) {
        requireThreshold("clip_norm_per_tensor", maxNorm);
        for (Tensor g : grads.asMap().values()) {
            scale(g, maxNorm / (norm(g) + NORM_EPS));
        }
    }

    /** Clamps every grad element to {@code [-clipValue, clipValue]}. */
    public static void clipByValue(Params grads, double clipValue) {
        requireThreshold("clip_value", clipValue);
        for (Tensor g : grads.asMap().values()) {
            for (int i = 0, n = g.size(); i < n; i++) {
                double x = g.at(i);
                if (x > clipValue) {
                    g.set(i, clipValue);
                } else if (x < -clipValue) {
                    g.set(i, -clipValue);
                }
            }
        }
    }

    /** √(Σ_k ‖g_k‖²) with each ‖g_k‖ = √(Σ g²), accumulated in float64 in element order. */
    public static double globalNorm(Params grads) {
        double sumOfSquares = 0;
        for (Tensor g : grads.asMap().values()) {
            double norm = norm(g);
            sumOfSquares += norm * norm;
        }
        return Math.sqrt(sumOfSquares);
    }

    /** ‖g‖ = √(Σ g²), accumulated in float64 in element order. */
    private static double norm(Tensor g) {
        double s = 0;
        for (int i = 0, n = g.size(); i < n; i++) {
            double x = g.at(i);
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** {@code g ← g·coef} unless {@code coef >= 1}: a NaN coefficient (a non-finite norm) scales, as in torch. */
    private static void scale(Tensor g, double coef) {
        if (coef >= 1) {
            return;
        }
        for (int i = 0, n = g.size(); i < n; i++) {
            g.set(i, g.at(i) * coef);
        }
    }

    private static void requireThreshold(String name, double threshold) {
        if (!(threshold >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + Spec.formatNumber(threshold));
        }
    }
}
