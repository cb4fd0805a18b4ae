package dev.descent.spark;

import dev.descent.optim.OptimizerState;
import dev.descent.tensor.Params;

import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state as plain values (step count, scalars, slot buffers), for Spark to ship to and from the
 * partitions in model averaging.
 *
 * @param step updates already applied
 * @param scalars the named scalars, in order
 * @param slots the slot buffers by slot name, in order
 */
record StateValues(long step, LinkedHashMap<String, Double> scalars, LinkedHashMap<String, TensorValues> slots)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static StateValues of(OptimizerState state) {
        LinkedHashMap<String, TensorValues> slots = new LinkedHashMap<>();
        state.slots().forEach((name, p) -> slots.put(name, TensorValues.of(p)));
        return new StateValues(state.step(), new LinkedHashMap<>(state.scalars()), slots);
    }

    /** A new, independent optimizer state holding these values. */
    OptimizerState toState() {
        Map<String, Params> buffers = new LinkedHashMap<>();
        slots.forEach((name, v) -> buffers.put(name, v.toParams()));
        return OptimizerState.of(step, scalars, buffers);
    }
}
