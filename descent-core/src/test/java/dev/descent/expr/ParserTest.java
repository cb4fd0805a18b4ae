package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.descent.expr.Expression.Binary;
import dev.descent.expr.Expression.Constant;
import dev.descent.expr.Expression.Neg;
import dev.descent.expr.Expression.Num;
import dev.descent.expr.Expression.Var;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', textBlock = """
            2;              2
            0.5;            0.5
            .5;             0.5
            1e-3;           0.001
            2.5E+2;         250
            -x^2;           -9
            (-x)^2;         9
            2^3^2;          512
            2^-1;           0.5
            2^-x;           0.125
            -2^2;           -4
            10-4-3;         3
            2*3/4;          1.5
            8/4/2;          1
            1+2*3;          7
            (1+2)*3;        9
            --x;            3
            +x;             3
            -+-x;           3
            2*-x;           -6
            x^2*2;          18
            pi;             3.141592653589793
            e;              2.718281828459045
            sigmoid(0);     0.5
            log(e);         1
            sqrt(16);       4
            abs(-x);        3
            ' x\t+ 1 ';     4
            """)
    void evaluatesWithPrecedence(String text, double expected) {
        assertThat(Expression.parse(text.replace("\\t", "\t")).evaluate(Map.of("x", 3.0))).isEqualTo(expected);
    }

    @Test
    void buildsTheExpectedTrees() {
        Var x = new Var("x");
        assertThat(Expression.parse("-x^2")).isEqualTo(new Neg(new Binary(Operator.POW, x, new Num(2))));
        assertThat(Expression.parse("2^3^2"))
                .isEqualTo(new Binary(Operator.POW, new Num(2), new Binary(Operator.POW, new Num(3), new Num(2))));
        assertThat(Expression.parse("pi*e")).isEqualTo(new Binary(Operator.MUL, Constant.PI, Constant.E));
        assertThat(Expression.parse("x_1+_y2")).isEqualTo(new Binary(Operator.ADD, new Var("x_1"), new Var("_y2")));
    }

    @Test
    void variablesAppearInTextOrderWithoutConstants() {
        assertThat(Expression.parse("b*a + exp(c) - a*pi + e").variables()).containsExactly("b", "a", "c");
    }

    @Test
    void evaluateNeedsEveryVariable() {
        assertThatThrownBy(() -> Expression.parse("x+y").evaluate(Map.of("x", 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no value for variable 'y'");
    }

    @Test
    void sigmoidIsStableForLargeArguments() {
        assertThat(MathFunction.SIGMOID.apply(-1000)).isEqualTo(0.0);
        assertThat(MathFunction.SIGMOID.apply(1000)).isEqualTo(1.0);
        assertThat(MathFunction.SIGMOID.apply(-30)).isCloseTo(Math.exp(-30), withinPercentage(1e-10));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            (1-x)^2+  | 9 |  expected a number, variable, function or '(' at column 9 in "(1-x)^2+"
            (1-x      | 5 |  expected ')' at column 5 in "(1-x"
            ``        | 1 |  expected a number, variable, function or '(' at column 1 in ""
            2x        | 2 |  expected an operator or end of input at column 2 in "2x"
            foo(x)    | 1 |  unknown function 'foo' at column 1 in "foo(x)"; known: abs, cos, exp, log, sigmoid, sin, sqrt, tan, tanh
            pi(2)     | 1 |  unknown function 'pi' at column 1 in "pi(2)"; known: abs, cos, exp, log, sigmoid, sin, sqrt, tan, tanh
            x + exp   | 8 |  expected '(' after function 'exp' at column 8 in "x + exp"
            x $ y     | 3 |  unexpected character '$' at column 3 in "x $ y"
            1.2.3     | 4 |  expected an operator or end of input at column 4 in "1.2.3"
            x + .     | 5 |  malformed number at column 5 in "x + ."
            1e999     | 1 |  number out of range at column 1 in "1e999"
            2e        | 2 |  expected an operator or end of input at column 2 in "2e"
            )x        | 1 |  expected a number, variable, function or '(' at column 1 in ")x"
            x*/y      | 3 |  expected a number, variable, function or '(' at column 3 in "x*/y"
            sin(x,y)  | 6 |  unexpected character ',' at column 6 in "sin(x,y)"
            sin()     | 5 |  expected a number, variable, function or '(' at column 5 in "sin()"
            (x)(y)    | 4 |  expected an operator or end of input at column 4 in "(x)(y)"
            x^        | 3 |  expected a number, variable, function or '(' at column 3 in "x^"
            x y       | 3 |  expected an operator or end of input at column 3 in "x y"
            """)
    void reportsErrorsWithColumns(String text, int column, String message) {
        assertThatThrownBy(() -> Expression.parse(text))
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.column()).isEqualTo(column))
                .hasMessage(message);
    }

    @Test
    void errorMessagesStayOnOneLine() {
        assertThatThrownBy(() -> Expression.parse("x +\n\u0001"))
                .hasMessage("unexpected character U+0001 at column 5 in \"x +  \"");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        assertThat(Expression.parse("(".repeat(400) + "x" + ")".repeat(400))).isEqualTo(new Var("x"));
        assertThatThrownBy(() -> Expression.parse("(".repeat(100_000) + "x" + ")".repeat(100_000)))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("expression is nested more than 500 levels deep at column 501");
        assertThatThrownBy(() -> Expression.parse("x" + "+x".repeat(100_000)))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("expression is more than 500 levels deep at column 1");
    }
}
