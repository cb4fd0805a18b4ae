package dev.descent.nn;

import dev.descent.autograd.Node;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;

import java.util.Map;

/**
 * One layer of a {@link Stack}: an immutable description whose parameters live outside it, in
 * {@link Params} under the names {@code <layer name>/<kind>} ({@code dense_1/kernel}, {@code dense_1/bias}).
 *
 * <p>The set of layers is closed ({@link Dense}, {@link Dropout}) so that model files can be written and read
 * by pattern matching over it. A layer's name is blank until it is given one or put in a {@link Stack}, which
 * names it Keras-style ({@code dense_1}, {@code dropout_1}).
 *
 * <p>Shapes: every layer maps a batch of feature rows {@code [batch, in]} to {@code [batch, out]} with
 * {@code out = outputFeatures(in)}.
 */
public sealed interface Layer permits Dense, Dropout {

    /** The layer's name; blank means "not named yet". */
    String name();

    /** A copy of this layer with another name. */
    Layer withName(String name);

    /** The Keras-style type name used for automatic names: {@code dense}, {@code dropout}. */
    String typeName();

    /**
     * Fresh parameters for an input of {@code inputFeatures} features.
     *
     * @param rng the random source for this layer alone ({@link Stack} passes {@code rng.fork(name)})
     * @return the parameters by name, in a fixed order (empty for layers without any)
     * @throws IllegalStateException if the layer has no name yet
     */
    Params init(int inputFeatures, DType dtype, Rng rng);

    /** The number of output features for {@code inputFeatures} input features. */
    int outputFeatures(int inputFeatures);

    /** The number of scalar parameters for {@code inputFeatures} input features. */
    long parameterCount(int inputFeatures);

    /**
     * The forward pass.
     *
     * @param x shape {@code [batch, in]}
     * @param params nodes by parameter name, as from {@code Tape.watch(params)}; may hold other layers' too
     * @param mode training or evaluation
     * @param rng the random source for this layer in this pass (dropout's mask); unused in {@link Mode#EVAL}
     *     and by deterministic layers, which accept {@code null}
     * @return shape {@code [batch, outputFeatures(in)]}
     */
    Node forward(Node x, Map<String, Node> params, Mode mode, Rng rng);
}
