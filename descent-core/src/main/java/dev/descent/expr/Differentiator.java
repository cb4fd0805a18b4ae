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

/**
 * Textbook differentiation rules, applied without any simplification; {@link Simplifier} tidies
 * the result. Keeping the two apart lets tests check that simplifying never changes a value.
 */
final class Differentiator {
    private static final Num ZERO = new Num(0);
    private static final Num ONE = new Num(1);
    private static final Num TWO = new Num(2);

    private Differentiator() {}

    static Expression differentiate(Expression e, String variable) {
        return switch (e) {
            case Num _, Constant _ -> ZERO;
            case Var(var name) -> name.equals(variable) ? ONE : ZERO;
            case Neg(var u) -> new Neg(differentiate(u, variable));
            case Binary(var op, var u, var v) -> {
                Expression du = differentiate(u, variable);
                Expression dv = differentiate(v, variable);
                yield switch (op) {
                    case ADD, SUB -> new Binary(op, du, dv);
                    case MUL -> sum(product(du, v), product(u, dv));
                    // u'/v - u*v'/v^2 rather than one fraction: either half vanishes cleanly when zero.
                    case DIV -> new Binary(SUB, new Binary(DIV, du, v), new Binary(DIV, product(u, dv), new Binary(POW, v, TWO)));
                    case POW -> v.variables().contains(variable)
                            // u^v * (v'*log(u) + v*u'/u)
                            ? product(e, sum(product(dv, new Call(MathFunction.LOG, u)), new Binary(DIV, product(v, du), u)))
                            // v * u^(v-1) * u'
                            : product(product(v, new Binary(POW, u, new Binary(SUB, v, ONE))), du);
                };
            }
            case Call(var function, var u) -> product(differentiate(u, variable), outerDerivative(function, u));
        };
    }

    /** f'(u) for the chain rule f(u)' = u' * f'(u). */
    private static Expression outerDerivative(MathFunction function, Expression u) {
        Expression fu = new Call(function, u);
        return switch (function) {
            case ABS -> new Binary(DIV, u, fu); // sign(u), undefined (NaN) at 0
            case COS -> new Neg(new Call(MathFunction.SIN, u));
            case EXP -> fu;
            case LOG -> new Binary(DIV, ONE, u);
            case SIGMOID -> product(fu, new Binary(SUB, ONE, fu));
            case SIN -> new Call(MathFunction.COS, u);
            case SQRT -> new Binary(DIV, ONE, product(TWO, fu));
            case TAN -> sum(ONE, new Binary(POW, fu, TWO));
            case TANH -> new Binary(SUB, ONE, new Binary(POW, fu, TWO));
        };
    }

    private static Expression sum(Expression a, Expression b) {
        return new Binary(ADD, a, b);
    }

    private static Expression product(Expression a, Expression b) {
        return new Binary(MUL, a, b);
    }
}
