package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.Map;
import java.util.Objects;

/**
 * Reduce the learning rate when a metric stops improving, as
 * {@code torch.optim.lr_scheduler.ReduceLROnPlateau}. The one stateful schedule: call {@link #observe} once
 * per epoch with the metric (e.g. the validation loss); {@link #lr} returns the current rate.
 *
 * <h2>Equations</h2>
 * State: best = +∞ (mode min) or −∞ (max), bad = 0, cooldown_counter = 0, lr = base_lr. On each metric value a:
 * <pre>
 *   better = a &lt; best·(1 − threshold)     (min, rel)     a &lt; best − threshold     (min, abs)
 *            a &gt; best·(1 + threshold)     (max, rel)     a &gt; best + threshold     (max, abs)
 *   if better: best = a, bad = 0   else: bad += 1
 *   if cooldown_counter &gt; 0: cooldown_counter −= 1, bad = 0
 *   if bad &gt; patience:
 *       new = max(lr·factor, min_lr);  if lr − new &gt; eps: lr = new
 *       cooldown_counter = cooldown, bad = 0
 * </pre>
 *
 * <h2>Defaults</h2>
 * <ul><li>mode {@value #DEFAULT_MODE}</li><li>factor {@value #DEFAULT_FACTOR}</li>
 * <li>patience {@value #DEFAULT_PATIENCE}</li><li>threshold {@value #DEFAULT_THRESHOLD}</li>
 * <li>threshold_mode {@value #DEFAULT_THRESHOLD_MODE}</li><li>cooldown {@value #DEFAULT_COOLDOWN}</li>
 * <li>min_lr {@value #DEFAULT_MIN_LR}</li><li>eps {@value #DEFAULT_EPS}</li></ul>
 *
 * <h2>Conventions</h2>
 * The threshold is relative by default, as in torch; Keras' {@code min_delta} and scikit-learn's {@code tol}
 * are absolute, optax has both, DJL a percentage. The state ({@link State}) is explicit: save it with
 * {@link #state()} and put it back with {@link #restore}. Equality and {@link #spec()} cover the
 * configuration only.
 */
public final class Plateau implements Schedule {

    /** The spec name. */
    public static final String NAME = "plateau";
    public static final String DEFAULT_MODE = "min";
    public static final double DEFAULT_FACTOR = 0.1;
    public static final long DEFAULT_PATIENCE = 10;
    public static final double DEFAULT_THRESHOLD = 1e-4;
    public static final String DEFAULT_THRESHOLD_MODE = "rel";
    public static final long DEFAULT_COOLDOWN = 0;
    public static final double DEFAULT_MIN_LR = 0.0;
    public static final double DEFAULT_EPS = 1e-8;

    /**
     * The saveable state.
     *
     * @param best the best metric so far (±∞ before the first observation)
     * @param numBadEpochs epochs without improvement since the last improvement or reduction
     * @param cooldownCounter epochs left in the cool-down
     * @param epochs metric values observed
     * @param lr the current learning rate, or NaN while it is still the base rate
     */
    public record State(double best, long numBadEpochs, long cooldownCounter, long epochs, double lr) {
    }

    private final String mode;
    private final double factor;
    private final long patience;
    private final double threshold;
    private final String thresholdMode;
    private final long cooldown;
    private final double minLr;
    private final double eps;
    private State state;

    public Plateau(String mode, double factor, long patience, double threshold, String thresholdMode, long cooldown,
                   double minLr, double eps) {
        Checks.oneOf(NAME, "mode", mode, "min", "max");
        if (!(factor >= 0 && factor < 1)) {
            throw Checks.invalid(NAME, "factor", "must be in [0, 1)", factor);
        }
        Checks.atLeast(NAME, "patience", patience, 0);
        Checks.atLeastZero(NAME, "threshold", threshold);
        Checks.oneOf(NAME, "threshold_mode", thresholdMode, "rel", "abs");
        Checks.atLeast(NAME, "cooldown", cooldown, 0);
        Checks.atLeastZero(NAME, "min_lr", minLr);
        Checks.atLeastZero(NAME, "eps", eps);
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.state = initialState();
    }

    /** Plateau with torch's defaults. */
    public static Plateau defaults() {
        return new Plateau(DEFAULT_MODE, DEFAULT_FACTOR, DEFAULT_PATIENCE, DEFAULT_THRESHOLD, DEFAULT_THRESHOLD_MODE,
                DEFAULT_COOLDOWN, DEFAULT_MIN_LR, DEFAULT_EPS);
    }

    /** The state before any observation. */
    public State initialState() {
        return new State("min".equals(mode) ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, 0, 0, 0, Double.NaN);
    }

    /** The current state (immutable; save it to checkpoint). */
    public State state() {
        return state;
    }

    /** Replaces the state (from a checkpoint). */
    public void restore(State saved) {
        this.state = Objects.requireNonNull(saved);
    }

    /** Observes one metric value (once per epoch) and reduces the rate if it has stopped improving. */
    public void observe(double metric, double baseLr) {
        State s = state;
        double best = s.best();
        long bad = s.numBadEpochs();
        long cool = s.cooldownCounter();
        double current = s.lr();
        if (isBetter(metric, best)) {
            best = metric;
            bad = 0;
        } else {
            bad++;
        }
        if (cool > 0) {
            cool--;
            bad = 0;
        }
        if (bad > patience) {
            double lr = Double.isNaN(current) ? baseLr : current;
            double reduced = Math.max(lr * factor, minLr);
            if (lr - reduced > eps) {
                current = reduced;
            }
            cool = cooldown;
            bad = 0;
        }
        state = new State(best, bad, cool, s.epochs() + 1, current);
    }

    private boolean isBetter(double a, double best) {
        boolean rel = "rel".equals(thresholdMode);
        if ("min".equals(mode)) {
            return rel ? a < best * (1 - threshold) : a < best - threshold;
        }
        return rel ? a > best * (threshold + 1) : a > best + threshold;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The current rate: the base rate until the first reduction. {@code t} is not used. */
    @Override
    public double lr(long t, double baseLr) {
        return Double.isNaN(state.lr()) ? baseLr : state.lr();
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("mode", mode, "factor", factor, "patience", patience, "threshold", threshold,
                "threshold_mode", thresholdMode, "cooldown", cooldown, "min_lr", minLr, "eps", eps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plateau p && config().equals(p.config());
    }

    @Override
    public int hashCode() {
        return config().hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }
}
