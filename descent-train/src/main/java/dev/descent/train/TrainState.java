package dev.descent.train;

import dev.descent.optim.AverageState;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.schedule.Plateau;
import dev.descent.tensor.Params;

import java.util.Optional;

/**
 * Everything a run needs to continue exactly where it stopped: the parameters and the optimizer's state
 * (live buffers that each step updates in place), the plateau schedule's state if one is used, the averaged
 * weights if they are kept, and the position: epochs completed and updates made. Shuffling and dropout draw
 * from streams derived from the seed and the epoch or step, so the position is the whole random state.
 *
 * @param params the model's parameters
 * @param optimizerState moments and step count of the optimizer
 * @param plateau the plateau schedule's state, when the schedule is {@code plateau}
 * @param average the average of the weights, when {@link FitOptions#average()} keeps one
 * @param epoch epochs completed
 * @param step updates made
 */
public record TrainState(Params params, OptimizerState optimizerState, Optional<Plateau.State> plateau,
                         Optional<AverageState> average, int epoch, long step) {

    /** The state at the start of training. */
    public static TrainState initial(Params params, OptimizerState optimizerState) {
        return new TrainState(params, optimizerState, Optional.empty(), Optional.empty(), 0, 0);
    }

    /** An independent copy (for checkpoints and "restore best weights"). */
    public TrainState copy() {
        return new TrainState(params.copy(), optimizerState.copy(), plateau, average.map(AverageState::copy), epoch, step);
    }

    /**
     * The model's weights as of this state: the average rounded to the parameters' dtypes once it has begun (a new
     * {@code Params}), else the parameters themselves. The validation metrics of the state's epoch describe them.
     */
    public Params modelParams() {
        return modelParams(params, average.orElse(null));
    }

    /** {@link #modelParams()} of live parameters and average ({@code null}: none kept). */
    static Params modelParams(Params params, AverageState average) {
        return average == null || average.count() == 0 ? params : average.roundedLike(params);
    }
}
