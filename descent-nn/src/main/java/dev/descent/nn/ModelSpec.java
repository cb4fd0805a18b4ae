package dev.descent.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The architecture named by the command line's {@code --model} value, before the number of outputs is known.
 *
 * <h2>Grammar</h2>
 * <ul>
 *   <li>{@code linear}: linear regression ({@link Stack#linear}).</li>
 *   <li>{@code logistic}: logistic regression emitting logits ({@link Stack#logistic(int)}).</li>
 *   <li>{@code softmax}: softmax regression emitting logits ({@link Stack#softmax}).</li>
 *   <li>{@code mlp(W1, W2, ..., activation=NAME, dropout=P)}: hidden widths {@code W1, W2, ...} (at least
 *       one), {@code activation} one of {@link Activation#validNames()} (default {@code relu}), {@code dropout}
 *       in {@code [0, 1)} after every hidden layer (default 0); see {@link Stack#mlp(int[], Activation, double, int)}.</li>
 * </ul>
 * Names and keys are case-insensitive; blanks are ignored. Errors are one line naming the problem and
 * these forms.
 *
 * <pre>{@code
 * Stack net = ModelSpec.parse("mlp(64, 32, activation=tanh)").build(3);
 * // dense_1 (64, tanh) -> dense_2 (32, tanh) -> dense_3 (3, linear)
 * }</pre>
 *
 * @param kind which family
 * @param hidden the hidden widths (empty unless {@code kind} is {@link Kind#MLP})
 * @param activation the hidden activation ({@link Activation#LINEAR} unless {@code kind} is MLP)
 * @param dropout the dropout rate after each hidden layer (0 unless {@code kind} is MLP)
 */
public record ModelSpec(Kind kind, List<Integer> hidden, Activation activation, double dropout) {

    /** The valid forms, as shown in error messages. */
    public static final String VALID_FORMS = "linear, logistic, softmax, mlp(64,32,activation=relu,dropout=0.2)";

    /** The model families of {@code --model}. */
    public enum Kind { LINEAR, LOGISTIC, SOFTMAX, MLP }

    /** Validates; the hidden widths are copied. */
    public ModelSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(activation, "activation");
        hidden = List.copyOf(hidden);
        if (kind == Kind.MLP && hidden.isEmpty()) {
            throw Spec.error("mlp needs at least one hidden width", VALID_FORMS);
        }
        if (kind != Kind.MLP && (!hidden.isEmpty() || dropout != 0.0 || activation != Activation.LINEAR)) {
            throw Spec.error(kind.name().toLowerCase(Locale.ROOT) + " takes no arguments", VALID_FORMS);
        }
        for (int width : hidden) {
            if (width <= 0) {
                throw Spec.error("hidden width must be a positive integer, got " + width, VALID_FORMS);
            }
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw Spec.error("dropout must be in [0, 1), got " + dropout, VALID_FORMS);
        }
    }

    /**
     * Parses a {@code --model} value.
     *
     * @throws IllegalArgumentException one line naming the problem and the valid forms
     */
    public static ModelSpec parse(String text) {
        Spec spec = Spec.parse(text, "model", VALID_FORMS);
        String name = spec.name().toLowerCase(Locale.ROOT);
        switch (name) {
            case "linear", "logistic", "softmax" -> {
                if (!spec.arguments().isEmpty() || !spec.options().isEmpty()) {
                    throw Spec.error(name + " takes no arguments, got '" + text.strip() + "'", VALID_FORMS);
                }
                return new ModelSpec(Kind.valueOf(name.toUpperCase(Locale.ROOT)), List.of(), Activation.LINEAR, 0.0);
            }
            case "mlp" -> {
                List<Integer> widths = new ArrayList<>();
                for (String a : spec.arguments()) {
                    widths.add(Spec.positiveInteger("hidden width", a, VALID_FORMS));
                }
                Activation activation = Activation.RELU;
                double dropout = 0.0;
                for (var e : spec.options().entrySet()) {
                    switch (e.getKey().toLowerCase(Locale.ROOT)) {
                        case "activation" -> {
                            try {
                                activation = Activation.parse(e.getValue());
                            } catch (IllegalArgumentException ex) {
                                throw Spec.error("unknown activation '" + e.getValue() + "' (valid: "
                                        + Activation.validNames() + ")", VALID_FORMS);
                            }
                        }
                        case "dropout" -> dropout = Spec.number("dropout", e.getValue(), VALID_FORMS);
                        default -> throw Spec.error("unknown key '" + e.getKey()
                                + "' for mlp (keys: activation, dropout)", VALID_FORMS);
                    }
                }
                return new ModelSpec(Kind.MLP, widths, activation, dropout);
            }
            default -> throw Spec.error("unknown model '" + spec.name() + "'", VALID_FORMS);
        }
    }

    /** Shortcut for {@code parse(text).build(outputs)}. */
    public static Stack stack(String text, int outputs) {
        return parse(text).build(outputs);
    }

    /**
     * The stack for {@code outputs} output units (1 for regression on one target or binary
     * classification, the number of classes for {@code softmax}).
     */
    public Stack build(int outputs) {
        if (outputs <= 0) {
            throw new IllegalArgumentException("outputs must be positive, got " + outputs);
        }
        return switch (kind) {
            case LINEAR -> Stack.linear(outputs);
            case LOGISTIC -> Stack.logistic(outputs);
            case SOFTMAX -> Stack.softmax(outputs);
            case MLP -> Stack.mlp(hidden.stream().mapToInt(Integer::intValue).toArray(), activation, dropout, outputs);
        };
    }

    /** The canonical spec string, which {@link #parse} reads back to an equal value. */
    public String spec() {
        if (kind != Kind.MLP) {
            return kind.name().toLowerCase(Locale.ROOT);
        }
        String widths = hidden.stream().map(String::valueOf).collect(Collectors.joining(","));
        return "mlp(" + widths + ",activation=" + activation.specName()
                + (dropout > 0 ? ",dropout=" + dropout : "") + ")";
    }

    @Override
    public String toString() {
        return spec();
    }
}
