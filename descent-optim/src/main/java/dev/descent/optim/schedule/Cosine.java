package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Cosine annealing from the base rate to η_min over {@code t_max} steps (Loshchilov &amp; Hutter, SGDR, without
 * restarts), as {@code torch.optim.lr_scheduler.CosineAnnealingLR} in its closed form.
 * <pre>
 *   lr(t) = η_min + (base_lr − η_min) · (1 + cos(π·t / t_max)) / 2
 * </pre>
 * Defaults: t_max required; eta_min {@value #DEFAULT_ETA_MIN}. Past t_max the closed form rises again, as in
 * torch; followed by {@code then}, the next schedule starts at t = t_max. torch's {@code get_lr} is recursive
 * and differs from the closed form in the last bits.
 *
 * @param tMax the half period, ≥ 1
 * @param etaMin the minimum learning rate η_min
 * @see <a href="https://arxiv.org/abs/1608.03983">I. Loshchilov, F. Hutter, "SGDR: Stochastic Gradient Descent
 *      with Warm Restarts", ICLR 2017</a>
 */
public record Cosine(long tMax, double etaMin) implements Schedule {

    /** The spec name. */
    public static final String NAME = "cosine";
    public static final double DEFAULT_ETA_MIN = 0.0;

    public Cosine {
        Checks.atLeast(NAME, "t_max", tMax, 1);
        Checks.atLeastZero(NAME, "eta_min", etaMin);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lr(long t, double baseLr) {
        Checks.checkStep(NAME, t);
        return anneal(baseLr, etaMin, t, tMax);
    }

    /** From {@code baseLr} at t = 0 down to {@code etaMin} at t = period: the SGDR cosine, shared with restarts. */
    static double anneal(double baseLr, double etaMin, long t, long period) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * t / period)) / 2;
    }

    @Override
    public OptionalLong length() {
        return OptionalLong.of(tMax);
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("t_max", tMax, "eta_min", etaMin);
    }

    @Override
    public String toString() {
        return spec();
    }
}
