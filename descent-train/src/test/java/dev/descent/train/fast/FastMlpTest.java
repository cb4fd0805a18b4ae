package dev.descent.train.fast;

import dev.descent.data.BatchSize;
import dev.descent.data.Dataset;
import dev.descent.data.Task;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.CrossEntropy;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FastMlpTest {

    private static Dataset data(int n, int d) {
        return Reference.data(n, d, DType.FLOAT32, Task.MULTICLASS, 3, 9,
                row -> row[0] + row[1] > 0.3 ? 0 : row[2] > 0 ? 1 : 2);
    }

    private static Stack stack(int... hidden) {
        Dense[] layers = new Dense[hidden.length + 1];
        for (int i = 0; i < hidden.length; i++) {
            layers[i] = Dense.of(hidden[i], Activation.RELU).withName("dense_" + i);
        }
        layers[hidden.length] = Dense.of(3).withName("dense_" + hidden.length);
        return Reference.stack(layers);
    }

    private static Params fast(Dataset data, Params init, Optimizer optimizer, BatchSize batchSize, int epochs, long seed) {
        Params params = init.copy();
        OptimizerState state = optimizer.init(params);
        FastMlp mlp = new FastMlp(data, params, optimizer, state, batchSize, true, seed);
        for (int e = 0; e < epochs; e++) {
            mlp.epoch(e, optimizer.learningRate());
        }
        return params;
    }

    @Test
    void twoHiddenLayersWithMomentumMatchTheGeneralTrainer() {
        Dataset data = data(300, 13);
        Stack stack = stack(40, 17);
        Params init = Reference.init(stack, 13, DType.FLOAT32, 2);
        Optimizer sgd = new Sgd(0.05, 0.9, 0, false, 0);
        // 300 rows in batches of 64: four full batches and a last one of 44
        Params expected = Reference.train(stack, init, new CrossEntropy(), sgd, data, BatchSize.of(64), 2, 5);
        Params actual = fast(data, init, sgd, BatchSize.of(64), 2, 5);
        Reference.assertClose(actual, expected, 1e-5);
        assertThat(actual.bitEquals(init)).isFalse();
    }

    @Test
    void softmaxRegressionWithoutHiddenLayersMatches() {
        Dataset data = data(200, 5);
        Stack stack = stack();
        Params init = Reference.init(stack, 5, DType.FLOAT32, 3);
        Optimizer sgd = Sgd.of(0.1);
        Params expected = Reference.train(stack, init, new CrossEntropy(), sgd, data, BatchSize.of(50), 3, 6);
        Params actual = fast(data, init, sgd, BatchSize.of(50), 3, 6);
        Reference.assertClose(actual, expected, 1e-5);
    }

    /**
     * 128 x 300 x 256 and its transposes are above the GEMM's split threshold; 500 rows leave a last batch of 116
     * (the smaller buffers); 3 threads claim chunks in yet another interleaving.
     */
    @ParameterizedTest
    @CsvSource({"512, 2", "500, 2", "500, 3"})
    void bigEnoughToSplitTheGemmAndBitIdenticalAcrossThreadCounts(int n, int threads) {
        Dataset data = data(n, 300);
        Stack stack = stack(256, 64);
        Params init = Reference.init(stack, 300, DType.FLOAT32, 4);
        Optimizer sgd = new Sgd(0.01, 0.9, 0, false, 0);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Params one = fast(data, init, sgd, BatchSize.of(128), 2, 7);
            Parallel.setThreads(threads);
            Params many = fast(data, init, sgd, BatchSize.of(128), 2, 7);
            assertThat(many.bitEquals(one)).isTrue();
            Params expected = Reference.train(stack, init, new CrossEntropy(), sgd, data, BatchSize.of(128), 2, 7);
            Reference.assertClose(one, expected, 1e-5);
        } finally {
            Parallel.setThreads(before);
        }
    }
}
