package dev.descent.optim;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MinimizerTest {

    /** f(x) = x², f'(x) = 2x. */
    private static final Minimizer.Objective PARABOLA = (x, g) -> {
        g[0] = 2 * x[0];
        return x[0] * x[0];
    };

    @Test
    void sgdOnParabola_followsTheClosedForm() {
        // x_k = x_{k-1} - lr * 2 x_{k-1}, computed the same way step by step
        Minimizer.Result r = Minimizer.minimize(PARABOLA, new double[] {3}, Sgd.of(0.1), Minimizer.LearningRate.constant(0.1), 5, 0);
        assertThat(r.trajectory()).hasSize(6);
        assertThat(r.outcome()).isEqualTo(Minimizer.Outcome.COMPLETED);
        double x = 3;
        for (int k = 0; k <= 5; k++) {
            Minimizer.Step s = r.trajectory().get(k);
            assertThat(s.step()).isEqualTo(k);
            assertThat(s.x()[0]).isEqualTo(x);
            assertThat(s.loss()).isEqualTo(x * x);
            assertThat(s.gradNorm()).isEqualTo(Math.abs(2 * x));
            assertThat(s.lr()).isEqualTo(0.1);
            x = x - 0.1 * (2 * x);
        }
    }

    @Test
    void tolerance_stopsAtTheFirstSmallGradient() {
        Minimizer.Result r = Minimizer.minimize(PARABOLA, new double[] {1}, Sgd.of(0.25), Minimizer.LearningRate.constant(0.25), 1000, 1e-3);
        // x halves each step: |2x| <= 1e-3 first at x = 2^-11
        assertThat(r.outcome()).isEqualTo(Minimizer.Outcome.CONVERGED);
        assertThat(r.steps()).isEqualTo(11);
        assertThat(r.end().x()[0]).isEqualTo(Math.scalb(1.0, -11));
    }

    @Test
    void divergence_isDetectedAndReported() {
        Minimizer.Result r = Minimizer.minimize(PARABOLA, new double[] {1}, Sgd.of(100), Minimizer.LearningRate.constant(100), 10_000, 0);
        assertThat(r.outcome()).isEqualTo(Minimizer.Outcome.DIVERGED);
        assertThat(Double.isFinite(r.end().loss())).isFalse();
        assertThat(r.steps()).isLessThan(10_000);
    }

    @Test
    void scheduledRate_isRecordedPerStep() {
        Minimizer.Result r = Minimizer.minimize(PARABOLA, new double[] {1}, Sgd.of(0.1),
                (t, loss) -> 0.1 / (t + 1), 3, 0);
        assertThat(r.trajectory().stream().mapToDouble(Minimizer.Step::lr).toArray()).containsExactly(0.1, 0.1, 0.05, 0.1 / 3);
    }

    /** A rate that learns from the losses (plateau) must see each point's loss once, in order. */
    @Test
    void learningRate_isAskedOncePerUpdateWithTheLossItStartsFrom() {
        List<String> asked = new ArrayList<>();
        Minimizer.minimize(PARABOLA, new double[] {1}, Sgd.of(0.25), (t, loss) -> {
            asked.add(t + ":" + loss);
            return 0.25;
        }, 3, 0);
        assertThat(asked).containsExactly("0:1.0", "1:0.25", "2:0.0625");   // x halves each update
    }

    @Test
    void badArguments_nameTheProblem() {
        assertThatThrownBy(() -> Minimizer.minimize(PARABOLA, new double[] {1}, Sgd.of(0.1), Minimizer.LearningRate.constant(0.1), -1, 0))
                .hasMessage("steps must be >= 0, got -1");
        assertThatThrownBy(() -> Minimizer.minimize(PARABOLA, new double[] {1}, Sgd.of(0.1), Minimizer.LearningRate.constant(0.1), 1, -1))
                .hasMessage("tolerance must be >= 0, got -1.0");
    }
}
