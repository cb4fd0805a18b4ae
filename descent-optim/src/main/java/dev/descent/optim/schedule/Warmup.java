package dev.descent.optim.schedule;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Linear warm-up to the base rate over {@code steps} steps, then constant.
 * <pre>
 *   lr(t) = base_lr · (t + 1) / steps     for t &lt; steps
 *   lr(t) = base_lr                       for t ≥ steps
 * </pre>
 * The first step already uses {@code base_lr/steps} (never 0), and step {@code steps − 1} reaches the base
 * rate. This equals {@code torch.optim.lr_scheduler.LinearLR(start_factor=1/steps, end_factor=1,
 * total_iters=steps − 1)} up to rounding. In {@code warmup(steps=100) then cosine(t_max=900)} the cosine starts
 * at t = 100.
 *
 * @param steps the warm-up length, ≥ 1
 */
public record Warmup(long steps) implements Schedule {

    /** The spec name. */
    public static final String NAME = "warmup";

    public Warmup {
        Checks.atLeast(NAME, "steps", steps, 1);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lr(long t, double baseLr) {
        Checks.checkStep(NAME, t);
        return t < steps ? baseLr * (t + 1) / steps : baseLr;
    }

    @Override
    public OptionalLong length() {
        return OptionalLong.of(steps);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("steps", steps);
    }

    @Override
    public String toString() {
        return spec();
    }
}
