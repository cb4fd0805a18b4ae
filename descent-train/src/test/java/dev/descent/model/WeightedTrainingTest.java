package dev.descent.model;

import dev.descent.data.BatchSize;
import dev.descent.data.Batcher;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.ClassWeights;
import dev.descent.data.Dataset;
import dev.descent.data.DscFile;
import dev.descent.data.Splits;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Layer;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.Penalty;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.Engine;
import dev.descent.train.Evaluation;
import dev.descent.train.FitOptions;
import dev.descent.train.FusedGradients;
import dev.descent.train.Gradient;
import dev.descent.train.TapeGradients;
import dev.descent.train.callback.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.descent.testkit.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Training on weighted rows: the weighted mean loss and its gradient, class weights, the reported losses. */
class WeightedTrainingTest {

    /** Float64 round-off of sums over a few dozen rows in another order; the quantities are equal in exact arithmetic. */
    private static final double EXACT = 1e-12;

    /** Integer weights, 0 among them (a row of weight 0 is a row left out). */
    private static final int[] COUNTS = {2, 1, 3, 0, 1, 1, 2, 1, 0, 4, 1, 2, 1, 3, 1, 1, 2, 1};

    /** Rows of iris, every class present, float64. */
    private static Dataset irisRows() {
        Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT64);
        return iris.subset(IntStream.range(0, COUNTS.length).map(i -> i * 8).toArray());
    }

    /** Rows of diabetes, float64. */
    private static Dataset diabetesRows() {
        return BuiltinDatasets.load("diabetes", DType.FLOAT64).subset(IntStream.range(0, COUNTS.length).toArray());
    }

    private static Tensor counts(DType dtype) {
        return Tensor.of(IntStream.of(COUNTS).asDoubleStream().toArray(), COUNTS.length).to(dtype);
    }

    /** Row {@code i} of {@code d} repeated {@code COUNTS[i]} times. */
    private static Dataset duplicated(Dataset d) {
        return d.subset(IntStream.range(0, COUNTS.length).flatMap(i -> IntStream.range(0, COUNTS[i]).map(k -> i)).toArray());
    }

    private static Gradient fullBatchGradient(Stack stack, Loss loss, Params params, Dataset data) {
        TapeGradients tape = new TapeGradients(stack, loss, Optional.of(new L2(0.01)), data.task().isClassification());
        return tape.of(params, new Batcher(data, BatchSize.full(), false, false, Rng.seeded(0)).batch(0, 0), Rng.seeded(1));
    }

    /**
     * A weight of k is the row appearing k times: on a full batch in float64 the weighted mean loss and its gradient
     * (Σ w_i·∇ℓ_i / Σ w_i, plus the penalty's) equal the plain mean over the duplicated rows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"softmax ce", "mlp ce", "mlp mse", "linear mae", "mlp huber"})
    void integerWeights_giveTheGradientOfDuplicatedRows(String model) {
        boolean classes = model.endsWith("ce");
        Dataset data = classes ? irisRows() : diabetesRows();
        int outputs = classes ? 3 : 1;
        Layer[] layers = model.startsWith("mlp") ? new Layer[] {Dense.of(5, Activation.TANH), Dense.of(outputs)}
                : new Layer[] {Dense.of(outputs)};
        Loss loss = Loss.parse(model.substring(model.indexOf(' ') + 1));
        Stack stack = Stack.of(layers);
        Params params = stack.init(data.features(), DType.FLOAT64, Rng.seeded(3));
        Gradient weighted = fullBatchGradient(stack, loss, params, data.withWeights(counts(DType.FLOAT64)));
        Gradient repeated = fullBatchGradient(stack, loss, params, duplicated(data));
        assertClose(weighted.loss(), repeated.loss(), EXACT, 0, "loss");
        for (String name : params.names()) {
            assertClose(weighted.grads().get(name), repeated.grads().get(name), EXACT, 1e-6);
        }
    }

    /**
     * {@link Evaluation#evaluateWeighted} counts a row of weight k as k rows: every metric on the weighted rows equals
     * the plain one on the rows repeated k times but {@code n}, which counts rows, and {@code weight_sum} is the
     * repeated rows' {@code n} (round-off only: the sums differ in order). {@link Evaluation#evaluate} weighs only the
     * loss and counts every row once in the other metrics. {@link Evaluation#evaluateBoth} gives both, bit for bit,
     * and no weighted ones for unweighted rows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp ce", "linear mse"})
    void weightedEvaluation_equalsEvaluationOnDuplicatedRows(String model) {
        boolean classes = model.endsWith("ce");
        Dataset data = classes ? irisRows() : diabetesRows();
        int outputs = classes ? 3 : 1;
        Stack stack = model.startsWith("mlp") ? Stack.of(Dense.of(5, Activation.TANH), Dense.of(outputs))
                : Stack.of(Dense.of(outputs));
        Loss loss = classes ? Loss.ce() : Loss.mse();
        Params params = stack.init(data.features(), DType.FLOAT64, Rng.seeded(5));
        Optional<Penalty> penalty = Optional.of(new L2(0.01));
        Dataset weightedRows = data.withWeights(counts(DType.FLOAT64));
        Map<String, Double> weighted = Evaluation.evaluateWeighted(stack, params, loss, penalty, weightedRows);
        Map<String, Double> repeated = Evaluation.evaluate(stack, params, loss, penalty, duplicated(data));
        assertThat(weighted.keySet()).containsAll(repeated.keySet()).contains("weight_sum").hasSize(repeated.size() + 1);
        for (String key : weighted.keySet()) {
            double expected = key.equals("n") ? COUNTS.length : repeated.get(key.equals("weight_sum") ? "n" : key);
            assertClose(weighted.get(key), expected, EXACT, 0, key);
        }
        Map<String, Double> lossOnly = Evaluation.evaluate(stack, params, loss, penalty, weightedRows);
        Map<String, Double> plain = Evaluation.evaluate(stack, params, loss, penalty, data);
        for (String key : lossOnly.keySet()) {
            assertThat(lossOnly.get(key)).as(key).isEqualTo((key.equals("loss") || key.equals("objective")
                    ? weighted : plain).get(key));
        }
        Evaluation.Results both = Evaluation.evaluateBoth(stack, params, loss, penalty, weightedRows);
        assertThat(both.metrics()).isEqualTo(lossOnly);
        assertThat(both.weighted()).contains(weighted);
        Evaluation.Results unweighted = Evaluation.evaluateBoth(stack, params, loss, penalty, data);
        assertThat(unweighted.metrics()).isEqualTo(plain);
        assertThat(unweighted.weighted()).isEmpty();
        assertThat(Evaluation.evaluateWeighted(stack, params, loss, penalty, data)).isEqualTo(plain);
        if (classes) {
            assertThat(Evaluation.classification(stack.predict(data.x(), params), weightedRows).total())
                    .isEqualTo(IntStream.of(COUNTS).sum());
        }
    }

    /**
     * Full-batch descent on weights of k ends where descent on the rows repeated k times ends (without
     * standardization, whose statistics count each row once, weighted or not).
     */
    @Test
    void integerWeights_trainLikeDuplicatedRows() {
        Dataset data = irisRows();
        FitOptions options = FitOptions.builder().batchSize(BatchSize.full()).epochs(25).seed(4).build();
        Sequential weighted = plainSoftmax();
        History hw = weighted.fit(data.withWeights(counts(DType.FLOAT64)), null, options);
        Sequential repeated = plainSoftmax();
        History hr = repeated.fit(duplicated(data), null, options);
        for (String name : weighted.params().names()) {
            assertClose(weighted.params().get(name), repeated.params().get(name), 1e-10, 1e-6);
        }
        for (int e = 0; e < 25; e++) {
            assertClose(hw.metric("loss")[e], hr.metric("loss")[e], EXACT, 0, "epoch " + (e + 1));
        }
    }

    private static Sequential plainSoftmax() {
        Sequential m = new Sequential(Dense.of(3)).dtype(DType.FLOAT64);
        m.compile(Optimizers.parse("sgd(lr=0.05)"), Loss.ce());
        return m;
    }

    private static Sequential softmaxModel() {
        Sequential m = new Sequential(Dense.of(3)).dtype(DType.FLOAT64).standardize();
        m.compile(Optimizers.parse("sgd(lr=0.3)"), Loss.ce());
        return m;
    }

    /** The epoch's loss weighs each batch's weighted mean by the batch's total weight. */
    @Test
    void epochLoss_isTheWeightedMeanOverTheEpochsRows() {
        Dataset data = irisRows().withWeights(counts(DType.FLOAT64));
        History h = softmaxModel().fit(data, null,
                FitOptions.builder().batchSize(8).shuffle(false).epochs(1).build());
        // batches of rows 0-7, 8-15, 16-17 weigh 11, 13 and 3 (COUNTS)
        double[] w = {11, 13, 3};
        double sum = 0;
        for (int b = 0; b < 3; b++) {
            sum += w[b] * h.steps().get(b).loss();
        }
        assertClose(h.metric("loss")[0], sum / 27, EXACT, 0, "epoch loss");
    }

    @Test
    void aBatchOfZeroWeight_hasLossZeroAndNoGradient() {
        Dataset data = irisRows();
        Tensor w = counts(DType.FLOAT64);
        for (int i = 0; i < 4; i++) {
            w.set(i, 0);
        }
        Stack stack = Stack.of(Dense.of(3));
        Params params = stack.init(4, DType.FLOAT64, Rng.seeded(3));
        TapeGradients tape = new TapeGradients(stack, Loss.ce(), Optional.empty(), true);
        Gradient g = tape.of(params, new Batcher(data.withWeights(w), BatchSize.of(4), false, false, Rng.seeded(0))
                .batch(0, 0), Rng.seeded(1));
        assertThat(g.loss()).isZero();
        assertThat(g.grads().globalNorm()).isZero();
    }

    /**
     * Weighted rows train on the fused kernels where unweighted ones do: the local engine ends at the tape engine's
     * weights to float32 precision, not bit for bit (the kernels round as they do unweighted). Wine's classes are
     * imbalanced (59, 71, 48 rows), so the balanced weights differ from 1.
     */
    @Test
    void weightedRuns_trainOnTheFusedKernels() {
        Dataset data = BuiltinDatasets.load("wine", DType.FLOAT32);
        Dataset weighted = data.withClassWeights(ClassWeights.balanced().resolve(data));
        Stack stack = Stack.of(Dense.of(8, Activation.RELU), Dense.of(3));
        assertThat(FusedGradients.of(stack, Loss.ce(), Optional.empty(), weighted)).isPresent();
        Params[] trained = new Params[2];
        Engine[] engines = {Engine.LOCAL, Engine.TAPE};
        for (int i = 0; i < 2; i++) {
            Sequential m = new Sequential(Dense.of(8, Activation.RELU), Dense.of(3)).standardize();
            m.compile(Optimizers.parse("adam(lr=0.01)"), Loss.ce());
            m.fit(data, null, FitOptions.builder().epochs(3).classWeights(ClassWeights.balanced()).engine(engines[i])
                    .build());
            trained[i] = m.params();
        }
        for (String name : trained[1].names()) {
            assertClose(trained[0].get(name), trained[1].get(name), 1e-4, 1); // weights of order 1
        }
        assertThat(trained[0].bitEquals(trained[1])).isFalse();
    }

    /**
     * {@link FitOptions#classWeights()} resolves the weights on the training rows and weighs the validation rows
     * with them: the run equals one on rows weighted beforehand, and val_loss is the weighted validation loss while
     * val_accuracy counts rows.
     */
    @Test
    void classWeightsOption_weighsTrainingAndValidationRows() {
        Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT64);
        // an imbalanced data set: every setosa, 20 versicolor, 10 virginica
        Dataset data = iris.subset(IntStream.concat(IntStream.range(0, 70), IntStream.range(100, 110)).toArray());
        Splits.TrainValidation split = Splits.validationSplit(data, 0.25, 2);
        double[] perClass = ClassWeights.balanced().resolve(split.train());
        FitOptions.Builder options = FitOptions.builder().batchSize(16).epochs(4).seed(2);

        Sequential viaOption = softmaxModel();
        History a = viaOption.fit(data, options.validationSplit(0.25).classWeights(ClassWeights.balanced()).build());
        Sequential beforehand = softmaxModel();
        History b = beforehand.fit(split.train().withClassWeights(perClass), split.validation().withClassWeights(perClass),
                FitOptions.builder().batchSize(16).epochs(4).seed(2).build());

        assertThat(viaOption.params().bitEquals(beforehand.params())).isTrue();
        assertThat(a.metric("val_loss")).containsExactly(b.metric("val_loss"));
        Map<String, Double> weightedValidation = beforehand.evaluate(split.validation().withClassWeights(perClass));
        Map<String, Double> plainValidation = beforehand.evaluate(split.validation());
        assertThat(a.metric("val_loss")[3]).isEqualTo(weightedValidation.get("loss"));
        assertThat(a.metric("val_loss")[3]).isNotEqualTo(plainValidation.get("loss"));
        assertThat(a.metric("val_accuracy")[3]).isEqualTo(plainValidation.get("accuracy"));
        // and every validation metric weighted, as val_weighted_<metric>: what evaluateBoth weighs
        Evaluation.Results both = beforehand.evaluateBoth(split.validation().withClassWeights(perClass));
        assertThat(both.metrics()).isEqualTo(weightedValidation);
        Map<String, Double> weighted = both.weighted().orElseThrow();
        assertThat(weighted.get("accuracy")).isNotEqualTo(plainValidation.get("accuracy"));
        assertThat(a.metric("val_weighted_accuracy")[3]).isEqualTo(weighted.get("accuracy"));
        assertThat(a.last().keySet()).filteredOn(k -> k.contains("weight")).containsExactly("val_weighted_accuracy");
        assertThat(beforehand.evaluateBoth(split.validation()).weighted()).isEmpty();
    }

    /** Keras' fit(x, y, sample_weight) and evaluate(x, y, sample_weight), with a loss checked by hand. */
    @Test
    void tensorOverloads_weighTheRows() {
        Tensor x = Tensor.matrix(new double[][] {{0}, {1}, {2}, {3}});
        Tensor y = Tensor.vector(1, 3, 5, 8);
        Tensor w = Tensor.vector(1, 1, 1, 0);
        Sequential m = new Sequential(Dense.of(1)).dtype(DType.FLOAT64);
        m.compile(Optimizers.parse("sgd(lr=0.1)"), Loss.mse());
        m.fit(x, y, w, FitOptions.builder().batchSize(BatchSize.full()).epochs(2000).build());
        // the rows of weight 1 lie on y = 2x + 1, which the fit reaches; the last row's weight is 0
        assertClose(m.params().get(((Dense) m.stack().layers().getFirst()).kernelName()).at(0), 2, 1e-9, 1, "slope");
        // with that fit, the squared errors are (0, 0, 0, (7 − 8)²): weighted mean 0, plain mean 1/4
        assertThat(m.evaluate(x, y, w).get("loss")).isCloseTo(0, within(1e-15));
        assertClose(m.evaluate(x, y).get("loss"), 0.25, 1e-9, 1, "plain loss");
    }

    @Test
    void zeroTotalWeight_isRefused_inMemoryAndStreamed(@TempDir Path dir) {
        Dataset data = irisRows();
        Sequential m = softmaxModel();
        Dataset weightless = data.withWeights(Tensor.zeros(DType.FLOAT64, COUNTS.length));
        assertThatThrownBy(() -> m.fit(weightless, null, FitOptions.builder().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the training rows' weights sum to 0: there is nothing to learn from");
        Path file = dir.resolve("iris.dsc");
        DscFile.write(file, weightless.to(DType.FLOAT32), "w");
        Sequential streamed = new Sequential(Dense.of(3));
        streamed.compile(Optimizers.parse("sgd(lr=0.1)"), Loss.ce());
        assertThatThrownBy(() -> streamed.fit(DscFile.open(file), null,
                FitOptions.builder().classWeights(ClassWeights.balanced()).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the training rows' weights sum to 0: there is nothing to learn from");
    }

    /**
     * Validation rows whose weights sum to 0 measure nothing: their weighted loss would be the convention 0 every epoch
     * (a "perfect" val_loss that early stopping would keep as its best) and every weighted metric 0/0. They are refused
     * before training, as the training rows are and as {@code train} refuses them, also when the class weights alone
     * zero them (class 0 weighs 0 and every validation row is of class 0).
     */
    @Test
    void zeroTotalValidationWeight_isRefused() {
        Dataset data = irisRows();
        Sequential m = softmaxModel();
        Dataset weightless = data.withWeights(Tensor.zeros(DType.FLOAT64, COUNTS.length));
        assertThatThrownBy(() -> m.fit(data, weightless, FitOptions.builder().epochs(1).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the validation rows' weights sum to 0: there is nothing to measure");
        Dataset firstClass = data.subset(IntStream.range(0, data.size()).filter(i -> data.y().at(i) == 0).toArray());
        Sequential byClass = softmaxModel();
        assertThatThrownBy(() -> byClass.fit(data, firstClass, FitOptions.builder().epochs(1)
                .classWeights(ClassWeights.of(Map.of(data.classes().get(0), 0.0, data.classes().get(1), 1.0,
                        data.classes().get(2), 1.0))).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the validation rows' weights sum to 0: there is nothing to measure");
    }

    /**
     * Rows streamed from a weighted file, weighted by class as they are gathered ({@code balanced} counting the file's
     * target column), train the weights that the same rows in memory train, bit for bit, with standardization, an MLP
     * (the fused kernels) and logistic regression (whose in-memory rows are read in place).
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp", "logistic"})
    void streamedWeightedRows_withClassWeights_trainAsInMemory_bitForBit(String model, @TempDir Path dir) {
        Dataset rows = BuiltinDatasets.load(model.equals("mlp") ? "wine" : "breast_cancer", DType.FLOAT32);
        // weights 0, 0.5, ..., 2: zero-weight rows and batches of uneven weight
        Tensor w = Tensor.zeros(DType.FLOAT32, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            w.set(i, (i * 7 % 5) * 0.5);
        }
        Dataset weighted = rows.withWeights(w);
        Path file = dir.resolve("rows.dsc");
        DscFile.write(file, weighted, "w");
        FitOptions options = FitOptions.builder().batchSize(16).epochs(3).seed(5).classWeights(ClassWeights.balanced())
                .build();
        Sequential inMemory = model(model);
        inMemory.fit(weighted, null, options);
        Sequential streamed = model(model);
        streamed.fit(DscFile.open(file), null, options);
        assertThat(streamed.params().bitEquals(inMemory.params())).isTrue();
    }

    private static Sequential model(String name) {
        Sequential m = name.equals("mlp") ? new Sequential(Dense.of(8, Activation.RELU), Dense.of(3)).standardize()
                : new Sequential(Dense.of(1)).standardize();
        m.compile(Optimizers.parse("adam(lr=0.01)"), name.equals("mlp") ? Loss.ce() : Loss.bce());
        return m;
    }
}
