package dev.descent.train.callback;

import dev.descent.tensor.Params;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Stops training when a monitored metric has stopped improving (Keras {@code EarlyStopping}, with its {@code mode},
 * {@code baseline} and {@code start_from_epoch}).
 *
 * <p><b>Direction</b> ({@code mode}): under {@code min} smaller values are better, under {@code max} larger ones;
 * {@code auto}, the default, guesses from the metric's name ({@link #maximizes}: names containing {@code accuracy},
 * {@code f1}, {@code precision}, {@code recall} or {@code r2} are maximized, all others, such as {@code loss} or
 * {@code val_mae}, minimized). Name the mode for a metric the guess gets wrong.
 *
 * <p><b>Improvement</b>: a value beats a reference {@code r} when it is better by more than the least change, which is
 * either absolute, {@code minDelta} ({@code value < r − minDelta} under min, {@code value > r + minDelta} under max, as
 * in Keras), or relative, {@code minDeltaRelative·|r|} ({@code value < r·(1 − R)} for a positive {@code r} under min,
 * {@code value > r·(1 + R)} under max: PyTorch's {@code ReduceLROnPlateau} with {@code threshold_mode='rel'}). The
 * relative change is taken of {@code |r|}, not {@code r} as torch does, so that for a negative {@code r} it still asks
 * for a better value rather than accept a worse one. Absolute and relative are two keys rather than one number and a
 * {@code relative} flag, so that a spec says in the key what its number is; both at once is refused, as a reader could
 * take it for "either" or for "both". The first epoch with a number (a NaN never is one) is the best; a later epoch
 * that beats the best becomes the best.
 *
 * <p><b>Patience</b>: an epoch that becomes the best resets the count of epochs waited; any other epoch adds one, and
 * training stops after the epoch that brings the count to {@code patience}.
 *
 * <p><b>Baseline</b> (as in Keras): with a baseline {@code V}, a new best resets the count only if it also beats
 * {@code V} (by the same least change), so training stops after {@code patience} epochs unless an epoch beats {@code V}.
 * The best epoch is tracked, and restored with {@code restoreBest}, whether or not it beats {@code V}: "if no epoch
 * improves on baseline, training will run for patience epochs and restore weights from the best epoch in that set"
 * (Keras' documentation; older Keras started the best at {@code V}, so that nothing short of {@code V} could be
 * restored). Keras' code skips the stop test after an epoch that improves on the best without beating {@code V}, so
 * there a metric creeping down above {@code V} never stops; this class stops after {@code patience} epochs, as the
 * documentation says.
 *
 * <p><b>Warm-up</b> ({@code startFromEpoch} N, Keras' {@code start_from_epoch}): the first N epochs neither count
 * towards patience nor can be the best; watching starts with epoch N + 1 (epochs are 1-based here and 0-based in
 * Keras, so the same N skips the same epochs).
 *
 * <p>With {@code restoreBest}, the weights of the best epoch are copied back when training ends (also when it ran all
 * its epochs, unlike Keras 2, so the model you get is always the best one seen). They are the epoch's model weights
 * ({@link TrainingEvent.EpochEnd#model()}): with averaged weights, the average as of the best epoch, which the
 * validation metrics judged, rather than the live weights of that epoch.
 *
 * <p>This record is the configuration; {@link #start()} gives the callback for one run, and
 * {@link #resume(History, Params, Optional)} the callback for a run resumed from a checkpoint.
 *
 * @param monitor the metric key, e.g. {@code val_loss}
 * @param patience epochs without improvement before stopping (&gt;= 0)
 * @param minDelta the least absolute change that counts as an improvement (&gt;= 0)
 * @param restoreBest whether to restore the best epoch's weights at the end
 * @param mode whether smaller or larger values are better, or {@code AUTO} to guess from the name
 * @param baseline a value an epoch must beat to reset the patience count, if any (finite)
 * @param startFromEpoch the warm-up epochs, which are not watched (&gt;= 0)
 * @param minDeltaRelative the least change as a fraction of the reference's magnitude, in [0, 1); 0 unless
 *                         {@code minDelta} is 0
 */
public record EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest, Mode mode,
                            OptionalDouble baseline, int startFromEpoch, double minDeltaRelative) {

    public static final int DEFAULT_PATIENCE = 5;
    public static final double DEFAULT_MIN_DELTA = 0.0;

    /** Which values of the monitored metric are better. */
    public enum Mode {
        /** as {@link EarlyStopping#maximizes} guesses from the metric's name */
        AUTO,
        /** smaller values */
        MIN,
        /** larger values */
        MAX;

        /** Whether larger values of {@code metric} are better under this mode ({@code AUTO}: as its name suggests). */
        public boolean maximizes(String metric) {
            return switch (this) {
                case AUTO -> EarlyStopping.maximizes(metric);
                case MIN -> false;
                case MAX -> true;
            };
        }

        /** The spec's name of this mode: {@code auto}, {@code min} or {@code max}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Mode parse(String value) {
            for (Mode m : values()) {
                if (m.key().equals(value)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("--early-stopping: mode must be auto, min or max, got '" + value + "'");
        }
    }

    public EarlyStopping {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(baseline, "baseline");
        if (patience < 0) {
            throw new IllegalArgumentException("--early-stopping: patience must be >= 0, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("--early-stopping: min_delta must be >= 0, got " + minDelta);
        }
        if (baseline.isPresent() && !Double.isFinite(baseline.getAsDouble())) {
            throw new IllegalArgumentException("--early-stopping: baseline must be a finite number, got " + baseline.getAsDouble());
        }
        if (startFromEpoch < 0) {
            throw new IllegalArgumentException("--early-stopping: start_from_epoch must be >= 0, got " + startFromEpoch);
        }
        // a fraction: 1 or more would ask a positive loss to go below zero, surely a percentage typed as such
        if (!(minDeltaRelative >= 0 && minDeltaRelative < 1)) {
            throw new IllegalArgumentException("--early-stopping: min_delta_relative must be in [0, 1) (0.01 is 1%), got "
                    + minDeltaRelative);
        }
        if (minDelta > 0 && minDeltaRelative > 0) {
            throw new IllegalArgumentException("--early-stopping: min_delta (absolute) and min_delta_relative cannot be"
                    + " combined, got " + minDelta + " and " + minDeltaRelative + "; choose one");
        }
    }

    /** The configuration of the first four keys, the others at their defaults (auto mode, no baseline nor warm-up). */
    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {
        this(monitor, patience, minDelta, restoreBest, Mode.AUTO, OptionalDouble.empty(), 0, 0.0);
    }

    /**
     * The best epoch so far and its weights, as the callback keeps them for {@code restoreBest}. A checkpoint
     * stores them (see {@link Tracker#best()}) so that a run resumed after a later epoch can still restore them.
     *
     * @param epoch the best epoch (1-based)
     * @param params its weights
     */
    public record Best(int epoch, Params params) {
        public Best {
            if (epoch < 1) {
                throw new IllegalArgumentException("the best epoch must be >= 1, got " + epoch);
            }
            Objects.requireNonNull(params, "params");
        }
    }

    /**
     * Parses the command line's {@code --early-stopping "patience=5,min_delta=1e-4,restore_best=true"}; the keys are
     * {@code monitor} (default {@code defaultMonitor}), {@code patience} (default {@value #DEFAULT_PATIENCE}),
     * {@code min_delta} (default 0), {@code min_delta_relative} (default 0), {@code restore_best} (default false),
     * {@code mode} ({@code auto}, {@code min} or {@code max}; default auto), {@code baseline} (default none) and
     * {@code start_from_epoch} (default 0).
     */
    public static EarlyStopping parse(String text, String defaultMonitor) {
        String monitor = defaultMonitor;
        int patience = DEFAULT_PATIENCE;
        double minDelta = DEFAULT_MIN_DELTA;
        double minDeltaRelative = 0;
        boolean restoreBest = false;
        Mode mode = Mode.AUTO;
        OptionalDouble baseline = OptionalDouble.empty();
        int startFromEpoch = 0;
        String body = text.strip();
        for (String part : body.isEmpty() ? new String[0] : body.split(",")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            try {
                switch (key) {
                    case "monitor" -> monitor = value;
                    case "patience" -> patience = Integer.parseInt(value);
                    case "min_delta" -> minDelta = Double.parseDouble(value);
                    case "min_delta_relative" -> minDeltaRelative = Double.parseDouble(value);
                    case "restore_best" -> restoreBest = parseBoolean(value);
                    case "mode" -> mode = Mode.parse(value);
                    case "baseline" -> baseline = OptionalDouble.of(Double.parseDouble(value));
                    case "start_from_epoch" -> startFromEpoch = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("--early-stopping: unknown key '" + key
                            + "'; valid keys: monitor, patience, min_delta, min_delta_relative, restore_best, mode,"
                            + " baseline, start_from_epoch");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--early-stopping: " + key + " needs a number, got '" + value + "'");
            }
        }
        return new EarlyStopping(monitor, patience, minDelta, restoreBest, mode, baseline, startFromEpoch, minDeltaRelative);
    }

    /**
     * The spec {@link #parse} reads back into an equal configuration. The first four keys are always written out; the
     * later ones only when they differ from their defaults, so that a configuration without them has the spec that
     * checkpoints written before they existed recorded (a resume compares specs as text).
     */
    public String spec() {
        StringBuilder s = new StringBuilder("monitor=" + monitor + ",patience=" + patience + ",min_delta=" + minDelta
                + ",restore_best=" + restoreBest);
        if (mode != Mode.AUTO) {
            s.append(",mode=").append(mode.key());
        }
        baseline.ifPresent(b -> s.append(",baseline=").append(b));
        if (startFromEpoch != 0) {
            s.append(",start_from_epoch=").append(startFromEpoch);
        }
        if (minDeltaRelative != 0) {
            s.append(",min_delta_relative=").append(minDeltaRelative);
        }
        return s.toString();
    }

    private static boolean parseBoolean(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--early-stopping: restore_best must be true or false, got '" + value + "'");
        };
    }

    /** Whether larger values of the monitored metric are better: as {@code mode} says, or as its name suggests. */
    public boolean maximizing() {
        return mode.maximizes(monitor);
    }

    /**
     * Whether {@code value} is better than {@code reference} by more than the least change. At most one of minDelta
     * and minDeltaRelative is nonzero; the absolute margin is used as is (not as {@code minDelta + 0·|r|}), so that an
     * infinite reference compares as before.
     */
    private boolean beats(double value, double reference, boolean max) {
        double margin = minDeltaRelative > 0 ? minDeltaRelative * Math.abs(reference) : minDelta;
        return max ? value > reference + margin : value < reference - margin;
    }

    /** Whether larger values of {@code metric} are better, as {@code mode=auto} guesses from its name. */
    public static boolean maximizes(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        return m.contains("accuracy") || m.contains("f1") || m.contains("precision") || m.contains("recall") || m.contains("r2");
    }

    /** A callback holding this configuration and a fresh state for one run. */
    public Tracker start() {
        return new Tracker(this);
    }

    /**
     * The callback for a run resumed after the epochs in {@code past}: the best value, its epoch and the epochs
     * waited since are replayed from {@code past}'s monitored metric, so the run stops where the uninterrupted run
     * would have. With {@code restoreBest} the best epoch's weights must be known, so that the run ends with the
     * same weights as the uninterrupted one: they are {@code current} (the resumed model's weights, the average's when
     * the run keeps one: {@code TrainState.modelParams()}) when the best epoch is the last one of {@code past}, else {@code saved}, the best weights the checkpoint kept, which must be of the
     * replayed best epoch (they are not when the checkpoint was written without restore_best, or with other
     * early-stopping settings).
     *
     * @param saved the best epoch and weights stored with the checkpoint, if any
     * @throws IllegalArgumentException if {@code past} lacks the monitored metric, if the run had already stopped
     *                                  after its last epoch, or if the best epoch's weights are not known
     */
    public Tracker resume(History past, Params current, Optional<Best> saved) {
        Tracker t = new Tracker(this);
        if (replay(past, t)) {
            throw new IllegalArgumentException("early stopping: the run already stopped after epoch "
                    + past.epochs().getLast().epoch() + " (" + t.reason() + "); there is nothing to resume");
        }
        // no best yet (the warm-up, or only NaN values so far): there are no weights to restore
        if (restoreBest && t.hasBest) {
            t.bestParams = bestWeights(t, past.epochs().getLast().epoch(), current, saved);
        }
        return t;
    }

    /**
     * The best epoch of a run's {@code history} by these settings, the one {@code restoreBest} restores; empty when
     * no epoch after the warm-up had a number.
     */
    public OptionalInt bestEpoch(History history) {
        Tracker t = new Tracker(this);
        replay(history, t);
        return t.hasBest ? OptionalInt.of(t.bestEpoch) : OptionalInt.empty();
    }

    /** Feeds the epochs of {@code past} to {@code t}; returns whether the last one stopped the run. */
    private boolean replay(History past, Tracker t) {
        boolean stopped = false;
        for (History.EpochRecord e : past.epochs()) {
            stopped = t.observe(monitored(e.metrics()), e.epoch());
        }
        return stopped;
    }

    /** A copy of the weights of {@code t}'s best epoch, from a checkpoint taken after epoch {@code last}. */
    private Params bestWeights(Tracker t, int last, Params current, Optional<Best> saved) {
        if (t.bestEpoch == last) {
            return current.copy();
        }
        if (saved.isPresent() && saved.get().epoch() == t.bestEpoch) {
            return saved.get().params().copy();
        }
        String held = saved.map(b -> "epoch " + last + "'s and, as the best by the settings it was written with, epoch "
                + b.epoch() + "'s").orElse("epoch " + last + "'s");
        throw new IllegalArgumentException("early stopping: restore_best needs the weights of the best epoch so far ("
                + t.bestEpoch + ", " + monitor + " " + value(t.best) + "), but the checkpoint holds " + held
                + "; resume without restore_best, or from a checkpoint taken at epoch " + t.bestEpoch);
    }

    private double monitored(Map<String, Double> metrics) {
        Double value = metrics.get(monitor);
        if (value == null) {
            throw new IllegalArgumentException("early stopping monitors '" + monitor + "', which this run does not "
                    + "report; available: " + String.join(", ", new java.util.TreeSet<>(metrics.keySet())));
        }
        return value;
    }

    /**
     * The callback of one run: tracks the best value of the monitored metric and the epochs waited, asks the loop
     * to stop when they reach {@code patience} and, with {@code restoreBest}, to restore the best epoch's weights at
     * the end. The checkpoint writer reads {@link #best()}; the tracker knows nothing of checkpoints.
     */
    public static final class Tracker implements Callback {

        private final EarlyStopping config;
        private final boolean max;
        private boolean hasBest;
        private double best;
        private int bestEpoch;
        private int wait;
        private Params bestParams;

        private Tracker(EarlyStopping config) {
            this.config = config;
            this.max = config.maximizing();
        }

        /**
         * The best epoch so far and a copy of its weights, for a checkpoint to store; empty without
         * {@code restoreBest} (the weights are not kept) and before the first epoch.
         */
        public Optional<Best> best() {
            return bestParams == null ? Optional.empty() : Optional.of(new Best(bestEpoch, bestParams.copy()));
        }

        /**
         * Takes one epoch's value (a NaN value never becomes the best); returns whether training stops after it. A
         * warm-up epoch changes nothing.
         */
        private boolean observe(double value, int epoch) {
            if (epoch <= config.startFromEpoch) {
                return false;
            }
            if (!Double.isNaN(value) && (!hasBest || config.beats(value, best, max))) {
                hasBest = true;
                best = value;
                bestEpoch = epoch;
                if (config.baseline.isEmpty() || config.beats(value, config.baseline.getAsDouble(), max)) {
                    wait = 0;
                    return false;
                }
            }
            wait++;
            return wait >= config.patience;
        }

        /** Why the run stops: the patience ran out, or no epoch beat the baseline in that many epochs. */
        private String reason() {
            OptionalDouble baseline = config.baseline;
            // a best that beats the baseline reset the count when it came, so only the later epochs failed
            boolean shortOfBaseline = baseline.isPresent() && !(hasBest && config.beats(best, baseline.getAsDouble(), max));
            return config.monitor + (shortOfBaseline
                    ? " did not beat the baseline " + value(baseline.getAsDouble()) + " in " + config.patience + " epochs"
                    : " did not improve for " + config.patience + " epochs");
        }

        /** A resumed run that knows its best weights restores them even when no epoch is left to train. */
        @Override
        public void onTrainBegin(TrainingEvent.TrainBegin event, TrainingControl control) {
            requestRestore(control);
        }

        @Override
        public void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
            boolean stop = observe(config.monitored(event.metrics()), event.epoch());
            boolean becameBest = hasBest && bestEpoch == event.epoch();
            if (becameBest && config.restoreBest) {
                bestParams = event.model().copy();
            }
            if (stop) {
                control.requestStop("early stopping: " + reason()
                        + (hasBest ? " (best " + value(best) + " at epoch " + bestEpoch + ")" : ""));
            }
            requestRestore(control);
        }

        private void requestRestore(TrainingControl control) {
            if (config.restoreBest && bestParams != null) {
                control.restoreAtEnd(bestParams);
            }
        }
    }

    private static String value(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
