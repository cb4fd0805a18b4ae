package dev.descent.model;

import dev.descent.data.BatchSize;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.data.Standardizer;
import dev.descent.data.Task;
import dev.descent.io.SavedModel;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Dropout;
import dev.descent.nn.Initializer;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import dev.descent.train.FitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Sequential#initFrom} and {@link WarmStart}: training that starts from a saved model's weights. */
class WarmStartTest {

    private static final Dataset IRIS = BuiltinDatasets.load("iris", DType.FLOAT64);

    /** A standardized ReLU MLP 4-8-3, in {@code dtype}, compiled with {@code optimizer} on ce. */
    private static Sequential mlp(DType dtype, String optimizer) {
        Sequential model = new Sequential(Dense.of(8, Activation.RELU), Dense.of(3)).dtype(dtype).standardize();
        model.compile(Optimizers.parse(optimizer), Loss.ce());
        return model;
    }

    /** Full passes over the rows in file order: nothing depends on the epoch or step count but the parameters. */
    private static FitOptions epochs(int epochs) {
        return FitOptions.builder().batchSize(BatchSize.of(32)).shuffle(false).epochs(epochs).seed(3).build();
    }

    private static SavedModel trained(DType dtype, Dataset rows, int epochs) {
        Sequential model = mlp(dtype, "sgd(lr=0.1)");
        model.fit(rows, epochs(epochs));
        return model.toSaved(model.params(), Map.of());
    }

    private static void assertBitEqual(Params a, Params b) {
        assertThat(a.names()).isEqualTo(b.names());
        assertThat(a.bitEquals(b)).as("%s vs %s", a, b).isTrue();
    }

    /**
     * With a zero learning rate every update is w − 0·g = w, so the weights stay the saved ones bit for bit; the
     * standardization statistics are the saved ones too, not those of the rows trained on (here half of them).
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void zeroLearningRate_keepsTheSavedWeightsAndStatistics(DType dtype) {
        SavedModel saved = trained(dtype, IRIS, 2);
        Params before = saved.params().copy();
        Dataset half = IRIS.subset(IntStream.range(0, 75).toArray());
        Sequential model = mlp(dtype, "sgd(lr=0)").initFrom(saved);
        model.fit(half, epochs(3));
        assertBitEqual(model.params(), before);
        Standardizer used = model.standardizer().orElseThrow();
        assertThat(used.mean()).isEqualTo(saved.standardizer().orElseThrow().mean())
                .isNotEqualTo(Standardizer.fit(half.to(dtype)).mean());
        assertThat(used.std()).isEqualTo(saved.standardizer().orElseThrow().std());
        // training updated copies: the saved model is as it was
        assertBitEqual(saved.params(), before);
    }

    /**
     * Plain SGD keeps no state and nothing else depends on the step count here, so 3 epochs, saved, then 2 more from
     * the saved model are the 5 epochs of one run, bit for bit. In float32 the ReLU MLP trains on the fused kernels,
     * in float64 on the tape.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void nEpochsThenMMore_equalNPlusMInOneRun(DType dtype) {
        SavedModel first = trained(dtype, IRIS, 3);
        Sequential more = mlp(dtype, "sgd(lr=0.1)").initFrom(first);
        more.fit(IRIS, epochs(2));
        Sequential whole = mlp(dtype, "sgd(lr=0.1)");
        whole.fit(IRIS, epochs(5));
        assertBitEqual(more.params(), whole.params());
    }

    /** A float32 model starts a float64 one exactly (widening is exact). */
    @Test
    void float32Weights_startAFloat64ModelExactly() {
        SavedModel saved = trained(DType.FLOAT32, IRIS, 1);
        Sequential model = mlp(DType.FLOAT64, "sgd(lr=0)").initFrom(saved);
        model.fit(IRIS, epochs(1));
        for (String name : saved.params().names()) {
            Tensor w = model.params().get(name);
            assertThat(w.dtype()).isEqualTo(DType.FLOAT64);
            assertThat(w.toDoubleArray()).isEqualTo(saved.params().get(name).toDoubleArray());
        }
    }

    /** Dropout holds no weights: a model with another rate (or none) starts from the same weights. */
    @Test
    void dropoutMayDiffer() {
        SavedModel saved = trained(DType.FLOAT64, IRIS, 1);
        Stack withDropout = Stack.of(Dense.of(8, Activation.RELU), Dropout.of(0.3), Dense.of(3));
        assertThat(WarmStart.mismatch(saved, withDropout, true, IRIS)).isEmpty();
    }

    @Test
    void mismatches_nameBothSides() {
        SavedModel saved = trained(DType.FLOAT64, IRIS, 1);
        Stack same = Stack.of(Dense.of(8, Activation.RELU), Dense.of(3));
        Dataset wine = BuiltinDatasets.load("wine", DType.FLOAT64);
        assertThat(WarmStart.mismatch(saved, same, true, wine))
                .hasValue("the saved model takes 4 features, the data has 13");
        assertThat(WarmStart.mismatch(saved, Stack.of(Dense.of(16, Activation.RELU), Dense.of(3)), true, IRIS))
                .hasValue("the saved model's layers are 4-8-3 (relu, linear), this model's 4-16-3 (relu, linear)");
        assertThat(WarmStart.mismatch(saved, Stack.of(Dense.of(8, Activation.TANH), Dense.of(3)), true, IRIS))
                .hasValue("the saved model's layers are 4-8-3 (relu, linear), this model's 4-8-3 (tanh, linear)");
        Stack named = Stack.of(new Dense("hidden", 8, Activation.RELU, Initializer.glorotUniform(), Initializer.zeros()),
                Dense.of(3));
        assertThat(WarmStart.mismatch(saved, named, true, IRIS))
                .hasValue("the saved model's parameters are [dense_1/kernel, dense_1/bias, dense_2/kernel, dense_2/bias],"
                        + " this model's [hidden/kernel, hidden/bias, dense_1/kernel, dense_1/bias]");
        Dataset renamed = new Dataset(IRIS.x(), IRIS.y(), IRIS.featureNames(), "target", Task.MULTICLASS,
                List.of("setosa", "versicolor", "virginica"), "renamed");
        assertThat(WarmStart.mismatch(saved, same, true, renamed))
                .hasValue("the saved model is for multiclass classification of classes [0, 1, 2], the data is multiclass"
                        + " classification of classes [setosa, versicolor, virginica]");
        // the last two columns swapped: a saved feature's name at another place; a name the saved model lacks is not one
        List<String> swapped = List.of("sepal_length_cm", "sepal_width_cm", "petal_width_cm", "petal_length_cm");
        assertThat(WarmStart.mismatch(saved, same, true, new Dataset(IRIS.x(), IRIS.y(), swapped, "target",
                IRIS.task(), IRIS.classes(), "swapped")))
                .hasValue("feature 3 of the data is 'petal_width_cm', feature 4 of the saved model; the weights are matched"
                        + " by position, so give the columns in the saved model's order");
        List<String> other = List.of("sepal_length_cm", "sepal_width_cm", "petal_length", "petal_width_cm");
        assertThat(WarmStart.mismatch(saved, same, true, new Dataset(IRIS.x(), IRIS.y(), other, "target",
                IRIS.task(), IRIS.classes(), "renamed"))).isEmpty();
        assertThat(WarmStart.mismatch(saved, same, false, IRIS))
                .hasValue("the saved model standardizes its features (its statistics would be reused), this model does not");
        SavedModel raw = new SavedModel(saved.stack(), saved.inputFeatures(), saved.dtype(), saved.params(), Optional.empty(),
                saved.featureNames(), saved.targetName(), saved.task(), saved.classes(), saved.loss(), saved.penalty(),
                saved.training());
        assertThat(WarmStart.mismatch(raw, same, true, IRIS))
                .hasValue("this model standardizes its features, but the saved model was trained on raw ones");
    }

    @Test
    void aMismatchFailsTheFirstFit_andInitFromComesBeforeIt() {
        SavedModel saved = trained(DType.FLOAT64, IRIS, 1);
        Sequential wider = new Sequential(Dense.of(16, Activation.RELU), Dense.of(3)).dtype(DType.FLOAT64).standardize();
        wider.compile(Optimizers.parse("sgd(lr=0.1)"), Loss.ce());
        wider.initFrom(saved);
        assertThatThrownBy(() -> wider.fit(IRIS, epochs(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot start from the saved model: the saved model's layers are 4-8-3 (relu, linear), this"
                        + " model's 4-16-3 (relu, linear)");
        Sequential fitted = mlp(DType.FLOAT64, "sgd(lr=0.1)");
        fitted.fit(IRIS, epochs(1));
        assertThatThrownBy(() -> fitted.initFrom(saved)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before the model is built");
    }
}
