/**
 * A small expression language over real variables, with symbolic derivatives, for defining
 * functions for optimizers to minimize.
 *
 * <h2>Grammar</h2>
 * <pre>
 * sum     = product { ("+" | "-") product }          left-associative
 * product = unary { ("*" | "/") unary }              left-associative
 * unary   = ("-" | "+") unary | power
 * power   = primary [ "^" unary ]                    right-associative: 2^3^2 = 2^(3^2)
 * primary = number | name | function "(" sum ")" | "(" sum ")"
 * number  = digits ["." digits] [("e"|"E") ["+"|"-"] digits]  |  "." digits     (2, 0.5, 1e-3, .5)
 * name    = [A-Za-z_][A-Za-z0-9_]*
 * </pre>
 * From loosest to tightest: {@code + -}, then {@code * /}, then unary minus, then {@code ^}, so
 * {@code -x^2} is {@code -(x^2)} and {@code 2^-x} is {@code 2^(-x)}. Whitespace is ignored;
 * implicit multiplication ({@code 2x}) is an error. The names {@code pi} and {@code e} are the
 * constants; every other name not followed by {@code (} is a variable. Bad text throws
 * {@link dev.descent.expr.ExpressionException} pointing at a 1-based column.
 *
 * <h2>Functions</h2>
 * {@code abs cos exp log sigmoid sin sqrt tan tanh}, each of one argument: {@code log} is the
 * natural logarithm, {@code sigmoid(z) = 1/(1+exp(-z))} computed without overflow, and {@code ^}
 * is {@link java.lang.Math#pow}. Derivatives: {@code sqrt(x)' = 1/(2*sqrt(x))} and
 * {@code abs(x)' = x/abs(x)}, which is NaN at 0.
 *
 * <h2>Usage</h2>
 * <pre>{@code
 * Expression f = Expression.parse("(1-x)^2 + 100*(y-x^2)^2");
 * Expression dfdx = f.derivative("x");               // -2*(1-x)-400*x*(y-x^2)
 * CompiledExpression c = f.compile(List.of("x", "y"));
 * double[] grad = new double[2];
 * double value = c.valueAndGradient(new double[] {-1.5, 2}, grad);
 * }</pre>
 *
 * <p>{@link dev.descent.expr.BuiltinFunctions} names classic test functions such as
 * {@code rosenbrock} and {@code himmelblau}.
 */
package dev.descent.expr;
