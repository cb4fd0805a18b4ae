package dev.descent.nn;

import dev.descent.autograd.Node;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;

import java.util.Map;
import java.util.Objects;

/**
 * A fully connected layer: {@code y = f(x·W + b)}.
 *
 * <p>Shapes: {@code x [batch, in]}, kernel {@code W [in, units]} (named {@code <name>/kernel}), bias
 * {@code b [units]} (named {@code <name>/bias}, broadcast over rows), {@code y [batch, units]}. The
 * kernel layout is Keras' ({@code [in, units]}); PyTorch's {@code Linear.weight} is its transpose.
 *
 * <p>Defaults, as Keras' {@code Dense}: linear activation, {@code glorot_uniform} kernel, zero bias.
 *
 * <pre>{@code
 * Dense hidden = Dense.of(64, Activation.RELU);
 * Dense head = Dense.of(1);                                   // linear
 * Dense custom = new Dense("encoder", 16, Activation.TANH, Initializer.heNormal(), Initializer.zeros());
 * }</pre>
 *
 * @param name the layer's name; blank until named (a {@link Stack} names it {@code dense_N})
 * @param units the number of output features, positive
 * @param activation applied after the affine map
 * @param kernelInitializer how {@code W} starts
 * @param biasInitializer how {@code b} starts
 */
public record Dense(String name, int units, Activation activation, Initializer kernelInitializer,
                    Initializer biasInitializer) implements Layer {

    /** Validates; a {@code null} name counts as blank. */
    public Dense {
        name = LayerNames.checkName(name);
        if (units <= 0) {
            throw new IllegalArgumentException("units must be positive, got " + units);
        }
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
    }

    /** An unnamed linear layer of {@code units} outputs with Keras' default initializers. */
    public static Dense of(int units) {
        return of(units, Activation.LINEAR);
    }

    /** An unnamed layer of {@code units} outputs with Keras' default initializers. */
    public static Dense of(int units, Activation activation) {
        return new Dense("", units, activation, Initializer.glorotUniform(), Initializer.zeros());
    }

    @Override
    public Dense withName(String name) {
        return new Dense(name, units, activation, kernelInitializer, biasInitializer);
    }

    /** A copy with another kernel initializer. */
    public Dense withKernelInitializer(Initializer initializer) {
        return new Dense(name, units, activation, initializer, biasInitializer);
    }

    /** A copy with another bias initializer. */
    public Dense withBiasInitializer(Initializer initializer) {
        return new Dense(name, units, activation, kernelInitializer, initializer);
    }

    @Override
    public String typeName() {
        return "dense";
    }

    /** The parameter name of the kernel, {@code <name>/kernel}. */
    public String kernelName() {
        return LayerNames.requireNamed(this) + "/kernel";
    }

    /** The parameter name of the bias, {@code <name>/bias}. */
    public String biasName() {
        return LayerNames.requireNamed(this) + "/bias";
    }

    /**
     * {@code <name>/kernel [in, units]} from the kernel initializer, then {@code <name>/bias [units]}
     * from the bias initializer, both drawing from {@code rng} in that order.
     */
    @Override
    public Params init(int inputFeatures, DType dtype, Rng rng) {
        requireFeatures(inputFeatures);
        return Params.builder()
                .put(kernelName(), kernelInitializer.initialize(new Shape(inputFeatures, units), dtype, rng))
                .put(biasName(), biasInitializer.initialize(new Shape(units), dtype, rng))
                .build();
    }

    @Override
    public int outputFeatures(int inputFeatures) {
        requireFeatures(inputFeatures);
        return units;
    }

    @Override
    public long parameterCount(int inputFeatures) {
        requireFeatures(inputFeatures);
        return (long) inputFeatures * units + units;
    }

    /**
     * {@code activation(x·W + b)}.
     *
     * @param x shape {@code [batch, in]}
     * @return shape {@code [batch, units]}
     * @throws IllegalArgumentException if the parameters are missing or {@code x} has the wrong width
     */
    @Override
    public Node forward(Node x, Map<String, Node> params, Mode mode, Rng rng) {
        Node kernel = param(params, kernelName());
        Node bias = param(params, biasName());
        if (x.shape().rank() != 2 || x.shape().dim(1) != kernel.shape().dim(0)) {
            throw new IllegalArgumentException("layer " + name + " expects input [batch, " + kernel.shape().dim(0)
                    + "], got " + x.shape());
        }
        return activation.apply(x.matmul(kernel).plus(bias));
    }

    private static Node param(Map<String, Node> params, String name) {
        Node n = params.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; have " + params.keySet());
        }
        return n;
    }

    private static void requireFeatures(int inputFeatures) {
        if (inputFeatures <= 0) {
            throw new IllegalArgumentException("inputFeatures must be positive, got " + inputFeatures);
        }
    }
}
