package dev.descent.spark;

import dev.descent.data.BatchSize;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.model.Sequential;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizers;
import dev.descent.optim.schedule.Schedules;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.train.Engine;
import dev.descent.train.FitOptions;
import dev.descent.train.ScheduleUnit;
import dev.descent.train.callback.History;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.descent.testkit.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training on Spark's partitions against training in memory, on embedded real data sets (iris, wine), in
 * float64: the synchronous engine follows local training to the rounding of a sum; model averaging with one
 * partition is local training bit for bit, and with several it converges close to it, deterministically.
 */
@Tag("spark")
class SparkTrainingTest {

    /** A trained model and its history. */
    private record Trained(Sequential model, History history) {
        Params params() {
            return model.params();
        }

        double firstLoss() {
            return history.metric("loss")[0];
        }

        double lastLoss() {
            double[] losses = history.metric("loss");
            return losses[losses.length - 1];
        }
    }

    private static Trained train(String data, Sequential model, String optimizer, Function<FitOptions.Builder, FitOptions.Builder> options,
                                 Engine engine) {
        return train(data, DType.FLOAT64, model, optimizer, options, engine);
    }

    private static Trained train(String data, DType dtype, Sequential model, String optimizer,
                                 Function<FitOptions.Builder, FitOptions.Builder> options, Engine engine) {
        return train(data, dtype, model, Loss.ce(), optimizer, options, engine);
    }

    private static Trained train(String data, DType dtype, Sequential model, Loss loss, String optimizer,
                                 Function<FitOptions.Builder, FitOptions.Builder> options, Engine engine) {
        Dataset rows = BuiltinDatasets.load(data, dtype);
        model.dtype(dtype).standardize();
        model.compile(Optimizers.parse(optimizer), loss);
        History h = model.fit(rows, options.apply(FitOptions.builder().seed(7).engine(engine)).build());
        return new Trained(model, h);
    }

    private static Sequential mlp(int classes) {
        return new Sequential(Dense.of(8, Activation.TANH), Dense.of(classes));
    }

    /** A float32 ReLU MLP on iris, which local training runs on the fused kernels. */
    private static Trained reluIris(Function<FitOptions.Builder, FitOptions.Builder> options, Engine engine) {
        return train("iris", DType.FLOAT32, new Sequential(Dense.of(8, Activation.RELU), Dense.of(3)), "adam(lr=0.01)",
                options, engine);
    }

    private static void assertParamsClose(Params actual, Params expected, double relTol) {
        assertThat(actual.names()).isEqualTo(expected.names());
        expected.asMap().forEach((name, t) -> assertClose(actual.get(name), t, relTol, 1e-3));
    }

    @Test
    void syncFollowsLocalTrainingOnIris() {
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(16).epochs(5);
        Trained local = train("iris", mlp(3), "adam(lr=0.01)", options, Engine.LOCAL);
        Trained spark = train("iris", mlp(3), "adam(lr=0.01)", options, SparkEngine.sync(SharedSpark.context(), 3));

        assertParamsClose(spark.params(), local.params(), 1e-9);
        assertThat(spark.history().steps()).hasSameSizeAs(local.history().steps());
        assertClose(spark.lastLoss(), local.lastLoss(), 1e-9, 1e-3, "last epoch's loss");
        assertClose(spark.history().last().get("accuracy"), local.history().last().get("accuracy"), 0, 1, "accuracy");
        assertThat(spark.lastLoss()).isLessThan(spark.firstLoss());
    }

    @Test
    void syncFollowsLocalTrainingWithPenaltyClippingAndScheduleOnWine() {
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(32).epochs(4).clipNorm(0.5)
                .clipNormPerTensor(0.2)
                .schedule(Schedules.parse("step(step_size=2, gamma=0.5)"), ScheduleUnit.EPOCH);
        Trained local = train("wine", mlp(3).penalty(new L2(1e-3)), "sgd(lr=0.1, momentum=0.9)", options, Engine.LOCAL);
        Trained spark = train("wine", mlp(3).penalty(new L2(1e-3)), "sgd(lr=0.1, momentum=0.9)", options,
                SparkEngine.sync(SharedSpark.context(), 4));

        assertParamsClose(spark.params(), local.params(), 1e-9);
        assertThat(spark.lastLoss()).isLessThan(spark.firstLoss());
        assertClipsSomeTensor(local, 0.2);
    }

    /** Some tensor's gradient norm (before clipping) averaged more than {@code clip} over the first epoch. */
    private static void assertClipsSomeTensor(Trained run, double clip) {
        assertThat(run.history().epochs().getFirst().gradientNorms().values()).as("the per-tensor clip engages")
                .anyMatch(norm -> norm > clip);
    }

    /** In float32 the partitions sum the fused kernels' gradients, as local training takes them. */
    @Test
    void syncInFloat32FollowsLocalTrainingOnTheFusedKernels() {
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(16).epochs(5);
        Trained local = reluIris(options, Engine.LOCAL);
        Trained spark = reluIris(options, SparkEngine.sync(SharedSpark.context(), 3));

        assertParamsClose(spark.params(), local.params(), 1e-4);
        assertThat(spark.lastLoss()).isLessThan(spark.firstLoss());
    }

    /** A float32 ReLU MLP trains on the fused kernels locally, and so does each partition's local step. */
    @Test
    void averagingWithOnePartitionIsLocalTrainingBitForBitOnTheFusedKernelsToo() {
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(16).epochs(3);
        Trained local = reluIris(options, Engine.LOCAL);
        Trained spark = reluIris(options, SparkEngine.averaging(SharedSpark.context(), 1, 3));
        Trained tape = reluIris(options, Engine.TAPE);

        assertThat(spark.params().bitEquals(local.params())).isTrue();
        assertThat(local.params().bitEquals(tape.params())).as("the fused kernels ran").isFalse();
    }

    /** A full batch in file order: local training and the one partition both read it as a whole data set. */
    @Test
    void averagingWithOnePartitionIsLocalTrainingBitForBitForFullBatchLogisticRegression() {
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(BatchSize.full()).epochs(4);
        Trained local = train("breast_cancer", DType.FLOAT32, new Sequential(Dense.of(1)), Loss.bce(), "sgd(lr=0.5)",
                options, Engine.LOCAL);
        Trained spark = train("breast_cancer", DType.FLOAT32, new Sequential(Dense.of(1)), Loss.bce(), "sgd(lr=0.5)",
                options, SparkEngine.averaging(SharedSpark.context(), 1, 1));

        assertThat(spark.params().bitEquals(local.params())).isTrue();
        assertThat(spark.lastLoss()).isLessThan(spark.firstLoss());
    }

    @Test
    void averagingWithOnePartitionIsLocalTrainingBitForBit() {
        // each partition's local step clips as local training's does (the recipe carries the thresholds)
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(16).epochs(3).clipNormPerTensor(0.2);
        Trained local = train("iris", mlp(3), "adam(lr=0.01)", options, Engine.LOCAL);
        Trained spark = train("iris", mlp(3), "adam(lr=0.01)", options, SparkEngine.averaging(SharedSpark.context(), 1, 3));

        assertThat(spark.params().bitEquals(local.params())).isTrue();
        assertThat(spark.model().state().optimizerState().bitEquals(local.model().state().optimizerState())).isTrue();
        // one update per round of three batches: 150 rows in 10 batches make 4 rounds an epoch
        assertThat(spark.history().steps()).hasSize(3 * 4);
        assertClipsSomeTensor(local, 0.2);
    }

    @Test
    void averagingConvergesCloseToLocalTrainingAndIsDeterministic() {
        Function<FitOptions.Builder, FitOptions.Builder> options = b -> b.batchSize(16).epochs(20);
        Trained local = train("wine", mlp(3), "adam(lr=0.01)", options, Engine.LOCAL);
        Trained first = train("wine", mlp(3), "adam(lr=0.01)", options, SparkEngine.averaging(SharedSpark.context(), 4, 4));
        Trained second = train("wine", mlp(3), "adam(lr=0.01)", options, SparkEngine.averaging(SharedSpark.context(), 4, 4));

        Dataset wine = BuiltinDatasets.load("wine", DType.FLOAT64);
        double localLoss = local.model().evaluate(wine).get("loss");
        double averagedLoss = first.model().evaluate(wine).get("loss");
        assertThat(averagedLoss).isLessThan(0.1 * first.firstLoss()).isCloseTo(localLoss, org.assertj.core.data.Offset.offset(0.05));
        assertThat(first.model().evaluate(wine).get("accuracy")).isGreaterThanOrEqualTo(0.97);
        assertThat(second.params().bitEquals(first.params())).isTrue();
    }
}
