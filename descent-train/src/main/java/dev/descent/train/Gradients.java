package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;

/**
 * Computes one batch's {@link Gradient}: the piece of the Trainer's step that says where the forward and
 * backward passes run. {@link TapeGradients} runs them here, on the batch's tensors; an engine may run them
 * elsewhere (on the partitions of a cluster, adding their sums), as long as the result is the same gradient.
 */
@FunctionalInterface
public interface Gradients {

    /**
     * The gradient at {@code params} of the objective on {@code batch}.
     *
     * @param params the current parameters (not modified)
     * @param batch the batch (valid only during the call)
     * @param dropout the random stream of this update's dropout masks
     */
    Gradient of(Params params, Batch batch, Rng dropout);

    /**
     * Whether {@link #of} reads the batch's {@code x} and {@code y}. One that reads its rows in place from the data
     * set (by {@link Batch#rows()}) says false, and the Trainer then leaves the batch's values ungathered.
     */
    default boolean readsBatchValues() {
        return true;
    }
}
