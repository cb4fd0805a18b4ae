package dev.descent.train.callback;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The Keras-style progress line. On a terminal it redraws one line per epoch as batches finish:
 * <pre>
 * Epoch 3/20 [=========&gt;....................] 120/300 - 2s - loss: 0.1234
 * </pre>
 * where {@code loss} is the epoch's loss so far, as the Trainer computes it at the epoch's end: the mean of the updates'
 * losses, with weighted rows weighted by their total weights ({@code Σ ℓ_b·W_b / Σ W_b}, so an update whose rows all
 * weigh 0 does not count), and ends it with the epoch's metrics ({@code - val_loss: ...}). When the stream is not a terminal (a log
 * file, CI) it prints one plain line per epoch instead, so logs stay readable. Time comes from an injected
 * clock so tests see fixed text.
 */
public final class ProgressBar implements Callback {

    private static final int WIDTH = 30;
    /** Redraw at most every 100 ms on a terminal. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private int epochs;
    private long epochStart;
    private long lastDraw;
    private boolean weighted;
    /** The epoch's updates' losses so far: summed, or with weighted rows summed times their weights. */
    private double lossSum;
    /** What {@link #lossSum} is divided by: the updates so far, or with weighted rows their total weight. */
    private double lossCount;
    private int batches;

    public ProgressBar(PrintStream out, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    @Override
    public void onTrainBegin(TrainingEvent.TrainBegin event, TrainingControl control) {
        epochs = event.epochs();
        weighted = event.weighted();
    }

    @Override
    public void onBatchEnd(TrainingEvent.BatchEnd event, TrainingControl control) {
        if (event.batch() == 1) {
            epochStart = nanoClock.getAsLong();
            lossSum = 0;
            lossCount = 0;
            batches = 0;
        }
        // the running loss is the one the epoch ends on (the Trainer's): a weightless update's 0 measures nothing
        lossSum += weighted ? event.loss() * event.weight() : event.loss();
        lossCount += weighted ? event.weight() : 1;
        batches++;
        long now = nanoClock.getAsLong();
        if (terminal && (now - lastDraw >= REDRAW_NANOS || event.batch() == event.batchesPerEpoch())) {
            lastDraw = now;
            out.print("\r" + head(event.epoch()) + " " + bar(event.batch(), event.batchesPerEpoch()) + " - "
                    + seconds(now) + " - loss: " + format(lossCount > 0 ? lossSum / lossCount : 0) + "\u001b[K");
            out.flush();
        }
    }

    @Override
    public void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
        StringBuilder line = new StringBuilder();
        line.append(terminal ? "\r" : "").append(head(event.epoch())).append(' ');
        line.append(terminal ? bar(batches, batches) : batches + "/" + batches);
        line.append(" - ").append(seconds(nanoClock.getAsLong()));
        appendMetrics(line, event.metrics());
        out.println(line.append(terminal ? "\u001b[K" : ""));
        out.flush();
    }

    private String head(int epoch) {
        return "Epoch " + epoch + "/" + epochs;
    }

    private static String bar(int done, int total) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '=' : i == filled ? '>' : '.');
        }
        return sb.append("] ").append(done).append('/').append(total).toString();
    }

    private String seconds(long now) {
        return Math.round((now - epochStart) / 1e9) + "s";
    }

    /** {@code loss} first, then the rest in Keras' order: training metrics, then {@code val_*}, then {@code lr}. */
    private static void appendMetrics(StringBuilder line, Map<String, Double> metrics) {
        metrics.entrySet().stream()
                .sorted((a, b) -> {
                    int ra = rank(a.getKey());
                    int rb = rank(b.getKey());
                    return ra != rb ? Integer.compare(ra, rb) : a.getKey().compareTo(b.getKey());
                })
                .forEach(e -> line.append(" - ").append(e.getKey()).append(": ").append(format(e.getValue())));
    }

    private static int rank(String key) {
        if (key.equals("loss")) {
            return 0;
        }
        if (key.equals("lr")) {
            return 3;
        }
        return key.startsWith("val_") ? 2 : 1;
    }

    private static String format(double v) {
        return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 || v == 0
                ? String.format(Locale.ROOT, "%.4f", v)
                : String.format(Locale.ROOT, "%.4e", v);
    }
}
