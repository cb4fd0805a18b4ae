package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.Map;

/**
 * Step decay: multiply the learning rate by γ every {@code step_size} steps, as
 * {@code torch.optim.lr_scheduler.StepLR}.
 * <pre>
 *   lr(t) = base_lr · γ^⌊t / step_size⌋
 * </pre>
 * Defaults: step_size required; gamma {@value #DEFAULT_GAMMA}. Closed form (torch's {@code get_lr} multiplies
 * by γ at each boundary, which can differ in the last bit).
 *
 * @param stepSize the period, ≥ 1
 * @param gamma the factor γ, ≥ 0
 */
public record Step(long stepSize, double gamma) implements Schedule {

    /** The spec name. */
    public static final String NAME = "step";
    public static final double DEFAULT_GAMMA = 0.1;

    public Step {
        Checks.atLeast(NAME, "step_size", stepSize, 1);
        Checks.atLeastZero(NAME, "gamma", gamma);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lr(long t, double baseLr) {
        Checks.checkStep(NAME, t);
        return baseLr * Math.pow(gamma, (double) (t / stepSize));
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("step_size", stepSize, "gamma", gamma);
    }

    @Override
    public String toString() {
        return spec();
    }
}
