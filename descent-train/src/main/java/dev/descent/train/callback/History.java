package dev.descent.train.callback;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The record of a run (Keras' {@code History}): every update's batch loss and learning rate, every epoch's
 * metrics and per-parameter gradient norms, and why training stopped.
 *
 * <p>{@link #writeCsv} writes {@code history.csv} with one row per update: {@code epoch,step,loss,val_loss,lr},
 * then the other epoch-level columns ({@code epoch_loss}, the metrics, {@code grad_norm/<param>}). {@code loss} is
 * that batch's loss and {@code lr} the rate it was taken with; the epoch-level columns, {@code val_loss} among
 * them, are filled on the row that ends each epoch and empty elsewhere ({@code val_loss} is always there, empty
 * throughout a run without validation, so its position is fixed). So one file gives both the raw per-step cost
 * and the per-epoch curves.
 */
public final class History implements Callback {

    /** One update. */
    public record StepRecord(int epoch, long step, double loss, double lr) {
    }

    /** One epoch's metrics and mean gradient norms. */
    public record EpochRecord(int epoch, long step, Map<String, Double> metrics, Map<String, Double> gradientNorms) {
    }

    /** The validation loss: a fixed column of history.csv, right after the batch loss. */
    private static final String VAL_LOSS = "val_loss";

    private final List<StepRecord> steps = new ArrayList<>();
    private final List<EpochRecord> epochs = new ArrayList<>();
    private String stopReason;
    private String failure;

    /** An empty history. */
    public History() {
    }

    /** A history holding these records, to continue a run resumed from a checkpoint. */
    public static History restore(List<StepRecord> steps, List<EpochRecord> epochs) {
        History h = new History();
        h.steps.addAll(steps);
        h.epochs.addAll(epochs);
        return h;
    }

    @Override
    public void onBatchEnd(TrainingEvent.BatchEnd event, TrainingControl control) {
        steps.add(new StepRecord(event.epoch(), event.step(), event.loss(), event.lr()));
    }

    @Override
    public void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
        epochs.add(new EpochRecord(event.epoch(), event.step(), event.metrics(), event.gradientNorms()));
    }

    /** Called by the loop with how training ended. */
    public void finish(Optional<String> stopReason, Optional<String> failure) {
        this.stopReason = stopReason.orElse(null);
        this.failure = failure.orElse(null);
    }

    public List<StepRecord> steps() {
        return Collections.unmodifiableList(steps);
    }

    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The values of one metric per epoch (NaN where an epoch lacks it), as Keras' {@code history.history[key]}. */
    public double[] metric(String key) {
        return epochs.stream().mapToDouble(e -> e.metrics().getOrDefault(key, Double.NaN)).toArray();
    }

    /** The last epoch's metrics. */
    public Map<String, Double> last() {
        return epochs.isEmpty() ? Map.of() : epochs.getLast().metrics();
    }

    /** Why training stopped before its last epoch (early stopping), if it did. */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /** Why the run failed (NaN loss), if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Writes {@code history.csv} as described above; numbers as {@link Double#toString} so they read back exactly. */
    public void writeCsv(Writer out) throws IOException {
        Set<String> epochColumns = new LinkedHashSet<>();
        Set<String> normColumns = new LinkedHashSet<>();
        for (EpochRecord e : epochs) {
            e.metrics().keySet().stream().sorted().filter(k -> !k.equals("lr") && !k.equals(VAL_LOSS))
                    .forEach(epochColumns::add);
            normColumns.addAll(e.gradientNorms().keySet());
        }
        List<String> header = new ArrayList<>(List.of("epoch", "step", "loss", VAL_LOSS, "lr"));
        epochColumns.forEach(k -> header.add(k.equals("loss") ? "epoch_loss" : k));
        normColumns.forEach(k -> header.add("grad_norm/" + k));
        out.write(String.join(",", header) + "\n");

        Map<Long, EpochRecord> byStep = new LinkedHashMap<>();
        for (EpochRecord e : epochs) {
            byStep.put(e.step(), e);
        }
        for (StepRecord s : steps) {
            EpochRecord e = byStep.get(s.step());
            Map<String, Double> metrics = e == null ? Map.of() : e.metrics();
            Map<String, Double> norms = e == null ? Map.of() : e.gradientNorms();
            StringBuilder row = new StringBuilder().append(s.epoch()).append(',').append(s.step()).append(',')
                    .append(s.loss()).append(',').append(cell(metrics, VAL_LOSS)).append(',').append(s.lr());
            for (String k : epochColumns) {
                row.append(',').append(cell(metrics, k));
            }
            for (String k : normColumns) {
                row.append(',').append(cell(norms, k));
            }
            out.write(row.append('\n').toString());
        }
    }

    /** {@code values[key]} as {@link Double#toString} writes it, or empty when absent. */
    private static String cell(Map<String, Double> values, String key) {
        Double v = values.get(key);
        return v == null ? "" : v.toString();
    }
}
