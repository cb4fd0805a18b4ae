package dev.descent.spark;

import dev.descent.data.Batch;
import dev.descent.optim.OptimizerState;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.train.Update;
import dev.descent.train.Updater;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Model averaging (Zinkevich et al. 2010; McDonald et al. 2010; DL4J's {@code ParameterAveragingTrainingMaster}):
 * an update is a round of {@code localSteps} batches. The driver broadcasts the parameters and the optimizer
 * state; every partition takes one local step per batch on the batch's rows that it holds ({@link LocalRound});
 * the driver then sets the parameters to the plain mean of the partitions' parameters.
 *
 * <p><b>Optimizer state.</b> It is averaged like the parameters (as DL4J does with {@code saveUpdater}): each
 * slot buffer (momentum, Adam's moments, ...) and each scalar becomes the mean of the partitions', and the step
 * count becomes the largest partition's, so the next round starts every partition from the same state. Only
 * partitions that took a step in the round count in the means.
 *
 * <p>With one partition this is local training exactly (the average of one), as long as a round's K steps would
 * have one rate locally too (a round takes the rate of its first step) and there is no dropout (a partition draws
 * its own masks). With plain SGD, one local step
 * and partitions that hold equal numbers of each batch's rows, it is the synchronous step.
 */
final class AveragingUpdater implements Updater {

    private final JavaSparkContext context;
    private final CachedShards shards;
    private final Recipe recipe;
    private final int localSteps;

    AveragingUpdater(JavaSparkContext context, CachedShards shards, Recipe recipe, int localSteps) {
        this.context = context;
        this.shards = shards;
        this.recipe = recipe;
        this.localSteps = localSteps;
    }

    @Override
    public int batchesPerUpdate() {
        return localSteps;
    }

    /** The partitions hold the rows: a round needs only each batch's row numbers. */
    @Override
    public boolean readsBatchValues() {
        return false;
    }

    @Override
    public Update update(List<Batch> batches, Params params, OptimizerState state, double lr, Rng dropout) {
        Broadcast<LocalRound.Start> start = context.broadcast(new LocalRound.Start(TensorValues.of(params), StateValues.of(state)));
        List<int[]> rows = new ArrayList<>();
        batches.forEach(b -> rows.add(b.rows().clone()));
        int firstBatch = batches.getFirst().index();
        long dropoutState = dropout.state();
        Recipe r = recipe;
        List<LocalRound> rounds;
        try {
            rounds = shards.rdd().map(s -> LocalRound.run(s, r, start.value(), rows, firstBatch, lr, dropoutState)).collect()
                    .stream().filter(round -> round.steps() > 0).toList();
        } finally {
            start.destroy();
        }
        params.copyFrom(mean(rounds.stream().map(LocalRound::params).toList()).toParams());
        state.copyFrom(meanState(rounds));
        return report(rounds, params.count());
    }

    /** The element-wise mean, added in partition order. */
    private static TensorValues mean(List<TensorValues> values) {
        TensorValues sum = TensorValues.sum(values);
        sum.divideBy(values.size());
        return sum;
    }

    private static double mean(double[] values) {
        double sum = values[0];
        for (int i = 1; i < values.length; i++) {
            sum += values[i];
        }
        return sum / values.length;
    }

    private static OptimizerState meanState(List<LocalRound> rounds) {
        StateValues first = rounds.getFirst().state();
        LinkedHashMap<String, Double> scalars = new LinkedHashMap<>();
        first.scalars().keySet().forEach(name -> scalars.put(name,
                mean(rounds.stream().mapToDouble(r -> r.state().scalars().get(name)).toArray())));
        LinkedHashMap<String, TensorValues> slots = new LinkedHashMap<>();
        first.slots().keySet().forEach(name -> slots.put(name,
                mean(rounds.stream().map(r -> r.state().slots().get(name)).toList())));
        long step = rounds.stream().mapToLong(r -> r.state().step()).max().orElseThrow();
        return new StateValues(step, scalars, slots).toState();
    }

    /** The round's loss and accuracy over every row used, and the mean gradient norms over every local step. */
    private static Update report(List<LocalRound> rounds, int parameters) {
        double lossSum = 0;
        long rows = 0;
        long correct = 0;
        int steps = 0;
        double[] norms = new double[parameters];
        for (LocalRound r : rounds) {
            lossSum += r.lossSum();
            rows += r.rows();
            correct += r.correct();
            steps += r.steps();
            for (int i = 0; i < parameters; i++) {
                norms[i] += r.normSums()[i];
            }
        }
        for (int i = 0; i < parameters; i++) {
            norms[i] /= steps;
        }
        return new Update(lossSum / rows, norms, correct, rows);
    }

    @Override
    public void close() {
        shards.close();
    }
}
