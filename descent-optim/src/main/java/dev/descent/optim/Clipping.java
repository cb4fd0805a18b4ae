package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;

/**
 * Gradient clipping in place on a grads {@link Params}, as {@code torch.nn.utils.clip_grad_norm_} and
 * {@code clip_grad_value_}.
 *
 * <h2>By global norm</h2>
 * <pre>
 *   N = √(Σ_tensors ‖g_k‖²)           (the L2 norm of the per-tensor L2 norms, accumulated in float64)
 *   coef = max_norm / (N + 1e-6)
 *   g ← g·coef                         (only when coef &lt; 1, or when N is not finite, as torch does)
 * </pre>
 * Keras' {@code clipnorm} clips each variable separately ({@code global_clipnorm} is this one); optax's
 * {@code clip_by_global_norm} uses {@code c/N} without the 1e-6; DL4J clips per layer.
 *
 * <h2>By value</h2>
 * {@code g ← min(max(g, −v), v)} element-wise; NaN stays NaN.
 */
public final class Clipping {

    /** The 1e-6 torch adds to the total norm. */
    public static final double NORM_EPS = 1e-6;

    private Clipping() {
    }

    /**
     * Scales all grads together so that their global L2 norm is at most about {@code maxNorm}.
     *
     * @return the total norm N before clipping
     */
    public static double clipByGlobalNorm(Params grads, double maxNorm) {
        if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clip_norm must be >= 0, got " + Spec.formatNumber(maxNorm));
        }
        double total = globalNorm(grads);
        double coef = maxNorm / (total + NORM_EPS);
        if (!(coef >= 1)) {
            for (Tensor g : grads.asMap().values()) {
                for (int i = 0, n = g.size(); i < n; i++) {
                    g.set(i, g.at(i) * coef);
                }
            }
        }
        return total;
    }

    /** Clamps every grad element to {@code [-clipValue, clipValue]}. */
    public static void clipByValue(Params grads, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clip_value must be >= 0, got " + Spec.formatNumber(clipValue));
        }
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
            double s = 0;
            for (int i = 0, n = g.size(); i < n; i++) {
                double x = g.at(i);
                s += x * x;
            }
            double norm = Math.sqrt(s);
            sumOfSquares += norm * norm;
        }
        return Math.sqrt(sumOfSquares);
    }
}
