package dev.descent.model;

import dev.descent.nn.Dense;

/**
 * The classic models of the seeds as {@link Sequential}s: a single {@link Dense} layer without activation,
 * trained with the loss that makes it what it is.
 *
 * <ul>
 * <li>{@link #linearRegression(int)}: ŷ = x·W + b, train with {@code mse}</li>
 * <li>{@link #logisticRegression()}: one logit z = x·w + b, p = σ(z), train with {@code bce}</li>
 * <li>{@link #softmaxRegression(int)}: one logit per class, p = softmax(x·W + b), train with {@code ce}</li>
 * </ul>
 */
public final class Presets {

    private Presets() {
    }

    /** Linear regression with {@code outputs} targets. */
    public static Sequential linearRegression(int outputs) {
        return new Sequential(Dense.of(outputs));
    }

    /** Binary logistic regression (outputs the logit). */
    public static Sequential logisticRegression() {
        return new Sequential(Dense.of(1));
    }

    /** Multinomial (softmax) regression over {@code classes} classes (outputs the logits). */
    public static Sequential softmaxRegression(int classes) {
        return new Sequential(Dense.of(classes));
    }
}
