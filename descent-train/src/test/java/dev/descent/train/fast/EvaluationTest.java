package dev.descent.train.fast;

import dev.descent.data.Dataset;
import dev.descent.data.DscFile;
import dev.descent.data.Task;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.BinaryCrossEntropy;
import dev.descent.nn.loss.CrossEntropy;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.MeanSquaredError;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.Evaluation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Metrics of rows streamed from a file, a chunk at a time, against the same rows in memory. */
class EvaluationTest {

    /** 10,001 rows: two whole chunks of 4,096 and a partial one. */
    private static Dataset data(Task task, int classes) {
        return Reference.data(10_001, 5, DType.FLOAT32, task, classes, 17, row -> {
            double s = 0;
            for (int j = 0; j < row.length; j++) {
                s += (j + 1) * row[j];
            }
            return task == Task.REGRESSION ? s : Math.floorMod((int) Math.floor(2 * s), classes);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"MULTICLASS", "BINARY", "REGRESSION"})
    void streamedMetricsEqualTheInMemoryOnesUpToTheOrderOfTheirSums(String taskName, @TempDir Path dir) {
        Task task = Task.valueOf(taskName);
        int classes = task == Task.MULTICLASS ? 4 : task == Task.BINARY ? 2 : 0;
        Dataset data = data(task, classes);
        Path file = dir.resolve("rows.dsc");
        DscFile.write(file, data);
        int outputs = task == Task.MULTICLASS ? classes : 1;
        Stack stack = Stack.of(Dense.of(8, Activation.TANH).withName("h"), Dense.of(outputs).withName("out"));
        Params params = stack.init(5, DType.FLOAT32, Rng.seeded(3).fork("init"));
        Loss loss = task == Task.MULTICLASS ? new CrossEntropy() : task == Task.BINARY ? new BinaryCrossEntropy()
                : new MeanSquaredError();

        Map<String, Double> memory = Evaluation.evaluate(stack, params, loss, Optional.empty(), data);
        Map<String, Double> streamed = Evaluation.evaluate(stack, params, loss, Optional.empty(), DscFile.open(file));

        assertThat(streamed.keySet()).isEqualTo(memory.keySet());
        for (String key : memory.keySet()) {
            // the loss is a float32 mean, rounded once over all rows in memory and once per chunk when streamed: a
            // few float32 ulps; counts are exact and the regression sums differ in the order of float64 additions
            double relative = key.equals("loss") || key.equals("objective") ? 4e-7 : 1e-12;
            assertThat(streamed.get(key)).as(key)
                    .isCloseTo(memory.get(key), within(relative * Math.max(1, Math.abs(memory.get(key)))));
        }
        assertThat(streamed.get("n")).isEqualTo(10_001.0);
        if (task.isClassification()) {
            assertThat(streamed.get("accuracy")).isEqualTo(memory.get("accuracy")).isBetween(0.05, 0.95);
        }
    }

    /**
     * Weighted rows streamed from a file: the loss is the weighted mean over every row, as in memory (the chunks' weighted
     * means combined by their weight sums; a chunk of weight 0 adds nothing), the other metrics count rows, and the
     * weighted figures weigh them all (a weighted confusion matrix; R² from weighted Chan updates).
     */
    @ParameterizedTest
    @ValueSource(strings = {"MULTICLASS", "REGRESSION"})
    void streamedWeightedLossEqualsTheInMemoryOne(String taskName, @TempDir Path dir) {
        Task task = Task.valueOf(taskName);
        int classes = task == Task.MULTICLASS ? 4 : 0;
        Dataset plain = data(task, classes);
        // weights 0..3 by row, and the whole second chunk (rows 4096..8191) weighing 0
        Tensor w = Tensor.zeros(DType.FLOAT32, plain.size());
        for (int i = 0; i < plain.size(); i++) {
            w.set(i, i >= 4096 && i < 8192 ? 0 : i % 4);
        }
        Dataset data = plain.withWeights(w);
        Path file = dir.resolve("rows.dsc");
        DscFile.write(file, data, "w");
        int outputs = task == Task.MULTICLASS ? classes : 1;
        Stack stack = Stack.of(Dense.of(8, Activation.TANH).withName("h"), Dense.of(outputs).withName("out"));
        Params params = stack.init(5, DType.FLOAT32, Rng.seeded(3).fork("init"));
        Loss loss = task == Task.MULTICLASS ? new CrossEntropy() : new MeanSquaredError();

        Evaluation.Results memory = Evaluation.evaluateBoth(stack, params, loss, Optional.empty(), data);
        Evaluation.Results streamed = Evaluation.evaluateBoth(stack, params, loss, Optional.empty(), DscFile.open(file));
        Map<String, Double> unweighted = Evaluation.evaluate(stack, params, loss, Optional.empty(), plain);
        assertClose(streamed.metrics(), memory.metrics());
        // every metric weighted too (Keras' weighted_metrics), weight_sum = Σ w_i among them
        assertClose(streamed.weighted().orElseThrow(), memory.weighted().orElseThrow());
        assertThat(streamed.weighted().orElseThrow()).containsKey("weight_sum");
        assertThat(streamed.metrics()).doesNotContainKey("weight_sum");
        // the weights matter: the weighted loss is not the plain one
        assertThat(Math.abs(streamed.metrics().get("loss") - unweighted.get("loss"))).isGreaterThan(1e-4);
        if (task.isClassification()) {
            assertThat(streamed.weighted().orElseThrow().get("accuracy")).isNotEqualTo(unweighted.get("accuracy"));
        }
        // unweighted rows from a file have no weighted figures
        Path plainFile = dir.resolve("plain.dsc");
        DscFile.write(plainFile, plain);
        assertThat(Evaluation.evaluateBoth(stack, params, loss, Optional.empty(), DscFile.open(plainFile)).weighted())
                .isEmpty();
    }

    /**
     * The same keys, with the loss (a float32 mean, rounded once in memory and once per chunk when streamed) to a few
     * float32 ulps and the rest, float64 sums in another order, to 1e-12.
     */
    private static void assertClose(Map<String, Double> streamed, Map<String, Double> memory) {
        assertThat(streamed.keySet()).isEqualTo(memory.keySet());
        for (String key : memory.keySet()) {
            double relative = key.equals("loss") || key.equals("objective") ? 4e-7 : 1e-12;
            assertThat(streamed.get(key)).as(key)
                    .isCloseTo(memory.get(key), within(relative * Math.max(1, Math.abs(memory.get(key)))));
        }
    }
}
