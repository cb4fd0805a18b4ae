package dev.descent.train.callback;

import dev.descent.tensor.Params;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Stops training when a monitored metric has stopped improving (Keras {@code EarlyStopping}).
 *
 * <p>An epoch improves on the best so far when {@code value < best − minDelta} (metrics to minimize, such as
 * {@code loss} and {@code val_loss}) or {@code value > best + minDelta} (metrics whose name contains
 * {@code accuracy}, {@code f1}, {@code precision}, {@code recall} or {@code r2}); {@code minDelta} is absolute,
 * as in Keras. After {@code patience} epochs in a row without improvement, training stops. With
 * {@code restoreBest}, the weights of the best epoch are copied back when training ends (also when it ran
 * all its epochs, unlike Keras 2, so the model you get is always the best one seen).
 *
 * <p>This record is the configuration; {@link #start()} gives the callback for one run, and
 * {@link #resume(History, Params, Optional)} the callback for a run resumed from a checkpoint.
 *
 * @param monitor the metric key, e.g. {@code val_loss}
 * @param patience epochs without improvement before stopping (&gt;= 0)
 * @param minDelta the least change that counts as an improvement (&gt;= 0)
 * @param restoreBest whether to restore the best epoch's weights at the end
 */
public record EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBest) {

    public static final int DEFAULT_PATIENCE = 5;
    public static final double DEFAULT_MIN_DELTA = 0.0;

    public EarlyStopping {
        if (patience < 0) {
            throw new IllegalArgumentException("--early-stopping: patience must be >= 0, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("--early-stopping: min_delta must be >= 0, got " + minDelta);
        }
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
     * Parses the command line's {@code --early-stopping "patience=5,min_delta=1e-4,restore_best=true"}; the
     * keys are {@code monitor} (default {@code defaultMonitor}), {@code patience} (default
     * {@value #DEFAULT_PATIENCE}), {@code min_delta} (default 0) and {@code restore_best} (default false).
     */
    public static EarlyStopping parse(String text, String defaultMonitor) {
        String monitor = defaultMonitor;
        int patience = DEFAULT_PATIENCE;
        double minDelta = DEFAULT_MIN_DELTA;
        boolean restoreBest = false;
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
                    case "restore_best" -> restoreBest = parseBoolean(value);
                    default -> throw new IllegalArgumentException("--early-stopping: unknown key '" + key
                            + "'; valid keys: monitor, patience, min_delta, restore_best");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--early-stopping: " + key + " needs a number, got '" + value + "'");
            }
        }
        return new EarlyStopping(monitor, patience, minDelta, restoreBest);
    }

    /** The spec {@link #parse} reads back into an equal configuration, with every key written out. */
    public String spec() {
        return "monitor=" + monitor + ",patience=" + patience + ",min_delta=" + minDelta + ",restore_best=" + restoreBest;
    }

    private static boolean parseBoolean(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--early-stopping: restore_best must be true or false, got '" + value + "'");
        };
    }

    /** Whether larger values of {@code metric} are better. */
    public static boolean maximizes(String metric) {
        String m = metric.toLowerCase(java.util.Locale.ROOT);
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
     * same weights as the uninterrupted one: they are {@code current} (the resumed weights) when the best epoch is
     * the last one of {@code past}, else {@code saved}, the best weights the checkpoint kept, which must be of the
     * replayed best epoch (they are not when the checkpoint was written without restore_best, or with other
     * early-stopping settings).
     *
     * @param saved the best epoch and weights stored with the checkpoint, if any
     * @throws IllegalArgumentException if {@code past} lacks the monitored metric, if the run had already stopped
     *                                  after its last epoch, or if the best epoch's weights are not known
     */
    public Tracker resume(History past, Params current, Optional<Best> saved) {
        Tracker t = new Tracker(this);
        int last = -1;
        boolean improved = true;
        for (History.EpochRecord e : past.epochs()) {
            improved = t.observe(monitored(e.metrics()), e.epoch());
            last = e.epoch();
        }
        if (!improved && t.wait >= patience) {
            throw new IllegalArgumentException("early stopping: the run already stopped after epoch " + last + " (" + monitor
                    + " did not improve for " + patience + " epochs); there is nothing to resume");
        }
        if (restoreBest && last >= 0) {
            t.bestParams = bestWeights(t, last, current, saved);
        }
        return t;
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
     * The callback of one run: tracks the best value of the monitored metric and the epochs since, asks the loop
     * to stop after {@code patience} epochs without improvement and, with {@code restoreBest}, to restore the best
     * epoch's weights at the end. The checkpoint writer reads {@link #best()}; the tracker knows nothing of
     * checkpoints.
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
            this.max = maximizes(config.monitor);
        }

        /**
         * The best epoch so far and a copy of its weights, for a checkpoint to store; empty without
         * {@code restoreBest} (the weights are not kept) and before the first epoch.
         */
        public Optional<Best> best() {
            return bestParams == null ? Optional.empty() : Optional.of(new Best(bestEpoch, bestParams.copy()));
        }

        /** Takes one epoch's value; returns whether it improved on the best so far (a NaN value never does). */
        private boolean observe(double value, int epoch) {
            boolean improved = !Double.isNaN(value)
                    && (!hasBest || (max ? value > best + config.minDelta : value < best - config.minDelta));
            if (improved) {
                hasBest = true;
                best = value;
                bestEpoch = epoch;
                wait = 0;
            } else {
                wait++;
            }
            return improved;
        }

        /** A resumed run that knows its best weights restores them even when no epoch is left to train. */
        @Override
        public void onTrainBegin(TrainingEvent.TrainBegin event, TrainingControl control) {
            requestRestore(control);
        }

        @Override
        public void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
            boolean improved = observe(config.monitored(event.metrics()), event.epoch());
            if (improved && config.restoreBest) {
                bestParams = event.params().copy();
            }
            if (!improved && wait >= config.patience) {
                control.requestStop("early stopping: " + config.monitor + " did not improve for " + config.patience
                        + " epochs (best " + value(best) + " at epoch " + bestEpoch + ")");
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
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
