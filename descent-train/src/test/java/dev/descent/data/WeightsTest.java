package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Row weights on data sets and batches, and class weights resolved for the training rows. */
class WeightsTest {

    /** Six rows of classes a, a, a, a, b, c, row i with feature i. */
    private static Dataset sixRows() {
        return new Dataset(Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 6, 1), Tensor.vector(0, 0, 0, 0, 1, 2),
                List.of("x"), "y", Task.MULTICLASS, List.of("a", "b", "c"), "test");
    }

    @Test
    void datasetWeights_mustBeFiniteNonNegativeOnePerRow() {
        Dataset d = sixRows();
        assertThatThrownBy(() -> d.withWeights(Tensor.vector(1, 1)))
                .hasMessage("weights must have shape [6], got [2]");
        assertThatThrownBy(() -> d.withWeights(Tensor.vector(1, 1, 1, -1, 1, 1)))
                .hasMessage("row 3: weight -1.0 is not a finite number >= 0");
        assertThatThrownBy(() -> d.withWeights(Tensor.vector(1, 1, 1, 1, Double.POSITIVE_INFINITY, 1)))
                .hasMessage("row 4: weight Infinity is not a finite number >= 0");
    }

    @Test
    void subsetsAndTypeConversions_keepEachRowsWeight() {
        Dataset d = sixRows().withWeights(Tensor.vector(1, 2, 3, 4, 5, 6));
        assertThat(d.subset(new int[] {5, 0, 5}).weights().orElseThrow().toDoubleArray()).containsExactly(6, 1, 6);
        Dataset f = d.to(DType.FLOAT32);
        assertThat(f.weights().orElseThrow().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(d.withFeatures(d.x().times(2.0)).weights()).isEqualTo(d.weights());
        assertThat(new Standardizer(new double[] {1}, new double[] {2}).apply(d).weights()).isEqualTo(d.weights());
        Splits.TrainValidation split = Splits.validationSplit(d, 0.5, 3);
        for (Dataset part : List.of(split.train(), split.validation())) {
            for (int i = 0; i < part.size(); i++) {
                // row r of the data set has feature r and weight r + 1
                assertThat(part.weights().orElseThrow().at(i)).isEqualTo(part.x().at(i) + 1);
            }
        }
    }

    @Test
    void batches_carryTheirRowsWeights() {
        Dataset d = sixRows().withWeights(Tensor.vector(1, 2, 3, 4, 5, 6));
        for (Batch b : new Batcher(d, BatchSize.of(4), true, false, Rng.seeded(7)).epoch(0)) {
            Tensor w = b.weights().orElseThrow();
            double sum = 0;
            for (int i = 0; i < b.size(); i++) {
                assertThat(w.at(i)).isEqualTo(b.rows()[i] + 1.0);
                sum += b.rows()[i] + 1.0;
            }
            assertThat(b.totalWeight()).isEqualTo(sum);
            assertThat(b.copy().weights().orElseThrow().toDoubleArray()).containsExactly(w.toDoubleArray());
        }
        Batch full = new Batcher(d, BatchSize.full(), true, false, Rng.seeded(7)).batch(0, 0);
        assertThat(full.weights()).isEqualTo(d.weights());
        assertThat(full.totalWeight()).isEqualTo(21);
        Batch plain = new Batcher(sixRows(), BatchSize.of(4), true, false, Rng.seeded(7)).batch(0, 1);
        assertThat(plain.weights()).isEmpty();
        assertThat(plain.totalWeight()).isEqualTo(2);
    }

    @Test
    void ungatheredBatch_sumsTheWeightsOfItsRows() {
        Tensor all = Tensor.vector(1, 2, 3, 4, 5, 6);
        Batch b = new Batch(Tensor.zeros(DType.FLOAT64, 6, 1), Tensor.zeros(DType.FLOAT64, 6), new int[] {5, 1}, 0,
                Optional.of(all));
        assertThat(b.totalWeight()).isEqualTo(8);
    }

    @Test
    void balanced_isRowsOverClassesTimesTheClassCount() {
        // n = 6 rows, k = 3 classes, counts (4, 1, 1): w_c = 6/(3·n_c) = 0.5, 2, 2
        assertThat(ClassWeights.balanced().resolve(sixRows())).containsExactly(0.5, 2, 2);
        // sample weights do not change the counts (scikit-learn counts rows)
        Dataset weighted = sixRows().withWeights(Tensor.vector(9, 9, 9, 9, 0.1, 0.1));
        assertThat(ClassWeights.balanced().resolve(weighted)).containsExactly(0.5, 2, 2);
        // each class then carries n/k = 2 of the total weight 6: 4·0.5, 1·2, 1·2
        Dataset balanced = sixRows().withClassWeights(ClassWeights.balanced().resolve(sixRows()));
        assertThat(balanced.weights().orElseThrow().toDoubleArray()).containsExactly(0.5, 0.5, 0.5, 0.5, 2, 2);
        assertThat(balanced.totalWeight()).isEqualTo(6);
    }

    @Test
    void classWeights_multiplyTheRowsWeights() {
        Dataset d = sixRows().withWeights(Tensor.vector(1, 2, 3, 4, 5, 6));
        double[] perClass = ClassWeights.parse("b=10, a = 0.5,c=0").resolve(d);
        assertThat(perClass).containsExactly(0.5, 10, 0);
        assertThat(d.withClassWeights(perClass).weights().orElseThrow().toDoubleArray())
                .containsExactly(0.5, 1, 1.5, 2, 50, 0);
    }

    @Test
    void parse_readsBalancedAndPairs_andSpecReadsBack() {
        assertThat(ClassWeights.parse(" Balanced ")).isEqualTo(ClassWeights.balanced());
        Map<String, Double> pairs = new LinkedHashMap<>();
        pairs.put("setosa", 2.0);
        pairs.put("x=y", 0.5);
        ClassWeights given = ClassWeights.parse("setosa=2, x=y=0.5");
        assertThat(given).isEqualTo(ClassWeights.of(pairs));
        assertThat(given.spec()).isEqualTo("setosa=2.0,x=y=0.5");
        assertThat(ClassWeights.parse(given.spec())).isEqualTo(given);
        assertThat(ClassWeights.parse("balanced").spec()).isEqualTo("balanced");
        // label order, whatever order the pairs were given in
        assertThat(ClassWeights.parse("b=1, a=2").spec()).isEqualTo("a=2.0,b=1.0")
                .isEqualTo(ClassWeights.parse("a=2,b=1").spec());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a=2,b|expected balanced, or LABEL=WEIGHT pairs such as \"A=2,B=0.5\", got 'a=2,b'",
            "=2|expected balanced, or LABEL=WEIGHT pairs such as \"A=2,B=0.5\", got '=2'",
            "a=two|the weight of class 'a' must be a number, got 'two'",
            "a=-1|the weight of class 'a' must be a finite number >= 0, got -1.0",
            "a=NaN|the weight of class 'a' must be a finite number >= 0, got NaN",
            "a=Infinity|the weight of class 'a' must be a finite number >= 0, got Infinity",
            "a=1,a=2|class 'a' is given twice"})
    void parse_badSpecs_areOneLineErrors(String text, String message) {
        assertThatThrownBy(() -> ClassWeights.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void resolve_refusesUnknownAndMissingClasses_regressionTargets_andEmptyClasses() {
        assertThatThrownBy(() -> ClassWeights.parse("a=1,b=1,c=1,d=1").resolve(sixRows()))
                .hasMessage("'d' is not a class of 'y'; classes: a, b, c");
        assertThatThrownBy(() -> ClassWeights.parse("a=1,c=1").resolve(sixRows()))
                .hasMessage("no weight for class 'b'; every class needs one: a, b, c");
        Dataset regression = new Dataset(Tensor.of(new double[] {0, 1}, 2, 1), Tensor.vector(0.5, 1.5), List.of("x"),
                "y", Task.REGRESSION, List.of(), "test");
        assertThatThrownBy(() -> ClassWeights.balanced().resolve(regression))
                .hasMessage("class weights need a class target, but 'y' is a regression target");
        Dataset noC = sixRows().subset(new int[] {0, 1, 4});
        assertThatThrownBy(() -> ClassWeights.balanced().resolve(noC))
                .hasMessage("balanced: none of the 3 rows is of class 'c', so its weight n/(k*n_c) is undefined; give "
                        + "the weights as LABEL=WEIGHT pairs");
    }

    /**
     * Rows weighted by class as they are gathered (as a streamed file's are) hold the weights the in-memory product
     * holds, and standardizing them keeps those. Classes a, a, a, a, b, c with weights 1..6 and class weights
     * a=0.5, b=2, c=3: 0.5, 1, 1.5, 2, 5·2 = 10, 6·3 = 18, which sum to 33.
     */
    @Test
    void classWeightedRows_gatherTheInMemoryProduct_andStandardizingKeepsIt() {
        Dataset d = sixRows().withWeights(Tensor.vector(1, 2, 3, 4, 5, 6));
        double[] perClass = {0.5, 2, 3};
        RowSource byClass = new ClassWeightedRows(d, perClass);
        RowSource standardized = new StandardizedRows(byClass, new Standardizer(new double[] {1}, new double[] {2}));
        int[] order = {5, 0, 4, 1, 2, 3};
        for (RowSource rows : List.of(byClass, standardized)) {
            Tensor x = Tensor.zeros(DType.FLOAT64, 6, 1);
            Tensor w = Tensor.zeros(DType.FLOAT64, 6);
            rows.gather(order, 0, 6, x, Tensor.zeros(DType.FLOAT64, 6), w);
            assertThat(w.toDoubleArray()).containsExactly(18, 0.5, 10, 1, 1.5, 2);
            assertThat(rows.weighted()).isTrue();
            assertThat(rows.totalWeight()).isEqualTo(33);
            assertThat(rows.weights().orElseThrow().toDoubleArray())
                    .containsExactly(d.withClassWeights(perClass).weights().orElseThrow().toDoubleArray());
        }
        // standardized: (5 - 1) / 2 = 2 for row 5, (0 - 1) / 2 = -0.5 for row 0
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 1);
        standardized.gather(order, 0, 2, x, Tensor.zeros(DType.FLOAT64, 2), Tensor.zeros(DType.FLOAT64, 2));
        assertThat(x.toDoubleArray()).containsExactly(2, -0.5);
        // unweighted rows weigh 1 before their class's weight: 0.5 × 4 + 2 + 3 = 7
        assertThat(new ClassWeightedRows(sixRows(), perClass).totalWeight()).isEqualTo(7);
        // rows in memory are weighted in memory, where training reads them in place
        assertThat(ClassWeightedRows.of(d, perClass)).isInstanceOf(Dataset.class);
    }
}
