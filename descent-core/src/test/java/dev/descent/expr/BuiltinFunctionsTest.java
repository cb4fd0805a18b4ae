package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinFunctionsTest {

    static Stream<BuiltinFunction> functions() {
        return BuiltinFunctions.names().stream().map(name -> BuiltinFunctions.get(name).orElseThrow());
    }

    @Test
    void catalogIsSortedAndComplete() {
        assertThat(BuiltinFunctions.names()).isSorted().containsExactly(
                "beale", "booth", "himmelblau", "matyas", "parabola", "quadratic", "quartic", "rastrigin",
                "rosenbrock", "saddle", "three_hump_camel");
        assertThat(BuiltinFunctions.get("nope")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void minimaHaveTheStatedValueAndZeroGradient(BuiltinFunction function) {
        CompiledExpression compiled = function.expression().compile(function.variables());
        assertThat(function.minima().isEmpty()).isEqualTo(function.minimumValue().isEmpty());
        for (List<Double> minimum : function.minima()) {
            double[] point = minimum.stream().mapToDouble(Double::doubleValue).toArray();
            double[] gradient = new double[point.length];
            assertThat(compiled.valueAndGradient(point, gradient))
                    .isCloseTo(function.minimumValue().orElseThrow(), offset(1e-12));
            assertThat(gradient).containsExactly(new double[point.length], offset(1e-9));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void startIsInsideThePlotBoxAndNotAMinimum(BuiltinFunction function) {
        var box = function.plotBox();
        double x = function.start().getFirst();
        assertThat(x).isBetween(box.xMin(), box.xMax());
        if (function.variables().size() == 2) {
            assertThat(function.start().get(1)).isBetween(box.yMin(), box.yMax());
        }
        assertThat(function.minima()).doesNotContain(function.start());
    }

    @Test
    void quarticHasALocalMinimumAtOne() {
        Expression derivative = BuiltinFunctions.get("quartic").orElseThrow().expression().derivative("x");
        assertThat(derivative).hasToString("12*x^3+12*x^2-24*x");
        assertThat(derivative.evaluate(Map.of("x", 1.0))).isZero();
    }
}
