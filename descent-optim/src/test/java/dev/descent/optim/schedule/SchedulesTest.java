package dev.descent.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Every schedule against hand-computed closed forms (1e-12), parsing, chains and Plateau's state. */
class SchedulesTest {

    private static void near(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, Offset.offset(1e-12 * Math.abs(expected) + 1e-300));
    }

    @Test
    void step_decaysEveryStepSize() {
        Schedule s = Schedules.parse("step(step_size=3, gamma=0.5)");
        near(s.lr(0, 0.1), 0.1);
        near(s.lr(2, 0.1), 0.1);
        near(s.lr(3, 0.1), 0.05);     // 0.1·0.5^⌊3/3⌋
        near(s.lr(5, 0.1), 0.05);
        near(s.lr(6, 0.1), 0.025);
        near(Schedules.parse("step(step_size=30)").lr(65, 1.0), 0.01); // γ = 0.1, ⌊65/30⌋ = 2
    }

    @Test
    void multistep_dropsAtEachMilestone() {
        Schedule s = Schedules.parse("multistep(milestones=3|5, gamma=0.5)");
        near(s.lr(0, 0.1), 0.1);
        near(s.lr(2, 0.1), 0.1);
        near(s.lr(3, 0.1), 0.05);     // one milestone (3) <= 3
        near(s.lr(4, 0.1), 0.05);
        near(s.lr(5, 0.1), 0.025);    // two: 0.1·0.5²
        near(s.lr(1000, 0.1), 0.025);
        near(Schedules.parse("multistep(milestones=0|30|80)").lr(0, 1.0), 0.1);        // a milestone at 0 drops at once
        near(Schedules.parse("multistep(milestones=30|80)").lr(80, 2.0), 2.0 * 0.01);
        assertThat(Schedules.parse("multistep(milestones=30|80)")).isEqualTo(new MultiStep(List.of(30L, 80L), 0.1));
    }

    @Test
    void multistep_badMilestones_areOneLineErrorsNamingTheKey() {
        assertThatThrownBy(() -> Schedules.parse("multistep(milestones=80|30)"))
                .hasMessage("multistep: milestones must be increasing, got 80|30");
        assertThatThrownBy(() -> Schedules.parse("multistep(milestones=30|30)"))
                .hasMessage("multistep: milestones must be increasing, got 30|30");
        assertThatThrownBy(() -> Schedules.parse("multistep(milestones=-1|30)"))
                .hasMessage("multistep: milestones must be >= 0, got -1|30");
        assertThatThrownBy(() -> Schedules.parse("multistep(milestones=30|1.5)"))
                .hasMessage("milestones must be whole numbers joined by '|', got '30|1.5'");
        assertThatThrownBy(() -> Schedules.parse("multistep(milestones=30, gamma=-0.1)"))
                .hasMessage("multistep: gamma must be >= 0, got -0.1");
        assertThatThrownBy(() -> Schedules.parse("multistep")).hasMessage("multistep needs milestones, e.g. multistep(milestones=30|80)");
        assertThatThrownBy(() -> new MultiStep(List.of(), 0.1)).hasMessage("multistep: milestones needs at least one step");
    }

    @Test
    void exponential_isGammaToTheT() {
        Schedule s = Schedules.parse("exponential(gamma=0.9)");
        near(s.lr(0, 0.1), 0.1);
        near(s.lr(3, 0.1), 0.1 * 0.9 * 0.9 * 0.9);
    }

    @Test
    void inverseTime_isOneOverT_andOneOverSqrtT() {
        Schedule keras = Schedules.parse("inverse_time(decay_rate=0.5, decay_steps=10)");
        near(keras.lr(0, 0.1), 0.1);
        near(keras.lr(10, 0.1), 0.1 / 1.5);           // 1 + 0.5·10/10
        near(keras.lr(4, 0.1), 0.1 / 1.2);            // 1 + 0.5·4/10
        near(keras.lr(100, 0.1), 0.1 / 6);
        Schedule spark = Schedules.parse("inverse_time(decay_rate=1, power=0.5)");
        near(spark.lr(0, 1.0), 1.0);                  // Spark's i = 1
        near(spark.lr(3, 1.0), 0.5);                  // i = 4: 1/√4
        near(spark.lr(8, 0.3), 0.1);                  // i = 9: 0.3/3
        near(Schedules.parse("inverse_time(decay_rate=2, power=3)").lr(1, 1.0), 1.0 / 27);
        assertThatThrownBy(() -> Schedules.parse("inverse_time(decay_rate=-1)")).hasMessage("inverse_time: decay_rate must be >= 0, got -1");
        assertThatThrownBy(() -> Schedules.parse("inverse_time(decay_rate=1, decay_steps=0)"))
                .hasMessage("inverse_time: decay_steps must be >= 1, got 0");
        assertThatThrownBy(() -> Schedules.parse("inverse_time(decay_rate=1, power=0)")).hasMessage("inverse_time: power must be > 0, got 0");
        assertThatThrownBy(() -> Schedules.parse("inverse_time")).hasMessage("inverse_time needs decay_rate, e.g. inverse_time(decay_rate=0.5)");
        assertThatThrownBy(() -> spark.lr(-1, 1.0)).hasMessage("inverse_time: step t must be >= 0, got -1");
    }

    @Test
    void cosine_closedForm() {
        Schedule s = Schedules.parse("cosine(t_max=10, eta_min=0.01)");
        near(s.lr(0, 0.1), 0.1);
        near(s.lr(5, 0.1), 0.055);                                   // halfway: (0.1 + 0.01)/2
        near(s.lr(10, 0.1), 0.01);
        double cosPiOver5 = (1 + Math.sqrt(5)) / 4;                  // cos(π/5)
        near(s.lr(2, 0.1), 0.01 + 0.09 * (1 + cosPiOver5) / 2);
        near(Schedules.parse("cosine(t_max=4)").lr(1, 1.0), (1 + Math.sqrt(0.5)) / 2);
    }

    @Test
    void polynomial_decaysToEndLrThenHolds() {
        Schedule linear = Schedules.parse("polynomial(total_steps=4)");
        near(linear.lr(0, 0.2), 0.2);
        near(linear.lr(1, 0.2), 0.15);               // 0.2·(1 − 1/4)
        near(linear.lr(3, 0.2), 0.05);
        assertThat(linear.lr(4, 0.2)).isZero();
        assertThat(linear.lr(9, 0.2)).isZero();      // torch keeps 0 past total_iters
        Schedule keras = Schedules.parse("polynomial(total_steps=10, power=2, end_lr=0.01)");
        near(keras.lr(0, 0.1), 0.1);
        near(keras.lr(5, 0.1), 0.01 + 0.09 * 0.25);  // (1 − 5/10)² = 1/4
        near(keras.lr(8, 0.1), 0.01 + 0.09 * 0.04);  // (1 − 8/10)²
        near(keras.lr(10, 0.1), 0.01);
        near(keras.lr(50, 0.1), 0.01);               // Keras, cycle=False: clamped at decay_steps
        near(Schedules.parse("polynomial(total_steps=4, power=0.5)").lr(3, 1.0), 0.5);   // √(1/4)
        assertThat(keras.length()).hasValue(10);
        assertThatThrownBy(() -> Schedules.parse("polynomial(total_steps=0)")).hasMessage("polynomial: total_steps must be >= 1, got 0");
        assertThatThrownBy(() -> Schedules.parse("polynomial(total_steps=5, power=-1)")).hasMessage("polynomial: power must be > 0, got -1");
        assertThatThrownBy(() -> Schedules.parse("polynomial(total_steps=5, end_lr=-1)")).hasMessage("polynomial: end_lr must be >= 0, got -1");
        assertThatThrownBy(() -> Schedules.parse("polynomial(steps=5)"))
                .hasMessage("unknown key 'steps' for polynomial; valid keys: total_steps, power, end_lr");
    }

    @Test
    void cosineRestarts_sameLengthCycles() {
        Schedule s = Schedules.parse("cosine_restarts(t_0=4, eta_min=0.01)");
        double r = Math.sqrt(0.5);                               // cos(π/4)
        near(s.lr(0, 0.1), 0.1);
        near(s.lr(1, 0.1), 0.01 + 0.09 * (1 + r) / 2);
        near(s.lr(2, 0.1), 0.055);                               // halfway
        near(s.lr(3, 0.1), 0.01 + 0.09 * (1 - r) / 2);
        near(s.lr(4, 0.1), 0.1);                                 // restart
        near(s.lr(4 * 1000 + 2, 0.1), 0.055);
    }

    @Test
    void cosineRestarts_cyclesGrowByTMult() {
        Schedule s = Schedules.parse("cosine_restarts(t_0=2, t_mult=3)");
        // cycles [0, 2), [2, 8), [8, 26), [26, 80)
        near(s.lr(0, 1.0), 1.0);
        near(s.lr(1, 1.0), 0.5);                                 // 1/2 of a 2-step cycle
        near(s.lr(2, 1.0), 1.0);                                 // restart
        near(s.lr(4, 1.0), 0.75);                                // t_cur 2 of 6: (1 + cos(π/3))/2
        near(s.lr(7, 1.0), (1 + Math.cos(Math.PI * 5 / 6)) / 2);
        near(s.lr(8, 1.0), 1.0);
        near(s.lr(17, 1.0), 0.5);                                // t_cur 9 of 18
        near(s.lr(26, 1.0), 1.0);
        near(s.lr(53, 1.0), 0.5);                                // t_cur 27 of 54
        double huge = s.lr(Long.MAX_VALUE / 2, 1.0);             // cycles past any real run do not overflow
        assertThat(huge).isBetween(0.0, 1.0);
        assertThatThrownBy(() -> Schedules.parse("cosine_restarts(t_0=0)")).hasMessage("cosine_restarts: t_0 must be >= 1, got 0");
        assertThatThrownBy(() -> Schedules.parse("cosine_restarts(t_0=5, t_mult=0)")).hasMessage("cosine_restarts: t_mult must be >= 1, got 0");
        assertThatThrownBy(() -> Schedules.parse("cosine_restarts(t_0=5, t_mult=1.5)")).hasMessage("t_mult must be a whole number, got 1.5");
        assertThatThrownBy(() -> Schedules.parse("cosine_restarts(t_0=5, eta_min=-1)")).hasMessage("cosine_restarts: eta_min must be >= 0, got -1");
        assertThatThrownBy(() -> Schedules.parse("cosine_restarts(t_0=5) then warmup(steps=2)"))
                .hasMessageStartingWith("cosine_restarts never ends, so nothing can follow it with 'then'");
        near(Schedules.parse("warmup(steps=2) then cosine_restarts(t_0=2, t_mult=3)").lr(2 + 4, 1.0), 0.75);
    }

    @Test
    void warmup_isLinearFromLrOverSteps() {
        Schedule s = Schedules.parse("warmup(steps=4)");
        near(s.lr(0, 0.2), 0.05);     // lr·(0 + 1)/4
        near(s.lr(1, 0.2), 0.1);
        near(s.lr(3, 0.2), 0.2);
        near(s.lr(4, 0.2), 0.2);
        near(s.lr(100, 0.2), 0.2);
    }

    @Test
    void warmupThenCosine_secondStartsAtItsOwnZero() {
        Schedule s = Schedules.parse("warmup(steps=100) then cosine(t_max=900)");
        assertThat(s).isEqualTo(new Warmup(100).then(new Cosine(900, 0)));
        near(s.lr(0, 0.1), 0.001);
        near(s.lr(99, 0.1), 0.1);
        near(s.lr(100, 0.1), 0.1);    // cosine at its t = 0
        near(s.lr(550, 0.1), 0.05);   // cosine at t = 450 = t_max/2
        assertThat(s.lr(1000, 0.1)).isCloseTo(0.0, Offset.offset(1e-17));
        assertThat(s.spec()).isEqualTo("warmup(steps=100) then cosine(t_max=900, eta_min=0)");
        assertThat(Schedules.parse(s.spec())).isEqualTo(s);
        assertThat(s.length()).hasValue(1000);
        Schedule polyThenMulti = Schedules.parse("polynomial(total_steps=4) then multistep(milestones=2, gamma=0.5)");
        near(polyThenMulti.lr(3, 0.2), 0.05);
        near(polyThenMulti.lr(4, 0.2), 0.2);          // multistep at its t = 0
        near(polyThenMulti.lr(6, 0.2), 0.1);          // its t = 2: the milestone
        assertThatThrownBy(() -> Schedules.parse("step(step_size=2) then cosine(t_max=9)"))
                .hasMessageStartingWith("step never ends, so nothing can follow it with 'then'");
        assertThatThrownBy(() -> Schedules.parse("warmup(steps=2) then plateau"))
                .hasMessage("plateau cannot be combined with 'then'");
        assertThatThrownBy(() -> Schedules.parse("warmup(steps=2) and cosine(t_max=9)"))
                .hasMessage("expected 'then' or the end at column 17 in \"warmup(steps=2) and cosine(t_max=9)\"");
    }

    @Test
    void onecycle_twoPhases_matchTorchAtBoundaries() {
        Schedule s = Schedules.parse("onecycle(max_lr=1, total_steps=100)");
        double initial = 1.0 / 25;                    // max_lr/div_factor
        double min = initial / 1e4;                   // initial/final_div_factor
        // phase 1 ends at 0.3·100 − 1 = 29, phase 2 at 99
        near(s.lr(0, 123), initial);                  // base lr ignored
        near(s.lr(29, 123), 1.0);
        near(s.lr(15, 123), 1.0 + (initial - 1.0) / 2 * (1 + Math.cos(Math.PI * 15 / 29)));
        near(s.lr(30, 123), min + (1.0 - min) / 2 * (1 + Math.cos(Math.PI * 1 / 70)));
        near(s.lr(64, 123), min + (1.0 - min) / 2);   // halfway through phase 2: p = 35/70
        near(s.lr(99, 123), min);
        near(s.lr(100, 123), min + (1.0 - min) / 2 * (1 + Math.cos(Math.PI * 71 / 70))); // torch extrapolates
        assertThatThrownBy(() -> s.lr(101, 1)).hasMessage("onecycle: step 101 is past total_steps=100");
    }

    @Test
    void onecycle_threePhasesAndLinear() {
        Schedule s = Schedules.parse("onecycle(max_lr=1, total_steps=100, three_phase=true, anneal_strategy=linear)");
        double initial = 0.04;
        double min = initial / 1e4;
        // ends: 29, 2·0.3·100 − 2 = 58, 99
        near(s.lr(0, 1), initial);
        near(s.lr(10, 1), (1.0 - initial) * 10 / 29 + initial);
        near(s.lr(29, 1), 1.0);
        near(s.lr(40, 1), (initial - 1.0) * 11 / 29 + 1.0);
        near(s.lr(58, 1), initial);
        near(s.lr(99, 1), min);
        near(s.lr(70, 1), (min - initial) * 12 / 41 + initial);
        Schedule custom = Schedules.parse("onecycle(max_lr=0.5, total_steps=10, pct_start=0.5, div_factor=10, final_div_factor=100)");
        near(custom.lr(0, 1), 0.05);
        near(custom.lr(4, 1), 0.5);                  // phase 1 ends at 0.5·10 − 1 = 4
        near(custom.lr(9, 1), 0.0005);
    }

    @Test
    void cyclic_triangleWaves() {
        Schedule tri = Schedules.parse("cyclic(base_lr=0.1, max_lr=0.5, step_size_up=4)");
        near(tri.lr(0, 123), 0.1);                    // the optimizer's rate is ignored
        near(tri.lr(1, 123), 0.2);                    // 0.1 + 0.4·1/4
        near(tri.lr(4, 123), 0.5);                    // peak
        near(tri.lr(6, 123), 0.3);                    // down: x = 2/4
        near(tri.lr(8, 123), 0.1);                    // next cycle
        near(tri.lr(12, 123), 0.5);
        Schedule halving = Schedules.parse("cyclic(base_lr=0.1, max_lr=0.5, step_size_up=4, mode=triangular2)");
        near(halving.lr(4, 1), 0.5);
        near(halving.lr(12, 1), 0.3);                 // cycle 2: 0.1 + 0.4/2
        near(halving.lr(18, 1), 0.1 + 0.4 * 0.5 / 4); // cycle 3, x = 2/4, scale 1/4
        Schedule exp = Schedules.parse("cyclic(base_lr=0.1, max_lr=0.5, step_size_up=4, mode=exp_range, gamma=0.9)");
        near(exp.lr(0, 1), 0.1);
        near(exp.lr(2, 1), 0.1 + 0.4 * 0.5 * 0.81);   // x = 2/4, 0.9²
        near(exp.lr(12, 1), 0.1 + 0.4 * Math.pow(0.9, 12));
    }

    @Test
    void cyclic_badValues_areOneLineErrorsNamingTheKey() {
        assertThatThrownBy(() -> Schedules.parse("cyclic(base_lr=0.1, max_lr=0.5, gamma=0.9)"))
                .hasMessage("cyclic: gamma applies only to mode=exp_range (mode is triangular), got 0.9");
        assertThatThrownBy(() -> Schedules.parse("cyclic(base_lr=0.1, max_lr=0.5, mode=triangle)"))
                .hasMessage("mode must be one of triangular, triangular2, exp_range, got 'triangle'");
        assertThatThrownBy(() -> new Cyclic(0.1, 0.5, 4, "triangle", 1))
                .hasMessage("cyclic: mode must be one of triangular, triangular2, exp_range, got 'triangle'");
        assertThatThrownBy(() -> Schedules.parse("cyclic(base_lr=-0.1, max_lr=0.5)")).hasMessage("cyclic: base_lr must be >= 0, got -0.1");
        assertThatThrownBy(() -> Schedules.parse("cyclic(base_lr=0.1, max_lr=-1)")).hasMessage("cyclic: max_lr must be >= 0, got -1");
        assertThatThrownBy(() -> Schedules.parse("cyclic(base_lr=0.1, max_lr=1, step_size_up=0)"))
                .hasMessage("cyclic: step_size_up must be >= 1, got 0");
        assertThatThrownBy(() -> Schedules.parse("cyclic(base_lr=0.1, max_lr=1, mode=exp_range, gamma=0)"))
                .hasMessage("cyclic: gamma must be > 0, got 0");
        assertThatThrownBy(() -> Schedules.parse("cyclic(max_lr=1)")).hasMessage("cyclic needs base_lr, e.g. cyclic(base_lr=0.001, max_lr=0.01)");
    }

    @Test
    void plateau_reducesAfterPatienceWithRelativeThreshold() {
        Plateau p = (Plateau) Schedules.parse("plateau(factor=0.5, patience=2)");
        double base = 0.1;
        p.observe(1.0, base);                        // best = 1
        p.observe(0.99995, base);                    // not < 1·(1 − 1e-4): bad 1
        p.observe(0.99995, base);                    // bad 2
        near(p.lr(0, base), 0.1);
        p.observe(0.99995, base);                    // bad 3 > 2: reduce
        near(p.lr(0, base), 0.05);
        assertThat(p.state().numBadEpochs()).isZero();
        p.observe(0.9, base);                        // improvement
        assertThat(p.state().best()).isEqualTo(0.9);
        assertThat(p.state().epochs()).isEqualTo(5);
    }

    @Test
    void plateau_cooldownMinLrAndMaxMode() {
        Plateau p = (Plateau) Schedules.parse("plateau(mode=max, factor=0.1, patience=0, cooldown=2, min_lr=0.002, threshold_mode=abs, threshold=0.1)");
        p.observe(1.0, 0.1);                         // best 1
        p.observe(1.05, 0.1);                        // not > 1 + 0.1: bad 1 > 0: reduce to 0.01, cooldown 2
        near(p.lr(0, 0.1), 0.01);
        p.observe(1.0, 0.1);                         // cooldown 2 → 1, bad reset
        p.observe(1.0, 0.1);                         // cooldown 1 → 0, bad reset
        near(p.lr(0, 0.1), 0.01);
        p.observe(1.0, 0.1);                         // bad 1: reduce to max(0.001, 0.002)
        near(p.lr(0, 0.1), 0.002);
        p.observe(1.0, 0.1);
        p.observe(1.0, 0.1);
        p.observe(1.0, 0.1);                         // 0.002 − 0.002 ≤ eps: stays
        near(p.lr(0, 0.1), 0.002);
    }

    @Test
    void plateau_stateSavedAndRestored_continuesExactly() {
        Plateau a = Plateau.defaults();
        Plateau b = Plateau.defaults();
        double[] metrics = new double[60];
        for (int i = 0; i < metrics.length; i++) {
            metrics[i] = 1.0 / (1 + i % 13);
        }
        for (int i = 0; i < 30; i++) {
            a.observe(metrics[i], 0.1);
        }
        Plateau.State saved = a.state();
        b.restore(new Plateau.State(saved.best(), saved.numBadEpochs(), saved.cooldownCounter(), saved.epochs(), saved.lr()));
        for (int i = 30; i < 60; i++) {
            a.observe(metrics[i], 0.1);
            b.observe(metrics[i], 0.1);
            assertThat(b.state()).isEqualTo(a.state());
            assertThat(Double.doubleToRawLongBits(b.lr(i, 0.1))).isEqualTo(Double.doubleToRawLongBits(a.lr(i, 0.1)));
        }
        assertThat(a.lr(0, 0.1)).isLessThan(0.1);
        assertThat(a.initialState().best()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void parse_errorsAndRoundTrips() {
        assertThatThrownBy(() -> Schedules.parse("cosin(t_max=3)"))
                .hasMessage("unknown schedule 'cosin'; valid: cosine, cosine_restarts, cyclic, exponential, inverse_time, multistep, onecycle, plateau, polynomial, step, warmup");
        assertThatThrownBy(() -> Schedules.parse("step")).hasMessage("step needs step_size, e.g. step(step_size=30)");
        assertThatThrownBy(() -> Schedules.parse("step(step_size=2.5)")).hasMessage("step_size must be a whole number, got 2.5");
        assertThatThrownBy(() -> Schedules.parse("step(step_size=0)")).hasMessage("step: step_size must be >= 1, got 0");
        assertThatThrownBy(() -> Schedules.parse("plateau(mode=avg)")).hasMessage("mode must be one of min, max, got 'avg'");
        assertThatThrownBy(() -> Schedules.parse("plateau(factor=1)")).hasMessage("plateau: factor must be in [0, 1), got 1");
        assertThatThrownBy(() -> Schedules.parse("cosine(tmax=3)"))
                .hasMessage("unknown key 'tmax' for cosine; valid keys: t_max, eta_min");
        for (String spec : new String[] {"step(step_size=30, gamma=0.5)", "multistep(milestones=30|80|120, gamma=0.5)", "exponential(gamma=0.95)", "inverse_time(decay_rate=0.5, decay_steps=10, power=0.5)", "cosine(t_max=100, eta_min=1.0E-4)",
            "cosine_restarts(t_0=10, t_mult=2, eta_min=1.0E-4)",
            "cyclic(base_lr=0.001, max_lr=0.1, step_size_up=500, mode=exp_range, gamma=0.999)",
            "onecycle(max_lr=0.1, total_steps=1000, pct_start=0.25, anneal_strategy=linear, div_factor=10, final_div_factor=100, three_phase=true)",
            "polynomial(total_steps=100, power=2, end_lr=1.0E-4)", "warmup(steps=5)", "plateau(mode=max, factor=0.5, patience=3, threshold=0.01, threshold_mode=abs, cooldown=1, min_lr=1.0E-5, eps=1.0E-8)"}) {
            Schedule s = Schedules.parse(spec);
            assertThat(s.spec()).isEqualTo(spec);
            assertThat(Schedules.parse(s.spec())).isEqualTo(s);
        }
        assertThat(Schedules.parse("plateau")).isEqualTo(Plateau.defaults());
    }

    @Test
    void explain_everySchedule_hasEquationsDefaultsAndTorchClass() {
        for (String name : Schedules.names()) {
            String text = Schedules.explain(name);
            assertThat(text).as(name).startsWith(name + ": ").contains("lr", "Defaults:", "How other libraries differ:");
            for (String key : Schedules.entry(name).keyNames()) {
                assertThat(text).as(name).contains("  " + key + " = ");
            }
        }
        assertThat(Schedules.explain("onecycle")).contains("OneCycleLR", "pct_start = 0.3", "div_factor = 25", "final_div_factor = 10000");
        assertThat(Schedules.explain("plateau")).contains("ReduceLROnPlateau", "patience = 10", "threshold = 1.0E-4");
    }
}
