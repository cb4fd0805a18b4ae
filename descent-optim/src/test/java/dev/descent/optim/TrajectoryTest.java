package dev.descent.optim;

import dev.descent.expr.BuiltinFunction;
import dev.descent.expr.BuiltinFunctions;
import dev.descent.expr.CompiledExpression;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole trajectories: every optimizer run by {@link Minimizer} on the classic test functions follows, step by
 * step, the published equations written literally ({@code referenceStep}) from the same start, to float64
 * precision. The fast path and the reference differ only in operation order (hoisted bias corrections, lerp),
 * so the two stay within 1e-12 relative over 40 steps.
 */
class TrajectoryTest {

    private static final int STEPS = 40;

    static Stream<Arguments> cases() {
        List<String> specs = List.of("sgd(lr=0.001)", "sgd(lr=0.001,momentum=0.9)", "sgd(lr=0.001,momentum=0.9,nesterov=true)",
                "momentum(lr=0.001,beta=0.9)", "rmsprop(lr=0.01)", "rmsprop(lr=0.01,centered=true,momentum=0.5)",
                "adam(lr=0.02)", "adam(lr=0.02,amsgrad=true)", "adamw(lr=0.02)", "adagrad(lr=0.5)", "adadelta(lr=1)",
                "adamax(lr=0.05)", "nadam(lr=0.02)", "radam(lr=0.01)");
        Stream.Builder<Arguments> b = Stream.builder();
        for (String f : List.of("rosenbrock", "beale", "booth", "quadratic")) {
            for (String s : specs) {
                b.add(Arguments.of(f, s));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void trajectory_followsThePublishedEquations(String function, String spec) {
        BuiltinFunction f = BuiltinFunctions.get(function).orElseThrow();
        CompiledExpression compiled = f.expression().compile(f.variables());
        Optimizer opt = Optimizers.parse(spec);
        double[] start = f.start().stream().mapToDouble(Double::doubleValue).toArray();
        Minimizer.Result fast = Minimizer.minimize(compiled::valueAndGradient, start, opt,
                Minimizer.LearningRate.constant(opt.learningRate()), STEPS, 0);

        double[] w = start.clone();
        Map<String, double[]> slots = new LinkedHashMap<>();
        OptimizerState initial = opt.init(Params.of("x", Tensor.of(start.clone())));
        initial.slots().forEach((name, p) -> slots.put(name, p.get("x").toDoubleArray()));
        double[] muProduct = {1.0};
        double[] g = new double[w.length];
        for (int t = 1; t <= STEPS; t++) {
            compiled.valueAndGradient(w, g);
            ReferenceTest.reference(opt, w, g, slots, muProduct, t, opt.learningRate());
            double[] x = fast.trajectory().get(t).x();
            for (int i = 0; i < w.length; i++) {
                assertThat(Math.abs(x[i] - w[i])).as("%s on %s, step %d, %s", spec, function, t, f.variables().get(i))
                        .isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(w[i])));
            }
        }
    }
}
