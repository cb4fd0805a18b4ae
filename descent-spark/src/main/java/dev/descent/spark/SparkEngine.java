package dev.descent.spark;

import dev.descent.data.Batch;
import dev.descent.optim.OptimizerState;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.train.Engine;
import dev.descent.train.GradientStep;
import dev.descent.train.Trainer;
import dev.descent.train.Update;
import dev.descent.train.Updater;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.List;
import java.util.Objects;

/**
 * Trains on a Spark cluster's partitions, through the Trainer's one loop: pass it as
 * {@code FitOptions.builder().engine(SparkEngine.sync(context, 4))}. The training rows are split by row index
 * into {@code partitions} contiguous ranges ({@link Shard}), shipped to the executors once when the run opens
 * (each range broadcast once, then cached as its partition; a step's tasks carry only a partition index) and
 * released when it ends. The batch order, the schedule, validation, callbacks and checkpoints are the
 * Trainer's, on the driver. Weighted rows ({@code Dataset.weights}, {@code FitOptions.classWeights}) travel with
 * their rows and weigh every update as they weigh local training's: see {@link SparkMode}.
 *
 * @param context the Spark context to run jobs on
 * @param mode synchronous gradient steps or model averaging
 * @param partitions how many partitions the rows are split into; fixed, so results do not depend on the master
 * @param localSteps local steps per averaging round (1 for {@link SparkMode#SYNC})
 */
public record SparkEngine(JavaSparkContext context, SparkMode mode, int partitions, int localSteps) implements Engine {

    public SparkEngine {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(mode, "mode");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("local steps must be >= 1, got " + localSteps);
        }
        if (mode == SparkMode.SYNC && localSteps != 1) {
            throw new IllegalArgumentException("local steps are for model averaging; sync takes one step at a time");
        }
    }

    /** Synchronous data-parallel mini-batch training: each update is local training's, summed over partitions. */
    public static SparkEngine sync(JavaSparkContext context, int partitions) {
        return new SparkEngine(context, SparkMode.SYNC, partitions, 1);
    }

    /** Model averaging: each partition takes {@code localSteps} local steps, then the parameters are averaged. */
    public static SparkEngine averaging(JavaSparkContext context, int partitions, int localSteps) {
        return new SparkEngine(context, SparkMode.AVERAGING, partitions, localSteps);
    }

    /**
     * Ships the training rows, with their weights when they have them (sample weights times the class weights of
     * {@link dev.descent.train.FitOptions#classWeights()}, resolved on the driver from all the training rows), and
     * opens the mode's updater: every update then minimizes the weighted mean loss {@code Σ w_i·ℓ_i / Σ w_i}, as local
     * training's does.
     */
    @Override
    public Updater open(Trainer.Run run) {
        Recipe recipe = Recipe.of(run);
        CachedShards shards = CachedShards.ship(context, run.train(), partitions);
        return switch (mode) {
            case SYNC -> new Released(GradientStep.of(run, new SyncGradients(context, shards.rdd(), recipe, run.penalty())), shards);
            case AVERAGING -> new AveragingUpdater(context, shards, recipe, localSteps, run.train().weights().isPresent());
        };
    }

    /** An updater that releases the cached partitions and their broadcasts when the run ends. */
    private record Released(Updater updater, CachedShards shards) implements Updater {

        @Override
        public int batchesPerUpdate() {
            return updater.batchesPerUpdate();
        }

        @Override
        public Update update(List<Batch> batches, Params params, OptimizerState state, double lr, Rng dropout) {
            return updater.update(batches, params, state, lr, dropout);
        }

        @Override
        public void close() {
            shards.close();
        }
    }
}
