package dev.descent.train;

import dev.descent.optim.OptimizerState;
import dev.descent.optim.schedule.Plateau;
import dev.descent.tensor.Params;

import java.util.Optional;

/**
 * Everything a run needs to continue exactly where it stopped: the parameters and the optimizer's state
 * (live buffers that each step updates in place), the plateau schedule's state if one is used, and the
 * position: epochs completed and updates made. Shuffling and dropout draw from streams derived from the
 * seed and the epoch or step, so the position is the whole random state.
 *
 * @param params the model's parameters
 * @param optimizerState moments and step count of the optimizer
 * @param plateau the plateau schedule's state, when the schedule is {@code plateau}
 * @param epoch epochs completed
 * @param step updates made
 */
public record TrainState(Params params, OptimizerState optimizerState, Optional<Plateau.State> plateau, int epoch, long step) {

    /** The state at the start of training. */
    public static TrainState initial(Params params, OptimizerState optimizerState) {
        return new TrainState(params, optimizerState, Optional.empty(), 0, 0);
    }

    /** An independent copy (for checkpoints and "restore best weights"). */
    public TrainState copy() {
        return new TrainState(params.copy(), optimizerState.copy(), plateau, epoch, step);
    }
}
