package dev.descent.expr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable expression over named real variables: a tree of numbers, variables, the constants
 * {@code pi} and {@code e}, negation, the binary operators of {@link Operator} and one-argument
 * {@link MathFunction} calls.
 *
 * <p>Nodes are records, so equal trees are {@code equals}; {@link #toString()} prints text that
 * {@link #parse(String)} reads back into an equal tree.
 */
public sealed interface Expression {

    /**
     * Parses expression-language text (grammar in {@code package-info}).
     *
     * @throws ExpressionException with the 1-based column of the first problem
     */
    static Expression parse(String text) {
        return new Parser(text).parse();
    }

    /** The direct subexpressions, left to right. */
    default List<Expression> children() {
        return switch (this) {
            case Num _, Var _, Constant _ -> List.of();
            case Neg(var operand) -> List.of(operand);
            case Binary(_, var left, var right) -> List.of(left, right);
            case Call(_, var argument) -> List.of(argument);
        };
    }

    /** The variable names in order of first appearance, reading the text left to right. */
    default List<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        collectVariables(this, names);
        return List.copyOf(names);
    }

    /**
     * Evaluates with the given variable values; for repeated evaluation use {@link #compile(List)}.
     *
     * @throws IllegalArgumentException if a variable has no value
     */
    default double evaluate(Map<String, Double> values) {
        return CompiledExpression.evaluate(this, values);
    }

    /**
     * Compiles this expression and its symbolic gradient for fast repeated evaluation at points
     * whose coordinates are given in {@code variableOrder}.
     *
     * @throws IllegalArgumentException if a variable is missing from, or repeated in, the order
     */
    default CompiledExpression compile(List<String> variableOrder) {
        return new CompiledExpression(this, variableOrder);
    }

    /** The simplified symbolic partial derivative with respect to {@code variable}. */
    default Expression derivative(String variable) {
        return Simplifier.simplify(Differentiator.differentiate(this, variable));
    }

    /** The simplified partial derivative for every variable, in {@link #variables()} order. */
    default Map<String, Expression> gradient() {
        Map<String, Expression> gradient = new LinkedHashMap<>();
        for (String variable : variables()) {
            gradient.put(variable, derivative(variable));
        }
        return Collections.unmodifiableMap(gradient);
    }

    /**
     * An equivalent, usually shorter expression: constants folded, neutral terms dropped, numeric
     * factors gathered. Values agree up to float64 rounding wherever both are finite.
     */
    default Expression simplify() {
        return Simplifier.simplify(this);
    }

    private static void collectVariables(Expression expression, Set<String> names) {
        if (expression instanceof Var(var name)) {
            names.add(name);
        }
        for (Expression child : expression.children()) {
            collectVariables(child, names);
        }
    }

    /** A finite number; {@code -0.0} is stored as {@code 0.0} so that equal-printing numbers are equal. */
    record Num(double value) implements Expression {
        public Num {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("not a finite number: " + value);
            }
            value += 0.0;
        }

        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** A variable, named like a Java identifier without {@code $}. */
    record Var(String name) implements Expression {
        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** A named mathematical constant: {@link #PI} or {@link #E}. */
    record Constant(String name, double value) implements Expression {
        public static final Constant PI = new Constant("pi", Math.PI);
        public static final Constant E = new Constant("e", Math.E);

        /** The constant spelled {@code name}, if any. */
        public static Optional<Constant> named(String name) {
            return Optional.ofNullable(switch (name) {
                case "pi" -> PI;
                case "e" -> E;
                default -> null;
            });
        }

        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** Unary minus. */
    record Neg(Expression operand) implements Expression {
        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** {@code left op right}. */
    record Binary(Operator op, Expression left, Expression right) implements Expression {
        @Override
        public String toString() {
            return Printer.print(this);
        }
    }

    /** {@code function(argument)}. */
    record Call(MathFunction function, Expression argument) implements Expression {
        @Override
        public String toString() {
            return Printer.print(this);
        }
    }
}
