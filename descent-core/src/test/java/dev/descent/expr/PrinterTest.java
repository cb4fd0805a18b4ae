package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.expr.Expression.Binary;
import dev.descent.expr.Expression.Neg;
import dev.descent.expr.Expression.Num;
import dev.descent.expr.Expression.Var;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrinterTest {

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource(delimiter = ';', textBlock = """
            -x^2;               -x^2
            (-x)^2;             (-x)^2
            -(x^2);             -x^2
            a-(b-c);            a-(b-c)
            (a-b)-c;            a-b-c
            a+(b+c);            a+(b+c)
            a/(b*c);            a/(b*c)
            (a/b)*c;            a/b*c
            a*(b/c);            a*(b/c)
            (a+b)*(c-d);        (a+b)*(c-d)
            2^3^2;              2^3^2
            (2^3)^2;            (2^3)^2
            2^-x;               2^(-x)
            2^(x*y);            2^(x*y)
            x*-y;               x*(-y)
            x - -y;             x-(-y)
            x+(-y*z);           x+(-y*z)
            --x;                -(-x)
            -(x*y);             -(x*y)
            -x*y;               -x*y
            -(x+y);             -(x+y)
            sin(x)^2;           sin(x)^2
            -exp(-x);           -exp(-x)
            2.0;                2
            0.1;                0.1
            1e-3;               0.001
            1e20;               1.0E20
            123456789012;       123456789012
            .5 * pi + e;        0.5*pi+e
            """)
    void printsMinimalParentheses(String text, String printed) {
        assertThat(Expression.parse(text)).hasToString(printed);
    }

    @Test
    void negativeNumbersFromTheSimplifierPrintAsNegations() {
        Var x = new Var("x");
        assertThat(new Binary(Operator.POW, new Num(-2), x)).hasToString("(-2)^x");
        assertThat(new Binary(Operator.MUL, x, new Num(-2))).hasToString("x*(-2)");
        assertThat(new Binary(Operator.MUL, new Num(-2), x)).hasToString("-2*x");
        assertThat(new Neg(new Num(-2))).hasToString("-(-2)");
        assertThat(new Num(-0.0)).isEqualTo(new Num(0)).hasToString("0");
    }
}
