package dev.descent.train.bench;

import dev.descent.tensor.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * How much faster this host runs work that shares nothing on {@link Parallel#threads()} threads than on one: every
 * thread runs the same register-only loop of fused multiply-adds, which touches no memory, so no kernel can scale
 * better. On a virtual machine it shows what the host gives: on the project's two-vCPU reference machine it moves
 * between 2.0x and 1.6-1.7x from one second to the next (both vCPUs then run their FMAs about a sixth slower, while
 * one thread alone keeps its speed), and a workload's own speed-up means little without it.
 */
final class HostProbe {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    /** Loop trips per run: eight independent FMA chains, about 20 ms on one core of the reference machine. */
    private static final long TRIPS = 20_000_000;

    private HostProbe() {
    }

    /** Seconds one thread takes for one run of the loop. */
    static double oneThread() {
        long t0 = System.nanoTime();
        sink(fmaLoop(TRIPS));
        return (System.nanoTime() - t0) / 1e9;
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

    /** {@code threads · t1 / tN}: the speed-up of {@code threads} threads doing a thread's work each. */
    static double speedup(double oneThreadSeconds, double allThreadsSeconds, int threads) {
        return threads * oneThreadSeconds / allThreadsSeconds;
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
