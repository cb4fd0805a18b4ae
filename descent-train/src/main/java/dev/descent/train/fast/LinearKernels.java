package dev.descent.train.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of the fused single-output linear models, float32. Each inner block is its own small
 * method: C2 compiles these far better than when inlined into a large loop.
 *
 * <p><b>Determinism.</b> Only lane-wise IEEE operations (add, mul, div, fma), permutations and integer bit
 * operations are used, so the interpreter's Java fallback of the Vector API and C2's intrinsics give the same
 * bits. Hence no {@code reduceLanes} (its order is unspecified: sequential in the fallback, a tree in C2) and no
 * {@code EXP}/{@code LOG1P} lane-wise operators (SVML in C2, {@code Math} in the fallback): {@link #exp} and
 * {@link #log1p} are polynomials here, and {@link #sum} adds lanes in a fixed tree.
 */
final class LinearKernels {

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int FL = FS.length();

    private LinearKernels() {
    }

    /** The mask of the last, partial vector of a row of {@code d} floats (all-false when d is a multiple). */
    static VectorMask<Float> tailMask(int d) {
        return FS.indexInRange(d - d % FL, d);
    }

    /** {@code z[i] = x[row(i)] · w + b} for {@code i in [from, to)}, {@code row(i) = order[base + i]}; also gathers y. */
    static void logits(float[] x, float[] yAll, int d, int[] order, int base, int from, int to, float[] w, float b,
                       VectorMask<Float> tail, float[] z, float[] y) {
        for (int i = from; i < to; i++) {
            int row = order[base + i];
            z[i] = dot(x, row * d, w, d, tail) + b;
            y[i] = yAll[row];
        }
    }

    /** Same as {@link #logits} for rows in file order (a full batch): row(i) = i, y not gathered. */
    static void logitsContiguous(float[] x, int d, int from, int to, float[] w, float b, VectorMask<Float> tail,
                                 float[] z) {
        for (int i = from; i < to; i++) {
            z[i] = dot(x, i * d, w, d, tail) + b;
        }
    }

    static float dot(float[] x, int off, float[] w, int d, VectorMask<Float> tail) {
        FloatVector acc = FloatVector.zero(FS);
        int j = 0;
        int bound = d - d % FL;
        for (; j < bound; j += FL) {
            acc = FloatVector.fromArray(FS, x, off + j).fma(FloatVector.fromArray(FS, w, j), acc);
        }
        if (j < d) {
            acc = FloatVector.fromArray(FS, x, off + j, tail).fma(FloatVector.fromArray(FS, w, j, tail), acc);
        }
        return sum(acc);
    }

    private static final VectorShuffle<Float>[] TREE = tree();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] tree() {
        int steps = Integer.numberOfTrailingZeros(FL);
        VectorShuffle<Float>[] t = (VectorShuffle<Float>[]) new VectorShuffle<?>[steps];
        for (int k = 0; k < steps; k++) {
            int h = FL >> (k + 1);
            t[k] = VectorShuffle.fromOp(FS, i -> i ^ h);
        }
        return t;
    }

    /** The lanes' sum, added in a fixed pairwise tree (same bits in the interpreter and in C2). */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> s : TREE) {
            v = v.add(v.rearrange(s));
        }
        return v.lane(0);
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 0x1.8p23f;

    /**
     * {@code e^x} for {@code x <= 0} (inputs below -87 are taken as -87, where e^x is about 1.6e-38): Cody-Waite
     * reduction {@code x = n·ln2 + r}, a degree-7 Taylor polynomial on {@code |r| <= ln2/2} (error about 5e-9
     * relative), and {@code 2^n} built in the exponent bits.
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(-87f);
        FloatVector n = x.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(FS, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(FS, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(FS, 1f / 5040f);
        p = p.fma(r, FloatVector.broadcast(FS, 1f / 720f));
        p = p.fma(r, FloatVector.broadcast(FS, 1f / 120f));
        p = p.fma(r, FloatVector.broadcast(FS, 1f / 24f));
        p = p.fma(r, FloatVector.broadcast(FS, 1f / 6f));
        p = p.fma(r, FloatVector.broadcast(FS, 0.5f));
        p = p.fma(r, FloatVector.broadcast(FS, 1f));
        p = p.fma(r, FloatVector.broadcast(FS, 1f));
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /**
     * {@code log(1 + e)} for {@code e in [0, 1]}: {@code 2·atanh(s)} with {@code s = e / (2 + e) <= 1/3}, odd series to
     * {@code s^15} (error about 1e-9 relative), accurate for tiny e too.
     */
    static FloatVector log1p(FloatVector e) {
        FloatVector s = e.div(e.add(2f));
        FloatVector s2 = s.mul(s);
        FloatVector p = FloatVector.broadcast(FS, 2f / 15f);
        p = p.fma(s2, FloatVector.broadcast(FS, 2f / 13f));
        p = p.fma(s2, FloatVector.broadcast(FS, 2f / 11f));
        p = p.fma(s2, FloatVector.broadcast(FS, 2f / 9f));
        p = p.fma(s2, FloatVector.broadcast(FS, 2f / 7f));
        p = p.fma(s2, FloatVector.broadcast(FS, 2f / 5f));
        p = p.fma(s2, FloatVector.broadcast(FS, 2f / 3f));
        p = p.fma(s2, FloatVector.broadcast(FS, 2f));
        return p.mul(s);
    }

    /**
     * BCE from logits over {@code z[from, to)} against {@code y}: writes {@code r = (σ(z) − y)·scale} over z and
     * returns the summed per-row loss {@code max(z,0) − z·y + log(1 + e^−|z|)}.
     */
    static double bce(float[] z, float[] y, int from, int to, float scale) {
        FloatVector loss = FloatVector.zero(FS);
        for (int i = from; i < to; i += FL) {
            VectorMask<Float> m = FS.indexInRange(i, to);
            loss = loss.add(bceBlock(z, y, i, m, scale));
        }
        return sum(loss);
    }

    /** One vector of rows; lanes outside {@code m} contribute 0 and are not written. */
    private static FloatVector bceBlock(float[] z, float[] y, int i, VectorMask<Float> m, float scale) {
        FloatVector zv = FloatVector.fromArray(FS, z, i, m);
        FloatVector yv = FloatVector.fromArray(FS, y, i, m);
        FloatVector e = exp(zv.abs().neg());
        FloatVector per = zv.max(0f).sub(zv.mul(yv)).add(log1p(e));
        FloatVector one = FloatVector.broadcast(FS, 1f);
        FloatVector num = one.blend(e, zv.compare(VectorOperators.LT, 0f));
        FloatVector sigma = num.div(one.add(e));
        sigma.sub(yv).mul(scale).intoArray(z, i, m);
        return per.blend(0f, m.not());
    }

    /** MSE: writes {@code r = 2(z − y)·scale} over z and returns {@code Σ (z − y)²}. */
    static double mse(float[] z, float[] y, int from, int to, float scale) {
        FloatVector loss = FloatVector.zero(FS);
        float twice = 2f * scale;
        for (int i = from; i < to; i += FL) {
            VectorMask<Float> m = FS.indexInRange(i, to);
            FloatVector diff = FloatVector.fromArray(FS, z, i, m).sub(FloatVector.fromArray(FS, y, i, m));
            loss = diff.fma(diff, loss);
            diff.mul(twice).intoArray(z, i, m);
        }
        return sum(loss);
    }

    /**
     * {@code g[0, d) += Σ_i r[i]·x[row(i)]} over {@code i in [from, to)} in ascending i, with
     * {@code row(i) = order[base + i]}, or {@code i} when order is null; returns {@code Σ_i r[i]}.
     */
    static float accumulate(float[] x, int d, int[] order, int base, int from, int to, float[] r, float[] g,
                            VectorMask<Float> tail) {
        float bias = 0f;
        for (int i = from; i < to; i++) {
            float ri = r[i];
            axpy(ri, x, (order == null ? i : order[base + i]) * d, g, d, tail);
            bias += ri;
        }
        return bias;
    }

    static void axpy(float a, float[] x, int off, float[] g, int d, VectorMask<Float> tail) {
        FloatVector av = FloatVector.broadcast(FS, a);
        int j = 0;
        int bound = d - d % FL;
        for (; j < bound; j += FL) {
            FloatVector.fromArray(FS, x, off + j).fma(av, FloatVector.fromArray(FS, g, j)).intoArray(g, j);
        }
        if (j < d) {
            FloatVector.fromArray(FS, x, off + j, tail).fma(av, FloatVector.fromArray(FS, g, j, tail)).intoArray(g, j, tail);
        }
    }
}
