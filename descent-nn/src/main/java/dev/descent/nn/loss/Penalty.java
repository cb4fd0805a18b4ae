package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Params;

import java.util.Map;

/**
 * A weight penalty the trainer adds to the data loss: {@code objective = loss + penalty}. Penalties apply to
 * kernels only, the parameters whose names end in {@value #KERNEL_SUFFIX}; biases are not penalized (as
 * Keras' {@code kernel_regularizer}, and unlike an optimizer's {@code weight_decay}, which touches every
 * parameter).
 *
 * <pre>{@code
 * Penalty l2 = new L2(1e-4);
 * Node objective = loss.apply(net.forward(x, p, Mode.TRAIN, rng), y).plus(l2.penalty(p));
 * double reported = l2.value(params);                          // the same number, without a tape
 * }</pre>
 */
public sealed interface Penalty permits L1, L2 {

    /** Parameter names ending in this are penalized. */
    String KERNEL_SUFFIX = "/kernel";

    /**
     * The penalty as a scalar node over the kernels among {@code params}.
     *
     * @param params nodes by parameter name, as from {@code Tape.watch(params)}; must not be empty
     * @throws IllegalArgumentException if {@code params} is empty
     */
    Node penalty(Map<String, Node> params);

    /** The penalty's value for {@code params}, computed in double. */
    double value(Params params);

    /** The coefficient λ. */
    double lambda();

    /** True for the names of penalized parameters (kernels). */
    static boolean isKernel(String name) {
        return name.endsWith(KERNEL_SUFFIX);
    }
}
