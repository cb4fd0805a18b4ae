package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    private static Dataset regression(double[][] rows) {
        Tensor x = Tensor.matrix(rows);
        return new Dataset(x, Tensor.zeros(DType.FLOAT64, rows.length), List.of("a", "b", "c"), "y",
                Task.REGRESSION, List.of(), "test");
    }

    @Test
    void populationStatisticsByHand() {
        // column a: 1, 2, 3, 6 -> mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5
        // column b: 10, 10, 10, 10 -> constant: mean 10, std 1
        // column c: -1, 1, -1, 1 -> mean 0, std 1
        Dataset train = regression(new double[][] {{1, 10, -1}, {2, 10, 1}, {3, 10, -1}, {6, 10, 1}});
        Standardizer s = Standardizer.fit(train);
        assertThat(s.mean()).containsExactly(3, 10, 0);
        assertThat(s.std()[0]).isCloseTo(Math.sqrt(3.5), within(1e-15));
        assertThat(s.std()[1]).isEqualTo(1.0);
        assertThat(s.std()[2]).isEqualTo(1.0);
        Tensor z = s.apply(train.x());
        assertThat(z.get(0, 0)).isCloseTo(-2 / Math.sqrt(3.5), within(1e-15));
        assertThat(z.get(3, 0)).isCloseTo(3 / Math.sqrt(3.5), within(1e-15));
        for (int i = 0; i < 4; i++) {
            assertThat(z.get(i, 1)).isZero();
        }
        assertThat(train.x().get(0, 0)).isEqualTo(1.0); // input unchanged
    }

    @Test
    void constantColumnThatDoesNotAverageExactlyMapsToZero() {
        double[][] rows = new double[3][3];
        for (double[] r : rows) {
            r[0] = 0.1;
            r[1] = 0.1;
            r[2] = 0.1;
        }
        Standardizer s = Standardizer.fit(regression(rows));
        Tensor z = s.apply(Tensor.matrix(rows));
        assertThat(z.toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void fittedOnTrainOnlyAndAppliedToValidationUnchanged() {
        Dataset train = regression(new double[][] {{0, 0, 0}, {2, 4, 6}});
        Dataset val = regression(new double[][] {{100, -4, 3}});
        Standardizer s = Standardizer.fit(train);
        Tensor zv = s.apply(val).x();
        // train statistics: mean (1, 2, 3), std (1, 2, 3)
        assertThat(s.mean()).containsExactly(1, 2, 3);
        assertThat(s.std()).containsExactly(1, 2, 3);
        assertThat(zv.toDoubleArray()).containsExactly(99, -3, 0);
        assertThat(Standardizer.fit(train)).isEqualTo(s); // value equality over the arrays
    }

    @Test
    void float32KeepsDtypeAndInverts() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 7}, 3, 2);
        Standardizer s = Standardizer.fit(x);
        Tensor z = s.apply(x);
        assertThat(z.dtype()).isEqualTo(DType.FLOAT32);
        Tensor back = s.invert(z);
        for (int i = 0; i < 6; i++) {
            assertThat(back.at(i)).isCloseTo(x.at(i), within(1e-5));
        }
    }

    @Test
    void wrongWidthIsRejected() {
        Standardizer s = new Standardizer(new double[] {0, 0}, new double[] {1, 1});
        assertThatThrownBy(() -> s.apply(Tensor.zeros(DType.FLOAT64, 2, 3)))
                .hasMessage("standardizer fitted on 2 features, got shape [2, 3]");
        assertThatThrownBy(() -> new Standardizer(new double[] {0}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
