package dev.descent.nn;

import dev.descent.autograd.Node;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An element-wise (or, for softmax, row-wise) function applied after a layer's affine map; shapes are kept,
 * {@code z [batch, units] -> [batch, units]}.
 *
 * <p>Spec names, as used by {@link #parse} and {@code mlp(..., activation=NAME)}: {@code linear},
 * {@code sigmoid}, {@code tanh}, {@code relu}, {@code leaky_relu}, {@code softmax}.
 *
 * <p>The output layer of a classifier should stay {@link #LINEAR}: the losses {@code bce} and {@code ce}
 * take logits and apply the sigmoid or softmax themselves, in a numerically stable fused form.
 */
public enum Activation {

    /** The identity, {@code f(z) = z} (Keras' {@code linear}, the Dense default). */
    LINEAR("linear"),

    /** The logistic function {@code σ(z) = 1/(1 + e^−z)}. */
    SIGMOID("sigmoid"),

    /** The hyperbolic tangent {@code tanh z}. */
    TANH("tanh"),

    /** The rectifier {@code max(z, 0)}; its derivative at 0 is taken as 0. */
    RELU("relu"),

    /**
     * The leaky rectifier: {@code z} for {@code z > 0}, else {@value #LEAKY_RELU_SLOPE}{@code ·z}. The slope
     * {@value #LEAKY_RELU_SLOPE} is PyTorch's {@code LeakyReLU} default (and Maas et al., 2013); Keras'
     * {@code LeakyReLU} layer defaults to 0.3, so a Keras recipe with {@code leaky_relu} differs here.
     */
    LEAKY_RELU("leaky_relu"),

    /** Softmax along the last axis: {@code f(z)_ij = e^z_ij / Σ_k e^z_ik}, computed stably. */
    SOFTMAX("softmax");

    /** The negative-side slope of {@link #LEAKY_RELU} (PyTorch's default). */
    public static final double LEAKY_RELU_SLOPE = 0.01;

    private final String specName;

    Activation(String specName) {
        this.specName = specName;
    }

    /** The name used in spec strings and model files, e.g. {@code leaky_relu}. */
    public String specName() {
        return specName;
    }

    /**
     * Applies the activation.
     *
     * @param z pre-activations, shape {@code [batch, units]}
     * @return shape {@code [batch, units]}
     */
    public Node apply(Node z) {
        return switch (this) {
            case LINEAR -> z;
            case SIGMOID -> z.sigmoid();
            case TANH -> z.tanh();
            case RELU -> z.relu();
            case LEAKY_RELU -> z.leakyRelu(LEAKY_RELU_SLOPE);
            case SOFTMAX -> z.softmax(-1);
        };
    }

    /**
     * The activation named {@code name} (case-insensitive, blanks ignored).
     *
     * @throws IllegalArgumentException naming the valid names
     */
    public static Activation parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.specName.equals(key)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; valid: " + validNames());
    }

    /** The valid spec names, {@code linear|sigmoid|...}. */
    public static String validNames() {
        return Arrays.stream(values()).map(Activation::specName).collect(Collectors.joining("|"));
    }

    @Override
    public String toString() {
        return specName;
    }
}
