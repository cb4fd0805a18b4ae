package dev.descent.tensor;

/**
 * A small, seedable, splittable random number generator (SplitMix64) whose whole state is one
 * {@code long}, so it can be saved in a checkpoint and restored exactly.
 *
 * <p>Randomness is explicit: code that needs random numbers takes an {@code Rng}. {@link #fork(String)}
 * derives an independent stream per purpose ({@code "init"}, {@code "shuffle"}, {@code "dropout"}), so adding
 * a consumer of one stream does not shift the others.
 *
 * @see <a href="https://doi.org/10.1145/2714064.2660195">G. L. Steele, D. Lea, C. H. Flood, "Fast splittable
 *      pseudorandom number generators", OOPSLA 2014</a>
 */
public final class Rng {

    private static final long GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    private Rng(long state) {
        this.state = state;
    }

    /** A generator for the user-visible seed {@code seed}. */
    public static Rng seeded(long seed) {
        return new Rng(mix(seed));
    }

    /** A generator resumed from a {@link #state()} value. */
    public static Rng restore(long state) {
        return new Rng(state);
    }

    /** The whole state: {@code Rng.restore(r.state())} continues exactly where {@code r} is. */
    public long state() {
        return state;
    }

    /** An independent generator for {@code purpose}; does not advance this one. */
    public Rng fork(String purpose) {
        long h = state;
        for (int i = 0; i < purpose.length(); i++) {
            h = mix(h ^ purpose.charAt(i));
        }
        return new Rng(mix(h + GAMMA));
    }

    /** An independent generator for an index (an epoch, a layer); does not advance this one. */
    public Rng fork(long index) {
        return new Rng(mix(state ^ mix(index + GAMMA)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A uniformly distributed 64-bit value. */
    public long nextLong() {
        state += GAMMA;
        return mix(state);
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code [0, bound)}, without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        // Rejects r >= limit = 2^32 - (2^32 mod bound). Since 2^32 mod bound < bound, every r below 2^32 - bound is
        // accepted without working out the limit: one division a draw instead of two (a shuffle of a million rows,
        // every epoch of W3b, is division-bound), and the same values. The remainders are 32-bit unsigned ones,
        // equal to 64-bit ones and faster.
        while (true) {
            long r = nextLong() >>> 32;
            if (r < (1L << 32) - bound || r < (1L << 32) - Integer.remainderUnsigned(-bound, bound)) {
                return Integer.remainderUnsigned((int) r, bound);
            }
        }
    }

    /** Standard normal by the Box-Muller transform (one value per call, so the state stays one long). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** {@code 0, 1, ..., n-1} in a random order. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }
}
