package dev.descent.spark;

import dev.descent.data.Dataset;
import dev.descent.data.Task;
import dev.descent.model.Sequential;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.FitOptions;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.Partition;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training rows go to the executors once per run: the partition objects that every task of every step
 * serializes carry an index, not rows (40,000 x 50 float64 rows in 4 partitions would be about 4 MB a task), the
 * shards are cached for the run and released when it ends, and a run of several steps on such data makes Spark
 * warn about no large task.
 */
@Tag("spark")
class CachedShardsTest {

    /** Spark's warning threshold for a serialized task ({@code TaskSetManager.TASK_SIZE_TO_WARN_KIB}), in bytes. */
    private static final int SPARK_TASK_WARN_BYTES = 1000 * 1024;

    private static final int ROWS = 40_000;
    private static final int FEATURES = 50;

    /** Random regression rows: 40,000 x 50 float64, 16 MB of features. */
    private static Dataset large(DType dtype) {
        Rng rng = Rng.seeded(11);
        double[] x = new double[ROWS * FEATURES];
        double[] y = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            double sum = 0;
            for (int f = 0; f < FEATURES; f++) {
                double v = rng.nextGaussian();
                x[r * FEATURES + f] = v;
                sum += (f % 3 - 1) * v;
            }
            y[r] = sum / FEATURES + 0.1 * rng.nextGaussian();
        }
        List<String> names = IntStream.range(0, FEATURES).mapToObj(f -> "f" + f).toList();
        Dataset data = new Dataset(Tensor.of(x, ROWS, FEATURES), Tensor.of(y, ROWS), names, "y", Task.REGRESSION,
                List.of(), "random");
        return dtype == DType.FLOAT64 ? data : data.to(dtype);
    }

    private static List<Integer> serializedSizes(JavaSparkContext context, Partition[] partitions) {
        SerializerInstance serializer = new JavaSerializer(context.getConf()).newInstance();
        List<Integer> sizes = new ArrayList<>();
        for (Partition p : partitions) {
            sizes.add(serializer.serialize(p, ClassTag$.MODULE$.apply(Partition.class)).remaining());
        }
        return sizes;
    }

    private static int serializedSize(JavaSparkContext context, Object o) {
        return new JavaSerializer(context.getConf()).newInstance().serialize(o, ClassTag$.MODULE$.apply(Object.class)).remaining();
    }

    @Test
    void aStepsTasksCarryAPartitionIndexNotTheRows() {
        JavaSparkContext context = SharedSpark.context();
        Dataset data = large(DType.FLOAT64);

        // what the engine did before: the shards parallelized themselves, so each partition object holds ~4 MB
        List<Integer> parallelizedShards = serializedSizes(context,
                context.parallelize(Arrays.asList(Shard.split(data, 4)), 4).rdd().partitions());
        assertThat(parallelizedShards).allSatisfy(size -> assertThat(size).isGreaterThan(SPARK_TASK_WARN_BYTES));

        CachedShards shipped = CachedShards.ship(context, data, 4);
        try {
            // a step maps the cached shards: its tasks serialize these partitions, and its stage's binary this RDD
            JavaRDD<Integer> step = shipped.rdd().map(Shard::rows);
            assertThat(serializedSizes(context, step.rdd().partitions())).hasSize(4)
                    .allSatisfy(size -> assertThat(size).isLessThan(2 * 1024));
            assertThat(serializedSize(context, step.rdd())).isLessThan(16 * 1024);

            assertThat(step.collect()).containsExactly(10_000, 10_000, 10_000, 10_000);
            assertThat(shipped.rdd().map(Shard::firstRow).collect()).containsExactly(0, 10_000, 20_000, 30_000);
            assertThat(Arrays.stream(context.sc().getRDDStorageInfo()).filter(i -> i.id() == shipped.rdd().id()))
                    .singleElement().satisfies(info -> assertThat(info.numCachedPartitions()).isEqualTo(4));
        } finally {
            shipped.close();
        }
        assertThat(context.getPersistentRDDs()).doesNotContainKey(shipped.rdd().id());
        shipped.close();
    }

    @Test
    void float32RowsStayFloat32OnTheExecutors() {
        JavaSparkContext context = SharedSpark.context();
        Dataset data = large(DType.FLOAT32);
        try (CachedShards shipped = CachedShards.ship(context, data, 4)) {
            List<String> types = shipped.rdd().map(s -> s.dtype() + ":" + (s.x().f() != null) + ":" + (s.x().d() == null)).collect();
            assertThat(types).containsOnly("float32:true:true");
            // half of the float64 partition's size: 10,000 x 51 floats
            assertThat(serializedSizes(context, context.parallelize(Arrays.asList(Shard.split(data, 4)), 4).rdd().partitions()))
                    .allSatisfy(size -> assertThat(size).isBetween(10_000 * 51 * 4, 10_000 * 51 * 4 + 4096));
        }
    }

    @Test
    void syncStepsOnLargeDataMakeSparkWarnAboutNoLargeTask() {
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        AbstractAppender capture = new AbstractAppender("large-task-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String message = event.getMessage().getFormattedMessage();
                if (message.contains("very large size") || message.contains("large task binary")) {
                    warnings.add(message);
                }
            }
        };
        capture.start();
        Logger taskSets = (Logger) LogManager.getLogger("org.apache.spark.scheduler.TaskSetManager");
        Logger dag = (Logger) LogManager.getLogger("org.apache.spark.scheduler.DAGScheduler");
        taskSets.addAppender(capture);
        dag.addAppender(capture);
        try {
            Sequential model = new Sequential(Dense.of(8, Activation.TANH), Dense.of(1));
            model.dtype(DType.FLOAT64);
            model.compile(Optimizers.parse("adam(lr=0.01)"), Loss.mse());
            // 40,000 rows in batches of 4,000: ten synchronous steps, each a Spark job of four tasks
            var history = model.fit(large(DType.FLOAT64), FitOptions.builder().seed(3).batchSize(4_000).epochs(1)
                    .engine(SparkEngine.sync(SharedSpark.context(), 4)).build());
            assertThat(history.steps()).hasSize(10);
        } finally {
            taskSets.removeAppender(capture);
            dag.removeAppender(capture);
            capture.stop();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void weightsReachTheExecutorsWithTheirRows() {
        Dataset rows = large(DType.FLOAT64).subset(new int[] {0, 1, 2, 3, 4, 5}).withWeights(Tensor.vector(1, 2, 0, 3, 4, 5));
        try (CachedShards shipped = CachedShards.ship(SharedSpark.context(), rows, 2)) {
            assertThat(shipped.rdd().map(s -> Arrays.toString(s.weights().d())).collect())
                    .containsExactly("[1.0, 2.0, 0.0]", "[3.0, 4.0, 5.0]");
        }
    }
}
