package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.optim.OptimizerState;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;

import java.util.List;

/**
 * Makes the updates of one run: the Trainer hands it each group of {@link #batchesPerUpdate()} consecutive
 * batches of an epoch (the last group of an epoch may be smaller) and it updates the parameters and optimizer
 * state in place. {@link GradientStep} is the ordinary update (one batch: gradient, clip, optimizer step); an
 * engine may make an update differently, e.g. several local steps on a cluster's partitions, then an average.
 * Closed when the run ends, to release what {@link Engine#open} acquired.
 */
public interface Updater extends AutoCloseable {

    /** Batches per update: 1 for a gradient step. */
    default int batchesPerUpdate() {
        return 1;
    }

    /**
     * Whether {@link #update} reads the batches' {@code x} and {@code y}. An updater that reads only their rows and
     * index (it holds the data elsewhere, e.g. on a cluster's partitions, or reads the rows in place) says false, and
     * the Trainer then neither gathers the batches' values from an in-memory data set nor keeps copies of a group's
     * values: with {@code --batch-size full} that copy would be the whole data set per batch.
     */
    default boolean readsBatchValues() {
        return true;
    }

    /**
     * One update.
     *
     * @param batches the update's batches, in order (valid only during the call)
     * @param params the parameters, updated in place
     * @param state the optimizer state, updated in place
     * @param lr the learning rate of this update (from the schedule)
     * @param dropout the random stream of this update's dropout masks
     */
    Update update(List<Batch> batches, Params params, OptimizerState state, double lr, Rng dropout);

    @Override
    default void close() {
    }
}
