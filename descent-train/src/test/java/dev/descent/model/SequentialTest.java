package dev.descent.model;

import dev.descent.data.BatchSize;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.data.Splits;
import dev.descent.io.ModelFiles;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import dev.descent.train.FitOptions;
import dev.descent.train.callback.EarlyStopping;
import dev.descent.train.callback.History;
import dev.descent.train.callback.TerminateOnNaN;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequentialTest {

    private static Sequential mlp() {
        return new Sequential(Dense.of(64, Activation.RELU), Dense.of(10)).standardize();
    }

    @Test
    void mlpOnDigits_reaches97PercentTestAccuracyWithAdam() {
        Dataset digits = BuiltinDatasets.load("digits", DType.FLOAT32);
        Splits.TrainTest split = Splits.trainTest(digits, 0.2, 0);
        Sequential model = mlp();
        model.compile(Optimizers.parse("adam(lr=0.001)"), Loss.ce(), "accuracy");
        History h = model.fit(split.train(), FitOptions.builder().batchSize(32).epochs(30).validationSplit(0.1).build());
        Map<String, Double> test = model.evaluate(split.test());
        assertThat(test.get("accuracy")).isGreaterThanOrEqualTo(0.97);
        assertThat(test).containsOnlyKeys("loss", "accuracy", "n");
        assertThat(h.metric("val_accuracy")).hasSize(30);
        assertThat(h.metric("loss")[29]).isLessThan(h.metric("loss")[0]);
    }

    @Test
    void sameSeed_givesBitIdenticalWeights_whateverTheThreadCount() {
        Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT32);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Sequential a = mlp();
            a.compile(Optimizers.parse("adam(lr=0.01)"), Loss.ce());
            a.fit(iris, FitOptions.builder().epochs(5).seed(7).build());
            Parallel.setThreads(3);
            Sequential b = mlp();
            b.compile(Optimizers.parse("adam(lr=0.01)"), Loss.ce());
            b.fit(iris, FitOptions.builder().epochs(5).seed(7).build());
            assertThat(a.params().bitEquals(b.params())).isTrue();
            Sequential c = mlp();
            c.compile(Optimizers.parse("adam(lr=0.01)"), Loss.ce());
            c.fit(iris, FitOptions.builder().epochs(5).seed(8).build());
            assertThat(a.params().bitEquals(c.params())).isFalse();
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** The seeds' three variants come from one option: updates per epoch are 1, n, and ceil(n/b). */
    @Test
    void batchingVariants_makeTheExpectedNumberOfUpdates() {
        Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT32);
        for (Object[] c : new Object[][] {{BatchSize.full(), 1}, {BatchSize.of(1), 150}, {BatchSize.of(32), 5}}) {
            Sequential model = Presets.softmaxRegression(3).standardize();
            model.compile(Optimizers.parse("sgd(lr=0.1)"), Loss.ce());
            History h = model.fit(iris, FitOptions.builder().batchSize((BatchSize) c[0]).epochs(3).build());
            assertThat(h.steps()).as("%s", c[0]).hasSize(3 * (int) c[1]);
            assertThat(h.metric("loss")[2]).as("%s", c[0]).isLessThan(h.metric("loss")[0]);
        }
    }

    @Test
    void earlyStopping_stopsAndRestoresTheBestWeights() {
        Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT64);
        Sequential model = mlp().dtype(DType.FLOAT64);
        model.compile(Optimizers.parse("sgd(lr=0.5)"), Loss.ce());
        EarlyStopping stop = new EarlyStopping("val_loss", 2, 0.0, true);
        History h = model.fit(iris, FitOptions.builder().epochs(500).validationSplit(0.3).batchSize(8)
                .callback(stop.start()).build());
        assertThat(h.stopReason()).isPresent();
        assertThat(h.epochs().size()).isLessThan(500);
        double best = java.util.Arrays.stream(h.metric("val_loss")).min().orElseThrow();
        Splits.TrainValidation split = Splits.validationSplit(iris, 0.3, 0);
        assertThat(model.evaluate(split.validation()).get("loss")).isEqualTo(best);
    }

    @Test
    void divergence_isReportedAsAFailure() {
        Dataset diabetes = BuiltinDatasets.load("diabetes", DType.FLOAT32);
        Sequential model = Presets.linearRegression(1);
        model.compile(Optimizers.parse("sgd(lr=10)"), Loss.mse());
        History h = model.fit(diabetes, FitOptions.builder().epochs(50).callback(new TerminateOnNaN()).build());
        assertThat(h.failure()).hasValueSatisfying(m -> assertThat(m).contains("smaller learning rate").contains("step"));
    }

    @Test
    void predictProbabilities_rowsSumToOne() {
        Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT64);
        Sequential model = Presets.softmaxRegression(3).dtype(DType.FLOAT64).standardize();
        model.compile(Optimizers.parse("adam(lr=0.05)"), Loss.ce());
        model.fit(iris.x(), iris.y(), FitOptions.builder().epochs(20).build());
        Tensor p = model.predictProbabilities(iris.x());
        for (double s : p.sum(1, false).toDoubleArray()) {
            assertThat(s).isBetween(1 - 1e-12, 1 + 1e-12);
        }
        assertThat(model.evaluate(iris.x(), iris.y()).get("accuracy")).isGreaterThan(0.9);
    }

    /**
     * Separable rows x = −2, −1, 1, 2 with classes 0, 0, 1, 1: the hinge loss is exactly 0 once every margin y·f
     * reaches 1, where its (sub)gradient is 0, so gradient descent stops there and further epochs change nothing.
     */
    @Test
    void hinge_onSeparableRows_reachesZeroLossAndStops() {
        Tensor x = Tensor.matrix(new double[][] {{-2}, {-1}, {1}, {2}});
        Tensor y = Tensor.vector(0, 0, 1, 1);
        Sequential model = Presets.linearRegression(1).dtype(DType.FLOAT64);
        model.compile(Optimizers.parse("sgd(lr=0.1)"), Loss.hinge());
        FitOptions options = FitOptions.builder().batchSize(BatchSize.full()).epochs(200).build();
        model.fit(x, y, options);
        assertThat(model.evaluate(x, y)).containsEntry("loss", 0.0).containsEntry("accuracy", 1.0);
        for (int i = 0; i < 4; i++) {
            // the margins y·f themselves are at least 1
            assertThat((2 * y.at(i) - 1) * model.predict(x).at(i)).isGreaterThanOrEqualTo(1.0);
        }
        Tensor before = model.params().get("dense_1/kernel").copy();
        model.fit(x, y, options);
        assertThat(model.params().get("dense_1/kernel").bitEquals(before)).isTrue();
        assertThatThrownBy(() -> model.predictProbabilities(x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a model trained on hinge has no class probabilities");
    }

    @Test
    void saveAndLoad_giveTheSamePredictionsAndMetrics(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Dataset wine = BuiltinDatasets.load("wine", DType.FLOAT32);
        Sequential model = new Sequential(Dense.of(8, Activation.TANH), Dense.of(3)).standardize()
                .penalty(new dev.descent.nn.loss.L2(1e-3));
        model.compile(Optimizers.parse("adam(lr=0.01)"), Loss.ce());
        model.fit(wine, FitOptions.builder().epochs(5).build());
        model.save(dir.resolve("m"));

        Sequential loaded = Sequential.load(dir.resolve("m"));
        assertThat(loaded.predict(wine.x()).bitEquals(model.predict(wine.x()))).isTrue();
        assertThat(loaded.evaluate(wine)).isEqualTo(model.evaluate(wine));
        assertThat(loaded.optimizer().spec()).isEqualTo("adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1.0E-8, weight_decay=0, amsgrad=false)");
        assertThatThrownBy(() -> Sequential.load(dir.resolve("missing"))).hasMessageContaining("missing");
    }

    private static final FitOptions ONE_FULL_BATCH = FitOptions.builder().batchSize(BatchSize.full()).epochs(1)
            .shuffle(false).build();

    private static Sequential linearOnDiabetes() {
        return Presets.linearRegression(1).dtype(DType.FLOAT64).standardize();
    }

    @Test
    void compileWithAnotherOptimizer_afterLoad_startsItsOwnFreshState(@TempDir Path dir) {
        Dataset diabetes = BuiltinDatasets.load("diabetes", DType.FLOAT64);
        Sequential trained = linearOnDiabetes();
        trained.compile(Optimizers.parse("sgd(lr=0.1, momentum=0.9)"), Loss.mse());
        trained.fit(diabetes, FitOptions.builder().batchSize(BatchSize.full()).epochs(3).build());
        trained.save(dir.resolve("m"));

        Sequential loaded = Sequential.load(dir.resolve("m"));
        Params before = loaded.params().copy();
        loaded.compile(Optimizers.parse("adam(lr=0.05)"), Loss.mse());
        loaded.fit(diabetes, ONE_FULL_BATCH);

        // Adam's first step from a fresh state: m̂ = g and v̂ = g², so w moves by lr·g/(|g| + eps), which is lr to
        // within lr·eps/|g| (1e-8/|g| relative; every gradient here is far from 0 after three SGD epochs)
        OptimizerState adam = loaded.state().optimizerState();
        assertThat(adam.step()).isEqualTo(1);
        assertThat(adam.slotNames()).containsExactly("exp_avg", "exp_avg_sq");
        for (String name : before.names()) {
            Tensor w0 = before.get(name);
            Tensor w1 = loaded.params().get(name);
            for (int i = 0; i < w0.size(); i++) {
                assertThat(Math.abs(w1.at(i) - w0.at(i))).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        // and the very weights of a fresh Adam from the saved weights (initFrom starts the optimizer fresh)
        Sequential fresh = linearOnDiabetes().initFrom(ModelFiles.load(dir.resolve("m")));
        fresh.compile(Optimizers.parse("adam(lr=0.05)"), Loss.mse());
        fresh.fit(diabetes, ONE_FULL_BATCH);
        assertThat(loaded.params().bitEquals(fresh.params())).isTrue();
    }

    @Test
    void compileWithAnotherOptimizer_afterFit_dropsTheOldOptimizersState(@TempDir Path dir) {
        Dataset diabetes = BuiltinDatasets.load("diabetes", DType.FLOAT64);
        Sequential model = linearOnDiabetes();
        model.compile(Optimizers.parse("adam(lr=0.05)"), Loss.mse());
        model.fit(diabetes, ONE_FULL_BATCH);
        model.save(dir.resolve("after-adam"));

        model.compile(Optimizers.parse("sgd(lr=0.1, momentum=0.9)"), Loss.mse());
        model.fit(diabetes, ONE_FULL_BATCH);
        model.fit(diabetes, ONE_FULL_BATCH);

        OptimizerState sgd = model.state().optimizerState();
        assertThat(sgd.step()).isEqualTo(2);
        assertThat(sgd.slotNames()).containsExactly("momentum_buffer");
        Sequential fresh = linearOnDiabetes().initFrom(ModelFiles.load(dir.resolve("after-adam")));
        fresh.compile(Optimizers.parse("sgd(lr=0.1, momentum=0.9)"), Loss.mse());
        fresh.fit(diabetes, FitOptions.builder().batchSize(BatchSize.full()).epochs(2).shuffle(false).build());
        assertThat(model.params().bitEquals(fresh.params())).isTrue();
    }

    @Test
    void compileWithAnEqualOptimizer_keepsItsState() {
        Dataset diabetes = BuiltinDatasets.load("diabetes", DType.FLOAT64);
        Sequential twice = linearOnDiabetes();
        twice.compile(Optimizers.parse("adam(lr=0.05)"), Loss.mse());
        twice.fit(diabetes, ONE_FULL_BATCH);
        // as Keras' compile(optimizer=model.optimizer, ...): the same rule continues with its moments and step count
        twice.compile(Optimizers.parse("adam(lr=0.05)"), Loss.mse(), "mae");
        twice.fit(diabetes, ONE_FULL_BATCH);

        Sequential once = linearOnDiabetes();
        once.compile(Optimizers.parse("adam(lr=0.05)"), Loss.mse());
        once.fit(diabetes, FitOptions.builder().batchSize(BatchSize.full()).epochs(2).shuffle(false).build());
        assertThat(twice.state().optimizerState().step()).isEqualTo(2);
        assertThat(twice.params().bitEquals(once.params())).isTrue();
        assertThat(twice.state().optimizerState().bitEquals(once.state().optimizerState())).isTrue();

        // other hyper-parameters make another optimizer, which starts fresh (Keras' compile with a new Adam(...))
        twice.compile(Optimizers.parse("adam(lr=0.01)"), Loss.mse());
        assertThat(twice.state().optimizerState().step()).isZero();
        assertThat(twice.state().optimizerState().slot("exp_avg").get(twice.params().names().getFirst()).norm())
                .isZero();
    }

    @Test
    void misuse_getsClearErrors() {
        Sequential model = Presets.linearRegression(1);
        assertThatThrownBy(() -> model.fit(Tensor.zeros(DType.FLOAT32, 2, 2), Tensor.zeros(DType.FLOAT32, 2),
                FitOptions.builder().build())).hasMessageContaining("compile");
        assertThatThrownBy(() -> model.compile(Optimizers.parse("sgd(lr=0.1)"), Loss.mse(), "acc"))
                .hasMessageContaining("unknown metric 'acc'");
        assertThatThrownBy(() -> model.predict(Tensor.zeros(DType.FLOAT32, 1, 2))).hasMessageContaining("fit it first");
    }
}
