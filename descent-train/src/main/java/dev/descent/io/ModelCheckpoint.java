package dev.descent.io;

import dev.descent.tensor.Params;
import dev.descent.train.callback.Callback;
import dev.descent.train.callback.EarlyStopping;
import dev.descent.train.callback.TrainingControl;
import dev.descent.train.callback.TrainingEvent;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Saves the model directory at the end of epochs (Keras {@code ModelCheckpoint}): every epoch, or with
 * {@code bestOnly} only when the monitored metric improves on the best so far, in the direction {@code mode} gives
 * ({@code AUTO}, the default: lower is better, except for accuracy-like metrics; see
 * {@link EarlyStopping#maximizes}). Each save replaces the directory's files atomically, so the directory always
 * holds one complete model. The model saved is the epoch's ({@link TrainingEvent.EpochEnd#model()}): the averaged
 * weights when the run keeps an average.
 *
 * <pre>{@code
 * FitOptions.builder().callback(new ModelCheckpoint(dir, p -> model.toSaved(p, Map.of()), "val_loss", true))
 * }</pre>
 *
 * <p>For checkpoints that resume training bit for bit (optimizer state, position), use
 * {@link Checkpoints} through {@code FitOptions.Builder.checkpoint}.
 */
public final class ModelCheckpoint implements Callback {

    private final Path dir;
    private final Function<Params, SavedModel> snapshot;
    private final String monitor;
    private final boolean bestOnly;
    private final boolean max;
    private double best = Double.NaN;

    /** As the full constructor, with {@code mode} {@code AUTO}. */
    public ModelCheckpoint(Path dir, Function<Params, SavedModel> snapshot, String monitor, boolean bestOnly) {
        this(dir, snapshot, monitor, bestOnly, EarlyStopping.Mode.AUTO);
    }

    /**
     * @param dir the model directory to (re)write
     * @param snapshot turns the epoch's model weights into the saved model (e.g. {@code Sequential.toSaved})
     * @param monitor the metric that decides "best", e.g. {@code val_loss}
     * @param bestOnly save only on improvement
     * @param mode whether smaller ({@code MIN}) or larger ({@code MAX}) values are better, or {@code AUTO} to guess
     *             from the metric's name, as early stopping's {@code mode}
     */
    public ModelCheckpoint(Path dir, Function<Params, SavedModel> snapshot, String monitor, boolean bestOnly,
                           EarlyStopping.Mode mode) {
        this.dir = dir;
        this.snapshot = snapshot;
        this.monitor = monitor;
        this.bestOnly = bestOnly;
        this.max = mode.maximizes(monitor);
    }

    @Override
    public void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
        if (bestOnly) {
            Double value = event.metrics().get(monitor);
            if (value == null) {
                throw new IllegalArgumentException("model checkpoint monitors '" + monitor + "', which this run does not report");
            }
            if (!Double.isNaN(best) && !(max ? value > best : value < best)) {
                return;
            }
            best = value;
        }
        ModelFiles.save(dir, snapshot.apply(event.model()));
    }
}
