package dev.descent.train;

import dev.descent.data.Dataset;
import dev.descent.data.Task;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.BinaryCrossEntropy;
import dev.descent.nn.loss.CrossEntropy;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import dev.descent.train.callback.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The general path, {@link Trainer#fit} (what {@code Sequential.fit} runs, with autograd), on W1's model
 * (Dense(1), BCE, Adam, batch 256) and W2's (MLP 784-256-128-10, cross-entropy, SGD momentum 0.9, batch 128), for
 * comparison with {@code FusedStepBenchmark}. One invocation is one epoch of {@value #STEPS} steps over generated
 * data of the workload's shape, so a score is per step, with a {@value #STEPS}th of the per-fit work (batcher,
 * history, epoch metrics) included. Run with {@code -prof gc} for the allocation per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainerStepBenchmark {

    /** Steps per invocation (batches per epoch). */
    static final int STEPS = 32;

    @Param({"W1", "W2"})
    public String workload;

    @Param({"1", "2"})
    public int threads;

    private Trainer.Run run;
    private Params params;
    private OptimizerState optimizerState;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        SplittableRandom r = new SplittableRandom(1);
        Stack stack;
        Optimizer optimizer;
        Dataset data;
        int batch;
        int d;
        if (workload.equals("W1")) {
            batch = 256;
            d = 100;
            data = dataset(r, STEPS * batch, d, Task.BINARY, List.of("0", "1"));
            stack = Stack.of(Dense.of(1).withName("dense_0"));
            optimizer = Adam.defaults();
        } else {
            batch = 128;
            d = 784;
            List<String> classes = new ArrayList<>();
            for (int c = 0; c < 10; c++) {
                classes.add(Integer.toString(c));
            }
            data = dataset(r, STEPS * batch, d, Task.MULTICLASS, classes);
            stack = Stack.of(Dense.of(256, Activation.RELU).withName("dense_0"),
                    Dense.of(128, Activation.RELU).withName("dense_1"), Dense.of(10).withName("dense_2"));
            optimizer = new Sgd(0.01, 0.9, 0, false, 0);
        }
        params = stack.init(d, DType.FLOAT32, Rng.seeded(0).fork("init"));
        optimizerState = optimizer.init(params);
        FitOptions options = FitOptions.builder().epochs(1).batchSize(batch).shuffle(true).seed(0).build();
        run = new Trainer.Run(stack, optimizer, workload.equals("W1") ? new BinaryCrossEntropy() : new CrossEntropy(),
                Optional.empty(), data, null, options);
    }

    private static Dataset dataset(SplittableRandom r, int n, int d, Task task, List<String> classes) {
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes.size());
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return new Dataset(Tensor.wrap(x, new Shape(n, d)), Tensor.wrap(y, new Shape(n)), names, "y", task, classes, "bench");
    }

    /** One epoch of {@value #STEPS} steps, continuing from the params and optimizer state of the last one. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public TrainState epoch() {
        return Trainer.fit(run, TrainState.initial(params, optimizerState), new History());
    }
}
