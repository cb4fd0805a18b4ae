package dev.descent.train;

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
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Metrics of rows streamed from a file, a chunk at a time, against the same rows in memory. */
class EvaluationTest {

    /** 10,001 rows: two whole chunks of 4,096 and a partial one. */
    private static Dataset data(Task task, int classes) {
        int n = 10_001;
        int d = 5;
        Random r = new Random(17);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = r.nextGaussian();
                s += (j + 1) * x[i * d + j];
            }
            y[i] = task == Task.REGRESSION ? s + r.nextGaussian() : Math.floorMod((int) Math.floor(s), classes);
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        List<String> classNames = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            classNames.add("c" + c);
        }
        return new Dataset(Tensor.wrap(x, new Shape(n, d)).to(DType.FLOAT32), Tensor.wrap(y, new Shape(n)).to(DType.FLOAT32),
                names, "y", task, classNames, "test");
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
}
