package dev.descent.train;

import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.data.Batch;
import dev.descent.data.Batcher;
import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.nn.Mode;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.Penalty;
import dev.descent.optim.Clipping;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Plateau;
import dev.descent.optim.schedule.Schedule;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
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
 *     forward → loss (+ penalty) → backward → clip → optimizer step (lr from the schedule) → callbacks
 *   validation metrics → plateau schedule → callbacks → checkpoint
 * </pre>
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
     *
     * @param history the history so far (empty for a fresh run), extended in place
     * @return the final state
     */
    public static TrainState fit(Run run, TrainState state, History history) {
        FitOptions o = run.options();
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
        int batches = batcher.batchesPerEpoch();
        TrainingEvent.TrainBegin begin = new TrainingEvent.TrainBegin(o.epochs(), batches, run.train().size(), state.epoch() + 1);
        callbacks.forEach(c -> c.onTrainBegin(begin, control));

        Params params = state.params();
        long step = state.step();
        int epoch = state.epoch();
        while (epoch < o.epochs() && control.stopReason().isEmpty() && control.failure().isEmpty()) {
            epoch++;
            EpochTotals totals = new EpochTotals(params);
            for (Batch batch : batcher.epoch(epoch - 1)) {
                double lr = learningRate(run, plateau, epoch - 1, step);
                double loss = step(run, params, state, batch, lr, dropout.fork(step), totals);
                step++;
                batchEnd(callbacks, control, epoch, batch.index() + 1, batches, step, loss, lr);
                if (control.failure().isPresent()) {
                    break;
                }
            }
            if (control.failure().isPresent()) {
                break;
            }
            Map<String, Double> metrics = totals.metrics();
            if (run.validation() != null) {
                Evaluation.evaluate(run.stack(), params, run.loss(), run.penalty(), run.validation())
                        .forEach((k, v) -> {
                            if (!k.equals("n") && !k.equals("objective")) {
                                metrics.put("val_" + k, v);
                            }
                        });
            }
            metrics.put("lr", learningRate(run, plateau, epoch - 1, step - 1));
            if (plateau != null) {
                plateau.observe(metrics.getOrDefault("val_loss", metrics.get("loss")), run.optimizer().learningRate());
            }
            TrainingEvent.EpochEnd end = new TrainingEvent.EpochEnd(epoch, step, metrics, totals.gradientNorms(), params);
            callbacks.forEach(c -> c.onEpochEnd(end, control));
            if (o.checkpointEvery() > 0 && epoch % o.checkpointEvery() == 0 && o.checkpoint().isPresent()) {
                TrainState snapshot = new TrainState(params, state.optimizerState(),
                        Optional.ofNullable(plateau).map(Plateau::state), epoch, step).copy();
                o.checkpoint().get().accept(new FitOptions.Checkpoint(snapshot, History.restore(history.steps(), history.epochs())));
            }
        }
        control.restoreRequest().ifPresent(params::copyFrom);
        history.finish(control.stopReason(), control.failure());
        int lastEpoch = epoch;
        String reason = control.failure().or(control::stopReason).orElse("");
        callbacks.forEach(c -> c.onTrainEnd(new TrainingEvent.TrainEnd(lastEpoch, reason)));
        return new TrainState(params, state.optimizerState(), Optional.ofNullable(plateau).map(Plateau::state), epoch, step);
    }

    private static void batchEnd(List<Callback> callbacks, TrainingControl control, int epoch, int batch, int batches,
                                   long step, double loss, double lr) {
        TrainingEvent.BatchEnd event = new TrainingEvent.BatchEnd(epoch, batch, batches, step, loss, lr);
        for (Callback c : callbacks) {
            c.onBatchEnd(event, control);
        }
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

    /** One update; returns the batch's data loss (without the penalty). */
    private static double step(Run run, Params params, TrainState state, Batch batch, double lr, Rng dropout, EpochTotals totals) {
        FitOptions o = run.options();
        Tape tape = new Tape();
        Map<String, Node> p = tape.watch(params);
        Node output = run.stack().forward(tape.constant(batch.x()), p, Mode.TRAIN, dropout);
        Node dataLoss = run.loss().apply(output, batch.y());
        Node objective = run.penalty().map(pen -> dataLoss.plus(pen.penalty(p))).orElse(dataLoss);
        Params grads = tape.gradient(objective, p);
        totals.add(dataLoss.value().item(), output.value(), batch, grads, run.train().task().isClassification());
        if (o.clipValue() > 0) {
            Clipping.clipByValue(grads, o.clipValue());
        }
        if (o.clipNorm() > 0) {
            Clipping.clipByGlobalNorm(grads, o.clipNorm());
        }
        run.optimizer().step(params, grads, state.optimizerState(), lr);
        return dataLoss.value().item();
    }

    /** Running sums over one epoch: loss, accuracy for classifiers, gradient norms. */
    private static final class EpochTotals {
        private double lossSum;
        private int batches;
        private long correct;
        private long rows;
        private final Map<String, Double> normSums = new LinkedHashMap<>();

        EpochTotals(Params params) {
            params.names().forEach(n -> normSums.put(n, 0.0));
        }

        void add(double loss, Tensor outputs, Batch batch, Params grads, boolean classification) {
            lossSum += loss;
            batches++;
            grads.asMap().forEach((name, g) -> normSums.merge(name, g.norm(), Double::sum));
            if (classification) {
                int[] predicted = Evaluation.predictedClasses(outputs);
                for (int i = 0; i < predicted.length; i++) {
                    if (predicted[i] == (int) batch.y().at(i)) {
                        correct++;
                    }
                }
                rows += predicted.length;
            }
        }

        Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", lossSum / batches);
            if (rows > 0) {
                m.put("accuracy", (double) correct / rows);
            }
            return m;
        }

        Map<String, Double> gradientNorms() {
            Map<String, Double> m = new LinkedHashMap<>();
            normSums.forEach((name, sum) -> m.put(name, sum / Math.max(1, batches)));
            return m;
        }
    }
}
