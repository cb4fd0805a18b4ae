package dev.descent.testkit;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

import java.util.Random;

/**
 * Seeded generators for property tests ({@code @ParameterizedTest} fed by a fixed seed, so a failing case
 * is reproduced by its display name).
 */
public final class Gen {

    private final Random random;

    private Gen(long seed) {
        this.random = new Random(seed);
    }

    public static Gen seeded(long seed) {
        return new Gen(seed);
    }

    /** Standard normal entries. */
    public Tensor normal(DType dtype, int... dims) {
        Tensor t = Tensor.zeros(dtype, dims);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, random.nextGaussian());
        }
        return t;
    }

    /** Uniform entries in {@code [low, high)}. */
    public Tensor uniform(DType dtype, double low, double high, int... dims) {
        Tensor t = Tensor.zeros(dtype, dims);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, low + (high - low) * random.nextDouble());
        }
        return t;
    }

    /** An integer in {@code [low, high]}. */
    public int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    public boolean nextBoolean() {
        return random.nextBoolean();
    }
}
