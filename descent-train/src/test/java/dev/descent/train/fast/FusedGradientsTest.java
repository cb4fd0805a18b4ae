package dev.descent.train.fast;

import dev.descent.data.Batch;
import dev.descent.data.BatchSize;
import dev.descent.data.RowSource;
import dev.descent.data.Batcher;
import dev.descent.data.Dataset;
import dev.descent.data.Task;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Dropout;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.BinaryCrossEntropy;
import dev.descent.nn.loss.CrossEntropy;
import dev.descent.nn.loss.Huber;
import dev.descent.nn.loss.L1;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.MeanSquaredError;
import dev.descent.nn.loss.Penalty;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.Engine;
import dev.descent.train.FitOptions;
import dev.descent.train.FusedGradients;
import dev.descent.train.Gradient;
import dev.descent.train.Gradients;
import dev.descent.train.TapeGradients;
import dev.descent.train.TrainState;
import dev.descent.train.Trainer;
import dev.descent.train.callback.History;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fused gradients that {@link Engine#LOCAL} uses, held to the tape's. */
class FusedGradientsTest {

    private static Dataset data(int n, int d, DType dtype) {
        return Reference.data(n, d, dtype, Task.MULTICLASS, 3, 9, row -> row[0] + row[1] > 0.3 ? 0 : row[2] > 0 ? 1 : 2);
    }

    private static Stack mlp(Activation hidden, int... widths) {
        Dense[] layers = new Dense[widths.length + 1];
        for (int i = 0; i < widths.length; i++) {
            layers[i] = Dense.of(widths[i], hidden).withName("dense_" + i);
        }
        layers[widths.length] = Dense.of(3).withName("dense_" + widths.length);
        return Stack.of(layers);
    }

    private static Optional<Gradients> fused(Stack stack, Loss loss, Dataset data) {
        return FusedGradients.of(stack, loss, Optional.empty(), data);
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "LEAKY_RELU", "TANH", "SIGMOID"})
    void aBatchGradientMatchesTheTape(Activation hidden) {
        Dataset data = data(200, 13, DType.FLOAT32);
        Stack stack = mlp(hidden, 40, 17);
        Params params = Reference.init(stack, 13, DType.FLOAT32, 2);
        Batch batch = new Batcher(data, BatchSize.of(70), true, false, Rng.seeded(1)).batch(0, 1);
        Gradient expected = new TapeGradients(stack, new CrossEntropy(), Optional.empty(), true).of(params, batch, Rng.seeded(0));
        Gradient actual = fused(stack, new CrossEntropy(), data).orElseThrow().of(params, batch, Rng.seeded(0));
        assertThat(actual.loss()).isCloseTo(expected.loss(), org.assertj.core.data.Offset.offset(1e-6 * expected.loss()));
        assertThat(actual.correct()).isEqualTo(expected.correct());
        assertThat(actual.grads().names()).isEqualTo(expected.grads().names());
        Reference.assertClose(actual.grads(), expected.grads(), 1e-5);
        assertThat(expected.correct()).isBetween(1L, 69L);
    }

    @Test
    void coversMlpsAndSoftmaxRegressionOnCrossEntropy() {
        Dataset data = data(50, 4, DType.FLOAT32);
        CrossEntropy ce = new CrossEntropy();
        assertThat(fused(mlp(Activation.RELU, 8, 5), ce, data)).isPresent();
        assertThat(fused(Stack.of(Dense.of(8, Activation.TANH), Dense.of(6, Activation.SIGMOID), Dense.of(3)), ce, data))
                .isPresent();
        assertThat(fused(Stack.softmax(3), ce, data)).isPresent();
        assertThat(fused(Stack.of(Dense.of(8, Activation.SOFTMAX), Dense.of(3)), ce, data)).isEmpty();
        assertThat(fused(Stack.of(Dense.of(8, Activation.RELU), Dense.of(3, Activation.TANH)), ce, data)).isEmpty();
        assertThat(fused(Stack.mlp(new int[] {8}, Activation.RELU, 0.5, 3), ce, data)).isPresent();
        assertThat(fused(Stack.of(Dense.of(8, Activation.RELU), Dropout.of(0.0), Dense.of(3)), ce, data)).isPresent();
        assertThat(fused(Stack.of(Dropout.of(0.2), Dense.of(8, Activation.RELU), Dense.of(3)), ce, data))
                .as("dropout on the inputs").isEmpty();
        assertThat(fused(Stack.of(Dense.of(8, Activation.RELU), Dropout.of(0.2), Dropout.of(0.2), Dense.of(3)), ce, data))
                .as("two dropouts in a row").isEmpty();
        assertThat(fused(Stack.of(Dense.of(8, Activation.RELU), Dense.of(3), Dropout.of(0.2)), ce, data))
                .as("dropout on the logits").isEmpty();
        assertThat(fused(Stack.of(Dense.of(3, Activation.SOFTMAX)), ce, data)).isEmpty();
        assertThat(fused(mlp(Activation.RELU, 8), ce, data(50, 4, DType.FLOAT64))).isEmpty();
        assertThat(FusedGradients.of(mlp(Activation.RELU, 8), ce, Optional.of(new L1(1e-3)), data)).isPresent();
    }

    private static Stack withDropout(Activation hidden, int outputs) {
        return Stack.of(Dense.of(40, hidden).withName("dense_0"), Dropout.of(0.3).withName("dropout_0"),
                Dense.of(17, hidden).withName("dense_1"), Dropout.of(0.5).withName("dropout_1"),
                Dense.of(outputs).withName("dense_2"));
    }

    /**
     * The fused masks are the tape's: drawn from the same generator, one draw per element, layer after layer. With
     * them the gradient agrees with the tape's; with other draws it does not.
     */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH"})
    void aBatchGradientWithDropoutMatchesTheTapeWithTheSameDraws(Activation hidden) {
        Dataset data = data(200, 13, DType.FLOAT32);
        Stack stack = withDropout(hidden, 3);
        Params params = Reference.init(stack, 13, DType.FLOAT32, 2);
        Batch batch = new Batcher(data, BatchSize.of(70), true, false, Rng.seeded(1)).batch(0, 1);
        assertSameGradient(stack, new CrossEntropy(), data, params, batch, true);

        Gradients fused = fused(stack, new CrossEntropy(), data).orElseThrow();
        Params seed0 = fused.of(params, batch, Rng.seeded(0)).grads().copy();
        Params seed1 = fused.of(params, batch, Rng.seeded(1)).grads().copy();
        Params none = fused(mlp(hidden, 40, 17), new CrossEntropy(), data).orElseThrow()
                .of(params, batch, Rng.seeded(0)).grads();
        assertThat(seed1.bitEquals(seed0)).isFalse();
        assertThat(none.bitEquals(seed0)).isFalse();
    }

    @Test
    void aRegressionMlpWithDropoutMatchesTheTape() {
        Dataset data = linearData(300, 6);
        Stack stack = withDropout(Activation.RELU, 1);
        Params params = Reference.init(stack, 6, DType.FLOAT32, 3);
        Batch batch = new Batcher(data, BatchSize.of(128), true, false, Rng.seeded(2)).batch(0, 2); // the last: 44 rows
        assertSameGradient(stack, new MeanSquaredError(), data, params, batch, false);
    }

    /** The Trainer hands both engines the same generator: the same masks, step after step. */
    @Test
    void theLocalEngineTrainsWithDropoutAsTheTapeDoesAndAlikeOnAnyThreadCount() {
        Dataset data = data(300, 13, DType.FLOAT32);
        Stack stack = withDropout(Activation.RELU, 3);
        Params init = Reference.init(stack, 13, DType.FLOAT32, 5);
        Optimizer adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0, false);
        Params tape = train(stack, init, adam, data, 64, Engine.TAPE);
        Params one = trainLocallyOn(1, stack, init, adam, data, 64);
        Params three = trainLocallyOn(3, stack, init, adam, data, 64);
        Reference.assertClose(one, tape, 1e-4);
        assertThat(one.bitEquals(tape)).isFalse(); // the fused path ran: its rounding differs
        assertThat(three.bitEquals(one)).isTrue();
    }

    private static Dataset logisticData(int n, int d) {
        return Reference.data(n, d, DType.FLOAT32, Task.BINARY, 2, 7, row -> row[0] - 0.5 * row[d - 1] + 0.1 > 0 ? 1 : 0);
    }

    private static Dataset linearData(int n, int d) {
        return Reference.data(n, d, DType.FLOAT32, Task.REGRESSION, 0, 8, row -> 3 * row[0] - row[d - 1] + 0.5);
    }

    private static void assertSameGradient(Stack stack, Loss loss, RowSource data, Params params, Batch batch,
                                           boolean classification) {
        assertSameGradient(stack, loss, Optional.empty(), data, params, batch, classification);
    }

    private static void assertSameGradient(Stack stack, Loss loss, Optional<Penalty> penalty, RowSource data,
                                           Params params, Batch batch, boolean classification) {
        Gradient expected = new TapeGradients(stack, loss, penalty, classification).of(params, batch, Rng.seeded(0));
        Gradients fused = FusedGradients.of(stack, loss, penalty, data).orElseThrow();
        for (int call = 0; call < 2; call++) { // the second call reuses the buffers (and a full batch's column blocks)
            Gradient actual = fused.of(params, batch, Rng.seeded(0));
            assertThat(actual.loss()).isCloseTo(expected.loss(), org.assertj.core.data.Offset.offset(1e-6 * expected.loss()));
            assertThat(actual.correct()).isEqualTo(expected.correct());
            Reference.assertClose(actual.grads(), expected.grads(), 1e-5);
        }
    }

    /** 250 rows x 100 features: above the split threshold, so the batch runs as two halves of 128 and 122 rows. */
    @Test
    void aLogisticBatchGradientMatchesTheTape() {
        Dataset data = logisticData(600, 100);
        Stack stack = Stack.of(Dense.of(1).withName("dense_0"));
        Params params = Reference.init(stack, 100, DType.FLOAT32, 3);
        Batch batch = new Batcher(data, BatchSize.of(250), true, false, Rng.seeded(1)).batch(0, 1);
        assertSameGradient(stack, new BinaryCrossEntropy(), data, params, batch, true);
    }

    /** A full batch in file order is the data set itself, read from column blocks: 3,000 rows, 8 rows past them. */
    @Test
    void aFullBatchLinearRegressionGradientMatchesTheTape() {
        Dataset data = linearData(3_000, 21);
        Stack stack = Stack.linear(1);
        Params params = Reference.init(stack, 21, DType.FLOAT32, 4);
        Batch batch = new Batcher(data, BatchSize.full(), false, false, Rng.seeded(1)).batch(0, 0);
        assertThat(batch.x()).isSameAs(data.x());
        assertSameGradient(stack, new MeanSquaredError(), data, params, batch, false);
        Dataset logistic = logisticData(3_000, 21);
        Batch full = new Batcher(logistic, BatchSize.full(), false, false, Rng.seeded(1)).batch(0, 0);
        assertSameGradient(stack, new BinaryCrossEntropy(), logistic, params, full, true);
    }

    @Test
    void aRegressionMlpGradientMatchesTheTape() {
        Dataset data = linearData(300, 12);
        Stack stack = Stack.of(Dense.of(24, Activation.RELU).withName("h"), Dense.of(1).withName("out"));
        Params params = Reference.init(stack, 12, DType.FLOAT32, 5);
        Batch batch = new Batcher(data, BatchSize.of(128), true, false, Rng.seeded(2)).batch(1, 2); // the last: 44 rows
        assertSameGradient(stack, new MeanSquaredError(), data, params, batch, false);
    }

    /** {@code --l2}: {@code λ·W} on every kernel, not on the biases, as the tape differentiates (λ/2)·‖W‖². */
    @ParameterizedTest
    @ValueSource(strings = {"l1", "l2"})
    void aPenaltyIsAddedToTheKernelsGradientsAsOnTheTape(String kind) {
        Optional<Penalty> penalty = Optional.of(kind.equals("l1") ? new L1(0.05) : new L2(0.05));
        Dataset classes = data(200, 13, DType.FLOAT32);
        Stack mlp = mlp(Activation.RELU, 40, 17);
        Batch batch = new Batcher(classes, BatchSize.of(70), true, false, Rng.seeded(1)).batch(0, 1);
        assertSameGradient(mlp, new CrossEntropy(), penalty, classes, Reference.init(mlp, 13, DType.FLOAT32, 2), batch, true);

        Dataset binary = logisticData(600, 100);
        Stack linear = Stack.of(Dense.of(1).withName("dense_0"));
        Batch rows = new Batcher(binary, BatchSize.of(250), true, false, Rng.seeded(1)).batch(0, 1);
        assertSameGradient(linear, new BinaryCrossEntropy(), penalty, binary, Reference.init(linear, 100, DType.FLOAT32, 3),
                rows, true);
    }

    @Test
    void coversTheLogisticAndLinearPresetsOnTheirLosses() {
        Dataset binary = logisticData(40, 3);
        Dataset regression = linearData(40, 3);
        assertThat(FusedGradients.of(Stack.logistic(), new BinaryCrossEntropy(), Optional.empty(), binary)).isPresent();
        assertThat(FusedGradients.of(Stack.linear(1), new MeanSquaredError(), Optional.empty(), regression)).isPresent();
        assertThat(FusedGradients.of(Stack.linear(1), new Huber(1.0), Optional.empty(), regression)).isEmpty();
        assertThat(FusedGradients.of(Stack.logistic(2), new BinaryCrossEntropy(), Optional.empty(), binary)).isEmpty();
        assertThat(FusedGradients.of(Stack.of(Dense.of(1, Activation.SIGMOID)), new MeanSquaredError(), Optional.empty(),
                regression)).isEmpty();
        assertThat(FusedGradients.of(Stack.of(Dense.of(4, Activation.RELU), Dense.of(1)), new MeanSquaredError(),
                Optional.empty(), regression)).isPresent();
        assertThat(FusedGradients.of(mlp(Activation.RELU, 4), new MeanSquaredError(), Optional.empty(), regression))
                .as("three outputs against one target").isEmpty();
        // what the rows classified correctly would mean differs from the tape's count on these two
        assertThat(FusedGradients.of(Stack.linear(1), new MeanSquaredError(), Optional.empty(), binary)).isEmpty();
        assertThat(FusedGradients.of(Stack.logistic(), new BinaryCrossEntropy(), Optional.empty(), regression)).isEmpty();
    }

    @Test
    void logisticRegressionTrainsAsTheTapeDoesAndAlikeOnAnyThreadCount() {
        Dataset data = logisticData(2_000, 100);
        Stack stack = Stack.of(Dense.of(1).withName("dense_0"));
        Params init = Reference.init(stack, 100, DType.FLOAT32, 5);
        Optimizer adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0, false);
        Params tape = train(stack, new BinaryCrossEntropy(), init, adam, data, 256, Engine.TAPE);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Params one = train(stack, new BinaryCrossEntropy(), init, adam, data, 256, Engine.LOCAL);
            Parallel.setThreads(2);
            Params two = train(stack, new BinaryCrossEntropy(), init, adam, data, 256, Engine.LOCAL);
            assertThat(two.bitEquals(one)).isTrue();
            Reference.assertClose(one, tape, 1e-4);
            assertThat(one.bitEquals(tape)).isFalse();
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void aLabelOutsideTheClassesIsRefusedAsTheLossRefusesIt() {
        Dataset data = data(20, 4, DType.FLOAT32);
        Stack stack = Stack.of(Dense.of(2).withName("dense_0"));
        Params params = Reference.init(stack, 4, DType.FLOAT32, 1);
        Batch batch = new Batcher(data, BatchSize.of(20), false, false, Rng.seeded(1)).batch(0, 0);
        int bad = 0;
        while (batch.y().at(bad) != 2) {
            bad++;
        }
        int row = bad;
        assertThatThrownBy(() -> fused(stack, new CrossEntropy(), data).orElseThrow().of(params, batch, Rng.seeded(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ce: target " + row + " must be a class index in [0, 2), got 2.0");
    }

    private static Params train(Stack stack, Params init, Optimizer optimizer, Dataset data, int batch, Engine engine) {
        return train(stack, new CrossEntropy(), init, optimizer, data, batch, engine);
    }

    private static Params train(Stack stack, Loss loss, Params init, Optimizer optimizer, Dataset data, int batch,
                                Engine engine) {
        return train(stack, loss, init, optimizer, data, batch, engine, 0);
    }

    /** {@code clipNormPerTensor}: each gradient tensor clipped to this L2 norm (0: off). */
    private static Params train(Stack stack, Loss loss, Params init, Optimizer optimizer, Dataset data, int batch,
                                Engine engine, double clipNormPerTensor) {
        Params params = init.copy();
        FitOptions options = FitOptions.builder().epochs(3).batchSize(BatchSize.of(batch)).shuffle(true).seed(4)
                .clipNormPerTensor(clipNormPerTensor).engine(engine).build();
        Trainer.fit(new Trainer.Run(stack, optimizer, loss, Optional.empty(), data, null, options),
                TrainState.initial(params, optimizer.init(params)), new History());
        return params;
    }

    @Test
    void theLocalEngineTrainsAsTheTapeDoesToFloat32Precision() {
        Dataset data = data(300, 13, DType.FLOAT32);
        Stack stack = mlp(Activation.RELU, 32, 16);
        Params init = Reference.init(stack, 13, DType.FLOAT32, 5);
        Optimizer adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0, false);
        Params tape = train(stack, init, adam, data, 64, Engine.TAPE);
        Params local = train(stack, init, adam, data, 64, Engine.LOCAL);
        Reference.assertClose(local, tape, 1e-4);
        assertThat(local.bitEquals(tape)).isFalse(); // the fused path ran: its rounding differs
        assertThat(local.bitEquals(init)).isFalse();
    }

    /**
     * Clipping each tensor's gradient happens in the {@link dev.descent.train.GradientStep} that the fused kernels and
     * the tape both feed, so the fused path clips as the tape does: an MLP and logistic regression (whose one-element
     * bias gradient is clipped to |g|·C/(|g| + 1e-6)), trained with SGD and momentum (which, unlike Adam, does not
     * undo a scaling of the gradient), with C between the small and the large tensors' first gradient norms.
     */
    @Test
    void theLocalEngineClipsEachTensorsGradientAsTheTapeDoes() {
        Dataset classes = data(300, 13, DType.FLOAT32);
        Stack mlp = mlp(Activation.RELU, 32, 16);
        Dataset binary = logisticData(1_000, 20);
        Stack logistic = Stack.of(Dense.of(1).withName("dense_0"));
        record Case(Stack stack, Loss loss, Dataset data, double clip) {
        }
        for (Case c : new Case[] {new Case(mlp, new CrossEntropy(), classes, 0.1),
                new Case(logistic, new BinaryCrossEntropy(), binary, 0.2)}) {
            Params init = Reference.init(c.stack(), c.data().features(), DType.FLOAT32, 5);
            Batch first = new Batcher(c.data(), BatchSize.of(64), true, false, Rng.seeded(4)).batch(0, 0);
            Params grads = new TapeGradients(c.stack(), c.loss(), Optional.empty(), true).of(init, first, Rng.seeded(0))
                    .grads();
            assertThat(grads.asMap().values().stream().mapToDouble(Tensor::norm))
                    .as("at the start, C lies between the tensors' gradient norms").anyMatch(n -> n > c.clip())
                    .anyMatch(n -> n < c.clip());
            Optimizer sgd = new Sgd(0.1, 0.9, 0, false, 0);
            Params tape = train(c.stack(), c.loss(), init, sgd, c.data(), 64, Engine.TAPE, c.clip());
            Params local = train(c.stack(), c.loss(), init, sgd, c.data(), 64, Engine.LOCAL, c.clip());
            Reference.assertClose(local, tape, 1e-4);
            assertThat(local.bitEquals(tape)).isFalse(); // the fused path ran: its rounding differs
            Params unclipped = train(c.stack(), c.loss(), init, sgd, c.data(), 64, Engine.LOCAL, 0);
            assertThatThrownBy(() -> Reference.assertClose(local, unclipped, 1e-2)).as("clipping changed the run")
                    .isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void theLocalEngineIsBitIdenticalAcrossThreadCounts() {
        Dataset data = data(500, 300, DType.FLOAT32);
        Stack stack = mlp(Activation.RELU, 256, 64);
        Params init = Reference.init(stack, 300, DType.FLOAT32, 6);
        Optimizer sgd = new Sgd(0.01, 0.9, 0, false, 0);
        Params one = trainLocallyOn(1, stack, init, sgd, data, 128);
        Params three = trainLocallyOn(3, stack, init, sgd, data, 128);
        assertThat(three.bitEquals(one)).isTrue();
    }

    private static Params trainLocallyOn(int threads, Stack stack, Params init, Optimizer optimizer, Dataset data,
                                         int batch) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            return train(stack, init, optimizer, data, batch, Engine.LOCAL);
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** What {@code descent bench} times is what the Trainer computes: the same batches, the same bits. */
    @Test
    void theTrainerEndsBitForBitWhereTheFusedLoopsEnd() {
        Dataset binary = logisticData(1_000, 100);
        Stack linear = Stack.of(Dense.of(1).withName("dense_0"));
        Params init = Reference.init(linear, 100, DType.FLOAT32, 8);
        Optimizer adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0, false);
        Params viaTrainer = train(linear, new BinaryCrossEntropy(), init, adam, binary, 256, Engine.LOCAL);
        Params viaLoop = init.copy();
        FastLinear loop = new FastLinear(LinearBackprop.Objective.BCE, binary, viaLoop, adam, adam.init(viaLoop),
                BatchSize.of(256), true, 4);
        for (int e = 0; e < 3; e++) {
            loop.epoch(e, adam.learningRate());
        }
        assertThat(viaTrainer.bitEquals(viaLoop)).isTrue();

        Dataset classes = data(500, 30, DType.FLOAT32);
        Stack mlp = mlp(Activation.RELU, 64, 32);
        Params mlpInit = Reference.init(mlp, 30, DType.FLOAT32, 9);
        Optimizer sgd = new Sgd(0.01, 0.9, 0, false, 0);
        Params mlpTrainer = train(mlp, mlpInit, sgd, classes, 128, Engine.LOCAL);
        Params mlpLoop = mlpInit.copy();
        FastMlp fast = new FastMlp(classes, mlpLoop, sgd, sgd.init(mlpLoop), BatchSize.of(128), true, 4);
        for (int e = 0; e < 3; e++) {
            fast.epoch(e, sgd.learningRate());
        }
        assertThat(mlpTrainer.bitEquals(mlpLoop)).isTrue();
    }

    /**
     * The buffers are reused from call to call, for both batch sizes of an epoch. (That a warmed-up step allocates
     * nothing is JMH's to show, {@code FusedStepBenchmark -prof gc}: whether C2 boxes a vector depends on what else
     * the JVM compiled, and a test JVM compiles everything.)
     */
    @Test
    void theGradientTensorsAreReusedForEveryBatchSize() {
        Dataset classes = data(256, 20, DType.FLOAT32);
        Stack mlp = mlp(Activation.RELU, 16);
        Params params = Reference.init(mlp, 20, DType.FLOAT32, 7);
        Batcher batcher = new Batcher(classes, BatchSize.of(100), true, false, Rng.seeded(2));
        Gradients g = fused(mlp, new CrossEntropy(), classes).orElseThrow();
        Tensor first = g.of(params, batcher.batch(0, 0), Rng.seeded(0)).grads().get("dense_0/kernel");
        assertThat(g.of(params, batcher.batch(0, 2), Rng.seeded(0)).grads().get("dense_0/kernel")).isSameAs(first);
        assertThat(g.of(params, batcher.batch(1, 0), Rng.seeded(0)).grads().get("dense_0/kernel")).isSameAs(first);
    }
}
