package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.nn.Spec;
import dev.descent.tensor.Tensor;

import java.util.Locale;
import java.util.Map;

/**
 * A data loss: maps a batch of network outputs and their targets to one scalar, the <b>mean</b> over the
 * batch (and over output columns), as a {@link Node} to differentiate; or, given a weight per row, the weighted
 * mean of the rows' losses ({@link #apply(Node, Tensor, Tensor)}).
 *
 * <h2>Spec names</h2>
 * {@code mse}, {@code mae}, {@code huber(delta=1)}, {@code bce} (from logits), {@code ce} (softmax
 * cross-entropy from logits), {@code hinge} and {@code squared_hinge} (binary margin losses on the raw output,
 * {@link MarginLoss}); see {@link #parse}.
 *
 * <h2>Shapes</h2>
 * Outputs are {@code [batch, k]}. Element-wise losses take targets of the same shape, or {@code [batch]}
 * when {@code k = 1}; {@code ce} also takes class indices, see {@link CrossEntropy}. Targets are converted
 * to the outputs' dtype; they are constants (no gradient).
 */
public interface Loss {

    /** The valid forms, as shown in error messages. */
    String VALID_FORMS = "mse, mae, huber(delta=1), bce, ce, hinge, squared_hinge";

    /**
     * The batch mean of this loss.
     *
     * @param output network outputs, shape {@code [batch, k]}
     * @param target targets, shape as the implementation documents
     * @return a scalar node
     * @throws IllegalArgumentException if the shapes do not fit, naming both
     */
    Node apply(Node output, Tensor target);

    /**
     * Each row's loss, shape {@code [batch]}: for outputs of {@code k} columns the mean of the row's {@code k}
     * element losses, so that the mean of the rows is {@link #apply(Node, Tensor)}'s value.
     *
     * @throws IllegalArgumentException if the shapes do not fit, naming both
     */
    Node perRow(Node output, Tensor target);

    /**
     * The weighted mean of the rows' losses {@code ℓ_i} ({@link #perRow}) with weights {@code w_i ≥ 0}:
     * <pre>
     *   L = Σ_i w_i·ℓ_i / Σ_i w_i        and 0, with a zero gradient, when Σ_i w_i = 0
     * </pre>
     * the reduction of PyTorch's {@code CrossEntropyLoss(weight=w, reduction='mean')} (there {@code w_i} is the
     * weight of row {@code i}'s class) and of Spark ML's {@code weightCol}. Weights of 1 give the plain mean (up
     * to rounding), and multiplying every weight by a constant changes nothing. Keras' {@code sample_weight}
     * divides by the batch size instead ({@code Σ_i w_i·ℓ_i / batch}).
     *
     * @param weights one weight per row, shape {@code [batch]}, non-negative (converted to the outputs' dtype)
     * @throws IllegalArgumentException if the shapes do not fit, naming them
     */
    default Node apply(Node output, Tensor target, Tensor weights) {
        return WeightedMean.of(perRow(output, target), weights);
    }

    /**
     * The spec name: {@code mse}, {@code mae}, {@code huber}, {@code bce}, {@code ce}, {@code hinge},
     * {@code squared_hinge}.
     */
    String name();

    /** The canonical spec string, which {@link #parse} reads back to an equal loss. */
    String spec();

    /** Mean squared error. */
    static Loss mse() {
        return new MeanSquaredError();
    }

    /** Mean absolute error. */
    static Loss mae() {
        return new MeanAbsoluteError();
    }

    /** Huber loss with threshold {@code delta}. */
    static Loss huber(double delta) {
        return new Huber(delta);
    }

    /** Binary cross-entropy from logits. */
    static Loss bce() {
        return new BinaryCrossEntropy();
    }

    /** Softmax cross-entropy from logits. */
    static Loss ce() {
        return new CrossEntropy();
    }

    /** Hinge loss on the raw output, for 0/1 targets. */
    static Loss hinge() {
        return new Hinge();
    }

    /** Squared hinge loss on the raw output, for 0/1 targets. */
    static Loss squaredHinge() {
        return new SquaredHinge();
    }

    /**
     * Parses a {@code --loss} value: {@code mse}, {@code mae}, {@code huber} or {@code huber(delta=D)}
     * (default {@value Huber#DEFAULT_DELTA}), {@code bce}, {@code ce}, {@code hinge}, {@code squared_hinge}; names
     * and keys are case-insensitive.
     *
     * @throws IllegalArgumentException one line naming the problem and the valid forms
     */
    static Loss parse(String text) {
        Spec spec = Spec.parse(text, "loss", VALID_FORMS);
        String name = spec.name().toLowerCase(Locale.ROOT);
        if (!spec.arguments().isEmpty()) {
            throw Spec.error("loss " + name + " takes only key=value arguments, got '" + text.strip() + "'",
                    VALID_FORMS);
        }
        Map<String, String> options = spec.options();
        return switch (name) {
            case "mse", "mae", "bce", "ce", "hinge", "squared_hinge" -> {
                if (!options.isEmpty()) {
                    throw Spec.error("loss " + name + " takes no arguments, got '" + text.strip() + "'", VALID_FORMS);
                }
                yield switch (name) {
                    case "mse" -> mse();
                    case "mae" -> mae();
                    case "bce" -> bce();
                    case "hinge" -> hinge();
                    case "squared_hinge" -> squaredHinge();
                    default -> ce();
                };
            }
            case "huber" -> {
                double delta = Huber.DEFAULT_DELTA;
                for (var e : options.entrySet()) {
                    if (!e.getKey().equalsIgnoreCase("delta")) {
                        throw Spec.error("unknown key '" + e.getKey() + "' for huber (keys: delta)", VALID_FORMS);
                    }
                    delta = Spec.number("delta", e.getValue(), VALID_FORMS);
                }
                if (!(delta > 0)) {
                    throw Spec.error("huber delta must be positive, got " + delta, VALID_FORMS);
                }
                yield huber(delta);
            }
            default -> throw Spec.error("unknown loss '" + spec.name() + "'", VALID_FORMS);
        };
    }
}
