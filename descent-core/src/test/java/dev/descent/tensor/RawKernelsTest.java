package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawKernelsTest {

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /**
     * The epilogue sees every element exactly once and gives the bits of the product followed by the same work, with
     * the column split (A of up to 1M values, several threads) and the row split (one thread, or 1100x1000) alike.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} threads={5}")
    @CsvSource({"128, 784, 256, false, false, 2", "128, 784, 256, false, false, 1", "784, 128, 256, true, false, 2",
            "128, 128, 256, false, true, 2", "7, 5, 3, false, false, 2", "1000, 300, 70, false, false, 3",
            "130, 300, 250, false, false, 3", "1000, 300, 70, true, true, 2", "1100, 1000, 70, false, false, 2",
            "1100, 1000, 70, true, false, 3"})
    void anEpilogueRunsOnceOnEveryRowAndMatchesTheUnfusedResult(int m, int k, int n, boolean transA, boolean transB,
                                                                int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            float[] a = random(m * k, 1);
            float[] b = random(k * n, 2);
            float[] bias = random(n, 3);
            float[] expected = new float[m * n];
            RawKernels.matmul(a, b, expected, m, k, n, transA, transB);
            for (int i = 0; i < m * n; i++) {
                expected[i] = Math.max(expected[i] + bias[i % n], 0f);
            }
            float[] actual = new float[m * n];
            AtomicIntegerArray seen = new AtomicIntegerArray(m * n);
            RawKernels.matmul(a, b, actual, m, k, n, transA, transB, (c, r0, r1, j0, j1) -> {
                for (int r = r0; r < r1; r++) {
                    for (int j = j0; j < j1; j++) {
                        seen.incrementAndGet(r * n + j);
                        c[r * n + j] = Math.max(c[r * n + j] + bias[j], 0f);
                    }
                }
            });
            for (int i = 0; i < m * n; i++) {
                assertThat(seen.get(i)).as("row %d column %d", i / n, i % n).isEqualTo(1);
            }
            assertThat(actual).containsExactly(expected);
        } finally {
            Parallel.setThreads(before);
        }
    }

    /**
     * An epilogue that multiplies again must not disturb the product it belongs to (shared per-thread buffers): 256 x
     * 300 x 96 splits its columns on two threads, and the second chunk runs after the first one's epilogue; 784 x 128 x
     * 256 with A transposed splits its rows, each thread packing all of B once for its first chunk, so a thread whose
     * epilogue packed the inner product's B into that buffer must pack the outer one's again. The calling thread's
     * first epilogue pauses, so that the other thread runs several chunks.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} threads={4}")
    @CsvSource({"256, 300, 96, false, 1", "256, 300, 96, false, 2", "784, 128, 256, true, 1", "784, 128, 256, true, 2"})
    void anEpilogueMayItselfMultiply(int m, int k, int n, boolean transA, int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            float[] a = random(m * k, 4);
            float[] b = random(k * n, 5);
            float[] expected = new float[m * n];
            RawKernels.matmul(a, b, expected, m, k, n, transA, false);
            float[] small = random(8 * 40, 6);
            float[] smallB = random(40 * 24, 7);
            float[] smallExpected = new float[8 * 24];
            RawKernels.matmul(small, smallB, smallExpected, 8, 40, 24, false, false);
            float[] actual = new float[m * n];
            Thread caller = Thread.currentThread();
            AtomicBoolean paused = new AtomicBoolean();
            RawKernels.matmul(a, b, actual, m, k, n, transA, false, (c, r0, r1, j0, j1) -> {
                if (Thread.currentThread() == caller && threads > 1 && !paused.getAndSet(true)) {
                    LockSupport.parkNanos(50_000_000L);
                }
                float[] inner = new float[8 * 24];
                RawKernels.matmul(small, smallB, inner, 8, 40, 24, false, false);
                assertThat(inner).containsExactly(smallExpected);
            });
            assertThat(actual).containsExactly(expected);
        } finally {
            Parallel.setThreads(before);
        }
    }
}
