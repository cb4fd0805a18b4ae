package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DerivativeTest {

    @ParameterizedTest(name = "d/d{1} {0} = {2}")
    @CsvSource(delimiter = ';', textBlock = """
            x^2;                    x; 2*x
            2*x^4;                  x; 8*x^3
            x^3;                    x; 3*x^2
            x;                      x; 1
            5;                      x; 0
            y;                      x; 0
            pi*x;                   x; pi
            x*y;                    y; x
            x*y;                    x; y
            x*x;                    x; 2*x
            -x;                     x; -1
            -x^2;                   x; -2*x
            x+y;                    x; 1
            x-y;                    y; -1
            3*x-2*y;                x; 3
            x/2;                    x; 0.5
            1/x;                    x; -1/x^2
            x/y;                    x; 1/y
            x/y;                    y; -x/y^2
            exp(x);                 x; exp(x)
            exp(2*x);               x; 2*exp(2*x)
            log(x);                 x; 1/x
            sqrt(x);                x; 1/(2*sqrt(x))
            abs(x);                 x; x/abs(x)
            sin(x);                 x; cos(x)
            cos(x);                 x; -sin(x)
            cos(2*x);               x; -2*sin(2*x)
            tan(x);                 x; 1+tan(x)^2
            tanh(x);                x; 1-tanh(x)^2
            sigmoid(x);             x; sigmoid(x)*(1-sigmoid(x))
            x^y;                    x; y*x^(y-1)
            x^y;                    y; x^y*log(x)
            2^x;                    x; 0.6931471805599453*2^x
            x^x;                    x; x^x*(log(x)+1)
            e^x;                    x; e^x*log(e)
            x^-1;                   x; -x^(-2)
            x^x;                    y; 0
            (1-x)^2+100*(y-x^2)^2;  x; -2*(1-x)-400*x*(y-x^2)
            (1-x)^2+100*(y-x^2)^2;  y; 200*(y-x^2)
            """)
    void derivativePrintsSimplified(String expression, String variable, String expected) {
        assertThat(Expression.parse(expression).derivative(variable)).hasToString(expected);
    }

    @Test
    void gradientFollowsVariableOrder() {
        var gradient = Expression.parse("y*x^2 + z").gradient();
        assertThat(List.copyOf(gradient.keySet())).containsExactly("y", "x", "z");
        assertThat(gradient.values()).map(Object::toString).containsExactly("x^2", "2*y*x", "1");
    }
}
