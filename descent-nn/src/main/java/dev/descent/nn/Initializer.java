package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * How a parameter tensor gets its first value: a closed set of immutable records, seeded through an
 * explicit {@link Rng}.
 *
 * <h2>Fans</h2>
 * For a kernel of shape {@code [in, units]}, {@code fanIn = in} and {@code fanOut = units}; for a vector of
 * shape {@code [n]} both are {@code n}; for a scalar both are 1 (Keras' {@code _compute_fans}). Tensors of
 * higher rank use the first and last dimensions.
 *
 * <h2>Formulas</h2>
 * <ul>
 *   <li>{@code zeros}: 0; {@code constant(c)}: c.</li>
 *   <li>{@code uniform(limit)}: U(−limit, limit); {@code normal(std)}: N(0, std²).</li>
 *   <li>{@code glorot_uniform}: U(−L, L) with L = √(6 / (fanIn + fanOut)); the Keras Dense default.</li>
 *   <li>{@code glorot_normal}: N(0, σ²) with σ = √(2 / (fanIn + fanOut)).</li>
 *   <li>{@code he_uniform}: U(−L, L) with L = √(6 / fanIn).</li>
 *   <li>{@code he_normal}: N(0, σ²) with σ = √(2 / fanIn).</li>
 * </ul>
 * Glorot keeps the variance of activations and of gradients about equal across layers of tanh/sigmoid
 * units; He doubles the variance to make up for the half of a ReLU's inputs that it zeroes.
 *
 * <h2>Conventions</h2>
 * The normal variants draw from a plain (untruncated) normal, as PyTorch's {@code xavier_normal_} and
 * {@code kaiming_normal_} and both papers do. Keras draws {@code glorot_normal} and {@code he_normal} from a
 * normal truncated at two standard deviations and rescaled so that the variance is the same; only the tails
 * differ. Elements are drawn in row-major order, one {@link Rng#nextDouble()} or {@link Rng#nextGaussian()}
 * per element, so the same seed gives bit-identical tensors.
 *
 * @see <a href="https://proceedings.mlr.press/v9/glorot10a.html">X. Glorot, Y. Bengio, "Understanding the
 *      difficulty of training deep feedforward neural networks", AISTATS 2010</a>
 * @see <a href="https://arxiv.org/abs/1502.01852">K. He, X. Zhang, S. Ren, J. Sun, "Delving Deep into
 *      Rectifiers: Surpassing Human-Level Performance on ImageNet Classification", ICCV 2015</a>
 */
public sealed interface Initializer {

    /**
     * A new tensor of shape {@code shape} and type {@code dtype}, with fans as in the class comment.
     *
     * @param rng the random source; advanced by a fixed number of draws per element (none for constants)
     */
    default Tensor initialize(Shape shape, DType dtype, Rng rng) {
        int[] dims = shape.dims();
        int fanIn = dims.length == 0 ? 1 : dims[0];
        int fanOut = dims.length == 0 ? 1 : dims[dims.length - 1];
        return initialize(shape, fanIn, fanOut, dtype, rng);
    }

    /** A new tensor of shape {@code shape} with explicit fans. */
    Tensor initialize(Shape shape, int fanIn, int fanOut, DType dtype, Rng rng);

    /** The spec form of this initializer, e.g. {@code glorot_uniform} or {@code uniform(limit=0.05)}. */
    String spec();

    /** The valid spec forms, as shown in error messages. */
    String VALID_FORMS = "zeros, constant(value=V), uniform(limit=L), normal(std=S), glorot_uniform, glorot_normal, "
            + "he_uniform, he_normal";

    /**
     * Parses a spec string, the inverse of {@link #spec()}: {@code parse(i.spec())} equals {@code i} for every
     * initializer (numbers are written with {@link Double#toString}, which reads back exactly). Names and keys
     * are case-insensitive; {@code constant}, {@code uniform} and {@code normal} also take their value as a
     * positional argument ({@code uniform(0.05)}).
     *
     * @throws IllegalArgumentException one line naming the problem and the valid forms
     */
    static Initializer parse(String text) {
        Spec spec = Spec.parse(text, "initializer", VALID_FORMS);
        String name = spec.name().toLowerCase(java.util.Locale.ROOT);
        String key = switch (name) {
            case "constant" -> "value";
            case "uniform" -> "limit";
            case "normal" -> "std";
            case "zeros", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal" -> null;
            default -> throw Spec.error("unknown initializer '" + spec.name() + "'", VALID_FORMS);
        };
        int given = spec.arguments().size() + spec.options().size();
        if (key == null) {
            if (given != 0) {
                throw Spec.error("initializer " + name + " takes no arguments, got '" + text.strip() + "'", VALID_FORMS);
            }
            return switch (name) {
                case "zeros" -> zeros();
                case "glorot_uniform" -> glorotUniform();
                case "glorot_normal" -> glorotNormal();
                case "he_uniform" -> heUniform();
                default -> heNormal();
            };
        }
        if (given != 1) {
            throw Spec.error("initializer " + name + " takes exactly one argument, " + key + ", got '" + text.strip()
                    + "'", VALID_FORMS);
        }
        String raw;
        if (spec.arguments().isEmpty()) {
            var option = spec.options().entrySet().iterator().next();
            if (!option.getKey().equalsIgnoreCase(key)) {
                throw Spec.error("unknown key '" + option.getKey() + "' for " + name + " (keys: " + key + ")",
                        VALID_FORMS);
            }
            raw = option.getValue();
        } else {
            raw = spec.arguments().getFirst();
        }
        double value = Spec.number(key, raw, VALID_FORMS);
        try {
            return switch (name) {
                case "constant" -> constant(value);
                case "uniform" -> uniform(value);
                default -> normal(value);
            };
        } catch (IllegalArgumentException e) {
            throw Spec.error(e.getMessage(), VALID_FORMS);
        }
    }

    /** All zeros (Keras' Dense bias default). */
    static Initializer zeros() {
        return new Constant(0.0);
    }

    /** Every element {@code value}. */
    static Initializer constant(double value) {
        return new Constant(value);
    }

    /** U(−limit, limit). */
    static Initializer uniform(double limit) {
        return new Uniform(limit);
    }

    /** N(0, std²). */
    static Initializer normal(double std) {
        return new Normal(std);
    }

    /** Glorot (Xavier) uniform: U(−√(6/(fanIn+fanOut)), +√(6/(fanIn+fanOut))). */
    static Initializer glorotUniform() {
        return new GlorotUniform();
    }

    /** Glorot (Xavier) normal: N(0, 2/(fanIn+fanOut)). */
    static Initializer glorotNormal() {
        return new GlorotNormal();
    }

    /** He (Kaiming) uniform: U(−√(6/fanIn), +√(6/fanIn)). */
    static Initializer heUniform() {
        return new HeUniform();
    }

    /** He (Kaiming) normal: N(0, 2/fanIn). */
    static Initializer heNormal() {
        return new HeNormal();
    }

    /**
     * Every element {@code value}; {@link #zeros()} is {@code Constant(0)}.
     *
     * @param value the element value, finite
     */
    record Constant(double value) implements Initializer {
        public Constant {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("constant value must be finite, got " + value);
            }
        }

        @Override
        public Tensor initialize(Shape shape, int fanIn, int fanOut, DType dtype, Rng rng) {
            return Tensor.full(shape, dtype, value);
        }

        @Override
        public String spec() {
            return value == 0.0 ? "zeros" : "constant(value=" + value + ")";
        }
    }

    /**
     * U(−limit, limit).
     *
     * @param limit the half-width, positive and finite
     */
    record Uniform(double limit) implements Initializer {
        public Uniform {
            requirePositive("limit", limit);
        }

        @Override
        public Tensor initialize(Shape shape, int fanIn, int fanOut, DType dtype, Rng rng) {
            return uniformTensor(shape, dtype, limit, rng);
        }

        @Override
        public String spec() {
            return "uniform(limit=" + limit + ")";
        }
    }

    /**
     * N(0, std²).
     *
     * @param std the standard deviation, positive and finite
     */
    record Normal(double std) implements Initializer {
        public Normal {
            requirePositive("std", std);
        }

        @Override
        public Tensor initialize(Shape shape, int fanIn, int fanOut, DType dtype, Rng rng) {
            return normalTensor(shape, dtype, std, rng);
        }

        @Override
        public String spec() {
            return "normal(std=" + std + ")";
        }
    }

    /** U(−L, L) with L = √(6 / (fanIn + fanOut)) (Glorot &amp; Bengio, 2010, eq. 16). */
    record GlorotUniform() implements Initializer {
        @Override
        public Tensor initialize(Shape shape, int fanIn, int fanOut, DType dtype, Rng rng) {
            return uniformTensor(shape, dtype, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
        }

        @Override
        public String spec() {
            return "glorot_uniform";
        }
    }

    /** N(0, σ²) with σ = √(2 / (fanIn + fanOut)) (Glorot &amp; Bengio, 2010). */
    record GlorotNormal() implements Initializer {
        @Override
        public Tensor initialize(Shape shape, int fanIn, int fanOut, DType dtype, Rng rng) {
            return normalTensor(shape, dtype, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
        }

        @Override
        public String spec() {
            return "glorot_normal";
        }
    }

    /** U(−L, L) with L = √(6 / fanIn) (He et al., 2015, with the uniform variance 2/fanIn). */
    record HeUniform() implements Initializer {
        @Override
        public Tensor initialize(Shape shape, int fanIn, int fanOut, DType dtype, Rng rng) {
            return uniformTensor(shape, dtype, Math.sqrt(6.0 / fanIn), rng);
        }

        @Override
        public String spec() {
            return "he_uniform";
        }
    }

    /** N(0, σ²) with σ = √(2 / fanIn) (He et al., 2015, eq. 10). */
    record HeNormal() implements Initializer {
        @Override
        public Tensor initialize(Shape shape, int fanIn, int fanOut, DType dtype, Rng rng) {
            return normalTensor(shape, dtype, Math.sqrt(2.0 / fanIn), rng);
        }

        @Override
        public String spec() {
            return "he_normal";
        }
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
        }
    }

    private static Tensor uniformTensor(Shape shape, DType dtype, double limit, Rng rng) {
        Tensor t = Tensor.zeros(shape, dtype);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, limit * (2.0 * rng.nextDouble() - 1.0));
        }
        return t;
    }

    private static Tensor normalTensor(Shape shape, DType dtype, double std, Rng rng) {
        Tensor t = Tensor.zeros(shape, dtype);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, std * rng.nextGaussian());
        }
        return t;
    }
}
