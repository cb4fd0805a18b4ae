package dev.descent.train.fast;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.VectorMask;
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
 * One thread's share of a shuffled mini-batch of the linear kernels, and the MLP's bias-gradient sums (benchmarks
 * README, "Ninth pass"). {@code gather} copies 512 shuffled rows of a data set of W3b's (1M x 20) or W1's
 * (200K x 100) shape; {@code gatherAndFused} adds the 16-row kernels' pass over the copy (linear MSE), as
 * {@link LinearBackprop} runs a chunk; each call takes the next 512 rows of one random order, so the rows come from
 * memory as in training. {@code columnSums} sums W2's three layers' output gradients (128 rows of 256, 128 and 10).
 * Per call; divide by 512 for a row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class RowKernelsBenchmark {

    private static final int CHUNK = 512;

    @Param({"20", "100"})
    public int features;

    private int n;
    private float[] x;
    private float[] y;
    private int[] order;
    private int base;
    private float[] xg;
    private float[] yg;
    private float[] w;
    private float[] g;
    private float[] z;
    private float[] bias;
    private float[] scratch;
    private VectorMask<Float> tail;
    private final float[][] deltas = new float[3][];
    private final float[][] sums = new float[3][];
    private static final int[] WIDTHS = {256, 128, 10};

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        n = features == 20 ? 1_000_000 : 200_000;
        x = new float[n * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) r.nextDouble();
        }
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int padded = (features + LinearKernels.FL - 1) / LinearKernels.FL * LinearKernels.FL;
        xg = new float[CHUNK * features];
        yg = new float[CHUNK];
        w = new float[padded];
        for (int j = 0; j < features; j++) {
            w[j] = 0.01f * j;
        }
        g = new float[padded];
        z = new float[CHUNK];
        bias = new float[1];
        scratch = new float[LinearKernels.SCRATCH + 16 * features];
        tail = LinearKernels.tailMask(features);
        for (int l = 0; l < WIDTHS.length; l++) {
            deltas[l] = new float[128 * WIDTHS[l]];
            for (int i = 0; i < deltas[l].length; i++) {
                deltas[l][i] = (float) r.nextDouble(-1, 1);
            }
            sums[l] = new float[WIDTHS[l]];
        }
    }

    private void nextChunk() {
        base = base + 2 * CHUNK <= n ? base + CHUNK : 0;
        LinearKernels.gather(x, y, features, order, base, 0, CHUNK, xg, yg);
    }

    @Benchmark
    public float gather() {
        nextChunk();
        return xg[CHUNK * features - 1] + yg[CHUNK - 1];
    }

    @Benchmark
    public double gatherAndFused() {
        nextChunk();
        return LinearKernels.fused(xg, yg, null, features, 0, CHUNK, w, 0.1f, tail, false, 1f / CHUNK, z, g, bias, 0,
                scratch);
    }

    @Benchmark
    public float columnSums() {
        float s = 0;
        for (int l = 0; l < WIDTHS.length; l++) {
            MlpKernels.columnSums(deltas[l], 128, WIDTHS[l], sums[l]);
            s += sums[l][0];
        }
        return s;
    }
}
