package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.Map;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov &amp; Hutter 2017), as
 * {@code torch.optim.lr_scheduler.CosineAnnealingWarmRestarts}: a cosine from the base rate to η_min over
 * T_i steps, then back to the base rate, each cycle {@code t_mult} times longer than the one before.
 * <pre>
 *   cycles: T_0 = t_0, T_(i+1) = T_i · t_mult; cycle i starts at S_i = T_0 + … + T_(i−1)
 *   for S_i ≤ t &lt; S_i + T_i:   t_cur = t − S_i
 *   lr(t) = η_min + (base_lr − η_min) · (1 + cos(π · t_cur / T_i)) / 2
 * </pre>
 * Defaults: t_0 required; t_mult {@value #DEFAULT_T_MULT}; eta_min {@value #DEFAULT_ETA_MIN}. It never ends, so
 * nothing follows it with {@code then}. The cycle is found in whole numbers (torch's {@code step(epoch)} uses a
 * floating-point logarithm; its default step-by-step counting agrees with this).
 *
 * @param t0 the first cycle's length, ≥ 1
 * @param tMult the factor by which each cycle is longer than the one before, ≥ 1
 * @param etaMin the minimum learning rate η_min
 * @see <a href="https://arxiv.org/abs/1608.03983">I. Loshchilov, F. Hutter, "SGDR: Stochastic Gradient Descent
 *      with Warm Restarts", ICLR 2017</a>
 */
public record CosineRestarts(long t0, long tMult, double etaMin) implements Schedule {

    /** The spec name. */
    public static final String NAME = "cosine_restarts";
    public static final long DEFAULT_T_MULT = 1;
    public static final double DEFAULT_ETA_MIN = 0.0;

    public CosineRestarts {
        Checks.atLeast(NAME, "t_0", t0, 1);
        Checks.atLeast(NAME, "t_mult", tMult, 1);
        Checks.atLeastZero(NAME, "eta_min", etaMin);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lr(long t, double baseLr) {
        Checks.checkStep(NAME, t);
        if (tMult == 1) {   // one division, where the loop below would take t/t_0 turns
            return Cosine.anneal(baseLr, etaMin, t % t0, t0);
        }
        long start = 0;
        long cycle = t0;
        while (t - start >= cycle) {
            start += cycle;
            // saturate: a cycle longer than any step count never ends, and must not overflow into a negative one
            cycle = cycle > Long.MAX_VALUE / tMult ? Long.MAX_VALUE : cycle * tMult;
        }
        return Cosine.anneal(baseLr, etaMin, t - start, cycle);
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("t_0", t0, "t_mult", tMult, "eta_min", etaMin);
    }

    @Override
    public String toString() {
        return spec();
    }
}
