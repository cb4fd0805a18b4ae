package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CompiledExpressionTest {

    @Test
    void rosenbrockValueAndGradient() {
        CompiledExpression f = Expression.parse("(1-x)^2+100*(y-x^2)^2").compile(List.of("x", "y"));
        double[] grad = new double[2];
        assertThat(f.valueAndGradient(new double[] {-1.5, 2}, grad)).isEqualTo(6.25 + 100 * 0.0625);
        assertThat(grad).containsExactly(-2 * 2.5 - 400 * -1.5 * -0.25, 200 * -0.25);
        assertThat(f.value(new double[] {1, 1})).isZero();
    }

    @Test
    void orderMayDifferFromAppearanceAndIncludeUnusedVariables() {
        CompiledExpression f = Expression.parse("x*y").compile(List.of("z", "y", "x"));
        double[] grad = new double[3];
        assertThat(f.valueAndGradient(new double[] {7, 3, 5}, grad)).isEqualTo(15);
        assertThat(grad).containsExactly(0, 5, 3);
        assertThat(f.variables()).containsExactly("z", "y", "x");
    }

    @Test
    void rejectsBadOrdersAndArrays() {
        Expression e = Expression.parse("x+y");
        assertThatThrownBy(() -> e.compile(List.of("x"))).hasMessage("variable 'y' is not in the order [x]");
        assertThatThrownBy(() -> e.compile(List.of("x", "y", "x"))).hasMessage("variable 'x' appears twice in [x, y, x]");
        assertThatThrownBy(() -> e.compile(List.of("x", "y")).value(new double[1])).hasMessage("x has length 1, expected 2");
    }

    static Stream<Long> seeds() {
        return RandomExpressions.seeds(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void agreesBitForBitWithSymbolicEvaluation(long seed) {
        Random random = new Random(seed);
        Expression e = RandomExpressions.tree(random, 4);
        CompiledExpression compiled = e.compile(RandomExpressions.VARIABLES);
        double x = random.nextDouble(-2, 2);
        double y = random.nextDouble(-2, 2);
        Map<String, Double> point = Map.of("x", x, "y", y);
        double[] grad = new double[2];
        // Compared as bits, so that NaN matches NaN: the compiled form must reproduce NaNs too.
        assertThat(bits(compiled.valueAndGradient(new double[] {x, y}, grad))).isEqualTo(bits(e.evaluate(point)));
        assertThat(bits(grad[0])).isEqualTo(bits(e.derivative("x").evaluate(point)));
        assertThat(bits(grad[1])).isEqualTo(bits(e.derivative("y").evaluate(point)));
    }

    private static long bits(double value) {
        return Double.doubleToLongBits(value);
    }
}
