package dev.descent.expr;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The one-argument functions of the expression language, written in lower case. */
public enum MathFunction {
    ABS,
    COS,
    EXP,
    /** Natural logarithm. */
    LOG,
    /** The logistic function {@code 1/(1+exp(-z))}. */
    SIGMOID,
    SIN,
    SQRT,
    TAN,
    TANH;

    /** The name used in expression text. */
    public String functionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The function spelled {@code name} in expression text, if any. */
    public static Optional<MathFunction> named(String name) {
        return Arrays.stream(values()).filter(f -> f.functionName().equals(name)).findFirst();
    }

    /** Applies the function with float64 semantics. */
    public double apply(double z) {
        return switch (this) {
            case ABS -> Math.abs(z);
            case COS -> Math.cos(z);
            case EXP -> Math.exp(z);
            case LOG -> Math.log(z);
            case SIGMOID -> sigmoid(z);
            case SIN -> Math.sin(z);
            case SQRT -> Math.sqrt(z);
            case TAN -> Math.tan(z);
            case TANH -> Math.tanh(z);
        };
    }

    // exp is only ever taken of a non-positive number, so it cannot overflow to infinity/infinity.
    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double ez = Math.exp(z);
        return ez / (1 + ez);
    }
}
