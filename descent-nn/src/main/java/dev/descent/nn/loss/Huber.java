package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/**
 * Huber loss (Huber, 1964): quadratic near zero, linear in the tails. With {@code r = ŷ − y} and
 * {@code δ = delta}, per element
 * <pre>
 *   ℓ(r) = ½ r²               if |r| ≤ δ
 *          δ (|r| − ½ δ)      otherwise
 * </pre>
 * and {@code L = (1/n) Σ ℓ} over all {@code n} elements. Gradient: {@code ∂ℓ/∂r = r} inside,
 * {@code δ·sign(r)} outside. Computed as {@code ½ m² + δ (|r| − m)} with {@code m = min(|r|, δ)}.
 *
 * <h2>Conventions</h2>
 * This is PyTorch's {@code HuberLoss(delta)} and Keras' {@code Huber(delta)}. PyTorch's
 * {@code SmoothL1Loss(beta)} is this divided by {@code beta}. The default δ is {@value #DEFAULT_DELTA}.
 *
 * @param delta the threshold between the quadratic and the linear part, positive
 * @see <a href="https://doi.org/10.1214/aoms/1177703732">P. J. Huber, "Robust Estimation of a Location
 *      Parameter", Annals of Mathematical Statistics 35(1), 1964</a>
 */
public record Huber(double delta) implements ElementWise {

    /** The default threshold δ (PyTorch's and Keras'). */
    public static final double DEFAULT_DELTA = 1.0;

    /** Validates {@code delta}. */
    public Huber {
        if (!(delta > 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("huber delta must be positive and finite, got " + delta);
        }
    }

    /** Huber loss with {@link #DEFAULT_DELTA}. */
    public Huber() {
        this(DEFAULT_DELTA);
    }

    @Override
    public Node elements(Node output, Tensor target) {
        Node absolute = output.minus(Targets.alignTarget(name(), output, target)).abs();
        Node m = absolute.clamp(0.0, delta);
        return m.square().times(0.5).plus(absolute.minus(m).times(delta));
    }

    @Override
    public String name() {
        return "huber";
    }

    @Override
    public String spec() {
        return "huber(delta=" + delta + ")";
    }
}
