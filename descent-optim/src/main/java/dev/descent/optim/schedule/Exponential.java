package dev.descent.optim.schedule;

import java.util.Map;

/**
 * Exponential decay: multiply the learning rate by γ every step, as
 * {@code torch.optim.lr_scheduler.ExponentialLR}.
 * <pre>
 *   lr(t) = base_lr · γ^t
 * </pre>
 * Defaults: gamma required. Closed form (torch multiplies recursively; the two differ by ~1e-17 relative).
 *
 * @param gamma the factor γ, ≥ 0
 */
public record Exponential(double gamma) implements Schedule {

    /** The spec name. */
    public static final String NAME = "exponential";

    public Exponential {
        Checks.atLeastZero(NAME, "gamma", gamma);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lr(long t, double baseLr) {
        Checks.checkStep(NAME, t);
        return baseLr * Math.pow(gamma, (double) t);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("gamma", gamma);
    }

    @Override
    public String toString() {
        return spec();
    }
}
