package dev.descent.train.fast;

import dev.descent.data.Batch;
import dev.descent.data.BatchSize;
import dev.descent.data.Batcher;
import dev.descent.data.ClassWeights;
import dev.descent.data.Dataset;
import dev.descent.data.Task;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Dropout;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.BinaryCrossEntropy;
import dev.descent.nn.loss.CrossEntropy;
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
import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fused kernels on weighted rows ({@code --sample-weight}, {@code --class-weight}), held to the tape's weighted
 * mean {@code Σ w_i·ℓ_i / Σ w_i}: gradients and losses batch by batch (float32 to its precision; the float64 linear
 * loop to 1e-12), integer weights against duplicated rows, a batch of weight 0, and whole runs across thread counts.
 */
class WeightedFusedGradientsTest {

    /** Float64 round-off of sums over a few hundred rows in another order; the quantities are equal exactly. */
    private static final double EXACT = 1e-12;
    /** float32 against float64 or another float32 order: the existing fused tests' bound on gradients. */
    private static final double FLOAT32 = 1e-5;
    /**
     * The size of the terms the gradients here are weighted means of ({@code σ(z) − y}, {@code 2(z − y)}, the
     * softmax's {@code p − onehot}, times inputs in [−1, 1)): a mean that cancels to near 0, as a bias gradient can,
     * still carries the float32 round-off of such terms, so {@link #FLOAT32} is relative to at least this.
     */
    private static final double TERMS = 0.1;

    /** Every fifth row (from row 3) weighs 0, the others a weight in [0.25, 3.25). */
    private static Tensor weights(int n, long seed, DType dtype) {
        Random r = new Random(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = i % 5 == 3 ? 0 : 0.25 + 3 * r.nextDouble();
        }
        return Tensor.of(w, n).to(dtype);
    }

    /** Integer weights 0 to 3 (row i: {@code (7i + 1) mod 4}), for comparing with rows written that many times. */
    private static final IntUnaryOperator COUNT = i -> (7 * i + 1) % 4;

    private static Tensor counts(int n, DType dtype) {
        return Tensor.of(IntStream.range(0, n).map(COUNT).asDoubleStream().toArray(), n).to(dtype);
    }

    /** Row i of {@code data} written {@link #COUNT}(i) times, in order. */
    private static Dataset duplicated(Dataset data) {
        return data.subset(IntStream.range(0, data.size()).flatMap(i -> IntStream.range(0, COUNT.applyAsInt(i)).map(k -> i))
                .toArray());
    }

    private static Dataset classes(int n, int d, DType dtype) {
        return Reference.data(n, d, dtype, Task.MULTICLASS, 3, 9, row -> row[0] + row[1] > 0.3 ? 0 : row[2] > 0 ? 1 : 2);
    }

    private static Dataset binary(int n, int d, DType dtype) {
        return Reference.data(n, d, dtype, Task.BINARY, 2, 7, row -> row[0] - 0.5 * row[d - 1] + 0.1 > 0 ? 1 : 0);
    }

    private static Dataset regression(int n, int d, DType dtype) {
        return Reference.data(n, d, dtype, Task.REGRESSION, 0, 8, row -> 3 * row[0] - row[d - 1] + 0.5);
    }

    private static Stack mlp(int outputs, boolean dropout) {
        return dropout
                ? Stack.of(Dense.of(24, Activation.RELU).withName("dense_0"), Dropout.of(0.3).withName("dropout_0"),
                        Dense.of(outputs).withName("dense_1"))
                : Stack.of(Dense.of(24, Activation.TANH).withName("dense_0"), Dense.of(outputs).withName("dense_1"));
    }

    private static Stack linear() {
        return Stack.of(Dense.of(1).withName("dense_0"));
    }

    /**
     * A model, its loss, data unweighted ({@code plain}) and weighted, and the batch of the weighted rows to hold the
     * fused gradient to the tape's on.
     */
    private record Case(Stack stack, Loss loss, Dataset plain, Dataset data, Batch batch) {
        boolean classification() {
            return data.task().isClassification();
        }
    }

    /**
     * Each kind of model and batch the fused kernels take: MLPs (softmax over rows split across the pool, the squared
     * error head, dropout), softmax regression; logistic and linear regression on a shuffled mini-batch read in
     * place (250 rows x 100 features: two halves of 16-row blocks, the second with 10 rows past them; or 37 rows of 7,
     * one chunk with 5 rows past its blocks), and on a whole data set in file order (read from column blocks) or
     * shuffled.
     */
    private static Case weightedCase(String name) {
        return switch (name) {
            case "mlp ce" -> miniBatch(mlp(3, false), new CrossEntropy(), classes(300, 13, DType.FLOAT32), 150);
            case "mlp ce dropout" -> miniBatch(mlp(3, true), new CrossEntropy(), classes(300, 13, DType.FLOAT32), 100);
            case "mlp mse" -> miniBatch(mlp(1, false), new MeanSquaredError(), regression(300, 12, DType.FLOAT32), 128);
            case "softmax ce" -> miniBatch(Stack.of(Dense.of(3).withName("dense_0")), new CrossEntropy(),
                    classes(300, 13, DType.FLOAT32), 100);
            case "logistic bce" -> miniBatch(linear(), new BinaryCrossEntropy(), binary(600, 100, DType.FLOAT32), 250);
            case "linear mse" -> miniBatch(linear(), new MeanSquaredError(), regression(600, 100, DType.FLOAT32), 250);
            case "logistic bce narrow" -> miniBatch(linear(), new BinaryCrossEntropy(), binary(200, 7, DType.FLOAT32), 37);
            case "logistic bce full" -> fullBatch(linear(), new BinaryCrossEntropy(), binary(3_000, 21, DType.FLOAT32), false);
            case "linear mse full" -> fullBatch(linear(), new MeanSquaredError(), regression(3_000, 21, DType.FLOAT32), false);
            case "linear mse full shuffled" -> fullBatch(linear(), new MeanSquaredError(),
                    regression(3_000, 21, DType.FLOAT32), true);
            case "mlp ce full" -> fullBatch(mlp(3, false), new CrossEntropy(), classes(300, 13, DType.FLOAT32), false);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Case miniBatch(Stack stack, Loss loss, Dataset data, int rows) {
        Dataset weighted = data.withWeights(weights(data.size(), 5, DType.FLOAT32));
        return new Case(stack, loss, data, weighted,
                new Batcher(weighted, BatchSize.of(rows), true, false, Rng.seeded(1)).batch(0, 1));
    }

    private static Case fullBatch(Stack stack, Loss loss, Dataset data, boolean shuffle) {
        Dataset weighted = data.withWeights(weights(data.size(), 6, DType.FLOAT32));
        Batch batch = new Batcher(weighted, BatchSize.full(), shuffle, false, Rng.seeded(1)).batch(0, 0);
        assertThat(batch.x()).isSameAs(weighted.x());
        return new Case(stack, loss, data, weighted, batch);
    }

    private static Gradient tape(Case c, Optional<Penalty> penalty, Params params) {
        return new TapeGradients(c.stack(), c.loss(), penalty, c.classification()).of(params, c.batch(), Rng.seeded(0));
    }

    private static Gradients fused(Case c, Optional<Penalty> penalty) {
        return FusedGradients.of(c.stack(), c.loss(), penalty, c.data()).orElseThrow();
    }

    private static void assertSameAsTape(Gradient actual, Gradient expected) {
        assertThat(actual.loss()).isCloseTo(expected.loss(), Offset.offset(1e-6 * expected.loss()));
        assertThat(actual.correct()).isEqualTo(expected.correct());
        Reference.assertClose(actual.grads(), expected.grads(), FLOAT32, TERMS);
    }

    /**
     * The fused weighted gradient is the tape's, {@code Σ w_i·∇ℓ_i / Σ w_i} plus the penalty's, to float32 precision,
     * on the second call too (buffers reused); the rows counted correct are counted unweighted, as on the tape. And
     * the weights matter: the unweighted gradient of the same batch is far from it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp ce", "mlp ce dropout", "mlp mse", "softmax ce", "logistic bce", "linear mse",
            "logistic bce narrow", "logistic bce full", "linear mse full", "linear mse full shuffled", "mlp ce full"})
    void aWeightedBatchGradientMatchesTheTape(String name) {
        Case c = weightedCase(name);
        Optional<Penalty> penalty = Optional.of(new L2(0.01));
        Params params = Reference.init(c.stack(), c.data().features(), DType.FLOAT32, 2);
        Gradient expected = tape(c, penalty, params);
        Gradients fused = fused(c, penalty);
        for (int call = 0; call < 2; call++) {
            assertSameAsTape(fused.of(params, c.batch(), Rng.seeded(0)), expected);
        }
        Params unweighted = FusedGradients.of(c.stack(), c.loss(), penalty, c.plain()).orElseThrow().of(params,
                new Batch(c.batch().x(), c.batch().y(), c.batch().rows(), c.batch().index()), Rng.seeded(0)).grads();
        assertThatThrownBy(() -> Reference.assertClose(unweighted, expected.grads(), 1e-2)).as("the weights matter")
                .isInstanceOf(AssertionError.class);
    }

    /** Batches that arrive gathered (a cluster partition's, read from the batch's own arrays) weigh their rows alike. */
    @ParameterizedTest
    @ValueSource(strings = {"logistic bce", "linear mse", "mlp ce"})
    void aGatheredWeightedBatchGradientMatchesTheTape(String name) {
        Case c = weightedCase(name);
        Params params = Reference.init(c.stack(), c.data().features(), DType.FLOAT32, 3);
        Gradients gathered = FusedGradients.ofGathered(c.stack(), c.loss(), Optional.empty(), DType.FLOAT32,
                c.classification(), c.data().features(), true, c.data().size()).orElseThrow();
        assertSameAsTape(gathered.of(params, c.batch(), Rng.seeded(0)), tape(c, Optional.empty(), params));
    }

    /**
     * A batch whose rows all weigh 0 has loss 0 and a zero data gradient, as on the tape ({@code Loss.apply} with
     * weights): what is left is the L2 penalty's λ·W on the kernels, bit for bit (0 + λ·w), and 0 on the biases.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp ce", "mlp mse", "logistic bce", "linear mse"})
    void aBatchOfWeightZeroHasLossZeroAndOnlyThePenaltysGradient(String name) {
        Case any = weightedCase(name);
        int n = any.data().size();
        Tensor w = weights(n, 7, DType.FLOAT32);
        for (int i = 0; i < 64; i++) {
            w.set(i, 0);
        }
        Dataset data = any.data().withWeights(w);
        Batch first = new Batcher(data, BatchSize.of(64), false, false, Rng.seeded(0)).batch(0, 0);
        Case c = new Case(any.stack(), any.loss(), any.plain(), data, first);
        float lambda = 0.05f;
        Optional<Penalty> penalty = Optional.of(new L2(lambda));
        Params params = Reference.init(c.stack(), data.features(), DType.FLOAT32, 4);
        Gradient tape = tape(c, penalty, params);
        Gradient fused = fused(c, penalty).of(params, first, Rng.seeded(0));
        assertThat(tape.loss()).isZero();
        assertThat(fused.loss()).isZero();
        for (String p : params.names()) {
            float[] weight = params.get(p).floatData();
            float[] grad = fused.grads().get(p).floatData();
            for (int i = 0; i < grad.length; i++) {
                float expected = p.endsWith("kernel") ? 0f + lambda * weight[i] : 0f;
                assertThat(grad[i]).as("%s[%d]", p, i).isEqualTo(expected);
            }
        }
        Reference.assertClose(fused.grads(), tape.grads(), FLOAT32, TERMS);
    }

    /**
     * Integer weights are rows written that many times (0: left out): the full-batch fused gradient and loss on
     * weights k equal those on the duplicated rows, which the unweighted kernels compute (the linear models from
     * column blocks), to float32 precision.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp ce", "mlp mse", "logistic bce", "linear mse"})
    void integerWeightsGiveTheGradientOfDuplicatedRows(String name) {
        Case any = weightedCase(name);
        Dataset data = any.plain().subset(IntStream.range(0, 200).toArray());
        Dataset weighted = data.withWeights(counts(data.size(), DType.FLOAT32));
        Dataset repeated = duplicated(data);
        Params params = Reference.init(any.stack(), data.features(), DType.FLOAT32, 5);
        Gradient a = fullBatch(any.stack(), any.loss(), weighted, params);
        Gradient b = fullBatch(any.stack(), any.loss(), repeated, params);
        assertThat(a.loss()).isCloseTo(b.loss(), Offset.offset(1e-6 * b.loss()));
        Reference.assertClose(a.grads(), b.grads(), FLOAT32, TERMS);
    }

    private static Gradient fullBatch(Stack stack, Loss loss, Dataset data, Params params) {
        Batch batch = new Batcher(data, BatchSize.full(), false, false, Rng.seeded(0)).batch(0, 0);
        return FusedGradients.of(stack, loss, Optional.empty(), data).orElseThrow().of(params, batch, Rng.seeded(0));
    }

    // ------------------------------------------------------------------ the float64 loop and the kernels themselves

    /** The float64 loop's gradient on rows {@code order[from, to)} (or in place), as kernel then bias. */
    private static Params float64(LinearBackprop.Objective objective, Dataset data, Tensor weights, Params params,
                                  int[] order, int from, int to) {
        int d = data.features();
        double[] gw = new double[d];
        double[] gb = new double[1];
        new LinearBackprop(objective, d).gradient(data.x().doubleData(), data.y().doubleData(),
                weights == null ? null : weights.doubleData(), order, from, to, params.get("dense_0/kernel").doubleData(),
                params.get("dense_0/bias").at(0), gw, gb);
        return Params.builder().put("dense_0/kernel", Tensor.of(gw, d, 1)).put("dense_0/bias", Tensor.of(gb, 1)).build();
    }

    private static Dataset linearData(LinearBackprop.Objective objective, int n, int d, DType dtype) {
        return objective == LinearBackprop.Objective.BCE ? binary(n, d, dtype) : regression(n, d, dtype);
    }

    private static Loss loss(LinearBackprop.Objective objective) {
        return objective == LinearBackprop.Objective.BCE ? new BinaryCrossEntropy() : new MeanSquaredError();
    }

    /**
     * The float64 loop computes the tape's weighted gradient to float64 round-off, on a shuffled batch (rows through
     * the batch's order) and on rows [50, 100) in place.
     */
    @ParameterizedTest
    @EnumSource(LinearBackprop.Objective.class)
    void theFloat64LoopsWeightedGradientIsTheTapes(LinearBackprop.Objective objective) {
        Dataset data = linearData(objective, 300, 9, DType.FLOAT64);
        Tensor w = weights(300, 8, DType.FLOAT64);
        Dataset weighted = data.withWeights(w);
        Params params = Reference.init(linear(), 9, DType.FLOAT64, 6);
        TapeGradients tape = new TapeGradients(linear(), loss(objective), Optional.empty(), false);
        Batch shuffled = new Batcher(weighted, BatchSize.of(80), true, false, Rng.seeded(2)).batch(0, 1);
        Reference.assertClose(float64(objective, data, w, params, shuffled.rows(), 0, 80),
                tape.of(params, shuffled, Rng.seeded(0)).grads(), EXACT);
        Batch inPlace = new Batcher(weighted, BatchSize.of(50), false, false, Rng.seeded(2)).batch(0, 1);
        Reference.assertClose(float64(objective, data, w, params, null, 50, 100),
                tape.of(params, inPlace, Rng.seeded(0)).grads(), EXACT);
    }

    /** In float64, integer weights give the gradient of the duplicated rows to round-off, and all-zero weights 0. */
    @ParameterizedTest
    @EnumSource(LinearBackprop.Objective.class)
    void theFloat64LoopsIntegerWeightsAreDuplicatedRows(LinearBackprop.Objective objective) {
        Dataset data = linearData(objective, 120, 9, DType.FLOAT64);
        Dataset repeated = duplicated(data);
        Params params = Reference.init(linear(), 9, DType.FLOAT64, 7);
        Reference.assertClose(float64(objective, data, counts(120, DType.FLOAT64), params, null, 0, 120),
                float64(objective, repeated, null, params, null, 0, repeated.size()), EXACT);
        Params none = float64(objective, data, Tensor.zeros(DType.FLOAT64, 120), params, null, 0, 120);
        assertThat(none.globalNorm()).isZero();
    }

    /**
     * The float32 kernels, blocked (16-row blocks) and per row, equal the float64 loop on the same weighted rows to
     * float32 precision, shuffled (rows and weights gathered), in place, or the whole data set (from column blocks,
     * blocked), and give the same bits on one thread as on two (250 rows x 100 features run as two halves; 37 x 7 as
     * one chunk with rows past its blocks; the whole 600 x 100 as two halves, 600 x 7 as one chunk).
     */
    @ParameterizedTest
    @CsvSource({"true, BCE, 250, 100", "true, MSE, 250, 100", "true, BCE, 37, 7", "true, MSE, 37, 7",
            "false, BCE, 250, 100", "false, MSE, 37, 7"})
    void theFloat32KernelsWeighRowsAsTheFloat64LoopAndAlikeOnAnyThreadCount(boolean blocked,
                                                                            LinearBackprop.Objective objective,
                                                                            int rows, int d) {
        assumeTrue(!blocked || LinearKernels.BLOCKED, "the blocked kernels need 8 or 16 float lanes");
        Dataset data = linearData(objective, 600, d, DType.FLOAT32);
        Tensor w = weights(600, 9, DType.FLOAT32);
        Params params = Reference.init(linear(), d, DType.FLOAT32, 8);
        int[] order = new Batcher(data, BatchSize.of(rows), true, false, Rng.seeded(3)).order(0);
        for (String rowsRead : new String[] {"shuffled", "in place", "whole"}) {
            int[] rowsOf = rowsRead.equals("shuffled") ? order : null;
            int from = switch (rowsRead) {
                case "shuffled" -> rows;
                case "in place" -> 100;
                default -> 0;
            };
            int to = rowsRead.equals("whole") ? 600 : from + rows;
            Params expected = float64(objective, data.to(DType.FLOAT64), w.to(DType.FLOAT64),
                    params.map(t -> t.to(DType.FLOAT64)), rowsOf, from, to);
            boolean whole = rowsRead.equals("whole");
            Params one = float32(objective, d, blocked, data, w, params, rowsOf, from, to, whole, 1);
            Params two = float32(objective, d, blocked, data, w, params, rowsOf, from, to, whole, 2);
            assertThat(two.bitEquals(one)).isTrue();
            Reference.assertClose(one.map(t -> t.to(DType.FLOAT64)), expected, FLOAT32, TERMS);
        }
    }

    private static Params float32(LinearBackprop.Objective objective, int d, boolean blocked, Dataset data, Tensor w,
                                  Params params, int[] order, int from, int to, boolean whole, int threads) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            float[] gw = new float[d];
            float[] gb = new float[1];
            new LinearBackprop(objective, d, blocked).gradient(data.x().floatData(), data.y().floatData(), w.floatData(),
                    data.size(), order, from, to, whole, params.get("dense_0/kernel").floatData(),
                    params.get("dense_0/bias").floatData()[0], gw, gb);
            return Params.builder().put("dense_0/kernel", Tensor.of(gw, d, 1)).put("dense_0/bias", Tensor.of(gb, 1))
                    .build();
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** The bare loops that {@code descent bench} times take unweighted rows, and say so rather than drop weights. */
    @Test
    void theBareLoopsRefuseWeightedRows() {
        Dataset weighted = binary(40, 3, DType.FLOAT32).withWeights(weights(40, 1, DType.FLOAT32));
        Params linear = Reference.init(linear(), 3, DType.FLOAT32, 1);
        Params mlp = Reference.init(mlp(2, false), 3, DType.FLOAT32, 1);
        Optimizer sgd = Sgd.of(0.1);
        String message = "the bare fused loop trains unweighted rows; weighted ones train through the Trainer";
        assertThatThrownBy(() -> new FastLinear(LinearBackprop.Objective.BCE, weighted, linear, sgd, sgd.init(linear),
                BatchSize.of(8), true, 0)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> new FastMlp(weighted, mlp, sgd, sgd.init(mlp), BatchSize.of(8), true, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    // ------------------------------------------------------------------ whole runs

    private static Params train(Stack stack, Loss loss, Params init, Optimizer optimizer, Dataset data,
                                BatchSize batch, Engine engine, int threads) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            Params params = init.copy();
            Trainer.fit(new Trainer.Run(stack, optimizer, loss, Optional.empty(), data, null,
                            FitOptions.builder().epochs(3).batchSize(batch).shuffle(true).seed(4).engine(engine).build()),
                    TrainState.initial(params, optimizer.init(params)), new History());
            return params;
        } finally {
            Parallel.setThreads(before);
        }
    }

    /**
     * Weighted runs train on the fused kernels (their rounding differs from the tape's, so not bit for bit) to the
     * tape's weights at float32 precision, and alike on one and two threads: logistic regression whose batches are
     * cut in halves, an MLP with balanced class weights on imbalanced classes, and full-batch linear
     * regression over many chunks (10,007 rows, with 7 past the last 16-row block).
     */
    @ParameterizedTest
    @ValueSource(strings = {"logistic", "mlp balanced", "linear full"})
    void weightedRunsTrainOnTheFusedKernelsAsOnTheTapeAndAlikeOnAnyThreadCount(String name) {
        Stack stack;
        Loss loss;
        Dataset data;
        BatchSize batch;
        Optimizer optimizer = new Adam(0.01, 0.9, 0.999, 1e-8, 0, false);
        switch (name) {
            case "logistic" -> {
                stack = linear();
                loss = new BinaryCrossEntropy();
                data = binary(2_000, 100, DType.FLOAT32).withWeights(weights(2_000, 10, DType.FLOAT32));
                batch = BatchSize.of(256);
            }
            case "mlp balanced" -> {
                stack = mlp(3, false);
                loss = new CrossEntropy();
                // an imbalanced subset: the first 200 rows of class 0, every row of the others
                Dataset all = classes(600, 13, DType.FLOAT32);
                int[] labels = all.labels();
                Dataset imbalanced = all.subset(IntStream.range(0, 600).filter(i -> labels[i] != 0 || i < 200).toArray());
                data = imbalanced.withClassWeights(ClassWeights.balanced().resolve(imbalanced));
                batch = BatchSize.of(64);
            }
            default -> {
                stack = linear();
                loss = new MeanSquaredError();
                data = regression(10_007, 20, DType.FLOAT32).withWeights(weights(10_007, 11, DType.FLOAT32));
                batch = BatchSize.full();
                optimizer = Sgd.of(0.05);
            }
        }
        assertThat(FusedGradients.of(stack, loss, Optional.empty(), data)).isPresent();
        Params init = Reference.init(stack, data.features(), DType.FLOAT32, 12);
        Params tape = train(stack, loss, init, optimizer, data, batch, Engine.TAPE, 1);
        Params one = train(stack, loss, init, optimizer, data, batch, Engine.LOCAL, 1);
        Params two = train(stack, loss, init, optimizer, data, batch, Engine.LOCAL, 2);
        assertThat(two.bitEquals(one)).isTrue();
        Reference.assertClose(one, tape, 1e-4);
        assertThat(one.bitEquals(tape)).isFalse(); // the fused path ran: its rounding differs
    }
}
