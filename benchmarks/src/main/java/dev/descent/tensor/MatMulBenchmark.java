package dev.descent.tensor;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matrix multiply throughput of the kernels, {@code C[m,n] = op(A) op(B)}.
 *
 * <p>The primary score is products per second. The {@code gflops} secondary score is GFLOP/s directly
 * ({@code 2 m k n} flops per product); equivalently GFLOP/s = ops/s x 2mkn / 1e9.
 *
 * <p>Shapes are {@code MxKxN}, with {@code :tA} / {@code :tB} when A is stored {@code [k,m]} / B {@code [n,k]}:
 * 1024^3, the training forward {@code 128x784x256} and {@code 128x256x128}, and the weight gradient
 * {@code 784x128x256:tA} (Xᵀ·dY). Run with {@code --add-modules jdk.incubator.vector}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MatMulBenchmark {

    @Param({"1024x1024x1024", "128x784x256", "128x256x128", "784x128x256:tA"})
    public String shape;

    @Param({"vector", "scalar"})
    public String impl;

    @Param({"float32"})
    public String dtype;

    @Param({"1", "2"})
    public int threads;

    private Kernels kernels;
    private int m;
    private int k;
    private int n;
    private boolean transA;
    private boolean transB;
    private float[] af;
    private float[] bf;
    private float[] cf;
    private double[] ad;
    private double[] bd;
    private double[] cd;
    private double gflopPerProduct;

    /** Per-iteration counter: JMH divides it by the iteration time, giving GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        /** Accumulated GFLOP; reported per second. */
        public double gflops;

        @Setup(Level.Iteration)
        public void reset() {
            gflops = 0;
        }
    }

    @Setup
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[0].split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        transA = parts.length > 1 && parts[1].contains("tA");
        transB = parts.length > 1 && parts[1].contains("tB");
        gflopPerProduct = 2.0 * m * k * n / 1e9;
        kernels = switch (impl) {
            case "vector" -> VectorKernels.INSTANCE;
            case "scalar" -> ScalarKernels.INSTANCE;
            default -> throw new IllegalArgumentException("impl: " + impl);
        };
        Parallel.setThreads(threads);
        Random rnd = new Random(42);
        if (dtype.equals("float32")) {
            af = new float[m * k];
            bf = new float[k * n];
            cf = new float[m * n];
            for (int i = 0; i < af.length; i++) {
                af[i] = (float) rnd.nextGaussian();
            }
            for (int i = 0; i < bf.length; i++) {
                bf[i] = (float) rnd.nextGaussian();
            }
        } else {
            ad = rnd.doubles(m * k).toArray();
            bd = rnd.doubles(k * n).toArray();
            cd = new double[m * n];
        }
    }

    @Benchmark
    public Object matmul(Flops flops) {
        flops.gflops += gflopPerProduct;
        if (cf != null) {
            kernels.matmul(af, bf, cf, m, k, n, transA, transB);
            return cf;
        }
        kernels.matmul(ad, bd, cd, m, k, n, transA, transB);
        return cd;
    }
}
