package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.Map;

/**
 * Inverse-time decay, 1/t and (with power ½) 1/√t: Keras' {@code InverseTimeDecay} generalized by a power.
 * <pre>
 *   lr(t) = base_lr / (1 + decay_rate · t / decay_steps)^power
 * </pre>
 * Defaults: decay_rate required; decay_steps {@value #DEFAULT_DECAY_STEPS}; power {@value #DEFAULT_POWER}.
 * With power 1 this is {@code keras.optimizers.schedules.InverseTimeDecay(staircase=False)} (t counts updates
 * from 0 as Keras' {@code optimizer.iterations} does). {@code inverse_time(decay_rate=1, power=0.5)} is Spark
 * MLlib's SGD step size {@code stepSize/√i}, whose iteration i counts from 1: i = t + 1. PyTorch has no
 * class for it ({@code LambdaLR} with this formula).
 *
 * @param decayRate how fast the rate falls, ≥ 0
 * @param decaySteps the steps over which {@code decay_rate} applies once, ≥ 1
 * @param power the exponent, &gt; 0
 */
public record InverseTime(double decayRate, long decaySteps, double power) implements Schedule {

    /** The spec name. */
    public static final String NAME = "inverse_time";
    public static final long DEFAULT_DECAY_STEPS = 1;
    public static final double DEFAULT_POWER = 1.0;

    public InverseTime {
        Checks.atLeastZero(NAME, "decay_rate", decayRate);
        Checks.atLeast(NAME, "decay_steps", decaySteps, 1);
        Checks.positive(NAME, "power", power);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lr(long t, double baseLr) {
        Checks.checkStep(NAME, t);
        return baseLr / Math.pow(1 + decayRate * ((double) t / decaySteps), power);   // Keras' order of operations
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("decay_rate", decayRate, "decay_steps", decaySteps, "power", power);
    }

    @Override
    public String toString() {
        return spec();
    }
}
