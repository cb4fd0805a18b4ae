package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Polynomial decay from the base rate to {@code end_lr} over {@code total_steps} steps, then constant, as
 * {@code torch.optim.lr_scheduler.PolynomialLR} (which ends at 0) and Keras' {@code PolynomialDecay}.
 * <pre>
 *   lr(t) = end_lr + (base_lr − end_lr) · (1 − min(t, total_steps) / total_steps)^power
 * </pre>
 * Defaults: total_steps required; power {@value #DEFAULT_POWER}; end_lr {@value #DEFAULT_END_LR}. Both torch and
 * Keras ({@code cycle=False}) hold the last rate after total_steps, as this does; followed by {@code then}, the
 * next schedule starts at t = total_steps. Closed form (torch's {@code get_lr} multiplies by a ratio each step).
 *
 * @param totalSteps the length of the decay, ≥ 1
 * @param power the exponent, &gt; 0 (1 is linear)
 * @param endLr the rate from total_steps on, ≥ 0
 */
public record Polynomial(long totalSteps, double power, double endLr) implements Schedule {

    /** The spec name. */
    public static final String NAME = "polynomial";
    public static final double DEFAULT_POWER = 1.0;
    public static final double DEFAULT_END_LR = 0.0;

    public Polynomial {
        Checks.atLeast(NAME, "total_steps", totalSteps, 1);
        Checks.positive(NAME, "power", power);
        Checks.atLeastZero(NAME, "end_lr", endLr);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lr(long t, double baseLr) {
        Checks.checkStep(NAME, t);
        double remaining = 1 - (double) Math.min(t, totalSteps) / totalSteps;
        return endLr + (baseLr - endLr) * Math.pow(remaining, power);
    }

    @Override
    public OptionalLong length() {
        return OptionalLong.of(totalSteps);
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("total_steps", totalSteps, "power", power, "end_lr", endLr);
    }

    @Override
    public String toString() {
        return spec();
    }
}
