package dev.descent.train.bench;

import dev.descent.tensor.Parallel;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Two measurements of what the host gives a multi-threaded run, taken beside a workload's own speed-up:
 * <ul>
 *   <li>{@link #speedup}: how much faster {@link Parallel#threads()} threads run work that shares nothing than one
 *       thread does: every thread runs the same register-only loop of fused multiply-adds, which touches no memory,
 *       so no kernel can scale better;</li>
 *   <li>{@link #handoffNanos}: how long one thread takes to see a value another wrote, as the kernel pool's
 *       threads do at every call and two cores do for every cache line one wrote and the other reads next.</li>
 * </ul>
 * On a virtual machine both move with the host. On the project's two-vCPU reference machine the first moved between
 * 2.0x and 1.6-1.7x from one second to the next (both vCPUs then run their FMAs about a sixth slower, while one
 * thread alone keeps its speed), and, independently, the second grew three- to fourfold for tens of seconds at a time,
 * when W2's two-thread speed-up fell from 1.75x to 1.15x: a workload's speed-up means little without them.
 */
final class HostProbe {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    /** Loop trips per run: eight independent FMA chains, about 20 ms on one core of the reference machine. */
    private static final long TRIPS = 20_000_000;

    private HostProbe() {
    }

    /**
     * Runs the measurements untimed until C2 has compiled them: the FMA loop starts in the interpreter, whose Vector
     * API is orders of magnitude slower, and in a busy JVM (a test suite's) C2 can take several runs to get to it.
     * One warm-up run was not enough: a fresh clone's test run read a two-thread speed-up of 31.
     */
    static void warmUp() {
        for (int i = 0; i < 10; i++) {
            sink((float) oneThread());
        }
        for (int i = 0; i < 3; i++) {
            sink((float) allThreads());
        }
        sink((float) handoffNanos());
    }

    /** {@link #speedup} from the best of three runs on one thread and three on all: a slow moment spoils neither. */
    static double speedup() {
        double one = Double.MAX_VALUE;
        double all = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            one = Math.min(one, oneThread());
            all = Math.min(all, allThreads());
        }
        return Parallel.threads() * one / all;   // threads doing a thread's work each, against one doing it
    }

    /** Seconds one thread takes for one run of the loop. */
    static double oneThread() {
        long t0 = System.nanoTime();
        sink(fmaLoop(TRIPS));
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * One core's float32 multiply-add peak in GFLOP/s, measured: the best of ten runs of the register-only loop
     * (eight chains of {@code FS.length()}-lane FMAs, two flops each), after a warm-up run. Measured rather than
     * assumed: the same build runs on AVX-512 and AVX2 hosts at different clocks.
     */
    static double peakGflopsPerCore() {
        oneThread();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 10; i++) { // a shared host slows for tenths of a second: the best run is the core's
            best = Math.min(best, oneThread());
        }
        return TRIPS * 8.0 * FS.length() * 2 / best / 1e9;
    }

    /** Seconds the pool's threads take for one run of the loop each, all at once. */
    static double allThreads() {
        int threads = Parallel.threads();
        float[] results = new float[threads];
        long t0 = System.nanoTime();
        Parallel.forRange(threads, 1, (from, to) -> results[from] = fmaLoop(TRIPS));
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (float r : results) {
            sink(r);
        }
        return seconds;
    }

    /** Hand-overs per measurement, an even count (the calling thread takes the last): about 20 ms here. */
    private static final int HANDOFFS = 100_000;

    /**
     * Nanoseconds for one thread to see a value another thread wrote: two threads pass a counter back and forth,
     * each waiting for its turn and then moving the counter on, as the kernel pool's caller and workers do at every
     * call; the time per turn, the best of three measurements (the first of a run starts its thread cold).
     */
    static double handoffNanos() {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            best = Math.min(best, handoffOnce());
        }
        return best;
    }

    private static double handoffOnce() {
        AtomicInteger turn = new AtomicInteger();
        Thread other = new Thread(() -> {
            turn.set(1);
            takeTurns(turn, 3);
        }, "descent-probe");
        other.setDaemon(true);
        other.start();
        for (int spins = 0; turn.get() != 1; spins++) { // the other thread is running: time only the hand-overs
            Parallel.backOff(spins);
        }
        long t0 = System.nanoTime();
        takeTurns(turn, 2);
        double nanos = System.nanoTime() - t0;
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing the host", e);
        }
        return nanos / (HANDOFFS - 1);
    }

    /** Takes every other turn from {@code first} up to {@link #HANDOFFS}: waits for the turn before, then moves on. */
    private static void takeTurns(AtomicInteger turn, int first) {
        for (int t = first; t <= HANDOFFS; t += 2) {
            for (int spins = 0; turn.get() != t - 1; spins++) {
                Parallel.backOff(spins);
            }
            turn.set(t);
        }
    }

    /** Eight chains keep both FMA pipes busy through the FMA latency; the sum keeps the JIT from dropping them. */
    private static float fmaLoop(long trips) {
        FloatVector m = FloatVector.broadcast(FS, 0.9999f);
        FloatVector c = FloatVector.broadcast(FS, 1e-4f);
        FloatVector a0 = FloatVector.broadcast(FS, 1f);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (long i = 0; i < trips; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).reduceLanes(VectorOperators.ADD);
    }

    private static volatile float sink;

    private static void sink(float value) {
        sink = value;
    }
}
