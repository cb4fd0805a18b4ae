package dev.descent.spark;

import dev.descent.data.Batch;
import dev.descent.data.BatchSize;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.ClassWeights;
import dev.descent.data.Dataset;
import dev.descent.data.Task;
import dev.descent.io.ModelFiles;
import dev.descent.model.Sequential;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Initializer;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.Engine;
import dev.descent.train.FitOptions;
import dev.descent.train.Gradient;
import dev.descent.train.callback.History;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

import static dev.descent.testkit.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Weighted rows (sample and class weights) on Spark's partitions: each synchronous update is local training's
 * weighted update, by hand on a tiny data set and against local training on iris and wine; rows of weight 0 change
 * nothing; model averaging weighs the partitions by their weight sums.
 *
 * <p>Tolerances are the existing sync-versus-local tests' ({@link SparkTrainingTest}): 1e-9 relative over whole runs
 * in float64 (the partitions' sums are added in another order than local training's, about 1e-16 a step, which
 * Adam's steps carry along; with weights a partition's sum is its weighted mean times its weight sum, one more
 * rounding of the same size), 1e-4 in float32 on the fused kernels (float32 rounding of the same sums). A single step
 * on the tiny data set is held to 1e-14: a few roundings of numbers of order 10.
 */
@Tag("spark")
class WeightedSparkTrainingTest {

    /** One step on the tiny data set: a handful of float64 roundings of numbers of order 1 to 50. */
    private static final double STEP = 1e-14;

    /** Four rows on one feature: y against x, with weights; row 2 (x = 3, y = 7) is far off and weighs 0. */
    private static final double[] X = {1, 2, 3, 4};
    private static final double[] Y = {2, 3, 7, 6};
    private static final double[] W = {1, 1, 0, 3};

    private static Dataset tiny(double[] x, double[] y, Optional<double[]> weights) {
        Dataset rows = new Dataset(Tensor.of(x, x.length, 1), Tensor.vector(y), List.of("x"), "y", Task.REGRESSION,
                List.of(), "tiny");
        return weights.map(w -> rows.withWeights(Tensor.vector(w))).orElse(rows);
    }

    /** Linear regression on mse with an L2 penalty of 0.1, from w = 0.5, b = 0, in float64. */
    private static Sequential line() {
        Sequential m = new Sequential(Dense.of(1).withKernelInitializer(Initializer.constant(0.5))
                .withBiasInitializer(Initializer.zeros())).dtype(DType.FLOAT64).penalty(new L2(0.1));
        m.compile(Optimizers.parse("sgd(lr=0.1)"), Loss.mse());
        return m;
    }

    private static Dense layer(Sequential m) {
        return (Dense) m.stack().layers().getFirst();
    }

    /**
     * One full-batch step, by hand. From w = 0.5, b = 0 the predictions 0.5·x are (0.5, 1, 1.5, 2) and the residuals
     * r = prediction − y are (−1.5, −2, −5.5, −4); the weights (1, 1, 0, 3) sum to W = 5:
     * <pre>
     *   L     = Σ w·r² / W    = (2.25 + 4 + 0 + 48) / 5         = 10.85
     *   ∂L/∂w = 2·Σ w·r·x / W = 2·(−1.5 − 4 + 0 − 48) / 5       = −21.4,  plus the penalty's λ·w = 0.1·0.5 = 0.05
     *   ∂L/∂b = 2·Σ w·r / W   = 2·(−1.5 − 2 + 0 − 12) / 5       = −6.2    (the bias is not penalized)
     *   w₁ = 0.5 − 0.1·(−21.4 + 0.05) = 2.635,   b₁ = 0 − 0.1·(−6.2) = 0.62
     * </pre>
     * Row 2 weighs 0 and changes nothing: the numbers are those of the rows 0, 1, 3, 3, 3 unweighted (a weight of 3 is
     * the row three times), and the penalty is added once, not weighed. Two partitions hold rows {0, 1} (weight 2) and
     * {2, 3} (weight 3): the synchronous step adds their weighted sums and divides by 5, and averaging one local step
     * weighs their parameters 2/5 and 3/5 (their own gradients are ∂L/∂w = −5.5 and −32, whose plain mean −18.75 would
     * not be the batch's).
     */
    @Test
    void aWeightedFullBatchStepIsTheHandComputedOneOnEveryEngine() {
        Dataset weighted = tiny(X, Y, Optional.of(W));
        Dataset duplicated = tiny(new double[] {1, 2, 4, 4, 4}, new double[] {2, 3, 6, 6, 6}, Optional.empty());
        FitOptions.Builder options = FitOptions.builder().batchSize(BatchSize.full()).epochs(1);
        List<Engine> engines = List.of(SparkEngine.sync(SharedSpark.context(), 2),
                SparkEngine.averaging(SharedSpark.context(), 2, 1), Engine.LOCAL, Engine.LOCAL);
        for (int e = 0; e < engines.size(); e++) {
            Sequential m = line();
            History h = m.fit(e < 3 ? weighted : duplicated, null, options.engine(engines.get(e)).build());
            String run = List.of("sync", "averaging", "local", "local on duplicated rows").get(e);
            assertClose(h.steps().getFirst().loss(), 10.85, STEP, 0, run + ": the step's loss");
            assertClose(m.params().get(layer(m).kernelName()).at(0), 2.635, STEP, 0, run + ": w");
            assertClose(m.params().get(layer(m).biasName()).at(0), 0.62, STEP, 0, run + ": b");
        }
    }

    /**
     * The partitions' sums by hand where weights are 0 (the tiny data set from w = 0.5, b = 0, its two partitions
     * holding rows {0, 1} and {2, 3}): a partition whose rows of the batch all weigh 0 adds nothing, and a batch whose
     * rows all weigh 0 has loss 0 and a zero data gradient, so only the penalty's gradient λ·w = 0.05 is left, as in
     * local training.
     */
    @Test
    void rowsOfWeightZeroAddNothingToTheSynchronousGradient() {
        Stack stack = Stack.of(Dense.of(1));
        Dense dense = (Dense) stack.layers().getFirst();
        Params params = stack.init(1, DType.FLOAT64, Rng.seeded(0));
        params.get(dense.kernelName()).set(0, 0.5);
        params.get(dense.biasName()).set(0, 0);
        Recipe recipe = new Recipe(ModelFiles.architecture(stack), Loss.mse().spec(), "l2", 0.1, "sgd(lr=0.1)", 0, 0, 0,
                false);
        Dataset rows = tiny(X, Y, Optional.of(W));
        try (CachedShards shards = CachedShards.ship(SharedSpark.context(), rows, 2)) {
            SyncGradients sync = new SyncGradients(SharedSpark.context(), shards.rdd(), recipe, Optional.of(new L2(0.1)));
            // rows 0 and 2: partition 1 holds row 2 alone, of weight 0; row 0 alone has r = −1.5 at x = 1, so
            // L = 2.25, ∂L/∂w = 2·(−1.5)·1 = −3 (plus 0.05), ∂L/∂b = −3
            Gradient oneRow = sync.of(params, batchOf(rows, 0, 2), Rng.seeded(1));
            assertClose(oneRow.loss(), 2.25, STEP, 0, "loss");
            assertClose(oneRow.grads().get(dense.kernelName()).at(0), -2.95, STEP, 0, "dL/dw");
            assertClose(oneRow.grads().get(dense.biasName()).at(0), -3, STEP, 0, "dL/db");

            Gradient none = sync.of(params, batchOf(rows, 2), Rng.seeded(1));
            assertThat(none.loss()).isZero();
            assertThat(none.grads().get(dense.kernelName()).at(0)).isEqualTo(0.1 * 0.5);
            assertThat(none.grads().get(dense.biasName()).at(0)).isZero();
        }
    }

    /** A batch of {@code rows}: the synchronous gradient reads only the row numbers and the index. */
    private static Batch batchOf(Dataset data, int... rows) {
        return new Batch(data.x(), data.y(), rows, 0);
    }

    /** Iris made imbalanced (50, 20 and 10 rows, sorted by class) with sample weights 0 to 3, in float64. */
    private static Dataset imbalancedIris() {
        Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT64);
        Dataset rows = iris.subset(IntStream.concat(IntStream.range(0, 70), IntStream.range(100, 110)).toArray());
        return rows.withWeights(Tensor.of(IntStream.range(0, rows.size()).mapToDouble(i -> (i * 7) % 4).toArray(),
                rows.size()));
    }

    /** A trained model and its history. */
    private record Trained(Sequential model, History history) {
        Params params() {
            return model.params();
        }
    }

    /**
     * An MLP with {@code hidden} units of 8 on {@code rows} (three classes), trained with balanced class weights on top
     * of the rows' own weights, from seed 7.
     */
    private static Trained fitWeighted(Dataset rows, Activation hidden, String optimizer,
                                       Function<FitOptions.Builder, FitOptions.Builder> options, Engine engine) {
        Sequential m = new Sequential(Dense.of(8, hidden), Dense.of(3)).dtype(rows.dtype()).standardize();
        m.compile(Optimizers.parse(optimizer), Loss.ce());
        History h = m.fit(rows, options.apply(FitOptions.builder().seed(7).classWeights(ClassWeights.balanced())
                .engine(engine)).build());
        return new Trained(m, h);
    }

    /** Wine (classes of 59, 71 and 48 rows) in float32, where local training's ReLU MLP runs on the fused kernels. */
    private static Dataset wine32() {
        return BuiltinDatasets.load("wine", DType.FLOAT32);
    }

    private static void assertParamsClose(Params actual, Params expected, double relTol) {
        assertThat(actual.names()).isEqualTo(expected.names());
        expected.asMap().forEach((name, t) -> assertClose(actual.get(name), t, relTol, 1e-3));
    }

    /**
     * Sample weights times balanced class weights (counted on the training rows after the validation split, on the
     * driver, as local training counts them), with a penalty: the weights, every epoch's weighted loss and the weighted
     * validation loss follow local training's to a sum's rounding.
     */
    @Test
    void syncFollowsLocalWeightedTrainingWithClassWeightsAndValidation() {
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(16).epochs(4).validationSplit(0.25);
        Trained local = fitWeighted(imbalancedIris(), Activation.TANH, "adam(lr=0.01)", options, Engine.LOCAL);
        Trained spark = fitWeighted(imbalancedIris(), Activation.TANH, "adam(lr=0.01)", options,
                SparkEngine.sync(SharedSpark.context(), 3));

        assertParamsClose(spark.params(), local.params(), 1e-9);
        for (String metric : List.of("loss", "val_loss")) {
            for (int e = 0; e < 4; e++) {
                assertClose(spark.history().metric(metric)[e], local.history().metric(metric)[e], 1e-9, 0,
                        metric + ", epoch " + (e + 1));
            }
        }
        assertThat(spark.history().metric("val_accuracy")).containsExactly(local.history().metric("val_accuracy"));
        assertThat(spark.history().metric("loss")[3]).isLessThan(spark.history().metric("loss")[0]);
    }

    /** In float32 the partitions' weighted sums come from the fused kernels, as local training's batches do. */
    @Test
    void syncInFloat32FollowsLocalWeightedTrainingOnTheFusedKernels() {
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(16).epochs(4);
        Trained local = fitWeighted(wine32(), Activation.RELU, "adam(lr=0.01)", options, Engine.LOCAL);
        Trained spark = fitWeighted(wine32(), Activation.RELU, "adam(lr=0.01)", options,
                SparkEngine.sync(SharedSpark.context(), 3));
        Trained tape = fitWeighted(wine32(), Activation.RELU, "adam(lr=0.01)", options, Engine.TAPE);

        assertParamsClose(spark.params(), local.params(), 1e-4);
        assertThat(local.params().bitEquals(tape.params())).as("the fused kernels ran").isFalse();
    }

    /** One partition averages one partition: local weighted training bit for bit, on the fused kernels. */
    @Test
    void averagingWithOnePartitionIsLocalWeightedTrainingBitForBit() {
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(16).epochs(3);
        Trained local = fitWeighted(wine32(), Activation.RELU, "adam(lr=0.01)", options, Engine.LOCAL);
        Trained spark = fitWeighted(wine32(), Activation.RELU, "adam(lr=0.01)", options,
                SparkEngine.averaging(SharedSpark.context(), 1, 2));

        assertThat(spark.params().bitEquals(local.params())).isTrue();
        assertThat(spark.model().state().optimizerState().bitEquals(local.model().state().optimizerState())).isTrue();
    }

    /**
     * Averaging weighs each partition's parameters and momentum by its weight sum, so one local step of SGD with
     * momentum per round is the synchronous step: Σ_p (W_p/W)·(θ − η·(μ·v + g_p)) = θ − η·(μ·v + Σ_p W_p·g_p/W), and
     * the momentum buffers average the same way. Iris sorted by class in three partitions puts setosa alone in the
     * first: a plain mean of the partitions would undo the class weights' balance.
     */
    @Test
    void averagingOneLocalSgdStepWithWeightsIsTheSynchronousStep() {
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(16).epochs(3);
        Trained sync = fitWeighted(imbalancedIris(), Activation.TANH, "sgd(lr=0.1, momentum=0.9)", options,
                SparkEngine.sync(SharedSpark.context(), 3));
        Trained averaged = fitWeighted(imbalancedIris(), Activation.TANH, "sgd(lr=0.1, momentum=0.9)", options,
                SparkEngine.averaging(SharedSpark.context(), 3, 1));

        assertParamsClose(averaged.params(), sync.params(), 1e-9);
        assertClose(averaged.history().metric("loss")[2], sync.history().metric("loss")[2], 1e-9, 0, "last epoch's loss");
    }

    /**
     * Several local steps on four partitions: deterministic for a seed, and the averaged model's weighted loss on the
     * weighted rows ends close to local weighted training's.
     */
    @Test
    void averagingWithWeightsConvergesCloseToLocalTrainingAndIsDeterministic() {
        Dataset wine = BuiltinDatasets.load("wine", DType.FLOAT64);
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(16).epochs(20);
        Trained local = fitWeighted(wine, Activation.TANH, "adam(lr=0.01)", options, Engine.LOCAL);
        Trained first = fitWeighted(wine, Activation.TANH, "adam(lr=0.01)", options,
                SparkEngine.averaging(SharedSpark.context(), 4, 4));
        Trained second = fitWeighted(wine, Activation.TANH, "adam(lr=0.01)", options,
                SparkEngine.averaging(SharedSpark.context(), 4, 4));

        Dataset weighted = wine.withClassWeights(ClassWeights.balanced().resolve(wine));
        double localLoss = local.model().evaluate(weighted).get("loss");
        double averagedLoss = first.model().evaluate(weighted).get("loss");
        assertThat(averagedLoss).isLessThan(0.1 * first.history().metric("loss")[0]).isCloseTo(localLoss, within(0.05));
        assertThat(second.params().bitEquals(first.params())).isTrue();
    }
}
