package dev.descent.optim;

import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Stack;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
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
 * One {@link Optimizer#step} alone, on the parameter shapes of W1 ({@code [100, 1]} and {@code [1]}) or W2 (the
 * six tensors of the MLP 784-256-128-10), with the same params and grads objects every step as the fused paths
 * pass them. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is what the optimizer itself allocates per step.
 * {@code sgd-momentum} is W2's {@code Sgd(0.01, 0.9)}; every other value is the catalog's example spec of that
 * optimizer (e.g. {@code adam} with its defaults).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OptimizerStepBenchmark {

    @Param({"W1", "W2"})
    public String shapes;

    @Param({"adam", "sgd-momentum", "sgd", "adamw", "nesterov", "momentum", "adagrad", "adadelta", "adamax", "nadam",
            "radam", "rmsprop"})
    public String optimizer;

    private Optimizer opt;
    private Params params;
    private Params grads;
    private OptimizerState state;

    @Setup(Level.Trial)
    public void setUp() {
        if (shapes.equals("W1")) {
            params = Params.builder().put("dense_0/kernel", Tensor.zeros(new Shape(100, 1), DType.FLOAT32))
                    .put("dense_0/bias", Tensor.zeros(new Shape(1), DType.FLOAT32)).build();
        } else {
            Stack stack = Stack.of(Dense.of(256, Activation.RELU).withName("dense_0"),
                    Dense.of(128, Activation.RELU).withName("dense_1"), Dense.of(10).withName("dense_2"));
            params = stack.init(784, DType.FLOAT32, Rng.seeded(0).fork("init"));
        }
        grads = params.zerosLike();
        for (Tensor g : grads.asMap().values()) {
            for (int i = 0; i < g.size(); i++) {
                g.set(i, 1e-3 * ((i % 7) - 3));
            }
        }
        opt = optimizer.equals("sgd-momentum") ? new Sgd(0.01, 0.9, 0, false, 0)
                : Optimizers.parse(Optimizers.entry(optimizer).example());
        state = opt.init(params);
    }

    @Benchmark
    public long step() {
        opt.step(params, grads, state);
        return state.step();
    }
}
