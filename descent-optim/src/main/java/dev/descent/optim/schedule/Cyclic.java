package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.Map;

/**
 * Cyclical learning rates (Smith, 2017), as {@code torch.optim.lr_scheduler.CyclicLR}: a triangle wave between
 * {@code base_lr} and {@code max_lr}, {@code step_size_up} steps up and as many down.
 * <pre>
 *   s = step_size_up,  cycle = ⌊t / 2s⌋ + 1,  x = 1 − |t mod 2s − s| / s     (0 at the ends of a cycle, 1 at its peak)
 *   lr(t) = base_lr + (max_lr − base_lr) · x · scale
 *   scale = 1                    (triangular)
 *           1 / 2^(cycle − 1)    (triangular2: the height halves every cycle)
 *           γ^t                  (exp_range: the height shrinks every step)
 * </pre>
 * Defaults: base_lr, max_lr required; step_size_up {@value #DEFAULT_STEP_SIZE_UP}; mode
 * {@value #DEFAULT_MODE}; gamma {@value #DEFAULT_GAMMA} (only exp_range uses it, so any other value with another
 * mode is an error rather than silently ignored, as torch ignores it). The base learning rate is ignored, as
 * torch replaces the optimizer's lr with base_lr. It never ends, so nothing follows it with {@code then}.
 * x is computed from whole numbers (torch's {@code get_lr} divides in floating point, which can differ in the
 * last bits).
 *
 * <h2>Conventions</h2>
 * torch's {@code step_size_down} (default: step_size_up), {@code scale_fn} and {@code scale_mode} are not
 * offered; nor is its default {@code cycle_momentum=True}, which also cycles the optimizer's momentum (or β₁)
 * between 0.8 and 0.9: this schedule only sets the learning rate.
 *
 * @param baseLr the low end of the cycle, ≥ 0
 * @param maxLr the high end of the cycle, ≥ 0
 * @param stepSizeUp the steps from the low end to the high end, and back, ≥ 1
 * @param mode {@code triangular}, {@code triangular2} or {@code exp_range}
 * @param gamma the per-step factor of exp_range, &gt; 0
 * @see <a href="https://arxiv.org/abs/1506.01186">L. N. Smith, "Cyclical Learning Rates for Training Neural
 *      Networks", WACV 2017</a>
 */
public record Cyclic(double baseLr, double maxLr, long stepSizeUp, String mode, double gamma) implements Schedule {

    /** The spec name. */
    public static final String NAME = "cyclic";
    public static final long DEFAULT_STEP_SIZE_UP = 2000;
    public static final String DEFAULT_MODE = "triangular";
    public static final double DEFAULT_GAMMA = 1.0;

    public Cyclic {
        Checks.atLeastZero(NAME, "base_lr", baseLr);
        Checks.atLeastZero(NAME, "max_lr", maxLr);
        Checks.atLeast(NAME, "step_size_up", stepSizeUp, 1);
        Checks.oneOf(NAME, "mode", mode, "triangular", "triangular2", "exp_range");
        Checks.positive(NAME, "gamma", gamma);
        if (gamma != DEFAULT_GAMMA && !"exp_range".equals(mode)) {
            throw Checks.invalid(NAME, "gamma", "applies only to mode=exp_range (mode is " + mode + ")", gamma);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The rate at step {@code t}; {@code baseLr} (the optimizer's) is not used. */
    @Override
    public double lr(long t, double ignoredBaseLr) {
        Checks.checkStep(NAME, t);
        long period = 2 * stepSizeUp;
        double x = (double) (stepSizeUp - Math.abs(t % period - stepSizeUp)) / stepSizeUp;
        double scale = switch (mode) {
            case "triangular2" -> Math.pow(0.5, (double) (t / period));
            case "exp_range" -> Math.pow(gamma, (double) t);
            default -> 1.0;
        };
        return baseLr + (maxLr - baseLr) * x * scale;
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("base_lr", baseLr, "max_lr", maxLr, "step_size_up", stepSizeUp, "mode", mode,
                "gamma", gamma);
    }

    @Override
    public String toString() {
        return spec();
    }
}
