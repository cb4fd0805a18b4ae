package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelTest {

    private int before;

    @BeforeEach
    void saveThreads() {
        before = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(before);
    }

    /** Counts how often each index is visited, and checks each chunk's bounds. */
    private static AtomicIntegerArray visit(int n, int grain) {
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        Parallel.forRange(n, grain, (from, to) -> {
            assertThat(from % grain).isZero();
            assertThat(to).isEqualTo(Math.min(n, from + grain));
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        });
        return seen;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8})
    void everyIndexRunsExactlyOnceInChunksOfTheGrain(int threads) {
        Parallel.setThreads(threads);
        for (int call = 0; call < 2_000; call++) { // back-to-back calls: the spinning hand-off path
            int n = 1 + call % 97;
            AtomicIntegerArray seen = visit(n, 1 + call % 7);
            for (int i = 0; i < n; i++) {
                assertThat(seen.get(i)).as("call %d index %d", call, i).isEqualTo(1);
            }
        }
    }

    @Test
    void anExceptionInAChunkReachesTheCallerAndThePoolKeepsWorking() {
        Parallel.setThreads(2);
        for (int round = 0; round < 50; round++) {
            int bad = round % 8;
            assertThatThrownBy(() -> Parallel.forRange(8, 1, (from, to) -> {
                if (from == bad) {
                    throw new IllegalArgumentException("chunk " + from);
                }
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("chunk " + bad);
            AtomicIntegerArray seen = visit(64, 4);
            for (int i = 0; i < 64; i++) {
                assertThat(seen.get(i)).isEqualTo(1);
            }
        }
    }

    @Test
    void severalFailingChunksReportTheLowestOneAfterAllChunksRan() {
        Parallel.setThreads(2);
        for (int round = 0; round < 50; round++) {
            AtomicIntegerArray ran = new AtomicIntegerArray(16);
            assertThatThrownBy(() -> Parallel.forRange(16, 1, (from, to) -> {
                ran.incrementAndGet(from);
                if (from % 5 == 3) { // chunks 3, 8 and 13 fail
                    throw new IllegalStateException("chunk " + from);
                }
            })).hasMessage("chunk 3");
            for (int c = 0; c < 16; c++) {
                assertThat(ran.get(c)).isEqualTo(1);
            }
        }
    }

    @Test
    void anErrorIsRethrownAsItIs() {
        Parallel.setThreads(2);
        assertThatThrownBy(() -> Parallel.forRange(4, 1, (from, to) -> {
            if (from == 2) {
                throw new AssertionError("chunk 2");
            }
        })).isInstanceOf(AssertionError.class).hasMessage("chunk 2");
    }

    @Test
    void rangesEndingNearTheLargestIntDoNotWrap() {
        Parallel.setThreads(2);
        int n = Integer.MAX_VALUE;
        int grain = 1 << 30; // chunks [0, 2^30), [2^30, 2^31 - 1): the second end would wrap in int arithmetic
        java.util.List<int[]> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(n, grain, (from, to) -> seen.add(new int[] {from, to}));
        seen.sort(java.util.Comparator.comparingInt(r -> r[0]));
        assertThat(seen).containsExactly(new int[] {0, 1 << 30}, new int[] {1 << 30, Integer.MAX_VALUE});
    }

    @Test
    void aNestedCallRunsInlineWithTheSameChunks() {
        Parallel.setThreads(2);
        AtomicIntegerArray seen = new AtomicIntegerArray(16 * 10);
        Parallel.forRange(16, 1, (outerFrom, outerTo) -> Parallel.forRange(10, 3, (from, to) -> {
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(outerFrom * 10 + i);
            }
        }));
        for (int i = 0; i < seen.length(); i++) {
            assertThat(seen.get(i)).isEqualTo(1);
        }
    }

    @Test
    void insideAChunkOnlyThatChunksThreadIsHere() {
        Parallel.setThreads(3);
        assertThat(Parallel.threadsHere()).isEqualTo(3);
        AtomicIntegerArray here = new AtomicIntegerArray(8);
        Parallel.forRange(8, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                here.set(i, Parallel.threadsHere());
            }
        });
        for (int i = 0; i < here.length(); i++) {
            assertThat(here.get(i)).as("chunk %d", i).isEqualTo(1);
        }
        assertThat(Parallel.threadsHere()).isEqualTo(3);
    }

    @Test
    void callersOnSeveralThreadsEachGetAllTheirChunks() throws InterruptedException {
        Parallel.setThreads(2);
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread caller = new Thread(() -> {
                try {
                    for (int call = 0; call < 500; call++) {
                        AtomicIntegerArray seen = visit(50, 3);
                        for (int i = 0; i < 50; i++) {
                            assertThat(seen.get(i)).isEqualTo(1);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aPoolThatWentIdleWakesUpForTheNextCall() throws InterruptedException {
        Parallel.setThreads(2);
        visit(10, 1);
        Thread.sleep(5 * Parallel.SPIN_NANOS / 1_000_000 + 5); // long past the spin: the worker has parked
        // the call can only finish in time once the parked worker woke up and took a chunk
        assertThat(callerWaitsForAWorker(30)).isTrue();
    }

    /**
     * A new pool's first call is published while its worker threads may not have started running yet; a worker that
     * took the generation it found on starting as already seen never joined that call (found as a 30 s hang of the
     * test above under load).
     */
    @Test
    void aNewPoolsWorkersJoinItsFirstCall() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            Parallel.setThreads(2 + round % 2); // a different count: a new pool
            assertThat(callerWaitsForAWorker(5)).as("round %d", round).isTrue();
        }
    }

    /** Runs a call whose chunks on the calling thread wait until a worker has run one; whether one did in time. */
    private static boolean callerWaitsForAWorker(int seconds) {
        java.util.concurrent.CountDownLatch workerRan = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        Parallel.forRange(10, 1, (from, to) -> {
            if (Thread.currentThread().getName().startsWith("descent-worker-")) {
                workerRan.countDown();
                return;
            }
            if (timedOut.get()) {
                return;
            }
            try {
                if (!workerRan.await(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
                    timedOut.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return !timedOut.get() && workerRan.getCount() == 0;
    }

    /**
     * The caller claims from the first chunk up and the worker from the last down, so on two threads each call splits
     * into a low run on the caller and a high run on the worker: the same data to the same core call after call.
     */
    @Test
    void onTwoThreadsTheCallerRunsTheLowChunksAndTheWorkerTheHighOnes() {
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        int chunks = 8;
        int callsWithTheWorker = 0;
        for (int call = 0; call < 500; call++) {
            boolean[] onCaller = new boolean[chunks];
            Parallel.forRange(chunks, 1, (from, to) -> {
                onCaller[from] = Thread.currentThread() == caller;
                long until = System.nanoTime() + 5_000; // long enough for the spinning worker to join
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
            int firstOnWorker = chunks;
            while (firstOnWorker > 0 && !onCaller[firstOnWorker - 1]) {
                firstOnWorker--;
            }
            for (int c = 0; c < firstOnWorker; c++) {
                assertThat(onCaller[c]).as("call %d chunk %d of %s", call, c, java.util.Arrays.toString(onCaller))
                        .isTrue();
            }
            if (firstOnWorker < chunks) {
                callsWithTheWorker++;
            }
        }
        assertThat(callsWithTheWorker).isPositive();
    }

    @Test
    void threadsMustBePositive() {
        assertThatThrownBy(() -> Parallel.setThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 1");
        assertThatThrownBy(() -> Parallel.forRange(4, 0, (from, to) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grain");
    }
}
