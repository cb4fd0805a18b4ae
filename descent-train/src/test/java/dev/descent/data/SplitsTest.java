package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitsTest {

    /** Row i has feature i, so a row's identity survives the split. */
    private static Dataset classes(int... counts) {
        int n = Arrays.stream(counts).sum();
        double[] x = new double[n];
        double[] y = new double[n];
        int r = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++, r++) {
                x[r] = r;
                y[r] = c;
            }
        }
        List<String> names = IntStream.range(0, counts.length).mapToObj(Integer::toString).toList();
        return new Dataset(Tensor.of(x, n, 1), Tensor.of(y), List.of("id"), "target", Task.forClasses(counts.length),
                names, "test");
    }

    private static int[] ids(Dataset d) {
        return Arrays.stream(d.x().toDoubleArray()).mapToInt(v -> (int) v).toArray();
    }

    @Test
    void stratifiedKeepsClassProportions() {
        Dataset iris = classes(50, 50, 50);
        Splits.TrainValidationTest s = Splits.trainValidationTest(iris, 0.2, 0.2, 7);
        assertThat(s.train().classCounts()).containsExactly(30, 30, 30);
        assertThat(s.validation().classCounts()).containsExactly(10, 10, 10);
        assertThat(s.test().classCounts()).containsExactly(10, 10, 10);
        assertPartition(iris, s.train(), s.validation(), s.test());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void stratifiedSplitsOfRandomClassesAreProportionalAndExact(long seed) {
        Random random = new Random(seed);
        int k = 2 + random.nextInt(5);
        int[] counts = new int[k];
        for (int c = 0; c < k; c++) {
            counts[c] = 1 + random.nextInt(60);
        }
        Dataset d = classes(counts);
        int n = d.size();
        double vf = 0.05 + 0.3 * random.nextDouble();
        double tf = 0.05 + 0.3 * random.nextDouble();
        Splits.TrainValidationTest s = Splits.trainValidationTest(d, vf, tf, seed);
        assertPartition(d, s.train(), s.validation(), s.test());
        assertThat(s.test().size()).isEqualTo(Math.max(1, Math.round(n * tf)));
        assertThat(s.validation().size()).isEqualTo(Math.max(1, Math.round(n * vf)));
        int[] testCounts = s.test().classCounts();
        for (int c = 0; c < k; c++) {
            double expected = (double) counts[c] * s.test().size() / n;
            assertThat(Math.abs(testCounts[c] - expected)).as("class %d", c).isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOther() {
        Dataset d = classes(40, 25, 35);
        int[] a = ids(Splits.trainTest(d, 0.3, 11).test());
        int[] b = ids(Splits.trainTest(d, 0.3, 11).test());
        int[] c = ids(Splits.trainTest(d, 0.3, 12).test());
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void regressionSplitIsRandomAndComplete() {
        int n = 101;
        double[] x = new double[n];
        Arrays.setAll(x, i -> i);
        Dataset d = new Dataset(Tensor.of(x, n, 1), Tensor.of(x.clone()), List.of("id"), "y", Task.REGRESSION,
                List.of(), "test");
        Splits.TrainTest s = Splits.trainTest(d, 0.25, 3);
        assertThat(s.test().size()).isEqualTo(25);
        assertThat(s.train().size()).isEqualTo(76);
        assertPartition(d, s.train(), s.test());
        int[] test = ids(s.test());
        assertThat(test).isNotEqualTo(IntStream.range(0, 25).toArray()); // shuffled, not the first rows
        assertThat(s.test().y().toDoubleArray()).containsExactly(s.test().x().toDoubleArray()); // rows stay whole
    }

    @Test
    void validationSplitShufflesAndKerasVariantTakesLastRows() {
        Dataset sorted = classes(50, 50, 50);
        Splits.TrainValidation ours = Splits.validationSplit(sorted, 0.2, 0);
        assertThat(ours.validation().classCounts()).containsExactly(10, 10, 10);
        Splits.TrainValidation keras = Splits.validationSplitLastRows(sorted, 0.2);
        assertThat(ids(keras.validation())).containsExactly(IntStream.range(120, 150).toArray());
        assertThat(keras.validation().classCounts()).containsExactly(0, 0, 30);
        assertThat(keras.train().size()).isEqualTo(120);
    }

    @Test
    void badFractions() {
        Dataset d = classes(5, 5);
        assertThatThrownBy(() -> Splits.trainTest(d, 1.0, 0)).hasMessage("test fraction must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> Splits.trainValidationTest(d, 0.5, 0.5, 0))
                .hasMessage("validation (0.5) and test (0.5) fractions must add up to less than 1");
        Dataset two = classes(1, 1);
        assertThatThrownBy(() -> Splits.trainValidationTest(two, 0.1, 0.1, 0))
                .hasMessage("validation and test fractions 0.1 and 0.1 leave no training rows of 2");
        // a validation split alone does not mention a test part
        assertThatThrownBy(() -> Splits.validationSplit(two, 0.9, 0))
                .hasMessage("validation fraction 0.9 leaves no training rows of 2");
    }

    @Test
    void float32SubsetsKeepDtype() {
        Dataset d = classes(4, 4).to(DType.FLOAT32);
        assertThat(Splits.trainTest(d, 0.25, 1).train().dtype()).isEqualTo(DType.FLOAT32);
    }

    private static void assertPartition(Dataset all, Dataset... parts) {
        List<Integer> seen = new ArrayList<>();
        for (Dataset p : parts) {
            for (int id : ids(p)) {
                seen.add(id);
            }
            // labels travel with their rows
            for (int i = 0; i < p.size(); i++) {
                int id = (int) p.x().at(i);
                assertThat(p.y().at(i)).isEqualTo(all.y().at(id));
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.range(0, all.size()).boxed().toList());
    }
}
