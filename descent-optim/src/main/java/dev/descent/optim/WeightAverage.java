package dev.descent.optim;

import dev.descent.tensor.Params;
import java.util.Map;

/**
 * Averaged weights: a running average of a model's parameters over training, which is usually a smoother and better
 * final model than the last weights ({@code torch.optim.swa_utils.AveragedModel}, Keras' optimizer {@code use_ema},
 * optax's {@code ema}). The two rules are {@link Ema}, an exponential moving average taken after every update, and
 * {@link Swa}, the equal average of the weights at the end of each epoch from a given epoch on.
 *
 * <p>Like an {@link Optimizer}, an average is an immutable configuration; what changes is an {@link AverageState}
 * (the average, kept in float64, and the number of weights taken into it) that the caller owns, saves and restores.
 * The training loop calls {@link #afterUpdate} after every optimizer step and {@link #afterEpoch} after the last
 * update of every epoch; each rule takes the weights into its average at one of the two. The first weights taken
 * are copied ({@code AveragedModel}'s first {@code update_parameters}); every later one moves the average by
 * {@link #next}.
 *
 * <p>{@link Averages} parses spec strings such as {@code ema(decay=0.999)} and {@code swa(start_epoch=75)}.
 */
public sealed interface WeightAverage permits Ema, Swa {

    /** The spec name: {@code ema} or {@code swa}. */
    String name();

    /** The settings by spec key, in catalog order. */
    Map<String, Object> config();

    /** A spec string that {@link Averages#parse} turns back into an equal average. */
    default String spec() {
        return Spec.format(name(), config());
    }

    /** A fresh state for {@code params}: nothing averaged yet. */
    default AverageState init(Params params) {
        return AverageState.start(params);
    }

    /** Called after every optimizer step, with the updated parameters; a rule that averages epochs ignores it. */
    default void afterUpdate(Params params, AverageState state) {
    }

    /**
     * Called after the last update of {@code epoch} (1-based), with the parameters as that epoch left them; a rule that
     * averages updates ignores it.
     */
    default void afterEpoch(Params params, AverageState state, int epoch) {
    }

    /**
     * One element's next average, once {@code count} weights (at least one) are in the average {@code average}.
     *
     * @param average the element of the average so far
     * @param weight the element of the parameters being taken in
     * @param count the number of weights already in the average (&gt;= 1)
     */
    double next(double average, double weight, long count);
}
