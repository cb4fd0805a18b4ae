package dev.descent.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The fixed worker pool that kernels split their work over.
 *
 * <p><b>Determinism.</b> Work is cut into chunks whose boundaries depend only on the problem size and
 * the grain, never on the thread count, and every chunk writes its own disjoint part of the output.
 * Results are therefore bit-identical for 1 or N threads.
 *
 * <p><b>Latency.</b> A training step calls the pool thousands of times a second with tasks of a few
 * microseconds (half a 256-row mini-batch, one small GEMM). Waking a parked thread costs tens of microseconds
 * on a VM, so the {@code threads - 1} workers are persistent and spin for {@link #SPIN_NANOS} after each task
 * before they park: back-to-back calls are handed over in well under a microsecond, and an idle pool costs
 * nothing after that short spin. The calling thread runs chunks too, then waits for the rest.
 *
 * <p><b>Affinity.</b> The calling thread claims chunks from the first up, the workers from the last down. On two
 * threads the caller therefore always runs a prefix of a call's chunks and the worker the rest. Where the two meet
 * depends on timing (a worker that arrives late gets fewer, or none), but the low chunks stay with the caller and
 * the high ones with the worker, so most of what a chunk writes (a column block of a layer's output, a run of a
 * weight matrix and its optimizer state) is in the same core's cache when the next step reads it. Claimed from one
 * end, whichever thread arrived first took chunk 0, and on this project's two-vCPU host up to a quarter of the steps
 * swapped the halves of a layer's forward product between the cores.
 *
 * <p>One call runs on the pool at a time; a call made while the pool is busy (from another thread, or nested
 * inside a running chunk) runs its chunks on its own thread, in order. Chunk boundaries are the same either way.
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

    /** How long an idle worker waits for the next task before it parks. */
    static final long SPIN_NANOS = 200_000;
    /** Busy-wait iterations (a few microseconds) before a waiting thread starts yielding its core between checks. */
    private static final int SPINS_BEFORE_YIELD = 256;

    /**
     * One wait step: a pause for the first iterations, then {@code Thread.yield()}: when the host leaves this VM
     * fewer cores than threads, the thread we wait for may be queued behind us, and spinning would keep it there.
     * With a free core, yield returns at once.
     */
    public static void backOff(int iteration) {
        if (iteration < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    private static volatile int threads = initialThreads();
    private static volatile Pool pool;

    /** Set while this thread runs chunks of a pool call, so a nested call runs inline instead of waiting on itself. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

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
     * The threads a {@link #forRange} call made on this thread would run on: 1 inside a running chunk, whose nested
     * calls run inline, else {@link #threads()}. A kernel that cuts its work by the thread count asks this, so that
     * when it runs as one of several independent tasks on the pool it does not cut work for threads it will not get.
     */
    public static int threadsHere() {
        return INSIDE.get()[0] ? 1 : threads;
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

    private static Pool pool() {
        Pool p = pool;
        if (p != null) {
            return p;
        }
        synchronized (Parallel.class) {
            if (pool == null) {
                pool = new Pool(threads - 1);
            }
            return pool;
        }
    }

    /**
     * Runs {@code task} over {@code [0, n)} cut into chunks of {@code grain} indices (the last may be shorter).
     * The chunks run on the calling thread, in order, when there is one chunk or one thread, when the call is made
     * from inside a chunk, when the pool is busy with another caller's call, or beyond {@code 2^20 - 1} chunks;
     * otherwise over the pool, in any order and concurrently.
     *
     * <p>If chunks throw, every chunk still ends before this method does, and the exception of the lowest-numbered
     * failing chunk is rethrown (an unchecked one as it is, anything else wrapped in an
     * {@link IllegalStateException}); on the calling thread alone, the first failing chunk ends the call.
     */
    public static void forRange(int n, int grain, RangeTask task) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        }
        int chunks = (int) Math.min(Integer.MAX_VALUE, ((long) n + grain - 1) / grain);
        boolean[] inside = INSIDE.get();
        if (chunks <= 1 || threads == 1 || inside[0] || chunks > Pool.MAX_CHUNKS) {
            runInline(n, grain, chunks, task);
            return;
        }
        Pool p = pool();
        if (!p.lock.tryLock()) {
            runInline(n, grain, chunks, task);
            return;
        }
        inside[0] = true;
        try {
            p.run(n, grain, chunks, task);
        } finally {
            inside[0] = false;
            p.lock.unlock();
        }
    }

    private static void runInline(int n, int grain, int chunks, RangeTask task) {
        for (int c = 0; c < chunks; c++) {
            task.run(chunkStart(c, grain), chunkEnd(c, grain, n));
        }
    }

    private static int chunkStart(int chunk, int grain) {
        return (int) ((long) chunk * grain);
    }

    /** The end of a chunk, computed in long so that a range ending near {@code Integer.MAX_VALUE} cannot wrap. */
    private static int chunkEnd(int chunk, int grain, int n) {
        return (int) Math.min(n, (long) chunk * grain + grain);
    }

    /**
     * Persistent workers and one published job. The job's generation and its unclaimed chunks {@code [next, end)}
     * live in one atomic word, so a worker can claim a chunk only of the job it read the fields of: a claim is a
     * compare-and-set that fails once the caller has moved to the next job. The caller claims {@code next}, the
     * workers {@code end - 1}.
     */
    private static final class Pool {

        static final int CHUNK_BITS = 20;
        static final int MAX_CHUNKS = (1 << CHUNK_BITS) - 1;
        private static final long CHUNK_MASK = MAX_CHUNKS;

        final ReentrantLock lock = new ReentrantLock();
        /**
         * {@code generation << 40 | end << 20 | next}. The 24-bit generation wraps after 16.7M calls, which is
         * harmless: a worker only compares it for inequality, and a claim compares-and-sets the whole word.
         */
        private final AtomicLong control = new AtomicLong();
        private final AtomicInteger done = new AtomicInteger();
        private final Worker[] workers;
        private volatile boolean stopped;

        // The job; written by the caller before it publishes the new generation, read by workers after.
        private RangeTask task;
        private int n;
        private int grain;
        private volatile Throwable failure;
        /** The chunk whose exception {@link #failure} holds: the lowest failing one, so the report is deterministic. */
        private int failedChunk = Integer.MAX_VALUE;

        Pool(int count) {
            workers = new Worker[count];
            for (int i = 0; i < count; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        static long generation(long c) {
            return c >>> (2 * CHUNK_BITS);
        }

        static int end(long c) {
            return (int) ((c >>> CHUNK_BITS) & CHUNK_MASK);
        }

        static int next(long c) {
            return (int) (c & CHUNK_MASK);
        }

        void run(int n, int grain, int chunks, RangeTask task) {
            this.task = task;
            this.n = n;
            this.grain = grain;
            done.set(0);
            long generation = generation(control.get()) + 1;
            control.set(generation << (2 * CHUNK_BITS) | (long) chunks << CHUNK_BITS);
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            claimAndRun(generation, false);
            for (int i = 0; done.get() < chunks; i++) {
                backOff(i);
            }
            this.task = null;
            Throwable t = failure;
            if (t != null) {
                failure = null;
                failedChunk = Integer.MAX_VALUE;
                if (t instanceof RuntimeException re) {
                    throw re;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(t);
            }
        }

        private synchronized void fail(int chunk, Throwable t) {
            if (chunk < failedChunk) {
                failedChunk = chunk;
                failure = t;
            }
        }

        /** Claims and runs chunks of job {@code generation} until none is left, the lowest or the highest first. */
        void claimAndRun(long generation, boolean fromTop) {
            for (;;) {
                long c = control.get();
                if (generation(c) != generation || next(c) >= end(c)) {
                    return;
                }
                if (!control.compareAndSet(c, fromTop ? c - (1L << CHUNK_BITS) : c + 1)) {
                    continue;
                }
                int chunk = fromTop ? end(c) - 1 : next(c);
                try {
                    task.run(chunkStart(chunk, grain), chunkEnd(chunk, grain, n));
                } catch (Throwable t) {
                    fail(chunk, t);
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }
    }

    private static final class Worker extends Thread {
        private final Pool pool;
        volatile boolean parked;

        Worker(Pool pool, int index) {
            super("descent-worker-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            INSIDE.get()[0] = true;
            // The generation the pool started at, not the current one: a thread may start running after the first
            // jobs were published, and one of them may wait for a worker to take a chunk.
            long seen = 0;
            while (!pool.stopped) {
                long generation = awaitJob(seen);
                if (generation != seen) {
                    seen = generation;
                    pool.claimAndRun(generation, true);
                }
            }
        }

        /** Spins for a new generation, then parks; returns the generation seen last (unchanged if stopping). */
        private long awaitJob(long seen) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            for (int i = 0; ; i++) {
                long generation = Pool.generation(pool.control.get());
                if (generation != seen || pool.stopped) {
                    return generation;
                }
                if ((i & 63) != 63 || System.nanoTime() < deadline) {
                    backOff(i);
                    continue;
                }
                parked = true;
                if (Pool.generation(pool.control.get()) == seen && !pool.stopped) {
                    LockSupport.park(this);
                }
                parked = false;
                deadline = System.nanoTime() + SPIN_NANOS;
            }
        }
    }
}
