package dev.descent.optim;

import dev.descent.tensor.Params;
import java.util.Map;

/**
 * An update rule with explicit state: {@link #init} makes the state, {@link #step} advances it and the
 * parameters together, in place.
 *
 * <p>An optimizer is an immutable configuration (its hyper-parameters); everything that changes during
 * training lives in the {@link OptimizerState} that the caller owns, saves and restores. The names, defaults
 * and equations follow {@code torch.optim} (PyTorch 2.x), so a PyTorch recipe ports number for number.
 *
 * <p>Implementations are listed in {@link Optimizers}, which also parses spec strings such as
 * {@code adam(lr=0.001, amsgrad=true)}.
 */
public interface Optimizer {

    /** The spec name, e.g. {@code adam}. */
    String name();

    /** The base learning rate, used by {@link #step(Params, Params, OptimizerState)}. */
    double learningRate();

    /**
     * A fresh state for {@code params}: step 0, slot buffers shaped and typed like the params (zero, except
     * where the rule says otherwise, e.g. AdaGrad's {@code initial_accumulator_value}).
     */
    OptimizerState init(Params params);

    /**
     * One update, in place: the param tensors and the state buffers change; nothing is allocated per
     * element. Grads must have the same names and sizes as params.
     *
     * @param lr the current learning rate (the base rate, or a schedule's value for this step)
     */
    void step(Params params, Params grads, OptimizerState state, double lr);

    /** One update with the base learning rate. */
    default void step(Params params, Params grads, OptimizerState state) {
        step(params, grads, state, learningRate());
    }

    /** The hyper-parameters by spec key, in catalog order. */
    Map<String, Object> config();

    /** A spec string that {@link Optimizers#parse} turns back into an equal optimizer. */
    default String spec() {
        return Spec.format(name(), config());
    }
}
