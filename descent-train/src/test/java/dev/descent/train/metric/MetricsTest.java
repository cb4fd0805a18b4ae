package dev.descent.train.metric;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {

    @Test
    void regression_handComputed() {
        // residuals 0.5, -1, 0, 2; targets mean 2.5; Σ(y-ȳ)² = 2.25+0.25+0.25+2.25 = 5
        Regression r = Regression.of(new double[] {1.5, 1, 3, 6}, new double[] {1, 2, 3, 4});
        assertThat(r.mse()).isEqualTo((0.25 + 1 + 0 + 4) / 4);
        assertThat(r.rmse()).isEqualTo(Math.sqrt(5.25 / 4));
        assertThat(r.mae()).isEqualTo(3.5 / 4);
        assertThat(r.r2()).isCloseTo(1 - 5.25 / 5, within(1e-15));
    }

    @Test
    void regression_perfectAndConstantTargets() {
        assertThat(Regression.of(new double[] {1, 2}, new double[] {1, 2}).r2()).isEqualTo(1.0);
        assertThat(Regression.of(new double[] {1, 2}, new double[] {3, 3}).r2()).isNaN();
        assertThatThrownBy(() -> Regression.of(new double[] {1}, new double[] {1, 2})).hasMessageContaining("equally many");
    }

    @Test
    void binary_precisionRecallF1() {
        // actual:    1 1 1 0 0 0 1 0
        // predicted: 1 0 1 1 0 0 1 0  -> TP 3, FN 1, FP 1, TN 3
        Classification c = Classification.of(new int[] {1, 0, 1, 1, 0, 0, 1, 0}, new int[] {1, 1, 1, 0, 0, 0, 1, 0}, 2);
        assertThat(c.accuracy()).isEqualTo(6.0 / 8);
        assertThat(c.precision()).isEqualTo(3.0 / 4);
        assertThat(c.recall()).isEqualTo(3.0 / 4);
        assertThat(c.f1()).isEqualTo(0.75);
        assertThat(c.confusion()).isDeepEqualTo(new long[][] {{3, 1}, {1, 3}});
    }

    @Test
    void binary_noPositivePredictions_givesZeroNotNaN() {
        Classification c = Classification.of(new int[] {0, 0}, new int[] {1, 0}, 2);
        assertThat(c.precision()).isZero();
        assertThat(c.f1()).isZero();
    }

    @Test
    void multiclass_tableAndAccuracy() {
        Classification c = Classification.of(new int[] {0, 1, 2, 2}, new int[] {0, 1, 1, 2}, 3);
        assertThat(c.accuracy()).isEqualTo(0.75);
        assertThat(c.table(List.of("a", "b", "c"))).isEqualTo(
                "  actual\\pred            a            b            c\n"
                        + "            a            1            0            0\n"
                        + "            b            0            1            1\n"
                        + "            c            0            0            1\n");
        assertThatThrownBy(c::precision).hasMessageContaining("2 classes");
    }
}
