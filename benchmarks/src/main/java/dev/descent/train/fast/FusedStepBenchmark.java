package dev.descent.train.fast;

import dev.descent.data.BatchSize;
import dev.descent.data.Dataset;
import dev.descent.data.Task;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Stack;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One fused training step of W1 (logistic regression, batch 256, Adam) or W2 (MLP 784-256-128-10, batch 128,
 * SGD momentum), on generated data of the workloads' shapes. Run with {@code -prof gc} to see the allocation
 * per step ({@code gc.alloc.rate.norm}, B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FusedStepBenchmark {

    @Param({"W1", "W2"})
    public String workload;

    @Param({"1", "2"})
    public int threads;

    private FastLinear linear;
    private FastMlp mlp;
    private int[] order;
    private int batch;
    private int from;
    private int n;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        SplittableRandom r = new SplittableRandom(1);
        if (workload.equals("W1")) {
            n = 200_000;
            int d = 100;
            Dataset data = dataset(r, n, d, Task.BINARY, List.of("0", "1"), 2);
            Params p = Params.builder().put("k", Tensor.zeros(new Shape(d, 1), DType.FLOAT32))
                    .put("b", Tensor.zeros(new Shape(1), DType.FLOAT32)).build();
            Optimizer adam = Adam.defaults();
            linear = new FastLinear(LinearBackprop.Objective.BCE, data, p, adam, adam.init(p), BatchSize.of(256), true, 0);
            batch = 256;
        } else {
            n = 60_000;
            int d = 784;
            List<String> classes = new ArrayList<>();
            for (int c = 0; c < 10; c++) {
                classes.add(Integer.toString(c));
            }
            Dataset data = dataset(r, n, d, Task.MULTICLASS, classes, 10);
            Stack stack = Stack.of(Dense.of(256, Activation.RELU).withName("dense_0"),
                    Dense.of(128, Activation.RELU).withName("dense_1"), Dense.of(10).withName("dense_2"));
            Params p = stack.init(d, DType.FLOAT32, Rng.seeded(0).fork("init"));
            Optimizer sgd = new Sgd(0.01, 0.9, 0, false, 0);
            mlp = new FastMlp(data, p, sgd, sgd.init(p), BatchSize.of(128), true, 0);
            batch = 128;
        }
        order = Rng.seeded(3).permutation(n);
    }

    private static Dataset dataset(SplittableRandom r, int n, int d, Task task, List<String> classes, int k) {
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(k);
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        return new Dataset(Tensor.wrap(x, new Shape(n, d)), Tensor.wrap(y, new Shape(n)), names, "y", task, classes, "bench");
    }

    @Benchmark
    public double step() {
        int f = from;
        from = f + 2 * batch > n ? 0 : f + batch;
        return linear != null ? linear.step(order, f, f + batch, 1e-3) : mlp.step(order, f, f + batch, 0.01);
    }
}
