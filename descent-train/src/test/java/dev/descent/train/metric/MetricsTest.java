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

    /**
     * scikit-learn's {@code mean_squared_error}, {@code mean_absolute_error} and {@code r2_score} with
     * {@code sample_weight}: the rows of {@link #regression_handComputed} with weights 2, 1, 0, 0.5 (Σw = 3.5).
     * Residuals 0.5, -1, 0, 2: MSE = (2·0.25 + 1 + 0 + 0.5·4)/3.5 = 3.5/3.5 = 1, MAE = (1 + 1 + 0 + 1)/3.5 = 6/7. The
     * weighted mean target ȳ = (2 + 2 + 0 + 2)/3.5 = 12/7; Σw(y − ȳ)² = 2·(5/7)² + (2/7)² + 0.5·(16/7)² = (50 + 4 +
     * 128)/49 = 26/7, so R² = 1 − 3.5/(26/7) = 1 − 49/52 = 3/52.
     */
    @Test
    void regression_weighted_handComputed() {
        Regression r = Regression.of(new double[] {1.5, 1, 3, 6}, new double[] {1, 2, 3, 4}, new double[] {2, 1, 0, 0.5});
        assertThat(r.mse()).isEqualTo(1.0);
        assertThat(r.rmse()).isEqualTo(1.0);
        assertThat(r.mae()).isCloseTo(6.0 / 7, within(1e-15));
        assertThat(r.r2()).isCloseTo(3.0 / 52, within(1e-15));
        // a row of weight 0 changes nothing, however wrong its prediction
        assertThat(Regression.of(new double[] {1.5, 1, 1e6, 6}, new double[] {1, 2, 3, 4}, new double[] {2, 1, 0, 0.5}))
                .isEqualTo(r);
        assertThatThrownBy(() -> Regression.of(new double[] {1}, new double[] {1}, new double[] {0}))
                .hasMessage("the weights sum to 0.0, not a positive number");
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
        assertThat(c.confusion()).isDeepEqualTo(new double[][] {{3, 1}, {1, 3}});
    }

    /**
     * scikit-learn's metrics with {@code sample_weight}: the pairs of {@link #binary_precisionRecallF1} with weights
     * 2, 1, 0.5, 3, 0, 1, 1, 4. Weighted counts: TP = 2 + 0.5 + 1 = 3.5 (rows 1, 3, 7), FN = 1 (row 2), FP = 3 (row 4),
     * TN = 0 + 1 + 4 = 5 (rows 5, 6, 8); Σw = 12.5. Accuracy (3.5 + 5)/12.5 = 0.68, precision 3.5/6.5 = 7/13, recall
     * 3.5/4.5 = 7/9, F1 = 2·(7/13)(7/9)/((7/13) + (7/9)) = (98/117)/(154/117) = 7/11.
     */
    @Test
    void binary_weighted_countsEachRowByItsWeight() {
        Classification c = Classification.of(new int[] {1, 0, 1, 1, 0, 0, 1, 0}, new int[] {1, 1, 1, 0, 0, 0, 1, 0}, 2,
                new double[] {2, 1, 0.5, 3, 0, 1, 1, 4});
        assertThat(c.confusion()).isDeepEqualTo(new double[][] {{5, 3}, {1, 3.5}});
        assertThat(c.total()).isEqualTo(12.5);
        assertThat(c.accuracy()).isCloseTo(0.68, within(1e-15));
        assertThat(c.precision()).isCloseTo(7.0 / 13, within(1e-15));
        assertThat(c.recall()).isCloseTo(7.0 / 9, within(1e-15));
        assertThat(c.f1()).isCloseTo(7.0 / 11, within(1e-15));
        assertThat(c.table(List.of("no", "yes"), v -> Double.toString(v))).isEqualTo(
                "  actual\\pred           no          yes\n"
                        + "           no          5.0          3.0\n"
                        + "          yes          1.0          3.5\n");
        assertThatThrownBy(() -> Classification.of(new int[] {1}, new int[] {1}, 2, new double[] {1, 2}))
                .hasMessageContaining("equally many");
    }

    /** Weights of 1 give the unweighted figures bit for bit (multiplying by 1 and dividing by Σw = n are exact). */
    @Test
    void unitWeights_giveTheUnweightedFiguresExactly() {
        double[] predicted = {0.3, -1.7, 2.9, 0.01, 5};
        double[] actual = {0.1, -2, 3.3, 0, 4.2};
        assertThat(Regression.of(predicted, actual, new double[] {1, 1, 1, 1, 1})).isEqualTo(Regression.of(predicted, actual));
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
        assertThat(c.table(List.of("a", "b", "c"), v -> Long.toString((long) v))).isEqualTo(
                "  actual\\pred            a            b            c\n"
                        + "            a            1            0            0\n"
                        + "            b            0            1            1\n"
                        + "            c            0            0            1\n");
        assertThatThrownBy(c::precision).hasMessageContaining("2 classes");
    }
}
