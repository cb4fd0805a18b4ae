package dev.descent.nn;

import dev.descent.autograd.Node;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;

import java.util.Map;
import java.util.Objects;

/**
 * Inverted dropout (Srivastava et al., 2014): in {@link Mode#TRAIN} each element is kept with probability
 * {@code 1 − rate} and scaled by {@code 1/(1 − rate)}, else set to 0; in {@link Mode#EVAL} it is the
 * identity. The scaling during training keeps every unit's expected value unchanged, so nothing needs
 * rescaling at evaluation (as PyTorch's and Keras' {@code Dropout}).
 *
 * <p>Shapes: {@code x [batch, in] -> [batch, in]}; no parameters. The mask is drawn from the {@link Rng}
 * passed to {@link #forward}, one {@link Rng#nextDouble()} per element in row-major order (kept when the
 * draw is {@code ≥ rate}), so the caller decides the stream: the same generator state gives the same mask.
 *
 * @param name the layer's name; blank until named (a {@link Stack} names it {@code dropout_N})
 * @param rate the probability of dropping an element, in {@code [0, 1)}
 * @see <a href="https://jmlr.org/papers/v15/srivastava14a.html">N. Srivastava et al., "Dropout: A Simple Way
 *      to Prevent Neural Networks from Overfitting", JMLR 15, 2014</a>
 */
public record Dropout(String name, double rate) implements Layer {

    /** Validates; a {@code null} name counts as blank. */
    public Dropout {
        name = LayerNames.checkName(name);
        if (!(rate >= 0.0 && rate < 1.0)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
    }

    /** An unnamed dropout layer. */
    public static Dropout of(double rate) {
        return new Dropout("", rate);
    }

    @Override
    public Dropout withName(String name) {
        return new Dropout(name, rate);
    }

    @Override
    public String typeName() {
        return "dropout";
    }

    /** No parameters: an empty {@link Params}. */
    @Override
    public Params init(int inputFeatures, DType dtype, Rng rng) {
        LayerNames.requireNamed(this);
        return Params.builder().build();
    }

    @Override
    public int outputFeatures(int inputFeatures) {
        return inputFeatures;
    }

    @Override
    public long parameterCount(int inputFeatures) {
        return 0;
    }

    /**
     * {@code x} in EVAL (or when {@code rate} is 0); {@code x ⊙ mask} in TRAIN, where
     * {@code mask = m/(1 − rate)} for the mask {@code m} of {@link #mask}.
     *
     * @param x shape {@code [batch, in]}
     * @param rng required in TRAIN; advanced by one draw per element of {@code x}
     * @return shape {@code [batch, in]}
     */
    @Override
    public Node forward(Node x, Map<String, Node> params, Mode mode, Rng rng) {
        if (mode == Mode.EVAL || rate == 0.0) {
            return x;
        }
        Objects.requireNonNull(rng, "dropout in TRAIN mode needs an Rng");
        return x.times(mask(x.value(), rng));
    }

    /**
     * The scaled mask for {@code x}: {@code 1/(1 − rate)} where {@code rng.nextDouble() ≥ rate}, else 0, in
     * {@code x}'s shape and type.
     */
    public Tensor mask(Tensor x, Rng rng) {
        Tensor mask = Tensor.zeros(x.shape(), x.dtype());
        double scale = 1.0 / (1.0 - rate);
        for (int i = 0; i < mask.size(); i++) {
            if (rng.nextDouble() >= rate) {
                mask.set(i, scale);
            }
        }
        return mask;
    }
}
