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
import java.util.Optional;

/**
 * Model averaging (Zinkevich et al. 2010; McDonald et al. 2010; DL4J's {@code ParameterAveragingTrainingMaster}):
 * an update is a round of {@code localSteps} batches. The driver broadcasts the parameters and the optimizer
 * state; every partition takes one local step per batch on the batch's rows that it holds ({@link LocalRound});
 * the driver then sets the parameters to the mean of the partitions' parameters: the plain mean
 * {@code θ = (1/P)·Σ_p θ_p} over the P partitions that took a step (DL4J's, which divides the parameters' sum by the
 * number of workers) for unweighted rows, and for weighted rows the mean weighted by each partition's weight sum
 * over the round, {@code θ = Σ_p (W_p/W)·θ_p} with {@code W_p = Σ w_i} over the rows it stepped on and
 * {@code W = Σ_p W_p} (McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from Decentralized
 * Data": FedAvg's {@code n_k/n}, with the weights counting the rows).
 *
 * <p><b>Why weight sums for weighted rows.</b> Each partition's local loss is the weighted mean over its own rows, so
 * a partition's total weight cancels inside it: were the partitions' parameters averaged plainly, rows of heavy weight
 * would count for no more than light ones as soon as they sit in different partitions (class weights on rows sorted by
 * class, as iris is, would do nothing at all). The weight sums put that share back, and with one local step of plain
 * or momentum SGD and no clipping a round is the synchronous step in exact arithmetic
 * ({@code Σ_p (W_p/W)·(θ − η·g_p) = θ − η·Σ_p W_p·g_p/W}, the gradient {@link SyncGradients} takes), however the
 * batch's rows and weights fall on the partitions. A partition whose rows in the round all weigh 0 counts for
 * nothing, like one that held none of them; a round whose rows all weigh 0 takes the plain mean (its steps moved the
 * parameters by the penalty and the optimizer's momentum only, as local training's steps on such batches do).
 * Unweighted runs keep the plain mean, which their partitions' near-equal shares of every batch make close to the
 * row-weighted one, and with which their earlier runs and checkpoints were trained.
 *
 * <p><b>Optimizer state.</b> It is averaged like the parameters (as DL4J does with {@code saveUpdater}): each
 * slot buffer (momentum, Adam's moments, ...) and each scalar becomes the mean of the partitions' (weighted as the
 * parameters are), and the step count becomes the largest partition's, so the next round starts every partition
 * from the same state. Only partitions that took a step in the round count in the means.
 *
 * <p>With one partition this is local training exactly (the average of one), as long as a round's K steps would
 * have one rate locally too (a round takes the rate of its first step) and there is no dropout (a partition draws
 * its own masks). With plain SGD, one local step and no clipping it is the synchronous step: for weighted rows
 * always (above), for unweighted ones when the partitions hold equal numbers of each batch's rows.
 */
final class AveragingUpdater implements Updater {

    private final JavaSparkContext context;
    private final CachedShards shards;
    private final Recipe recipe;
    private final int localSteps;
    /** Whether the rows carry weights: the partitions then count by their weight sums. */
    private final boolean weighted;

    AveragingUpdater(JavaSparkContext context, CachedShards shards, Recipe recipe, int localSteps, boolean weighted) {
        this.context = context;
        this.shards = shards;
        this.recipe = recipe;
        this.localSteps = localSteps;
        this.weighted = weighted;
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
        List<LocalRound> counted = weighted ? rounds.stream().filter(round -> round.weight() > 0).toList() : List.of();
        Optional<double[]> shares = counted.isEmpty() ? Optional.empty() : Optional.of(shares(counted));
        List<LocalRound> averaged = counted.isEmpty() ? rounds : counted;
        params.copyFrom(mean(averaged.stream().map(LocalRound::params).toList(), shares).toParams());
        long step = rounds.stream().mapToLong(round -> round.state().step()).max().orElseThrow();
        state.copyFrom(meanState(averaged, shares, step));
        return report(rounds, params.count());
    }

    /** Each round's share of the weighted mean, {@code W_p / W}, the weights added in partition order. */
    private static double[] shares(List<LocalRound> rounds) {
        double total = 0;
        for (LocalRound round : rounds) {
            total += round.weight();
        }
        double[] shares = new double[rounds.size()];
        for (int p = 0; p < shares.length; p++) {
            shares[p] = rounds.get(p).weight() / total;
        }
        return shares;
    }

    /**
     * The element-wise mean, added in partition order: weighted by {@code shares}, or without them the plain mean
     * (the sum divided by the count).
     */
    private static TensorValues mean(List<TensorValues> values, Optional<double[]> shares) {
        if (shares.isPresent()) {
            return TensorValues.weightedSum(values, shares.get());
        }
        TensorValues sum = TensorValues.sum(values);
        sum.divideBy(values.size());
        return sum;
    }

    /** {@link #mean(List, Optional)} of scalars. */
    private static double mean(double[] values, Optional<double[]> shares) {
        double[] share = shares.orElse(null);
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            double term = share == null ? values[i] : share[i] * values[i];
            sum = i == 0 ? term : sum + term;
        }
        return share == null ? sum / values.length : sum;
    }

    /**
     * The optimizer states' mean (weighted as the parameters are, see {@link #mean(List, Optional)}), with {@code step}
     * as the step count.
     */
    private static OptimizerState meanState(List<LocalRound> rounds, Optional<double[]> shares, long step) {
        StateValues first = rounds.getFirst().state();
        LinkedHashMap<String, Double> scalars = new LinkedHashMap<>();
        first.scalars().keySet().forEach(name -> scalars.put(name,
                mean(rounds.stream().mapToDouble(r -> r.state().scalars().get(name)).toArray(), shares)));
        LinkedHashMap<String, TensorValues> slots = new LinkedHashMap<>();
        first.slots().keySet().forEach(name -> slots.put(name,
                mean(rounds.stream().map(r -> r.state().slots().get(name)).toList(), shares)));
        return new StateValues(step, scalars, slots).toState();
    }

    /**
     * The round's loss over every row used (the weighted mean {@code Σ w_i·ℓ_i / Σ w_i} of their losses, 0 when they
     * all weigh 0; the plain mean when unweighted), its accuracy, and the mean gradient norms over every local step.
     */
    private static Update report(List<LocalRound> rounds, int parameters) {
        double lossSum = 0;
        double weight = 0;
        long correct = 0;
        int steps = 0;
        double[] norms = new double[parameters];
        for (LocalRound r : rounds) {
            lossSum += r.lossSum();
            weight += r.weight();
            correct += r.correct();
            steps += r.steps();
            for (int i = 0; i < parameters; i++) {
                norms[i] += r.normSums()[i];
            }
        }
        for (int i = 0; i < parameters; i++) {
            norms[i] /= steps;
        }
        return new Update(weight > 0 ? lossSum / weight : 0, norms, correct, weight);
    }

    @Override
    public void close() {
        shards.close();
    }
}
