package dev.descent.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed worker pool that kernels split their work over.
 *
 * <p><b>Determinism.</b> Work is cut into chunks whose boundaries depend only on the problem size and
 * the grain, never on the thread count, and every chunk writes its own disjoint part of the output.
 * Results are therefore bit-identical for 1 or N threads.
 *
 * <p>The pool has as many threads as {@link Runtime#availableProcessors()} unless the system property
 * {@code descent.threads} or {@link #setThreads(int)} says otherwise.
 */
public final class Parallel {

    /** A task over the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Spin-wait iterations the caller gives a helper before blocking on it (up to roughly 100 microseconds with
     * x86 PAUSE); only the caller's own core spins, and only once its own chunks are done.
     */
    private static final int SPIN_LIMIT = 5_000;

    private static volatile int threads = initialThreads();

    /**
     * Set while this thread runs chunks of a parallel {@link #forRange}: a nested call (a GEMM inside one shard of a
     * training step split over the pool) then runs its chunks on this thread instead of queueing behind the busy
     * workers. Chunk boundaries do not change, so neither do results.
     */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);
    private static volatile ExecutorService pool;

    private Parallel() {
    }

    private static int initialThreads() {
        String property = System.getProperty("descent.threads");
        if (property != null) {
            try {
                int n = Integer.parseInt(property.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the core count; the CLI validates its own --threads flag
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Number of threads kernels may use. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads kernels may use (the {@code --threads} flag). Results do not depend on it.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        if (n != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger count = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "descent-worker-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = Executors.newFixedThreadPool(threads, factory);
        }
        return pool;
    }

    /**
     * Runs {@code task} over {@code [0, n)} cut into chunks of {@code grain} indices (the last may be
     * shorter). Runs on the calling thread when there is one chunk or one thread.
     */
    public static void forRange(int n, int grain, RangeTask task) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        }
        int chunks = (n + grain - 1) / grain;
        if (chunks <= 1 || threads == 1 || INSIDE.get()[0]) {
            for (int from = 0; from < n; from += grain) {
                task.run(from, Math.min(n, from + grain));
            }
            return;
        }
        ExecutorService executor = pool();
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            boolean[] inside = INSIDE.get();
            boolean outer = inside[0];
            inside[0] = true;
            try {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    int from = c * grain;
                    task.run(from, Math.min(n, from + grain));
                }
            } finally {
                inside[0] = outer;
            }
        };
        int helpers = Math.min(threads, chunks) - 1;
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int i = 0; i < helpers; i++) {
            futures.add(executor.submit(worker));
        }
        worker.run();
        for (Future<?> f : futures) {
            // Helpers usually finish within microseconds of the caller; spinning briefly avoids paying a
            // park/unpark round trip (tens of microseconds on a VM) on every small kernel.
            for (int spin = 0; spin < SPIN_LIMIT && !f.isDone(); spin++) {
                Thread.onSpinWait();
            }
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for kernel workers", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
