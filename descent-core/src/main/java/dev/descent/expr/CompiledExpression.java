package dev.descent.expr;

import dev.descent.expr.Expression.Binary;
import dev.descent.expr.Expression.Call;
import dev.descent.expr.Expression.Constant;
import dev.descent.expr.Expression.Neg;
import dev.descent.expr.Expression.Num;
import dev.descent.expr.Expression.Var;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An expression and its symbolic gradient turned into closures over a coordinate array, for a
 * minimizer that evaluates the same function many times. The gradient is the evaluation of
 * {@link Expression#derivative(String)} for each variable, so it matches the symbolic partials
 * exactly. Instances are immutable and thread-safe.
 */
public final class CompiledExpression {

    /** A compiled subtree: its value at a point. */
    @FunctionalInterface
    private interface Code {
        double at(double[] x);
    }

    private final List<String> variables;
    private final Code value;
    private final Code[] partials;

    CompiledExpression(Expression expression, List<String> variableOrder) {
        this.variables = List.copyOf(variableOrder);
        Map<String, Integer> index = indexOf(variables);
        for (String name : expression.variables()) {
            if (!index.containsKey(name)) {
                throw new IllegalArgumentException("variable '" + name + "' is not in the order " + variables);
            }
        }
        this.value = compile(expression, index);
        this.partials = variables.stream().map(v -> compile(expression.derivative(v), index)).toArray(Code[]::new);
    }

    /** The coordinate names, in the order the arrays use. */
    public List<String> variables() {
        return variables;
    }

    /** The value at {@code x}, whose coordinates follow {@link #variables()}. */
    public double value(double[] x) {
        checkLength("x", x);
        return value.at(x);
    }

    /** The value at {@code x}, storing the partial derivatives into {@code gradOut}. */
    public double valueAndGradient(double[] x, double[] gradOut) {
        checkLength("x", x);
        checkLength("gradOut", gradOut);
        for (int i = 0; i < partials.length; i++) {
            gradOut[i] = partials[i].at(x);
        }
        return value.at(x);
    }

    static double evaluate(Expression expression, Map<String, Double> values) {
        List<String> names = expression.variables();
        double[] x = new double[names.size()];
        for (int i = 0; i < x.length; i++) {
            Double v = values.get(names.get(i));
            if (v == null) {
                throw new IllegalArgumentException("no value for variable '" + names.get(i) + "'");
            }
            x[i] = v;
        }
        return compile(expression, indexOf(names)).at(x);
    }

    private void checkLength(String name, double[] array) {
        if (array.length != variables.size()) {
            throw new IllegalArgumentException(name + " has length " + array.length + ", expected " + variables.size());
        }
    }

    private static Map<String, Integer> indexOf(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (String name : names) {
            if (index.putIfAbsent(name, index.size()) != null) {
                throw new IllegalArgumentException("variable '" + name + "' appears twice in " + names);
            }
        }
        return index;
    }

    private static Code compile(Expression e, Map<String, Integer> index) {
        return switch (e) {
            case Num(var v) -> _ -> v;
            case Constant(_, var v) -> _ -> v;
            case Var(var name) -> {
                int i = index.get(name);
                yield x -> x[i];
            }
            case Neg(var operand) -> {
                Code a = compile(operand, index);
                yield x -> -a.at(x);
            }
            case Binary(var op, var left, var right) -> {
                Code a = compile(left, index);
                Code b = compile(right, index);
                yield x -> op.apply(a.at(x), b.at(x));
            }
            case Call(var function, var argument) -> {
                Code a = compile(argument, index);
                yield x -> function.apply(a.at(x));
            }
        };
    }
}
