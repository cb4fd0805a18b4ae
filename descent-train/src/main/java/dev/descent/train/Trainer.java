package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.data.Batcher;
import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.Penalty;
import dev.descent.optim.AverageState;
import dev.descent.optim.Optimizer;
import dev.descent.optim.WeightAverage;
import dev.descent.optim.schedule.Plateau;
import dev.descent.optim.schedule.Schedule;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.train.callback.Callback;
import dev.descent.train.callback.History;
import dev.descent.train.callback.TrainingControl;
import dev.descent.train.callback.TrainingEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one training loop every way of training shares:
 * <pre>
 * for each epoch:                      rows reshuffled from (seed, epoch)
 *   for each batch:                    batch GD, stochastic or mini-batch: one mechanism
 *     forward → loss (+ penalty) → backward → clip → optimizer step (lr from the schedule) → average → callbacks
 *   average → validation metrics → plateau schedule → callbacks → checkpoint
 * </pre>
 * With {@link FitOptions#average()} the loop keeps a running average of the weights ({@code ema} takes them in after
 * every update, {@code swa} after every epoch from its start epoch). Once the average has begun, the epoch's
 * validation metrics are computed with it (the model the run would save then; the training {@code loss} stays the
 * mean of the batches' losses on the live weights), and the run ends with it as the parameters, unless a callback
 * asks to restore other weights (early stopping's best epoch, whose weights are then that epoch's average).
 * The update itself is the one pluggable piece: {@link FitOptions#engine()} opens an {@link Updater} for the
 * run. The local engine computes each batch's gradient here ({@link FusedGradients} where they cover the model,
 * else {@link TapeGradients}); the {@code descent-spark} module's
 * engines compute the same step from a cluster's partitions, or average the partitions' local steps (an
 * update then takes {@link Updater#batchesPerUpdate()} batches). Everything else, from the batch order to
 * checkpoints, is this loop's for every engine.
 * Rows with weights ({@link RowSource#weighted()}, in memory or streamed from a file) make each batch's loss their weighted mean
 * {@code Σ w_i·ℓ_i / Σ w_i}, the epoch's loss the same mean over the epoch, and the validation loss the weighted
 * mean over the validation rows' weights; accuracy and the other {@code val_*} metrics still count rows (Keras'
 * {@code metrics}), and weighted validation rows add them weighted as {@code val_weighted_<metric>} (Keras'
 * {@code weighted_metrics}: {@link Evaluation#evaluateWeighted}). A batch whose weights sum to 0 has loss 0 and
 * a zero data gradient, and its update is still taken (momentum, weight decay and the step count go on, as in Keras).
 * Randomness comes from streams derived from the seed: {@code init}, {@code shuffle} forked by epoch, and
 * {@code dropout} forked by step. The position (epoch, step) is therefore the whole random state, and a run
 * resumed from a checkpoint continues bit for bit like one that never stopped.
 */
public final class Trainer {

    private Trainer() {
    }

    /**
     * Inputs of one run: what to train, how, and on what. {@code validation} may be null.
     *
     * @param penalty an L1 or L2 penalty on the kernels added to the loss, if any
     * @param train the training rows: in memory, or streamed from a {@code .dsc} file
     */
    public record Run(Stack stack, Optimizer optimizer, Loss loss, Optional<Penalty> penalty, RowSource train,
                      Dataset validation, FitOptions options) {
    }

    /**
     * Trains from {@code state} (its params and optimizer state are updated in place) until
     * {@code options.epochs()} epochs are complete, a callback stops it, or the loss becomes non-finite.
     * With averaging, {@code state}'s average is continued (a resumed run) or, when it has none, a fresh one begun.
     *
     * @param history the history so far (empty for a fresh run), extended in place
     * @return the final state, whose params are the model's final weights (the average's, or those restored)
     * @throws IllegalArgumentException when the training rows, or the validation rows, have weights that sum to 0
     */
    public static TrainState fit(Run run, TrainState state, History history) {
        if (run.train().weighted() && !(run.train().totalWeight() > 0)) {
            throw new IllegalArgumentException("the training rows' weights sum to 0: there is nothing to learn from");
        }
        // their weighted loss would be the convention 0 every epoch, a best val_loss that early stopping would keep
        if (run.validation() != null && run.validation().weighted() && !(run.validation().totalWeight() > 0)) {
            throw new IllegalArgumentException("the validation rows' weights sum to 0: there is nothing to measure");
        }
        try (Updater updater = run.options().engine().open(run)) {
            return fit(run, updater, state, history);
        }
    }

    private static TrainState fit(Run run, Updater updater, TrainState state, History history) {
        FitOptions o = run.options();
        boolean weighted = run.train().weighted();
        Batcher batcher = new Batcher(run.train(), o.batchSize(), o.shuffle(), o.dropLast(), Rng.seeded(o.seed()).fork("shuffle"));
        Rng dropout = Rng.seeded(o.seed()).fork("dropout");
        Plateau plateau = o.schedule().orElse(null) instanceof Plateau p ? p : null;
        if (plateau != null) {
            plateau.restore(state.plateau().orElse(plateau.initialState()));
        }
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(history);
        callbacks.addAll(o.callbacks());
        TrainingControl control = new TrainingControl();
        int perUpdate = updater.batchesPerUpdate();
        int batchesPerEpoch = batcher.batchesPerEpoch();
        int updates = Math.ceilDiv(batchesPerEpoch, perUpdate);
        TrainingEvent.TrainBegin begin = new TrainingEvent.TrainBegin(o.epochs(), updates, run.train().size(), state.epoch() + 1,
                weighted);
        callbacks.forEach(c -> c.onTrainBegin(begin, control));

        Params params = state.params();
        WeightAverage averaging = o.average().orElse(null);
        AverageState average = averaging == null ? null : state.average().orElseGet(() -> averaging.init(params));
        long step = state.step();
        int epoch = state.epoch();
        boolean classification = run.train().task().isClassification();
        List<Batch> group = new ArrayList<>(perUpdate);
        while (epoch < o.epochs() && control.stopReason().isEmpty() && control.failure().isEmpty()) {
            epoch++;
            EpochTotals totals = new EpochTotals(params, weighted);
            int update = 0;
            for (Batch batch : batcher.epoch(epoch - 1, 0, updater.readsBatchValues())) {
                // a group of more than one batch keeps copies: the batcher reuses its buffers
                group.add(perUpdate == 1 ? batch : updater.readsBatchValues() ? batch.copy() : batch.rowsOnly());
                if (group.size() < perUpdate && batch.index() + 1 < batchesPerEpoch) {
                    continue;
                }
                double lr = learningRate(run, plateau, epoch - 1, step);
                Update u = updater.update(group, params, state.optimizerState(), lr, dropout.fork(step));
                if (averaging != null) {
                    averaging.afterUpdate(params, average);
                }
                totals.add(u, rows(group), classification);
                group.clear();
                step++;
                update++;
                batchEnd(callbacks, control, epoch, update, updates, step, u, lr);
                if (control.failure().isPresent()) {
                    break;
                }
            }
            group.clear();
            if (control.failure().isPresent()) {
                break;
            }
            if (averaging != null) {
                averaging.afterEpoch(params, average, epoch);
            }
            Params model = TrainState.modelParams(params, average);
            Map<String, Double> metrics = totals.metrics();
            if (run.validation() != null) {
                Evaluation.Results v = Evaluation.evaluateBoth(run.stack(), model, run.loss(), run.penalty(), run.validation());
                putEpochMetrics(metrics, "val_", v.metrics());
                v.weighted().ifPresent(w -> putEpochMetrics(metrics, "val_weighted_", w));
            }
            metrics.put("lr", learningRate(run, plateau, epoch - 1, step - 1));
            if (plateau != null) {
                plateau.observe(metrics.getOrDefault("val_loss", metrics.get("loss")), run.optimizer().learningRate());
            }
            TrainingEvent.EpochEnd end = new TrainingEvent.EpochEnd(epoch, step, metrics, totals.gradientNorms(), params, model);
            callbacks.forEach(c -> c.onEpochEnd(end, control));
            if (control.failure().isEmpty() && o.checkpointEvery() > 0 && epoch % o.checkpointEvery() == 0 && o.checkpoint().isPresent()) {
                TrainState snapshot = new TrainState(params, state.optimizerState(),
                        Optional.ofNullable(plateau).map(Plateau::state), Optional.ofNullable(average), epoch, step).copy();
                o.checkpoint().get().accept(new FitOptions.Checkpoint(snapshot, History.restore(history.steps(), history.epochs())));
            }
        }
        Params end = control.restoreRequest().orElseGet(() -> TrainState.modelParams(params, average));
        if (end != params) {
            params.copyFrom(end);
        }
        history.finish(control.stopReason(), control.failure());
        int lastEpoch = epoch;
        String reason = control.failure().or(control::stopReason).orElse("");
        callbacks.forEach(c -> c.onTrainEnd(new TrainingEvent.TrainEnd(lastEpoch, reason)));
        return new TrainState(params, state.optimizerState(), Optional.ofNullable(plateau).map(Plateau::state),
                Optional.ofNullable(average), epoch, step);
    }

    private static void batchEnd(List<Callback> callbacks, TrainingControl control, int epoch, int batch, int batches,
                                   long step, Update u, double lr) {
        TrainingEvent.BatchEnd event = new TrainingEvent.BatchEnd(epoch, batch, batches, step, u.loss(), lr, u.weight());
        for (Callback c : callbacks) {
            c.onBatchEnd(event, control);
        }
    }

    /**
     * Puts an evaluation's figures into an epoch's metrics under {@code prefix}, without the row count and their weight
     * (the same every epoch) and the objective; under {@code val_weighted_} without the loss too, which {@code val_loss}
     * already is (the validation loss is always weighted).
     */
    private static void putEpochMetrics(Map<String, Double> metrics, String prefix, Map<String, Double> figures) {
        figures.forEach((k, v) -> {
            boolean repeated = k.equals("objective") || k.equals("loss") && prefix.equals("val_weighted_");
            if (!k.equals("n") && !k.equals("weight_sum") && !repeated) {
                metrics.put(prefix + k, v);
            }
        });
    }

    /** The rate for the update at (0-based) {@code epochIndex} / {@code step}. */
    private static double learningRate(Run run, Plateau plateau, int epochIndex, long step) {
        double base = run.optimizer().learningRate();
        if (plateau != null) {
            return plateau.lr(epochIndex, base);
        }
        Optional<Schedule> schedule = run.options().schedule();
        if (schedule.isEmpty()) {
            return base;
        }
        long t = run.options().scheduleUnit() == ScheduleUnit.EPOCH ? epochIndex : step;
        return schedule.get().lr(t, base);
    }

    private static int rows(List<Batch> batches) {
        int rows = 0;
        for (Batch b : batches) {
            rows += b.size();
        }
        return rows;
    }

    /**
     * Running sums over one epoch: loss, accuracy for classifiers, gradient norms. The epoch's loss is the mean of
     * its updates' losses; with weighted rows, their mean weighted by each update's total weight, which makes it the
     * weighted mean {@code Σ w_i·ℓ_i / Σ w_i} over the epoch's rows (each at the parameters of its update).
     */
    private static final class EpochTotals {
        private final boolean weighted;
        private double lossSum;
        private double weightSum;
        private int batches;
        private long correct;
        private long rows;
        private final List<String> names;
        private final double[] normSums;

        EpochTotals(Params params, boolean weighted) {
            this.weighted = weighted;
            names = params.names();
            normSums = new double[names.size()];
        }

        void add(Update update, int batchRows, boolean classification) {
            lossSum += weighted ? update.loss() * update.weight() : update.loss();
            weightSum += update.weight();
            batches++;
            for (int i = 0; i < normSums.length; i++) {
                normSums[i] += update.gradientNorms()[i];
            }
            if (classification) {
                correct += update.correct();
                rows += batchRows;
            }
        }

        Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", !weighted ? lossSum / batches : weightSum > 0 ? lossSum / weightSum : 0);
            if (rows > 0) {
                m.put("accuracy", (double) correct / rows);
            }
            return m;
        }

        Map<String, Double> gradientNorms() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < normSums.length; i++) {
                m.put(names.get(i), normSums[i] / Math.max(1, batches));
            }
            return m;
        }
    }
}
