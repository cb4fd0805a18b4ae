package dev.descent.tensor;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * How fast this machine streams memory into the cores: a plain Vector API sum over an 80 MB float array (W3's data
 * size, far past the caches), on one thread or halved over {@link Parallel}'s two. This is the ceiling for W3a, which
 * reads the same 80 MB once per iteration; the {@code gbPerS} secondary score is GB/s directly.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class MemoryReadBenchmark {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    @Param({"1", "2"})
    public int threads;

    private final float[] data = new float[20_000_000];
    private final float[] partial = new float[2];
    private final Parallel.RangeTask half = this::sumHalf;

    /** Bytes read, reported per second: GB/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public double gbPerS;
    }

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        java.util.Arrays.fill(data, 1f);
    }

    private void sumHalf(int from, int to) {
        partial[from == 0 ? 0 : 1] = sum(from, to);
    }

    /** Four independent accumulators, so the adds never wait on each other and only the loads limit. */
    private float sum(int from, int to) {
        int l = FS.length();
        FloatVector a = FloatVector.zero(FS);
        FloatVector b = a;
        FloatVector c = a;
        FloatVector d = a;
        int i = from;
        for (; i + 4 * l <= to; i += 4 * l) {
            a = a.add(FloatVector.fromArray(FS, data, i));
            b = b.add(FloatVector.fromArray(FS, data, i + l));
            c = c.add(FloatVector.fromArray(FS, data, i + 2 * l));
            d = d.add(FloatVector.fromArray(FS, data, i + 3 * l));
        }
        float s = a.add(b).add(c.add(d)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            s += data[i];
        }
        return s;
    }

    @Benchmark
    public float read(Bytes bytes) {
        Parallel.forRange(data.length, data.length / 2, half);
        bytes.gbPerS += data.length * 4.0 / 1e9;
        return partial[0] + partial[1];
    }
}
