package dev.descent.tensor;

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
 * One {@link Parallel#forRange} hand-off with (almost) no work in it: {@code chunks} chunks of one index each, as a
 * mini-batch's two halves are handed to the pool. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is what the hand-off itself allocates (0 when it runs on the caller, with one thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ParallelBenchmark {

    @Param({"1", "2"})
    public int threads;

    @Param({"2"})
    public int chunks;

    private final long[] touched = new long[64];
    private final Parallel.RangeTask task = this::touch;

    private void touch(int from, int to) {
        for (int i = from; i < to; i++) {
            touched[(i & 7) * 8]++;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
    }

    @Benchmark
    public long forRange() {
        Parallel.forRange(chunks, 1, task);
        return touched[0];
    }
}
