package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The 1cycle policy (Smith &amp; Topin, 2019), as {@code torch.optim.lr_scheduler.OneCycleLR}: up from
 * {@code max_lr/div_factor} to {@code max_lr}, then down to {@code initial/final_div_factor}.
 *
 * <h2>Equations</h2>
 * <pre>
 *   initial = max_lr / div_factor          min = initial / final_div_factor
 *   two phases (three_phase = false):
 *     phase 1: initial → max_lr,  ends at e₁ = pct_start·total_steps − 1
 *     phase 2: max_lr → min,      ends at e₂ = total_steps − 1
 *   three phases:
 *     initial → max_lr until pct_start·total_steps − 1, max_lr → initial until 2·pct_start·total_steps − 2,
 *     initial → min until total_steps − 1
 *   in the phase (start s, end e, from a to b), with p = (t − s)/(e − s), s = the previous phase's end (0 first):
 *     cos:    lr = b + (a − b)/2 · (1 + cos(π·p))
 *     linear: lr = (b − a)·p + a
 *   t &gt; total_steps is an error (t = total_steps extrapolates the last phase, as in torch)
 * </pre>
 * The base learning rate is ignored, as torch ignores the optimizer's lr.
 *
 * <h2>Defaults</h2>
 * <ul><li>max_lr, total_steps: required</li><li>pct_start {@value #DEFAULT_PCT_START}</li>
 * <li>anneal_strategy {@value #DEFAULT_ANNEAL_STRATEGY}</li><li>div_factor {@value #DEFAULT_DIV_FACTOR}</li>
 * <li>final_div_factor {@value #DEFAULT_FINAL_DIV_FACTOR}</li><li>three_phase {@value #DEFAULT_THREE_PHASE}</li></ul>
 *
 * <h2>Conventions</h2>
 * torch's default {@code cycle_momentum=True} also cycles the optimizer's momentum (or β₁) between 0.95 and
 * 0.85; this schedule only sets the learning rate.
 *
 * @param maxLr the peak learning rate
 * @param totalSteps the length of the cycle
 * @param pctStart the fraction of the cycle spent increasing
 * @param annealStrategy {@code cos} or {@code linear}
 * @param divFactor initial = max_lr / div_factor
 * @param finalDivFactor min = initial / final_div_factor
 * @param threePhase use the three-phase variant
 * @see <a href="https://arxiv.org/abs/1708.07120">L. N. Smith, N. Topin, "Super-Convergence: Very Fast Training
 *      of Neural Networks Using Large Learning Rates", 2019</a>
 */
public record OneCycle(double maxLr, long totalSteps, double pctStart, String annealStrategy, double divFactor,
                       double finalDivFactor, boolean threePhase) implements Schedule {

    /** The spec name. */
    public static final String NAME = "onecycle";
    public static final double DEFAULT_PCT_START = 0.3;
    public static final String DEFAULT_ANNEAL_STRATEGY = "cos";
    public static final double DEFAULT_DIV_FACTOR = 25.0;
    public static final double DEFAULT_FINAL_DIV_FACTOR = 1e4;
    public static final boolean DEFAULT_THREE_PHASE = false;

    public OneCycle {
        Checks.atLeastZero(NAME, "max_lr", maxLr);
        Checks.atLeast(NAME, "total_steps", totalSteps, 1);
        if (!(pctStart >= 0 && pctStart <= 1)) {
            throw Checks.invalid(NAME, "pct_start", "must be in [0, 1]", pctStart);
        }
        Checks.oneOf(NAME, "anneal_strategy", annealStrategy, "cos", "linear");
        Checks.positive(NAME, "div_factor", divFactor);
        Checks.positive(NAME, "final_div_factor", finalDivFactor);
    }

    /** OneCycle with torch's defaults. */
    public static OneCycle of(double maxLr, long totalSteps) {
        return new OneCycle(maxLr, totalSteps, DEFAULT_PCT_START, DEFAULT_ANNEAL_STRATEGY, DEFAULT_DIV_FACTOR,
                DEFAULT_FINAL_DIV_FACTOR, DEFAULT_THREE_PHASE);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lr(long t, double baseLr) {
        Checks.checkStep(NAME, t);
        if (t > totalSteps) {
            throw new IllegalArgumentException(NAME + ": step " + t + " is past total_steps=" + totalSteps);
        }
        double initial = maxLr / divFactor;
        double min = initial / finalDivFactor;
        double[] ends;
        double[] from;
        double[] to;
        if (threePhase) {
            ends = new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
            from = new double[] {initial, maxLr, initial};
            to = new double[] {maxLr, initial, min};
        } else {
            ends = new double[] {pctStart * totalSteps - 1, totalSteps - 1};
            from = new double[] {initial, maxLr};
            to = new double[] {maxLr, min};
        }
        double start = 0;
        for (int i = 0; i < ends.length; i++) {
            if (t <= ends[i] || i == ends.length - 1) {
                double pct = (t - start) / (ends[i] - start);
                return anneal(from[i], to[i], pct);
            }
            start = ends[i];
        }
        throw new AssertionError();
    }

    private double anneal(double a, double b, double pct) {
        if ("cos".equals(annealStrategy)) {
            double cosOut = Math.cos(Math.PI * pct) + 1;
            return b + (a - b) / 2.0 * cosOut;
        }
        return (b - a) * pct + a;
    }

    @Override
    public OptionalLong length() {
        return OptionalLong.of(totalSteps);
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("max_lr", maxLr, "total_steps", totalSteps, "pct_start", pctStart,
                "anneal_strategy", annealStrategy, "div_factor", divFactor, "final_div_factor", finalDivFactor,
                "three_phase", threePhase);
    }

    @Override
    public String toString() {
        return spec();
    }
}
