package dev.descent.io;

import dev.descent.train.TrainState;
import dev.descent.train.callback.History;

import java.nio.file.Path;
import java.util.Map;

/**
 * A checkpoint read back by {@link Checkpoints}: the model as of the checkpoint's epoch, the state to continue
 * training from (bit-identical to what was written; its parameters are a copy of the model's, so training can
 * update them in place), the history so far, and the run configuration the trainer stored.
 *
 * @param dir the checkpoint's directory, {@code <out>/checkpoints/epoch-NNNN}
 * @param model the model, with the parameters of {@code state}
 * @param state parameters, optimizer state, plateau state, epoch and step
 * @param history the step and epoch records up to the checkpoint
 * @param runConfig the run configuration, as plain JSON values (see {@link SavedModel#training()})
 */
public record Checkpoint(Path dir, SavedModel model, TrainState state, History history, Map<String, Object> runConfig) {

    /** The number of epochs completed when the checkpoint was written. */
    public int epoch() {
        return state.epoch();
    }
}
