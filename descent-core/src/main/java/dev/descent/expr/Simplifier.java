package dev.descent.expr;

import static dev.descent.expr.Operator.ADD;
import static dev.descent.expr.Operator.DIV;
import static dev.descent.expr.Operator.MUL;
import static dev.descent.expr.Operator.POW;
import static dev.descent.expr.Operator.SUB;

import dev.descent.expr.Expression.Binary;
import dev.descent.expr.Expression.Call;
import dev.descent.expr.Expression.Constant;
import dev.descent.expr.Expression.Neg;
import dev.descent.expr.Expression.Num;
import dev.descent.expr.Expression.Var;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bottom-up simplification: each node is rebuilt from already simplified children by a "smart
 * constructor" that applies local rules. Every rule keeps the value wherever the original is
 * finite, up to float64 rounding (products are reordered); {@code x-x = 0} and {@code x/x = 1}
 * only fail where the original is NaN. Rules that would only hold for some finite inputs, such
 * as {@code x^0.5*x^0.5 = x}, are deliberately absent.
 */
final class Simplifier {
    private Simplifier() {}

    static Expression simplify(Expression e) {
        return switch (e) {
            case Num _, Var _, Constant _ -> e;
            case Neg(var operand) -> negate(simplify(operand));
            case Binary(var op, var left, var right) -> combine(op, simplify(left), simplify(right));
            case Call(var function, var argument) -> call(function, simplify(argument));
        };
    }

    private static Expression combine(Operator op, Expression a, Expression b) {
        if (a instanceof Num(var x) && b instanceof Num(var y)) {
            // NaN and infinities have no text, so such an operation stays visible, as in 0/0.
            double folded = op.apply(x, y);
            return Double.isFinite(folded) ? new Num(folded) : new Binary(op, a, b);
        }
        return switch (op) {
            case ADD -> add(a, b);
            case SUB -> subtract(a, b);
            case MUL -> Product.of(a, b);
            case DIV -> divide(a, b);
            case POW -> power(a, b);
        };
    }

    private static Expression add(Expression a, Expression b) {
        if (isNumber(a, 0)) {
            return b;
        }
        if (isNumber(b, 0)) {
            return a;
        }
        if (a.equals(b)) {
            return Product.of(new Num(2), a);
        }
        return isNegative(b) ? subtract(a, negate(b)) : new Binary(ADD, a, b);
    }

    private static Expression subtract(Expression a, Expression b) {
        if (isNumber(b, 0)) {
            return a;
        }
        if (isNumber(a, 0)) {
            return negate(b);
        }
        if (a.equals(b)) {
            return new Num(0);
        }
        return isNegative(b) ? add(a, negate(b)) : new Binary(SUB, a, b);
    }

    private static Expression divide(Expression a, Expression b) {
        if (isNumber(a, 0) || isNumber(b, 1)) {
            return a;
        }
        return a.equals(b) ? new Num(1) : new Binary(DIV, a, b);
    }

    // pow(x, 0) = 1, pow(x, 1) = x and pow(1, y) = 1 hold exactly for every double.
    private static Expression power(Expression a, Expression b) {
        if (isNumber(b, 0) || isNumber(a, 1)) {
            return new Num(1);
        }
        return isNumber(b, 1) ? a : new Binary(POW, a, b);
    }

    private static Expression call(MathFunction function, Expression argument) {
        double folded = argument instanceof Num(var z) ? function.apply(z) : Double.NaN;
        return Double.isFinite(folded) ? new Num(folded) : new Call(function, argument);
    }

    /** The simplified {@code -e}, pushing the sign into numbers, differences and coefficients. */
    private static Expression negate(Expression e) {
        return switch (e) {
            case Num(var value) -> new Num(-value);
            case Neg(var operand) -> operand;
            case Binary(var op, var left, var right) when op == SUB -> subtract(right, left);
            case Binary(var op, _, _) when op == MUL -> Product.of(new Num(-1), e);
            case Binary(var op, var left, var right) when op == DIV -> divide(negate(left), right);
            default -> new Neg(e);
        };
    }

    /** Whether {@code e} prints with a leading minus, so that {@code a+e} reads better as a difference. */
    private static boolean isNegative(Expression e) {
        return switch (e) {
            case Num(var value) -> value < 0;
            case Neg _ -> true;
            case Binary(var op, var left, _) -> (op == MUL || op == DIV) && isNegative(left);
            default -> false;
        };
    }

    private static boolean isNumber(Expression e, double value) {
        return e instanceof Num(var v) && v == value;
    }

    /**
     * A product taken apart into a numeric coefficient and factors {@code base^k} with integer
     * {@code k}, so that numbers combine ({@code 2*(4*x^3)} is {@code 8*x^3}) and so do repeated
     * bases ({@code x*x} is {@code x^2}).
     */
    private static final class Product {
        private double coefficient = 1;
        private final Map<Expression, Double> powers = new LinkedHashMap<>();

        static Expression of(Expression a, Expression b) {
            Product product = new Product();
            product.absorb(a);
            product.absorb(b);
            // A coefficient that overflows would change the value; leave such products alone.
            return Double.isFinite(product.coefficient) ? product.build() : new Binary(MUL, a, b);
        }

        private void absorb(Expression e) {
            switch (e) {
                case Num(var value) -> coefficient *= value;
                case Neg(var operand) -> {
                    coefficient = -coefficient;
                    absorb(operand);
                }
                case Binary(var op, var left, var right) when op == MUL -> {
                    absorb(left);
                    absorb(right);
                }
                case Binary(var op, var base, Num(var k)) when op == POW && isSmallInteger(k) -> powers.merge(base, k, Double::sum);
                default -> powers.merge(e, 1.0, Double::sum);
            }
        }

        private Expression build() {
            if (coefficient == 0) {
                return new Num(0);
            }
            List<Expression> factors = new ArrayList<>();
            powers.forEach((base, k) -> {
                if (k != 0) {
                    factors.add(k == 1 ? base : new Binary(POW, base, new Num(k)));
                }
            });
            if (factors.isEmpty()) {
                return new Num(coefficient);
            }
            // Stable sort: constants, then variables and their powers, then calls, then compound
            // factors, so that 400*x*(y-x^2) reads the usual way.
            factors.sort(Comparator.comparingInt(Product::rank));
            Expression first = factors.getFirst();
            Expression result = coefficient == 1 ? first
                    : coefficient == -1 ? negate(first)
                    : new Binary(MUL, new Num(coefficient), first);
            for (Expression factor : factors.subList(1, factors.size())) {
                result = new Binary(MUL, result, factor);
            }
            return result;
        }

        // Larger exponents could absorb a merged factor entirely: pow(-1, 1e300) * -1 is not pow(-1, 1e300).
        private static boolean isSmallInteger(double k) {
            return k == Math.rint(k) && Math.abs(k) <= 1024;
        }

        private static int rank(Expression factor) {
            return switch (factor) {
                case Constant _ -> 0;
                case Var _ -> 1;
                case Binary(var op, var base, _) when op == POW -> rank(base);
                case Call _ -> 2;
                default -> 3;
            };
        }
    }
}
