package dev.descent.io;

import dev.descent.train.TrainState;
import dev.descent.train.callback.EarlyStopping;
import dev.descent.train.callback.History;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A checkpoint read back by {@link Checkpoints}: the model as of the checkpoint's epoch, the state to continue
 * training from (bit-identical to what was written; its parameters are independent of the model's, so training can
 * update them in place), the history so far, the run configuration the trainer stored, and, when the run kept
 * them, the best epoch's weights.
 *
 * @param dir the checkpoint's directory, {@code <out>/checkpoints/epoch-NNNN}
 * @param model the model as its {@code model.json} holds it, with the weights of {@code state.modelParams()}: the live
 *              parameters, or with an average (once it has begun) the averaged weights rounded to the model's dtype
 * @param state parameters, optimizer state, plateau state, epoch and step
 * @param history the step and epoch records up to the checkpoint
 * @param runConfig the run configuration, as plain JSON values (see {@link SavedModel#training()})
 * @param best the best epoch so far and its weights, as early stopping with {@code restore_best} kept them; empty
 *             when the checkpoint was written without them
 */
public record Checkpoint(Path dir, SavedModel model, TrainState state, History history, Map<String, Object> runConfig,
                         Optional<EarlyStopping.Best> best) {

    /** The number of epochs completed when the checkpoint was written. */
    public int epoch() {
        return state.epoch();
    }
}
