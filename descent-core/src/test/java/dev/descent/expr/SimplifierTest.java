package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimplifierTest {

    @ParameterizedTest(name = "{0} simplifies to {1}")
    @CsvSource(delimiter = ';', textBlock = """
            1+2*3;              7
            2^10;               1024
            sqrt(16)+x;         4+x
            log(0)+x;           log(0)+x
            0/0;                0/0
            x+0;                x
            0+x;                x
            x-0;                x
            0-x;                -x
            x*1;                x
            1*x;                x
            x*0;                0
            x/1;                x
            0/x;                0
            x^1;                x
            x^0;                1
            1^x;                1
            2*(4*x^3);          8*x^3
            x*3*y*2;            6*x*y
            x*x;                x^2
            x*x^2*x;            x^4
            x^2/x^2;            1
            x+x;                2*x
            x-x;                0
            a+(-b);             a-b
            a-(-b);             a+b
            a+(-2*b);           a-2*b
            a-(-b/c);           a+b/c
            -(-a);              a
            -(a-b);             b-a
            -(2*a);             -2*a
            -a*-b;              a*b
            -(a*b);             -a*b
            (1-x)*2;            2*(1-x)
            sin(x)*x*pi;        pi*x*sin(x)
            x*0.5^2;            0.25*x
            """)
    void appliesLocalRules(String text, String simplified) {
        assertThat(Expression.parse(text).simplify()).hasToString(simplified);
    }
}
