package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path held to each optimizer's plain scalar reference ({@code referenceStep}, the equations written
 * literally). From a state reached by a few random steps, one more step is taken both ways:
 * <ul>
 * <li>float64: bitwise equal where the op order is the same (sgd, nesterov, momentum, adagrad, adadelta,
 *     un-centered rmsprop); elsewhere (PyTorch's lerp and hoisted bias corrections vs the textbook form) equal to
 *     1e-15 relative to the magnitudes involved (the new and old value and the gradient);</li>
 * <li>float32 params: the fast path equals the float64 reference run on the widened float32 values and then
 *     rounded to float32, to one float32 ulp (bitwise where the float64 op order is the same).</li>
 * </ul>
 */
class ReferenceTest {

    private static final Set<String> SAME_ORDER = Set.of("sgd", "nesterov", "momentum", "adagrad", "adadelta");

    static Stream<Arguments> cases() {
        String[] specs = {
            "sgd(lr=0.1)", "sgd(lr=0.1, momentum=0.9, dampening=0.2, weight_decay=0.1)", "sgd(lr=0.1, momentum=0.9, nesterov=true)",
            "nesterov(lr=0.05, weight_decay=0.01)", "momentum(lr=0.1, beta=0.8, weight_decay=0.1)",
            "rmsprop", "rmsprop(momentum=0.9, weight_decay=0.1)", "rmsprop(centered=true, momentum=0.5, alpha=0.9)",
            "adam", "adam(amsgrad=true, weight_decay=0.1, beta2=0.9)", "adamw(amsgrad=true, beta2=0.9)", "adamw(weight_decay=0.3)",
            "adagrad(lr_decay=0.1, initial_accumulator_value=0.2, weight_decay=0.1)", "adadelta(weight_decay=0.1)",
            "adamax(weight_decay=0.1)", "nadam(weight_decay=0.1, momentum_decay=0.05)", "nadam",
            "radam(weight_decay=0.1)", "radam(beta2=0.9)"};
        Stream.Builder<Arguments> b = Stream.builder();
        for (String s : specs) {
            for (int warmup : new int[] {0, 1, 3, 8}) {
                b.add(Arguments.of(s, warmup));
            }
        }
        return b.build();
    }

    static boolean sameOrder(Optimizer o) {
        return SAME_ORDER.contains(o.name()) || (o instanceof RmsProp r && !r.centered());
    }

    /** Dispatches to each optimizer's reference over one tensor. */
    static void reference(Optimizer o, double[] w, double[] g, Map<String, double[]> s, double[] muProduct, long t, double lr) {
        switch (o) {
            case Sgd x -> x.referenceStep(w, g, s.get("momentum_buffer"), t, lr);
            case Nesterov x -> x.referenceStep(w, g, s.get("momentum_buffer"), t, lr);
            case Momentum x -> x.referenceStep(w, g, s.get("velocity"), t, lr);
            case RmsProp x -> x.referenceStep(w, g, s.get("square_avg"), s.get("grad_avg"), s.get("momentum_buffer"), t, lr);
            case Adam x -> x.referenceStep(w, g, s.get("exp_avg"), s.get("exp_avg_sq"), s.get("max_exp_avg_sq"), t, lr);
            case AdamW x -> x.referenceStep(w, g, s.get("exp_avg"), s.get("exp_avg_sq"), s.get("max_exp_avg_sq"), t, lr);
            case Adagrad x -> x.referenceStep(w, g, s.get("sum"), t, lr);
            case Adadelta x -> x.referenceStep(w, g, s.get("square_avg"), s.get("acc_delta"), t, lr);
            case Adamax x -> x.referenceStep(w, g, s.get("exp_avg"), s.get("exp_inf"), t, lr);
            case NAdam x -> x.referenceStep(w, g, s.get("exp_avg"), s.get("exp_avg_sq"), muProduct, t, lr);
            case RAdam x -> x.referenceStep(w, g, s.get("exp_avg"), s.get("exp_avg_sq"), t, lr);
            default -> throw new AssertionError("no reference for " + o);
        }
    }

    static Tensor random(Random rnd, int n, DType dtype) {
        Tensor t = Tensor.zeros(dtype, n);
        for (int i = 0; i < n; i++) {
            t.set(i, rnd.nextGaussian());
        }
        return t;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void step_float64_matchesReference(String spec, int warmup) {
        compare(Optimizers.parse(spec), warmup, DType.FLOAT64, new Random(spec.hashCode() * 31L + warmup));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void step_float32_matchesRoundedFloat64Reference(String spec, int warmup) {
        compare(Optimizers.parse(spec), warmup, DType.FLOAT32, new Random(spec.hashCode() * 17L + warmup));
    }

    private static void compare(Optimizer opt, int warmup, DType dtype, Random rnd) {
        int n = 257;
        Params params = Params.of("w", random(rnd, n, dtype));
        OptimizerState state = opt.init(params);
        for (int i = 0; i < warmup; i++) {
            opt.step(params, Params.of("w", random(rnd, n, dtype)), state);
        }
        Tensor g = random(rnd, n, dtype);
        double lr = opt.learningRate() * (0.5 + rnd.nextDouble());
        // the reference's inputs: the current values, widened to float64
        double[] w = params.get("w").toDoubleArray();
        double[] wBefore = w.clone();
        double[] gd = g.toDoubleArray();
        Map<String, double[]> slots = new LinkedHashMap<>();
        Map<String, double[]> slotsBefore = new LinkedHashMap<>();
        state.slots().forEach((k, v) -> {
            slots.put(k, v.get("w").toDoubleArray());
            slotsBefore.put(k, v.get("w").toDoubleArray());
        });
        double[] muProduct = {state.scalars().getOrDefault("mu_product", 1.0)};
        long t = state.step() + 1;

        opt.step(params, Params.of("w", g), state, lr);
        reference(opt, w, gd, slots, muProduct, t, lr);

        assertClose(opt, "w", params.get("w"), w, wBefore, gd, dtype);
        for (String k : slots.keySet()) {
            assertClose(opt, k, state.slot(k).get("w"), slots.get(k), slotsBefore.get(k), gd, dtype);
        }
        if (opt instanceof NAdam) {
            assertThat(state.scalar("mu_product")).isEqualTo(muProduct[0]);
        }
    }

    private static void assertClose(Optimizer opt, String what, Tensor fast, double[] ref, double[] before, double[] g, DType dtype) {
        boolean bitwise = sameOrder(opt);
        for (int i = 0; i < ref.length; i++) {
            double a = fast.at(i);
            if (dtype == DType.FLOAT32) {
                float r = (float) ref[i];
                if (bitwise) {
                    assertThat(a).as("%s %s[%d]", opt, what, i).isEqualTo((double) r);
                } else {
                    assertThat(Math.abs(a - r)).as("%s %s[%d]", opt, what, i).isLessThanOrEqualTo((double) Math.ulp(r));
                }
            } else if (bitwise) {
                assertThat(Double.doubleToRawLongBits(a)).as("%s %s[%d]: %s vs %s", opt, what, i, a, ref[i])
                        .isEqualTo(Double.doubleToRawLongBits(ref[i]));
            } else {
                double scale = Math.max(Math.max(Math.abs(a), Math.abs(ref[i])), Math.max(Math.abs(before[i]), Math.abs(g[i])));
                assertThat(Math.abs(a - ref[i])).as("%s %s[%d]: %s vs %s", opt, what, i, a, ref[i])
                        .isLessThanOrEqualTo(1e-15 * scale);
            }
        }
    }
}
