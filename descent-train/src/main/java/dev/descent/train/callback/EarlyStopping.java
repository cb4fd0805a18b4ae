package dev.descent.train.callback;

import dev.descent.tensor.Params;
import java.util.Map;

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
 * <p>This record is the configuration; {@link #start()} gives the callback for one run.
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
            throw new IllegalArgumentException("early stopping: patience must be >= 0, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping: min_delta must be >= 0, got " + minDelta);
        }
    }

    /** The mutable progress of one run; a record keeps the configuration, this keeps the state. */
    private static final class Progress {
        boolean hasBest;
        double best;
        int bestEpoch;
        int wait;
        Params bestParams;

        /** Takes one epoch's value; returns whether it improved on the best so far (a NaN value never does). */
        boolean observe(double value, int epoch, boolean max, double minDelta) {
            boolean improved = !hasBest || (max ? value > best + minDelta : value < best - minDelta);
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

    /** A callback instance holding this configuration and a fresh state for one run. */
    public Callback start() {
        return callback(new Progress());
    }

    /**
     * The callback for a run resumed after the epochs in {@code past}: the best value, its epoch and the epochs
     * waited since are replayed from {@code past}'s monitored metric, so the run stops where the uninterrupted run
     * would have. With {@code restoreBest} the best epoch's weights must be known: they are {@code current} (the
     * resumed weights) when the best epoch is the last one of {@code past}; an earlier best epoch is an error,
     * because its weights were not kept.
     *
     * @throws IllegalArgumentException if {@code past} lacks the monitored metric, if the run had already stopped
     *                                  after its last epoch, or as above
     */
    public Callback resume(History past, Params current) {
        Progress p = new Progress();
        boolean max = maximizes(monitor);
        int last = -1;
        boolean improved = true;
        for (History.EpochRecord e : past.epochs()) {
            improved = p.observe(monitored(e.metrics()), e.epoch(), max, minDelta);
            last = e.epoch();
        }
        if (!improved && p.wait >= patience) {
            throw new IllegalArgumentException("early stopping: the run already stopped after epoch " + last + " (" + monitor
                    + " did not improve for " + patience + " epochs); there is nothing to resume");
        }
        if (restoreBest && last >= 0) {
            if (p.bestEpoch != last) {
                throw new IllegalArgumentException("early stopping: restore_best needs the weights of the best epoch so far ("
                        + p.bestEpoch + ", " + monitor + " " + value(p.best) + "), but the checkpoint holds epoch " + last
                        + "'s; resume without restore_best, or from a checkpoint taken at epoch " + p.bestEpoch);
            }
            p.bestParams = current.copy();
        }
        return callback(p);
    }

    private double monitored(Map<String, Double> metrics) {
        Double value = metrics.get(monitor);
        if (value == null) {
            throw new IllegalArgumentException("early stopping monitors '" + monitor + "', which this run does not "
                    + "report; available: " + String.join(", ", new java.util.TreeSet<>(metrics.keySet())));
        }
        return value;
    }

    private Callback callback(Progress p) {
        boolean max = maximizes(monitor);
        return new Callback() {
            @Override
            public void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
                boolean improved = p.observe(monitored(event.metrics()), event.epoch(), max, minDelta);
                if (improved && restoreBest) {
                    p.bestParams = event.params().copy();
                }
                if (!improved && p.wait >= patience) {
                    control.requestStop("early stopping: " + monitor + " did not improve for " + patience
                            + " epochs (best " + value(p.best) + " at epoch " + p.bestEpoch + ")");
                }
                if (restoreBest && p.bestParams != null) {
                    control.restoreAtEnd(p.bestParams);
                }
            }
        };
    }

    private static String value(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
