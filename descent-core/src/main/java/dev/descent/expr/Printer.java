package dev.descent.expr;

import dev.descent.expr.Expression.Binary;
import dev.descent.expr.Expression.Call;
import dev.descent.expr.Expression.Constant;
import dev.descent.expr.Expression.Neg;
import dev.descent.expr.Expression.Num;
import dev.descent.expr.Expression.Var;

/**
 * Prints expressions as parseable text with the fewest parentheses that keep the tree, with one
 * exception for readability: an operand after an operator that would start with '-' is
 * parenthesized ({@code x*(-y)}, {@code 2^(-x)}, not {@code x*-y}).
 */
final class Printer {
    private static final int NEGATION = 3;
    private static final int POWER = Operator.POW.precedence();
    private static final int ATOM = 5;

    private Printer() {}

    static String print(Expression expression) {
        return switch (expression) {
            case Num(var value) -> number(value);
            case Var(var name) -> name;
            case Constant(var name, _) -> name;
            case Neg(var operand) -> "-" + operand(operand, precedence(operand) < NEGATION);
            case Binary(var op, var left, var right) -> {
                // Left-associative operators need parentheses on the right at equal precedence,
                // right-associative ^ needs them on the left.
                boolean leftParens = op == Operator.POW ? precedence(left) <= POWER : precedence(left) < op.precedence();
                boolean rightParens = op == Operator.POW ? precedence(right) < POWER : precedence(right) <= op.precedence();
                String leftText = print(left);
                yield (leftParens ? "(" + leftText + ")" : leftText) + op.symbol() + operand(right, rightParens);
            }
            case Call(var function, var argument) -> function.functionName() + "(" + print(argument) + ")";
        };
    }

    /**
     * Integers print without a fraction ({@code 2}); everything else uses {@link Double#toString},
     * the shortest text that reads back to the same double.
     */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String operand(Expression operand, boolean parenthesize) {
        String text = print(operand);
        return parenthesize || text.startsWith("-") ? "(" + text + ")" : text;
    }

    private static int precedence(Expression expression) {
        return switch (expression) {
            case Num(var value) -> value < 0 ? NEGATION : ATOM;
            case Neg _ -> NEGATION;
            case Binary(var op, _, _) -> op.precedence();
            case Var _, Constant _, Call _ -> ATOM;
        };
    }
}
