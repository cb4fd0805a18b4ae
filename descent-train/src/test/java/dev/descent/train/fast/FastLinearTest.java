package dev.descent.train.fast;

import dev.descent.data.BatchSize;
import dev.descent.data.Dataset;
import dev.descent.data.Task;
import dev.descent.nn.Dense;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.BinaryCrossEntropy;
import dev.descent.nn.loss.MeanSquaredError;
import dev.descent.optim.Adam;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FastLinearTest {

    private static Dataset logisticData(int n, int d, DType dtype) {
        return Reference.data(n, d, dtype, Task.BINARY, 2, 7, row -> row[0] - 0.5 * row[d - 1] + 0.1 > 0 ? 1 : 0);
    }

    private static Dataset linearData(int n, int d, DType dtype) {
        return Reference.data(n, d, dtype, Task.REGRESSION, 0, 8, row -> 3 * row[0] - row[d - 1] + 0.5);
    }

    private static Params fast(LinearBackprop.Objective objective, Dataset data, Params init, Optimizer optimizer,
                               BatchSize batchSize, int epochs, long seed) {
        return fast(objective, data, init, optimizer, batchSize, epochs, seed, LinearKernels.BLOCKED);
    }

    private static Params fast(LinearBackprop.Objective objective, Dataset data, Params init, Optimizer optimizer,
                               BatchSize batchSize, int epochs, long seed, boolean blocked) {
        Params params = init.copy();
        OptimizerState state = optimizer.init(params);
        FastLinear fast = new FastLinear(objective, data, params, optimizer, state, batchSize, true, seed, blocked);
        for (int e = 0; e < epochs; e++) {
            fast.epoch(e, optimizer.learningRate());
        }
        return params;
    }

    @ParameterizedTest
    @CsvSource({"float64, 7, 1e-12", "float64, 37, 1e-12", "float32, 7, 2e-5", "float32, 37, 2e-5"})
    void logisticWithAdamMatchesTheGeneralTrainer(String dtypeName, int d, double tolerance) {
        DType dtype = DType.parse(dtypeName);
        Dataset data = logisticData(300, d, dtype);
        Stack stack = Reference.stack(Dense.of(1).withName("dense_0"));
        Params init = Reference.init(stack, d, dtype, 3);
        Optimizer adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0, false);
        Params expected = Reference.train(stack, init, new BinaryCrossEntropy(), adam, data, BatchSize.of(64), 2, 11);
        Params actual = fast(LinearBackprop.Objective.BCE, data, init, adam, BatchSize.of(64), 2, 11);
        Reference.assertClose(actual, expected, tolerance);
        assertThat(actual.bitEquals(init)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"float64, 20, 1, 1e-12", "float32, 20, 1, 2e-5", "float64, 5, 3, 1e-12", "float32, 5, 3, 2e-5"})
    void linearWithSgdMatchesTheGeneralTrainer(String dtypeName, int d, int epochs, double tolerance) {
        DType dtype = DType.parse(dtypeName);
        Dataset data = linearData(500, d, dtype);
        Stack stack = Reference.stack(Dense.of(1).withName("dense_0"));
        Params init = Reference.init(stack, d, dtype, 4);
        Optimizer sgd = Sgd.of(0.05);
        Params expected = Reference.train(stack, init, new MeanSquaredError(), sgd, data, BatchSize.of(128), epochs, 12);
        Params actual = fast(LinearBackprop.Objective.MSE, data, init, sgd, BatchSize.of(128), epochs, 12);
        Reference.assertClose(actual, expected, tolerance);
    }

    /** 10,007 rows: 3 chunks of 3264 rows and a partial one, which ends in 7 rows past the last 16-row block. */
    @ParameterizedTest
    @CsvSource({"MSE, 10000, 20, true", "MSE, 10007, 20, true", "BCE, 10007, 21, true", "BCE, 10000, 3, true",
            "MSE, 10007, 20, false", "BCE, 10007, 21, false"})
    void fullBatchOverManyChunksMatchesAndIsBitIdenticalAcrossThreadCounts(String objectiveName, int n, int d,
                                                                         boolean blocked) {
        assumeTrue(!blocked || LinearKernels.BLOCKED, "the blocked kernels need 8 or 16 float lanes");
        LinearBackprop.Objective objective = LinearBackprop.Objective.valueOf(objectiveName);
        boolean bce = objective == LinearBackprop.Objective.BCE;
        Dataset data = bce ? logisticData(n, d, DType.FLOAT32) : linearData(n, d, DType.FLOAT32);
        Stack stack = Reference.stack(Dense.of(1).withName("dense_0"));
        Params init = Reference.init(stack, d, DType.FLOAT32, 5);
        Optimizer sgd = Sgd.of(0.05);
        Params expected = Reference.train(stack, init, bce ? new BinaryCrossEntropy() : new MeanSquaredError(), sgd,
                data, BatchSize.full(), 5, 1);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Params one = fast(objective, data, init, sgd, BatchSize.full(), 5, 1, blocked);
            Parallel.setThreads(2);
            Params two = fast(objective, data, init, sgd, BatchSize.full(), 5, 1, blocked);
            assertThat(two.bitEquals(one)).isTrue();
            Reference.assertClose(one, expected, 2e-5);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @ParameterizedTest
    @CsvSource({"BCE, 100, 256, true", "MSE, 20, 1024, true", "BCE, 37, 500, true", "BCE, 100, 256, false",
            "MSE, 20, 1024, false"})
    void miniBatchesSplitInTwoHalvesMatchAndAreBitIdenticalAcrossThreadCounts(String objectiveName, int d, int batch,
                                                                            boolean blocked) {
        assumeTrue(!blocked || LinearKernels.BLOCKED, "the blocked kernels need 8 or 16 float lanes");
        LinearBackprop.Objective objective = LinearBackprop.Objective.valueOf(objectiveName);
        Dataset data = objective == LinearBackprop.Objective.BCE ? logisticData(3_000, d, DType.FLOAT32)
                : linearData(3_000, d, DType.FLOAT32);
        Stack stack = Reference.stack(Dense.of(1).withName("dense_0"));
        Params init = Reference.init(stack, d, DType.FLOAT32, 9);
        Optimizer adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0, false);
        Params expected = Reference.train(stack, init, objective == LinearBackprop.Objective.BCE
                ? new BinaryCrossEntropy() : new MeanSquaredError(), adam, data, BatchSize.of(batch), 2, 13);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Params one = fast(objective, data, init, adam, BatchSize.of(batch), 2, 13, blocked);
            Parallel.setThreads(2);
            Params two = fast(objective, data, init, adam, BatchSize.of(batch), 2, 13, blocked);
            assertThat(two.bitEquals(one)).isTrue();
            Reference.assertClose(one, expected, 2e-5);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void halvesAreWholeBlocksAndSmallBatchesStayWhole() {
        Dataset data = logisticData(3_000, 100, DType.FLOAT32);
        Params init = Reference.init(Reference.stack(Dense.of(1).withName("dense_0")), 100, DType.FLOAT32, 1);
        Optimizer sgd = Sgd.of(0.1);
        FastLinear fast = new FastLinear(LinearBackprop.Objective.BCE, data, init, sgd, sgd.init(init), BatchSize.of(256),
                true, 0);
        assertThat(fast.chunkRows(256)).isEqualTo(128);
        assertThat(fast.chunkRows(250)).isEqualTo(128);
        assertThat(fast.chunkRows(100)).isEqualTo(100); // 10,000 values: one chunk
        assertThat(fast.chunkRows(3_000)).isEqualTo(640); // a full batch: chunks of 64K values in 16-row blocks
    }

    @Test
    void aFullBatchFromColumnBlocksIsCutIntoAFewLongRuns() {
        assumeTrue(LinearKernels.BLOCKED, "the column blocks need 8 or 16 float lanes");
        Dataset data = logisticData(3_000, 100, DType.FLOAT32);
        Params init = Reference.init(Reference.stack(Dense.of(1).withName("dense_0")), 100, DType.FLOAT32, 1);
        Optimizer sgd = Sgd.of(0.1);
        FastLinear full = new FastLinear(LinearBackprop.Objective.BCE, data, init, sgd, sgd.init(init), BatchSize.full(),
                false, 0, true);
        FastLinear rows = new FastLinear(LinearBackprop.Objective.BCE, data, init, sgd, sgd.init(init), BatchSize.full(),
                false, 0, false);
        assertThat(full.chunkRows(3_000)).isEqualTo(640); // eight chunks would be smaller than 64K values
        assertThat(full.chunkRows(1_000_000)).isEqualTo(125_008); // eight runs, whole 16-row blocks
        assertThat(full.chunkRows(200_000_000)).isEqualTo(1 << 24); // BCE counts a chunk's rows in float32
        assertThat(rows.chunkRows(1_000_000)).isEqualTo(640); // the per-row kernels read a chunk twice: L2-sized
    }

    /** Lengths around the vector width, and one wrong row at each place a vector loop or its tail could miss. */
    @Test
    void inFileOrderIsTrueForTheIdentityOnly() {
        for (int n : new int[] {0, 1, 7, 15, 16, 17, 31, 33, 1000}) {
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = i;
            }
            assertThat(LinearBackprop.inFileOrder(rows)).as("n=%d", n).isTrue();
            for (int wrong = 0; wrong < n; wrong++) {
                rows[wrong] = n + wrong;
                assertThat(LinearBackprop.inFileOrder(rows)).as("n=%d, row %d", n, wrong).isFalse();
                rows[wrong] = wrong;
            }
        }
    }

    @Test
    void lossOfTheWholeDataSetMatchesFloat64() {
        Dataset data = logisticData(1000, 13, DType.FLOAT64);
        Stack stack = Reference.stack(Dense.of(1).withName("dense_0"));
        Params init = Reference.init(stack, 13, DType.FLOAT64, 6);
        FastLinear f64 = new FastLinear(LinearBackprop.Objective.BCE, data, init.copy(), Sgd.of(0.1), Sgd.of(0.1).init(init),
                BatchSize.of(32), true, 0);
        Dataset data32 = data.to(DType.FLOAT32);
        Params init32 = init.map(t -> t.to(DType.FLOAT32));
        FastLinear f32 = new FastLinear(LinearBackprop.Objective.BCE, data32, init32, Sgd.of(0.1), Sgd.of(0.1).init(init32),
                BatchSize.of(32), true, 0);
        assertThat(f32.loss()).isCloseTo(f64.loss(), org.assertj.core.data.Offset.offset(1e-5));
    }
}
