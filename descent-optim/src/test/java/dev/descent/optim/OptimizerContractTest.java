package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The contract every optimizer of the catalog keeps, for its defaults and a non-default configuration:
 * convergence on a convex quadratic, zero initial state shaped like the params, determinism, bit-exact
 * save/restore, float32 support, argument checks, and the identities PyTorch allows.
 */
class OptimizerContractTest {

    /** f(w) = ½·Σ aᵢ(wᵢ − cᵢ)² over two tensors, so multi-tensor params are exercised too. */
    private static final double[] A = {1.0, 3.0, 0.5, 2.0};
    private static final double[] CENTER = {0.3, -0.5, 0.8, -0.2};
    private static final double[] START = {1.0, -2.0, 0.5, 1.5};

    /** Specs: every optimizer with defaults (lr where required) and a non-default configuration. */
    static Stream<String> specs() {
        return Stream.of(
                "sgd(lr=0.1)", "sgd(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)",
                "sgd(lr=0.05, momentum=0.9, nesterov=true)",
                "nesterov(lr=0.1)", "nesterov(lr=0.05, momentum=0.5, weight_decay=0.01)",
                "momentum(lr=0.1)", "momentum(lr=0.2, beta=0.5, weight_decay=0.01)",
                "rmsprop", "rmsprop(lr=0.01, alpha=0.9, momentum=0.5, centered=true, weight_decay=0.01)",
                "adam", "adam(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.01, amsgrad=true)",
                "adamw", "adamw(lr=0.01, weight_decay=0.05, amsgrad=true)",
                "adagrad", "adagrad(lr=0.5, lr_decay=0.001, weight_decay=0.01, initial_accumulator_value=0.1)",
                "adadelta", "adadelta(lr=0.5, rho=0.95, eps=1e-4, weight_decay=0.01)",
                "adamax", "adamax(lr=0.01, beta1=0.8, beta2=0.99, weight_decay=0.01)",
                "nadam", "nadam(lr=0.01, momentum_decay=0.01, weight_decay=0.01)",
                "radam", "radam(lr=0.01, beta2=0.99, weight_decay=0.01)");
    }

    static Params start(DType dtype) {
        return Params.builder()
                .put("layer/kernel", Tensor.vector(START[0], START[1], START[2]).to(dtype))
                .put("layer/bias", Tensor.vector(START[3]).to(dtype))
                .build();
    }

    static double[] flat(Params p) {
        double[] out = new double[4];
        int k = 0;
        for (Tensor t : p.asMap().values()) {
            for (int i = 0; i < t.size(); i++) {
                out[k++] = t.at(i);
            }
        }
        return out;
    }

    static Params grads(Params p) {
        double[] w = flat(p);
        DType dtype = p.get("layer/bias").dtype();
        double[] g = new double[4];
        for (int i = 0; i < 4; i++) {
            g[i] = A[i] * (w[i] - CENTER[i]);
        }
        return Params.builder()
                .put("layer/kernel", Tensor.vector(g[0], g[1], g[2]).to(dtype))
                .put("layer/bias", Tensor.vector(g[3]).to(dtype))
                .build();
    }

    static double loss(Params p) {
        double[] w = flat(p);
        double f = 0;
        for (int i = 0; i < 4; i++) {
            f += 0.5 * A[i] * (w[i] - CENTER[i]) * (w[i] - CENTER[i]);
        }
        return f;
    }

    static void run(Optimizer opt, Params params, OptimizerState state, int steps) {
        for (int s = 0; s < steps; s++) {
            opt.step(params, grads(params), state);
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void step_convexQuadratic_lossDecreasesAndConvergesNearMinimizer(String spec) {
        Optimizer opt = Optimizers.parse(spec);
        Params params = start(DType.FLOAT64);
        double initial = loss(params);
        OptimizerState state = opt.init(params);
        run(opt, params, state, 60_000);
        double lambda = (Double) opt.config().get("weight_decay");
        boolean decoupled = opt instanceof AdamW;
        double[] w = flat(params);
        assertThat(loss(params)).isLessThan(initial);
        for (int i = 0; i < 4; i++) {
            // coupled L2 moves the minimizer to a·c/(a + λ); AdamW's decoupled decay only roughly
            double target = decoupled ? CENTER[i] : A[i] * CENTER[i] / (A[i] + lambda);
            assertThat(w[i]).as("%s w[%d]", spec, i).isCloseTo(target, org.assertj.core.data.Offset.offset(0.02));
        }
        assertThat(state.step()).isEqualTo(60_000);
    }

    @ParameterizedTest
    @MethodSource("specs")
    void init_givesFiniteZeroStateShapedLikeParams(String spec) {
        Optimizer opt = Optimizers.parse(spec);
        for (DType dtype : DType.values()) {
            Params params = start(dtype);
            OptimizerState state = opt.init(params);
            assertThat(state.step()).isZero();
            for (Map.Entry<String, Params> slot : state.slots().entrySet()) {
                assertThat(slot.getValue().names()).isEqualTo(params.names());
                double expected = slot.getKey().equals("sum") ? (Double) opt.config().get("initial_accumulator_value") : 0.0;
                for (String name : params.names()) {
                    Tensor b = slot.getValue().get(name);
                    assertThat(b.shape()).isEqualTo(params.get(name).shape());
                    assertThat(b.dtype()).isEqualTo(dtype);
                    for (int i = 0; i < b.size(); i++) {
                        assertThat(b.at(i)).isEqualTo(dtype == DType.FLOAT32 ? (double) (float) expected : expected);
                    }
                }
            }
            state.scalars().values().forEach(v -> assertThat(v).isFinite());
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void step_sameInputs_bitIdenticalTrajectory(String spec) {
        Optimizer opt = Optimizers.parse(spec);
        Params p1 = start(DType.FLOAT64);
        Params p2 = start(DType.FLOAT64);
        OptimizerState s1 = opt.init(p1);
        OptimizerState s2 = Optimizers.parse(opt.spec()).init(p2);
        for (int i = 0; i < 50; i++) {
            opt.step(p1, grads(p1), s1);
            opt.step(p2, grads(p2), s2);
            assertThat(p1.bitEquals(p2)).isTrue();
            assertThat(s1.bitEquals(s2)).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void state_savedMidRunAndRestored_continuesBitIdentically(String spec) {
        Optimizer opt = Optimizers.parse(spec);
        Params params = start(DType.FLOAT64);
        OptimizerState state = opt.init(params);
        run(opt, params, state, 17);
        // save: every part enumerated and copied, as a checkpoint writer would
        long savedStep = state.step();
        Map<String, Double> savedScalars = new LinkedHashMap<>(state.scalars());
        Map<String, Params> savedSlots = new LinkedHashMap<>();
        state.slots().forEach((k, v) -> savedSlots.put(k, v.copy()));
        Params savedParams = params.copy();
        OptimizerState copied = state.copy();

        run(opt, params, state, 23);

        OptimizerState restored = OptimizerState.of(savedStep, savedScalars, savedSlots);
        assertThat(restored.bitEquals(copied)).isTrue();
        Params resumed = savedParams.copy();
        run(opt, resumed, restored, 23);
        assertThat(resumed.bitEquals(params)).isTrue();
        assertThat(restored.bitEquals(state)).isTrue();

        OptimizerState inPlace = opt.init(params);
        inPlace.copyFrom(copied);
        assertThat(inPlace.bitEquals(copied)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void step_float32Params_float32StateCloseToFloat64Run(String spec) {
        Optimizer opt = Optimizers.parse(spec);
        Params p32 = start(DType.FLOAT32);
        Params p64 = start(DType.FLOAT64);
        OptimizerState s32 = opt.init(p32);
        OptimizerState s64 = opt.init(p64);
        for (int i = 0; i < 50; i++) {
            opt.step(p32, grads(p32), s32);
            opt.step(p64, grads(p64), s64);
        }
        s32.slots().values().forEach(slot -> slot.asMap().values().forEach(t -> assertThat(t.dtype()).isEqualTo(DType.FLOAT32)));
        double[] a = flat(p32);
        double[] b = flat(p64);
        for (int i = 0; i < 4; i++) {
            assertThat(a[i]).as("%s w[%d]", spec, i).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.descent.optim.OptimizerContractTest#numericKeys")
    void parse_negativeHyperParameter_throwsNamingTheKey(String name, String key) {
        String spec = key.equals("lr") ? name + "(lr=-1)" : name + "(lr=0.1, " + key + "=-1)";
        assertThatThrownBy(() -> Optimizers.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + ": " + key + " must be")
                .hasMessageEndingWith("got -1");
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> numericKeys() {
        List<org.junit.jupiter.params.provider.Arguments> out = new ArrayList<>();
        for (Optimizers.Entry e : Optimizers.entries()) {
            for (Spec.Key k : e.keys()) {
                if (k.kind() == Spec.Kind.NUMBER) {
                    out.add(org.junit.jupiter.params.provider.Arguments.of(e.name(), k.name()));
                }
            }
        }
        return out.stream();
    }

    @Test
    void constructors_outOfRangeValues_throwWithKeyAndValue() {
        assertThatThrownBy(() -> Optimizers.parse("adam(beta1=1.5)")).hasMessage("adam: beta1 must be in [0, 1), got 1.5");
        assertThatThrownBy(() -> Optimizers.parse("adam(lr=-0.1)")).hasMessage("adam: lr must be >= 0, got -0.1");
        assertThatThrownBy(() -> Optimizers.parse("adam(beta2=1)")).hasMessage("adam: beta2 must be in [0, 1), got 1");
        assertThatThrownBy(() -> Optimizers.parse("sgd(lr=0.1, nesterov=true)"))
                .hasMessage("sgd: nesterov needs momentum > 0 and dampening = 0, got momentum=0, dampening=0");
        assertThatThrownBy(() -> Optimizers.parse("sgd(lr=0.1, momentum=0.9, dampening=0.5, nesterov=true)"))
                .hasMessageContaining("nesterov needs momentum > 0 and dampening = 0");
        assertThatThrownBy(() -> Optimizers.parse("nesterov(lr=0.1, momentum=0)"))
                .hasMessage("nesterov: momentum must be > 0, got 0");
        assertThatThrownBy(() -> Optimizers.parse("adadelta(rho=1.1)")).hasMessage("adadelta: rho must be in [0, 1], got 1.1");
        Params p = start(DType.FLOAT64);
        Optimizer sgd = Sgd.of(0.1);
        assertThatThrownBy(() -> sgd.step(p, grads(p), sgd.init(p), -1)).hasMessage("sgd: lr must be >= 0, got -1");
    }

    @Test
    void step_mismatchedGrads_throwsBeforeChangingAnything() {
        Params p = start(DType.FLOAT64);
        Params before = p.copy();
        Optimizer adam = Adam.defaults();
        OptimizerState state = adam.init(p);
        Params bad = Params.builder().put("layer/kernel", Tensor.vector(1, 2)).put("layer/bias", Tensor.vector(1)).build();
        assertThatThrownBy(() -> adam.step(p, bad, state)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer/kernel");
        assertThat(p.bitEquals(before)).isTrue();
        assertThat(state.step()).isZero();
    }

    // ------------------------------------------------------------------ the cached binding (Updates.bind)

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void step_warmedUpWithSameParamsAndGrads_allocatesNothing(String spec) {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Optimizer opt = Optimizers.parse(spec);
            Params params = start(dtype);
            Params grads = grads(params);
            OptimizerState state = opt.init(params);
            for (int i = 0; i < 3; i++) {
                opt.step(params, grads, state, 1e-3);
            }
            long t0 = allocatedBytes();
            long idle = allocatedBytes() - t0;
            // the least of three windows: a one-time event (a class loaded, a method compiled) can land in one of
            // them, while an allocation per step would show in every one (100 steps x 16 B at least)
            long steps = Long.MAX_VALUE;
            for (int window = 0; window < 3; window++) {
                long t1 = allocatedBytes();
                for (int i = 0; i < 100; i++) {
                    opt.step(params, grads, state, 1e-3);
                }
                steps = Math.min(steps, allocatedBytes() - t1);
            }
            assertThat(steps).as("%s %s: bytes allocated by 100 warmed-up steps", spec, dtype).isLessThanOrEqualTo(idle);
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void step_otherParamsObjectMidRun_updatesThoseAsAFreshStateWould(String spec) {
        Optimizer opt = Optimizers.parse(spec);
        Params first = start(DType.FLOAT64);
        OptimizerState state = opt.init(first);
        run(opt, first, state, 5);
        Params firstBefore = first.copy();
        Params second = first.copy();
        Params reference = first.copy();
        OptimizerState referenceState = state.copy();
        run(opt, second, state, 5);
        run(opt, reference, referenceState, 5);
        assertThat(first.bitEquals(firstBefore)).as("the first params are left alone").isTrue();
        assertThat(second.bitEquals(reference)).isTrue();
        assertThat(state.bitEquals(referenceState)).isTrue();
        run(opt, first, state, 1);
        assertThat(first.bitEquals(firstBefore)).as("and bound again when they come back").isFalse();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void step_copiedState_leavesTheOriginalsBuffersAlone(String spec) {
        Optimizer opt = Optimizers.parse(spec);
        Params params = start(DType.FLOAT64);
        OptimizerState state = opt.init(params);
        run(opt, params, state, 5);
        OptimizerState saved = state.copy();
        OptimizerState copy = state.copy();
        run(opt, params, copy, 5);
        assertThat(state.bitEquals(saved)).isTrue();
        assertThat(copy.bitEquals(saved)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void step_mismatchedGradsAfterWarmUp_throwsBeforeChangingAnything(String spec) {
        Optimizer opt = Optimizers.parse(spec);
        Params p = start(DType.FLOAT64);
        OptimizerState state = opt.init(p);
        run(opt, p, state, 3);
        Params before = p.copy();
        OptimizerState stateBefore = state.copy();
        String name = opt.name();
        Params shape = Params.builder().put("layer/kernel", Tensor.vector(1, 2)).put("layer/bias", Tensor.vector(1)).build();
        assertThatThrownBy(() -> opt.step(p, shape, state)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + ": grad 'layer/kernel' has shape [2] but the param has shape [3]");
        Params count = Params.builder().put("layer/kernel", Tensor.vector(1, 2, 3)).build();
        assertThatThrownBy(() -> opt.step(p, count, state)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + ": 2 params but 1 grads");
        Params names = Params.builder().put("layer/kernel", Tensor.vector(1, 2, 3)).put("other", Tensor.vector(1)).build();
        assertThatThrownBy(() -> opt.step(p, names, state)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no parameter named 'layer/bias'");
        assertThat(p.bitEquals(before)).isTrue();
        assertThat(state.bitEquals(stateBefore)).isTrue();
    }

    // ------------------------------------------------------------------ identities

    static void assertSameTrajectory(Optimizer a, Optimizer b) {
        Params pa = start(DType.FLOAT64);
        Params pb = start(DType.FLOAT64);
        OptimizerState sa = a.init(pa);
        OptimizerState sb = b.init(pb);
        for (int i = 0; i < 100; i++) {
            a.step(pa, grads(pa), sa);
            b.step(pb, grads(pb), sb);
            assertThat(pa.bitEquals(pb)).as("%s vs %s at step %d", a, b, i + 1).isTrue();
        }
    }

    @Test
    void identities_holdBitForBit() {
        assertSameTrajectory(Optimizers.parse("sgd(lr=0.1, momentum=0)"), Sgd.of(0.1));
        assertSameTrajectory(Optimizers.parse("sgd(lr=0.1, momentum=0, dampening=0.5)"), Sgd.of(0.1));
        assertSameTrajectory(Optimizers.parse("adamw(weight_decay=0)"), Adam.defaults());
        assertSameTrajectory(Optimizers.parse("adamw(weight_decay=0, amsgrad=true)"), Optimizers.parse("adam(amsgrad=true)"));
        assertSameTrajectory(Optimizers.parse("nesterov(lr=0.1, momentum=0.7, weight_decay=0.01)"),
                Optimizers.parse("sgd(lr=0.1, momentum=0.7, nesterov=true, weight_decay=0.01)"));
        assertSameTrajectory(Nesterov.of(0.1), Nesterov.of(0.1).asSgd());
        assertSameTrajectory(Optimizers.parse("rmsprop(momentum=0, centered=false)"), RmsProp.defaults());
        assertSameTrajectory(Optimizers.parse("adagrad(lr_decay=0)"), Adagrad.defaults());
    }

    @Test
    void momentum_equalsSgdWithScaledLr_toRounding() {
        // v = (1 − β)·b in exact arithmetic, so momentum(lr=η, beta=β) = sgd(lr=η(1 − β), momentum=β)
        Optimizer ema = Optimizers.parse("momentum(lr=0.1, beta=0.9)");
        Optimizer sgd = Optimizers.parse("sgd(lr=0.01, momentum=0.9)");
        Params pa = start(DType.FLOAT64);
        Params pb = start(DType.FLOAT64);
        OptimizerState sa = ema.init(pa);
        OptimizerState sb = sgd.init(pb);
        for (int i = 0; i < 100; i++) {
            ema.step(pa, grads(pa), sa);
            sgd.step(pb, grads(pb), sb);
        }
        double[] a = flat(pa);
        double[] b = flat(pb);
        for (int i = 0; i < 4; i++) {
            assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-12 * Math.abs(b[i])));
        }
    }

    @Test
    void step_scheduledLr_isUsedInsteadOfBase() {
        Params pa = start(DType.FLOAT64);
        Params pb = start(DType.FLOAT64);
        Optimizer a = Sgd.of(0.1);
        Optimizer b = Sgd.of(0.05);
        OptimizerState sa = a.init(pa);
        OptimizerState sb = b.init(pb);
        a.step(pa, grads(pa), sa, 0.05);
        b.step(pb, grads(pb), sb);
        assertThat(pa.bitEquals(pb)).isTrue();
    }

    @Test
    void step_randomGradients_staysFinite() {
        Random rnd = new Random(7);
        for (Optimizers.Entry e : Optimizers.entries()) {
            Optimizer opt = e.create(Spec.parse(e.example()));
            Params p = start(DType.FLOAT64);
            OptimizerState s = opt.init(p);
            for (int i = 0; i < 200; i++) {
                Params g = p.map(t -> {
                    Tensor r = Tensor.zeros(t.shape(), t.dtype());
                    for (int j = 0; j < r.size(); j++) {
                        r.set(j, rnd.nextGaussian());
                    }
                    return r;
                });
                opt.step(p, g, s);
            }
            for (double x : flat(p)) {
                assertThat(x).as(e.name()).isFinite();
            }
        }
    }
}
