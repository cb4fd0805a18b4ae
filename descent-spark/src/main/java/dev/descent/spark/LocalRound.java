package dev.descent.spark;

import dev.descent.data.Batch;
import dev.descent.optim.OptimizerState;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.train.GradientStep;
import dev.descent.train.Update;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * One partition's round of model averaging: from the broadcast parameters and optimizer state, one local
 * step (the local Trainer's {@link GradientStep}: gradient, penalty, clipping, optimizer) per batch of the
 * round, on the rows of that batch that the partition holds, weighted as local training weighs a batch (each step's
 * loss is its rows' weighted mean {@code Σ w_i·ℓ_i / Σ w_i}); a batch with none of its rows is skipped.
 *
 * @param steps local steps taken
 * @param weight the total weight of the rows used, over all steps (their count when unweighted): the partition's
 *               share of the round's data, by which a weighted run's average weighs its parameters
 * @param lossSum the weighted sum over the rows used of their data loss, each before its step
 * @param correct rows classified correctly, each before its step
 * @param normSums per parameter, the sum over the steps of the gradient's norm (before clipping)
 * @param params the parameters after the steps
 * @param state the optimizer state after the steps
 */
record LocalRound(int steps, double weight, double lossSum, long correct, double[] normSums, TensorValues params,
                  StateValues state) implements Serializable {

    @Serial
    private static final long serialVersionUID = 2L;

    /** What the driver broadcasts at the start of a round. */
    record Start(TensorValues params, StateValues state) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * Runs on an executor. The dropout stream of step {@code j} is the round's stream forked by partition,
     * then by {@code j}, so a round is deterministic for a seed.
     */
    static LocalRound run(Shard shard, Recipe recipe, Start start, List<int[]> batchRows, int firstBatch, double lr,
                          long dropoutState) {
        GradientStep step = recipe.localStep(shard);
        Params params = start.params().toParams();
        OptimizerState state = start.state().toState();
        Rng dropout = Rng.restore(dropoutState).fork(shard.index());
        double[] normSums = new double[params.count()];
        int steps = 0;
        double weight = 0;
        double lossSum = 0;
        long correct = 0;
        for (int j = 0; j < batchRows.size(); j++) {
            Optional<Batch> part = shard.part(batchRows.get(j), firstBatch + j);
            if (part.isEmpty()) {
                continue;
            }
            Update u = step.update(List.of(part.get()), params, state, lr, dropout.fork(j));
            steps++;
            weight += u.weight();
            lossSum += u.loss() * u.weight();
            correct += u.correct();
            for (int i = 0; i < normSums.length; i++) {
                normSums[i] += u.gradientNorms()[i];
            }
        }
        return new LocalRound(steps, weight, lossSum, correct, normSums, TensorValues.of(params), StateValues.of(state));
    }
}
