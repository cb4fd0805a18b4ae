package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PropertyTest {

    static Stream<Long> seeds() {
        return RandomExpressions.seeds(500);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void printThenParseGivesAnEqualTree(long seed) {
        Expression tree = RandomExpressions.tree(new Random(seed), 5);
        String printed = tree.toString();
        assertThat(Expression.parse(printed)).as(printed).isEqualTo(tree);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void simplifiedTreesPrintParseablyToo(long seed) {
        Expression derivative = RandomExpressions.tree(new Random(seed), 4).derivative("x");
        String printed = derivative.toString();
        assertThat(Expression.parse(printed)).as(printed).hasToString(printed);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void junkOnlyEverThrowsExpressionException(long seed) {
        String junk = RandomExpressions.junk(new Random(seed));
        Throwable thrown = catchThrowable(() -> Expression.parse(junk));
        if (thrown != null) {
            assertThat(thrown).as(junk).isInstanceOf(ExpressionException.class).hasMessageNotContaining("\n");
            assertThat(((ExpressionException) thrown).column()).as(junk).isBetween(1, junk.length() + 1);
        }
    }

    /**
     * Simplifying never changes a derivative's value beyond rounding, and both agree with a
     * central difference wherever the function is smooth enough for one to be trusted.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void derivativeMatchesUnsimplifiedAndFiniteDifference(long seed) {
        Random random = new Random(seed);
        Expression f = RandomExpressions.tree(random, 4);
        Expression raw = Differentiator.differentiate(f, "x");
        Expression simplified = f.derivative("x");
        for (int i = 0; i < 5; i++) {
            double x = random.nextDouble(-2, 2);
            double y = random.nextDouble(-2, 2);
            double exact = at(raw, x, y);
            double symbolic = at(simplified, x, y);
            if (!Double.isFinite(exact) || !Double.isFinite(symbolic)) {
                continue;
            }
            String context = f + " at (" + x + ", " + y + "): d/dx = " + simplified;
            assertThat(Math.abs(symbolic - exact)).as(context).isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(exact)));
            double fine = centralDifference(f, x, y, 1e-5);
            double coarse = centralDifference(f, x, y, 1e-4);
            double scale = Math.max(1, Math.max(Math.abs(exact), Math.abs(at(f, x, y))));
            boolean smooth = Double.isFinite(fine) && Math.abs(fine - coarse) <= 1e-6 * scale;
            if (smooth) {
                assertThat(Math.abs(fine - exact)).as(context).isLessThanOrEqualTo(1e-6 * scale);
            }
        }
    }

    private static double centralDifference(Expression f, double x, double y, double h) {
        return (at(f, x + h, y) - at(f, x - h, y)) / (2 * h);
    }

    private static double at(Expression e, double x, double y) {
        return e.evaluate(Map.of("x", x, "y", y));
    }
}
