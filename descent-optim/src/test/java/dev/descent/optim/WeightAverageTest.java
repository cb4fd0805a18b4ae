package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optim.schedule.Schedules;
import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The averages ema and swa: hand-computed values, closed forms, the state, the catalog and its errors. */
class WeightAverageTest {

    private static Params weights(double... values) {
        return Params.of("w", Tensor.vector(values));
    }

    /** Sets the live params to {@code values} and takes them in after an update, as the training loop does. */
    private static void update(WeightAverage average, Params params, AverageState state, double... values) {
        for (int i = 0; i < values.length; i++) {
            params.get("w").set(i, values[i]);
        }
        average.afterUpdate(params, state);
    }

    @Test
    void ema_firstUpdateCopies_thenMovesByOneMinusDecay_handComputed() {
        // decay 0.75: a_1 = w_1; a_t = a + 0.25*(w_t - a); every value below is a dyadic rational, so exact
        Ema ema = new Ema(0.75);
        Params params = weights(0, 0);
        AverageState state = ema.init(params);
        assertThat(state.count()).isZero();
        update(ema, params, state, 4, -8);
        assertThat(state.average().get("w").toDoubleArray()).containsExactly(4, -8);     // copied
        update(ema, params, state, 8, 0);
        assertThat(state.average().get("w").toDoubleArray()).containsExactly(5, -6);     // 4 + (8-4)/4, -8 + 8/4
        update(ema, params, state, 0, 16);
        assertThat(state.average().get("w").toDoubleArray()).containsExactly(3.75, -0.5); // 5 - 5/4, -6 + 22/4
        assertThat(state.count()).isEqualTo(3);
        ema.afterEpoch(params, state, 1);
        assertThat(state.count()).as("an epoch end adds nothing to an EMA").isEqualTo(3);
    }

    @Test
    void ema_smallDecay_usesTorchsLerpForWeightsOfAHalfOrMore() {
        // decay 0.25, so the lerp weight 0.75 >= 0.5: a <- w - (w - a)*(1 - 0.75) = 8 - 4/4 = 7 = 0.25*4 + 0.75*8
        Ema ema = new Ema(0.25);
        Params params = weights(0);
        AverageState state = ema.init(params);
        update(ema, params, state, 4);
        update(ema, params, state, 8);
        assertThat(state.average().get("w").at(0)).isEqualTo(7.0);
    }

    @Test
    void ema_defaultDecay_equalsItsClosedFormSum() {
        // a_t = d^(t-1)*w_1 + sum_{i=2..t} (1-d)*d^(t-i)*w_i: the weights of the recursion written out
        Ema ema = new Ema(Ema.DEFAULT_DECAY);
        double d = Ema.DEFAULT_DECAY;
        SplittableRandom r = new SplittableRandom(3);
        int steps = 50;
        double[][] w = new double[steps][3];
        Params params = weights(0, 0, 0);
        AverageState state = ema.init(params);
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < 3; j++) {
                w[t][j] = r.nextDouble(-2, 2);
            }
            update(ema, params, state, w[t]);
        }
        for (int j = 0; j < 3; j++) {
            double expected = Math.pow(d, steps - 1) * w[0][j];
            for (int i = 1; i < steps; i++) {
                expected += (1 - d) * Math.pow(d, steps - 1 - i) * w[i][j];
            }
            // 50 rounded recursions against a sum of 50 rounded products: a few ulps apart
            assertThat(state.average().get("w").at(j)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-14));
        }
    }

    @Test
    void ema_decayZero_givesTheLastWeightsBitForBit() {
        Ema ema = new Ema(0);
        SplittableRandom r = new SplittableRandom(11);
        Params params = Params.builder().put("k", random(DType.FLOAT32, 257, r)).put("b", random(DType.FLOAT64, 5, r)).build();
        AverageState state = ema.init(params);
        for (int t = 0; t < 4; t++) {
            params.get("k").copyFrom(random(DType.FLOAT32, 257, r));
            params.get("b").copyFrom(random(DType.FLOAT64, 5, r));
            ema.afterUpdate(params, state);
            assertThat(state.roundedLike(params).bitEquals(params)).as("update %d", t + 1).isTrue();
        }
    }

    @Test
    void swa_isTheArithmeticMeanOfTheEpochEndWeightsFromTheStartEpoch() {
        Swa swa = new Swa(3);
        Params params = weights(0, 0);
        AverageState state = swa.init(params);
        double[][] epochEnds = {{100, 100}, {-50, 7}, {1, 2}, {2, -4}, {6, 11}};
        for (int e = 0; e < epochEnds.length; e++) {
            update(swa, params, state, epochEnds[e]);
            assertThat(state.count()).as("updates within an epoch add nothing to SWA").isEqualTo(Math.max(0, e - 2));
            swa.afterEpoch(params, state, e + 1);
            if (e == 2) {
                assertThat(state.average().get("w").toDoubleArray()).containsExactly(1, 2); // epoch 3 copied
            }
        }
        // epochs 3, 4, 5: (1 + 2 + 6)/3 = 3 and (2 - 4 + 11)/3 = 3; epochs 1 and 2 are not in it
        assertThat(state.count()).isEqualTo(3);
        assertThat(state.average().get("w").toDoubleArray()).containsExactly(3, 3);
    }

    @Test
    void swa_randomWeights_meanWithinRounding() {
        Swa swa = new Swa(1);
        SplittableRandom r = new SplittableRandom(5);
        Params params = Params.of("w", random(DType.FLOAT64, 64, r));
        AverageState state = swa.init(params);
        double[] sum = new double[64];
        int epochs = 40;
        for (int e = 1; e <= epochs; e++) {
            params.get("w").copyFrom(random(DType.FLOAT64, 64, r));
            for (int i = 0; i < 64; i++) {
                sum[i] += params.get("w").at(i);
            }
            swa.afterEpoch(params, state, e);
        }
        for (int i = 0; i < 64; i++) {
            // 40 running-mean steps against one sum of 40 terms in [-1, 1): a few ulps of 1
            assertThat(state.average().get("w").at(i)).isCloseTo(sum[i] / epochs, org.assertj.core.data.Offset.offset(1e-15));
        }
    }

    @Test
    void float32Params_areAveragedInFloat64_andRoundedOnceToTheModel() {
        // w = 1 and 1 + 2^-23 (the next float32): their mean 1 + 2^-24 needs float64; rounded to float32 it ties to 1
        Swa swa = new Swa(1);
        Params params = Params.of("w", Tensor.of(new float[] {1f}, 1));
        AverageState state = swa.init(params);
        swa.afterEpoch(params, state, 1);
        params.get("w").set(0, Math.nextUp(1f));
        swa.afterEpoch(params, state, 2);
        assertThat(state.average().get("w").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(state.average().get("w").at(0)).isEqualTo(1 + 0x1p-24);
        Params model = state.roundedLike(params);
        assertThat(model.get("w").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(model.get("w").at(0)).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void take_bigTensorsOverThePool_equalsTheElementWiseRuleBitForBit(int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads); // 100,003 elements: several chunks of the pool, the last one partial
        try {
            Ema ema = new Ema(0.9);
            SplittableRandom r = new SplittableRandom(2);
            Params params = Params.of("w", random(DType.FLOAT32, 100_003, r));
            AverageState state = ema.init(params);
            double[] expected = new double[100_003];
            for (int t = 0; t < 3; t++) {
                params.get("w").copyFrom(random(DType.FLOAT32, 100_003, r));
                ema.afterUpdate(params, state);
                for (int i = 0; i < expected.length; i++) {
                    double w = params.get("w").at(i);
                    expected[i] = t == 0 ? w : expected[i] + (1 - 0.9) * (w - expected[i]);
                }
            }
            assertThat(state.average().get("w").bitEquals(Tensor.of(expected, 100_003))).isTrue();
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    @Test
    void take_warmedUpWithTheSameParams_allocatesNothing() {
        Ema ema = new Ema(0.9);
        Params params = Params.builder().put("k", random(DType.FLOAT32, 300, new SplittableRandom(1)))
                .put("b", random(DType.FLOAT64, 7, new SplittableRandom(2))).build();
        AverageState state = ema.init(params);
        for (int i = 0; i < 3; i++) {
            ema.afterUpdate(params, state);
        }
        long t0 = allocatedBytes();
        long idle = allocatedBytes() - t0;
        // the least of three windows, as for the optimizers: a one-time event can land in one of them
        long takes = Long.MAX_VALUE;
        for (int window = 0; window < 3; window++) {
            long t1 = allocatedBytes();
            for (int i = 0; i < 100; i++) {
                ema.afterUpdate(params, state);
            }
            takes = Math.min(takes, allocatedBytes() - t1);
        }
        assertThat(takes).as("bytes allocated by 100 warmed-up takes").isLessThanOrEqualTo(idle);
    }

    @Test
    void take_anotherParamsObject_isBoundAgain() {
        Swa swa = new Swa(1);
        Params first = weights(2, 4);
        AverageState state = swa.init(first);
        swa.afterEpoch(first, state, 1);
        swa.afterEpoch(weights(4, 8), state, 2);
        assertThat(state.average().get("w").toDoubleArray()).containsExactly(3, 6);
    }

    @Test
    void state_copyIsIndependent_ofRestoresIt_andBadStatesAreRefused() {
        Ema ema = new Ema(0.5);
        Params params = weights(2, 4);
        AverageState state = ema.init(params);
        ema.afterUpdate(params, state);
        AverageState copy = state.copy();
        assertThat(copy.bitEquals(state)).isTrue();
        update(ema, params, state, 0, 0);
        assertThat(copy.bitEquals(state)).isFalse();
        assertThat(copy.average().get("w").toDoubleArray()).containsExactly(2, 4);
        AverageState restored = AverageState.of(copy.count(), copy.average().copy());
        assertThat(restored.bitEquals(copy)).isTrue();

        assertThatThrownBy(() -> AverageState.of(-1, copy.average()))
                .hasMessage("the count of averaged weights must be >= 0, got -1");
        assertThatThrownBy(() -> AverageState.of(1, Params.of("w", Tensor.of(new float[] {1f}, 1))))
                .hasMessage("the average of 'w' must be float64, got float32");
        assertThatThrownBy(() -> ema.afterUpdate(Params.of("v", Tensor.vector(1, 2)), state))
                .hasMessage("the average holds [w] but the params are [v]");
        assertThatThrownBy(() -> ema.afterUpdate(weights(1, 2, 3), state))
                .hasMessage("the average of 'w' has shape [2] but the param has shape [3]");
        assertThatThrownBy(() -> new Swa(5).init(params).roundedLike(params)).hasMessage("nothing has been averaged yet");
    }

    @Test
    void parse_defaultsValuesAndRoundTrips() {
        assertThat(Averages.parse("ema")).isEqualTo(new Ema(0.999));
        assertThat(Averages.parse(" ema ( decay = 0.99 ) ")).isEqualTo(new Ema(0.99));
        assertThat(Averages.parse("ema(decay=0)")).isEqualTo(new Ema(0));
        assertThat(Averages.parse("swa(start_epoch=75)")).isEqualTo(new Swa(75));
        for (String spec : List.of("ema(decay=0.999)", "ema(decay=0)", "swa(start_epoch=3)")) {
            WeightAverage a = Averages.parse(spec);
            assertThat(a.spec()).isEqualTo(spec);
            assertThat(a.toString()).isEqualTo(spec);
            assertThat(Averages.parse(a.spec())).isEqualTo(a);
        }
        assertThat(Averages.names()).containsExactly("ema", "swa");
    }

    @Test
    void parse_errors_areOneLineNamingTheProblemAndTheChoices() {
        assertThatThrownBy(() -> Averages.parse("polyak")).hasMessage("unknown average 'polyak'; valid: ema, swa");
        assertThatThrownBy(() -> Averages.parse("ema(momentum=0.9)"))
                .hasMessage("unknown key 'momentum' for ema; valid keys: decay");
        assertThatThrownBy(() -> Averages.parse("swa")).hasMessage("swa needs start_epoch, e.g. swa(start_epoch=75)");
        assertThatThrownBy(() -> Averages.parse("ema(decay=1)")).hasMessage("ema: decay must be in [0, 1), got 1");
        assertThatThrownBy(() -> Averages.parse("ema(decay=-0.5)")).hasMessage("ema: decay must be in [0, 1), got -0.5");
        assertThatThrownBy(() -> Averages.parse("ema(decay=x)")).hasMessage("decay must be a number, got 'x'");
        assertThatThrownBy(() -> Averages.parse("swa(start_epoch=0)")).hasMessage("swa: start_epoch must be >= 1, got 0");
        assertThatThrownBy(() -> Averages.parse("swa(start_epoch=2.5)")).hasMessage("start_epoch must be a whole number, got 2.5");
        assertThatThrownBy(() -> Averages.parse("ema(")).hasMessage("expected a key at column 5 in \"ema(\"");
    }

    @Test
    void explain_givesEquationsDefaultsSourcesAndDifferences() {
        String ema = Averages.explain("ema");
        assertThat(ema).startsWith("ema: ").contains("a_t <- a + (1 - d)*(w_t - a)", "decay = 0.999",
                "spec: ema(decay=0.999)", "get_ema_multi_avg_fn", "Keras", "use_ema", "optax", "debias", "http");
        String swa = Averages.explain("swa");
        assertThat(swa).startsWith("swa: ").contains("a_n <- a + (w_{s+n-1} - a)/n", "start_epoch = (required)",
                "Izmailov", "https://arxiv.org/abs/1803.05407", "SWALR");
        assertThat(Schedules.explainAny("ema")).isEqualTo(ema);
        assertThatThrownBy(() -> Averages.explain("nope")).hasMessage("unknown average 'nope'; valid: ema, swa");
    }

    private static Tensor random(DType dtype, int n, SplittableRandom r) {
        Tensor t = Tensor.zeros(new Shape(n), dtype);
        for (int i = 0; i < n; i++) {
            t.set(i, r.nextDouble(-1, 1));
        }
        return t;
    }
}
