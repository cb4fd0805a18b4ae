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

    /**
     * Copies rows {@code order[base + i]} of x ({@code d} values each) to rows {@code i} of xg, and their targets to
     * {@code yg[i]}, for {@code i in [from, to)}. A shuffled batch is gathered so before the kernels read it: this
     * tight loop keeps many rows' cache misses in flight, where the kernels' longer blocks leave few (W3b's random
     * 80-byte rows: 90 ns a row read in place, 30 gathered plus 12 for the kernels on the copy, one thread).
     */
    static void gather(float[] x, float[] y, int d, int[] order, int base, int from, int to, float[] xg, float[] yg) {
        for (int i = from; i < to; i++) {
            int row = order[base + i];
            copyRow(x, row * d, xg, i * d, d);
            yg[i] = y[row];
        }
    }

    /**
     * {@code vg[i] = v[order[base + i]]} for {@code i in [from, to)}: one value per row (the rows' weights) gathered
     * as {@link #gather(float[], float[], int, int[], int, int, int, float[], float[])} gathers their targets.
     */
    static void gather(float[] v, int[] order, int base, int from, int to, float[] vg) {
        for (int i = from; i < to; i++) {
            vg[i] = v[order[base + i]];
        }
    }

    /**
     * Whole vectors, the last one overlapping the one before rather than masked: a masked store is microcoded on
     * AMD's cores (the copy ran at 64 ns a row masked, 40 with the overlap).
     */
    private static void copyRow(float[] x, int from, float[] to, int at, int d) {
        if (d < FL) {
            for (int j = 0; j < d; j++) {
                to[at + j] = x[from + j];
            }
            return;
        }
        int last = d - FL;
        for (int j = 0; j < last; j += FL) {
            FloatVector.fromArray(FS, x, from + j).intoArray(to, at + j);
        }
        FloatVector.fromArray(FS, x, from + last).intoArray(to, at + last);
    }

    /** {@code z[i] = x[i] · w + b} for the rows {@code i in [from, to)} of x. */
    static void logits(float[] x, int d, int from, int to, float[] w, float b, VectorMask<Float> tail, float[] z) {
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

    /**
     * The sum of the 16 floats {@code s[at, at+16)} in a fixed pairwise tree (halves, then quarters, ...), whatever the
     * vector width: a 16-row block's lane accumulators; overwrites those floats.
     */
    static float sum16InPlace(float[] s, int at) {
        for (int h = 8; h >= 1; h >>= 1) {
            for (int l = 0; l < h; l++) {
                s[at + l] += s[at + l + h];
            }
        }
        return s[at];
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

    /**
     * Rows {@code k < count} whose prediction, 1 for a logit {@code z[zi + k]} above 0 and else 0 (as the trainer's
     * accuracy), equals their 0/1 target {@code y[yi + k]}. Scalar: it counts the few rows past the 16-row blocks,
     * whose kernel counts the rows it gets wrong in vector lanes instead ({@link #bceResidual16}).
     */
    static int correct(float[] z, int zi, float[] y, int yi, int count) {
        int right = 0;
        for (int k = 0; k < count; k++) {
            float target = y[yi + k];
            if (z[zi + k] > 0 ? target == 1f : target == 0f) {
                right++;
            }
        }
        return right;
    }

    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;

    /** Whether {@code rows[i] == i} for every i. */
    static boolean isIota(int[] rows) {
        IntVector iota = IntVector.zero(IS).addIndex(1);
        int i = 0;
        for (; i + IS.length() <= rows.length; i += IS.length()) {
            if (!IntVector.fromArray(IS, rows, i).eq(iota.add(i)).allTrue()) {
                return false;
            }
        }
        for (; i < rows.length; i++) {
            if (rows[i] != i) {
                return false;
            }
        }
        return true;
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
     * The per-row kernels' residual step over rows {@code [from, to)}: {@link #bce} or {@link #mse}, or with
     * {@code weights} (indexed as y; null: none) {@link #weightedRows}. Returns the summed (weighted) loss.
     */
    static double residuals(float[] z, float[] y, float[] weights, int from, int to, boolean bce, float scale) {
        return weights != null ? weightedRows(z, y, weights, from, to, bce, scale)
                : bce ? bce(z, y, from, to, scale) : mse(z, y, from, to, scale);
    }

    /**
     * The per-row kernels' residual step on weighted rows {@code [from, to)}: each row's residual {@code r_k·w_k} over
     * {@code z[k]} ({@code r_k} as {@link #bce} or {@link #mse} write it, with {@code scale} = 1/Σw) and the weighted
     * loss {@code Σ w_k·ℓ_k} returned. One row at a time through those kernels, which give a lone row's {@code ℓ_k}
     * exactly (its vector's other lanes add 0): they run on the few rows past the 16-row blocks, and on every row
     * only where the blocked kernels do not apply.
     */
    static double weightedRows(float[] z, float[] y, float[] weights, int from, int to, boolean bce, float scale) {
        double loss = 0;
        for (int k = from; k < to; k++) {
            double rowLoss = bce ? bce(z, y, k, k + 1, scale) : mse(z, y, k, k + 1, scale);
            loss += weights[k] * rowLoss;
            z[k] *= weights[k];
        }
        return loss;
    }

    /** {@code g[0, d) += Σ_i r[i]·x[i]} over the rows {@code i in [from, to)} in ascending i; returns {@code Σ_i r[i]}. */
    static float accumulate(float[] x, int d, int from, int to, float[] r, float[] g, VectorMask<Float> tail) {
        float bias = 0f;
        for (int i = from; i < to; i++) {
            float ri = r[i];
            axpy(ri, x, i * d, g, d, tail);
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

    // ------------------------------------------------------------------ blocked, one pass (FL == 8 or 16)

    /**
     * Whether the blocked kernels below apply: blocks of 16 rows, whose logits are one 16-lane vector (AVX-512) or
     * two 8-lane ones (AVX2). Lane-wise work loops over a block's {@code 16 / FL} vectors; only the row-major dot
     * products reduce lanes, in a tree of {@code log2(FL)} levels.
     */
    static final boolean BLOCKED = FL == 8 || FL == 16;

    /**
     * The shuffle that brings the lanes of an FL-row {@link #combine} tree (FL vectors, each one row's partial sums,
     * combined pairwise level by level) into row order: found by running the tree on vectors of row numbers.
     */
    private static VectorShuffle<Float> rowOrder() {
        if (!BLOCKED) {
            return null;
        }
        FloatVector[] level = new FloatVector[FL];
        for (int r = 0; r < FL; r++) {
            level[r] = FloatVector.broadcast(FS, r);
        }
        for (int k = 0; level.length > 1; k++) {
            FloatVector[] next = new FloatVector[level.length / 2];
            for (int q = 0; q < next.length; q++) {
                next[q] = combine(level[2 * q], level[2 * q + 1], k);
            }
            level = next;
        }
        float[] lanes = level[0].toArray();
        int[] src = new int[FL];
        for (int l = 0; l < FL; l++) {
            src[Math.round(lanes[l] / FL)] = l;
        }
        return VectorShuffle.fromArray(FS, src, 0);
    }

    /**
     * One level of a transposing lane reduction: lanes of {@code a} and {@code b} that are {@code h = FL >> (k+1)}
     * apart are added; the result holds a's sums in the lanes without bit h, b's in those with it.
     */
    static FloatVector combine(FloatVector a, FloatVector b, int k) {
        return switch (k) {
            case 0 -> combine(a, b, L0, U0);
            case 1 -> combine(a, b, L1, U1);
            case 2 -> combine(a, b, L2, U2);
            default -> combine(a, b, L3, U3);
        };
    }

    // The level masks and shuffles as constants (array elements are not constant-folded by C2).
    private static FloatVector sel(int k, boolean second) {
        int h = FL >> (k + 1);
        float[] idx = new float[FL];
        for (int l = 0; l < FL; l++) {
            boolean upper = (l & h) != 0;
            int lane = second ? l ^ h : l;
            idx[l] = upper ? FL + lane : lane;
        }
        return FloatVector.fromArray(FS, idx, 0);
    }

    private static final FloatVector L0 = BLOCKED ? sel(0, false) : null;
    private static final FloatVector U0 = BLOCKED ? sel(0, true) : null;
    private static final FloatVector L1 = BLOCKED ? sel(1, false) : null;
    private static final FloatVector U1 = BLOCKED ? sel(1, true) : null;
    private static final FloatVector L2 = BLOCKED ? sel(2, false) : null;
    private static final FloatVector U2 = BLOCKED ? sel(2, true) : null;
    private static final FloatVector L3 = FL == 16 ? sel(3, false) : null;
    private static final FloatVector U3 = FL == 16 ? sel(3, true) : null;

    /** Brings the lanes of an FL-row {@link #combine} tree into row order. */
    private static final VectorShuffle<Float> ROW_ORDER = rowOrder();

    /**
     * {@code lo.selectFrom(a, b) + hi.selectFrom(a, b)}: two-table permutations whose receivers are constants, so
     * that C2 knows every vector's class when it intrinsifies (a blend or shuffle result as the receiver of the add
     * was left to the Java fallback, which allocates).
     */
    private static FloatVector combine(FloatVector a, FloatVector b, FloatVector lo, FloatVector hi) {
        return lo.selectFrom(a, b).add(hi.selectFrom(a, b));
    }

    /** Four rows' dot products with w (padded to whole vectors), reduced two levels: 4 lanes of partials per row. */
    static void dot4(float[] x, int o0, int o1, int o2, int o3, float[] w, int d,
                     float[] s, int at) {
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int j = 0;
        int bound = d - d % FL;
        for (; j < bound; j += FL) {
            FloatVector wv = FloatVector.fromArray(FS, w, j);
            a0 = FloatVector.fromArray(FS, x, o0 + j).fma(wv, a0);
            a1 = FloatVector.fromArray(FS, x, o1 + j).fma(wv, a1);
            a2 = FloatVector.fromArray(FS, x, o2 + j).fma(wv, a2);
            a3 = FloatVector.fromArray(FS, x, o3 + j).fma(wv, a3);
        }
        if (j < d) {
            // A mask made here, not passed in: C2 intrinsifies a masked load only for a mask of known class.
            VectorMask<Float> tail = FS.indexInRange(j, d);
            FloatVector wv = FloatVector.fromArray(FS, w, j);
            a0 = FloatVector.fromArray(FS, x, o0 + j, tail).fma(wv, a0);
            a1 = FloatVector.fromArray(FS, x, o1 + j, tail).fma(wv, a1);
            a2 = FloatVector.fromArray(FS, x, o2 + j, tail).fma(wv, a2);
            a3 = FloatVector.fromArray(FS, x, o3 + j, tail).fma(wv, a3);
        }
        combine(combine(a0, a1, L0, U0), combine(a2, a3, L0, U0), L1, U1).intoArray(s, at);
    }

    /**
     * The 16 logits {@code x[i + k] · w + b}, k in [0, 16), into {@code z[i, i+16)}. Vectors pass between the
     * helpers through the scratch {@code s[0, 4·FL)}, never as return values: a helper that C2 compiles on its own
     * (not inlined) would box a returned vector on every call. Each {@link #dot4} leaves 4 rows' partials reduced two
     * levels; 16 lanes take two more levels to one vector of 16 rows, 8 lanes one more to two vectors of 8.
     */
    static void dot16(float[] x, int d, int i, float[] w, float b, float[] z, float[] s) {
        int o = i * d;
        dot4(x, o, o + d, o + 2 * d, o + 3 * d, w, d, s, 0);
        dot4(x, o + 4 * d, o + 5 * d, o + 6 * d, o + 7 * d, w, d, s, FL);
        dot4(x, o + 8 * d, o + 9 * d, o + 10 * d, o + 11 * d, w, d, s, 2 * FL);
        dot4(x, o + 12 * d, o + 13 * d, o + 14 * d, o + 15 * d, w, d, s, 3 * FL);
        FloatVector g0 = FloatVector.fromArray(FS, s, 0);
        FloatVector g1 = FloatVector.fromArray(FS, s, FL);
        FloatVector g2 = FloatVector.fromArray(FS, s, 2 * FL);
        FloatVector g3 = FloatVector.fromArray(FS, s, 3 * FL);
        if (FL == 16) {
            combine(combine(g0, g1, L2, U2), combine(g2, g3, L2, U2), L3, U3).rearrange(ROW_ORDER).add(b)
                    .intoArray(z, i);
        } else {
            combine(g0, g1, L2, U2).rearrange(ROW_ORDER).add(b).intoArray(z, i);
            combine(g2, g3, L2, U2).rearrange(ROW_ORDER).add(b).intoArray(z, i + 8);
        }
    }

    /**
     * Loss and residual of 16 logits {@code z[zi, zi+16)} against {@code y[i, i+16)}: r over z, the per-lane loss
     * added into {@code s[64, 80)} and r into {@code s[80, 96)}, one vector of lanes at a time.
     */
    private static void residual16(float[] z, int zi, float[] y, int i, boolean bce, float scale, float[] s) {
        for (int v = 0; v < 16; v += FL) {
            if (bce) {
                bceResidual(z, zi + v, y, i + v, scale, s, v);
            } else {
                mseResidual(z, zi + v, y, i + v, scale, s, v);
            }
        }
    }

    /** One vector of {@link #residual16}'s MSE, into lanes {@code [v, v+FL)} of the block's accumulators. */
    private static void mseResidual(float[] z, int zi, float[] y, int i, float scale, float[] s, int v) {
        FloatVector diff = FloatVector.fromArray(FS, z, zi).sub(FloatVector.fromArray(FS, y, i));
        FloatVector r = diff.mul(2f * scale);
        r.intoArray(z, zi);
        FloatVector.fromArray(FS, s, 64 + v).add(diff.mul(diff)).intoArray(s, 64 + v);
        FloatVector.fromArray(FS, s, 80 + v).add(r).intoArray(s, 80 + v);
    }

    /**
     * One vector of {@link #residual16}'s BCE. {@code e = exp(−|z|)} and {@code log1p(e)} go through
     * {@code s[96, 96+2·FL)} and the in-place helpers: C2 compiles {@link #exp} and {@link #log1p} to more code than
     * it inlines, and a vector returned from a call it did not inline is boxed (3 KB a W1 step).
     */
    private static void bceResidual(float[] z, int zi, float[] y, int i, float scale, float[] s, int v) {
        FloatVector zv = FloatVector.fromArray(FS, z, zi);
        zv.abs().neg().intoArray(s, 96);
        expInPlace(s, 96);
        FloatVector e = FloatVector.fromArray(FS, s, 96);
        e.intoArray(s, 96 + FL);
        log1pInPlace(s, 96 + FL);
        FloatVector yv = FloatVector.fromArray(FS, y, i);
        FloatVector per = zv.max(0f).sub(zv.mul(yv)).add(FloatVector.fromArray(FS, s, 96 + FL));
        FloatVector one = FloatVector.broadcast(FS, 1f);
        FloatVector num = one.blend(e, zv.compare(VectorOperators.LT, 0f));
        FloatVector r = num.div(one.add(e)).sub(yv).mul(scale);
        // |prediction − target| is 1 for a row classified wrongly (0/1 targets), 0 otherwise; mask logic here (and,
        // or, trueCount) measured 18 KB of allocation and a third more time per W1 step
        FloatVector predicted = FloatVector.zero(FS).blend(1f, zv.compare(VectorOperators.GT, 0f));
        FloatVector.fromArray(FS, s, WRONG + v).add(predicted.sub(yv).abs()).intoArray(s, WRONG + v);
        r.intoArray(z, zi);
        FloatVector.fromArray(FS, s, 64 + v).add(per).intoArray(s, 64 + v);
        FloatVector.fromArray(FS, s, 80 + v).add(r).intoArray(s, 80 + v);
    }

    /** {@link #residual16}, or {@link #weightedResidual16} with {@code weights} (null: none). */
    private static void residual16(float[] z, int zi, float[] y, float[] weights, int i, boolean bce, float scale,
                                   float[] s) {
        if (weights == null) {
            residual16(z, zi, y, i, bce, scale, s);
        } else {
            weightedResidual16(z, zi, y, weights, i, bce, scale, s);
        }
    }

    /**
     * {@link #residual16} on weighted rows, {@code weights[i, i+16)}: each row's residual {@code r_k·w_k} over z, and
     * the lanes of {@code w_k·ℓ_k} and of {@code r_k·w_k} added into {@code s[WEIGHTED_LOSS, +16)} and
     * {@code s[WEIGHTED_RESIDUAL, +16)}. The unweighted step runs on zeroed accumulators first, which then hold each
     * row's own {@code ℓ_k} and {@code r_k} in its lane, and its rows counted wrong go on adding up in
     * {@code s[WRONG, +16)} (accuracy counts rows, not weights).
     */
    private static void weightedResidual16(float[] z, int zi, float[] y, float[] weights, int i, boolean bce,
                                           float scale, float[] s) {
        java.util.Arrays.fill(s, 64, 96, 0f);
        residual16(z, zi, y, i, bce, scale, s);
        for (int v = 0; v < 16; v += FL) {
            weigh(z, zi + v, weights, i + v, s, v);
        }
    }

    /** One vector of {@link #weightedResidual16}'s weighing, lanes {@code [v, v+FL)}. */
    private static void weigh(float[] z, int zi, float[] weights, int i, float[] s, int v) {
        FloatVector w = FloatVector.fromArray(FS, weights, i);
        FloatVector r = FloatVector.fromArray(FS, z, zi).mul(w);
        r.intoArray(z, zi);
        FloatVector.fromArray(FS, s, 64 + v).fma(w, FloatVector.fromArray(FS, s, WEIGHTED_LOSS + v))
                .intoArray(s, WEIGHTED_LOSS + v);
        FloatVector.fromArray(FS, s, WEIGHTED_RESIDUAL + v).add(r).intoArray(s, WEIGHTED_RESIDUAL + v);
    }

    /** {@code s[at, at+FL) = exp(s[at, at+FL))}, see {@link #exp}. */
    private static void expInPlace(float[] s, int at) {
        exp(FloatVector.fromArray(FS, s, at)).intoArray(s, at);
    }

    /** {@code s[at, at+FL) = log1p(s[at, at+FL))}, see {@link #log1p}. */
    private static void log1pInPlace(float[] s, int at) {
        log1p(FloatVector.fromArray(FS, s, at)).intoArray(s, at);
    }

    /** {@code g[j, j+FL) += Σ_k r[i+k]·x[i+k][j, j+FL)}, k ascending, for one column vector. */
    private static void axpy16(float[] x, int d, int i, float[] r, float[] g, int j) {
        FloatVector gv = FloatVector.fromArray(FS, g, j);
        for (int k = 0; k < 16; k++) {
            gv = FloatVector.fromArray(FS, x, (i + k) * d + j).fma(FloatVector.broadcast(FS, r[i + k]), gv);
        }
        gv.intoArray(g, j);
    }

    private static void axpy16Tail(float[] x, int d, int i, float[] r, float[] g, int j) {
        VectorMask<Float> tail = FS.indexInRange(j, d);
        FloatVector gv = FloatVector.fromArray(FS, g, j);
        for (int k = 0; k < 16; k++) {
            gv = FloatVector.fromArray(FS, x, (i + k) * d + j, tail).fma(FloatVector.broadcast(FS, r[i + k]), gv);
        }
        gv.intoArray(g, j);
    }

    /**
     * One pass over rows {@code [from, to)} of x, in blocks of 16 rows (each block's rows are read from memory
     * once and are in L1 for the gradient): logits, loss and residual {@code r} (written over z), and
     * {@code g += Σ r_i·x_i}. {@code g} must be padded to whole vectors. Rows past the last whole block take the
     * per-row kernels. Returns the summed loss; {@code bias[slot]} gets {@code Σ r_i}, and for BCE {@code s[CORRECT]}
     * the rows classified correctly. {@code s} is the chunk's scratch of at least {@link #SCRATCH} floats.
     * With {@code weights} (indexed as y; null: every row weighs 1), each row's residual is also multiplied by its
     * weight and the loss returned is {@code Σ w_i·ℓ_i} ({@link #weightedResidual16}, {@link #weightedRows}).
     */
    static double fused(float[] x, float[] y, float[] weights, int d, int from, int to, float[] w, float b,
                        VectorMask<Float> tail, boolean bce, float scale, float[] z, float[] g, float[] bias, int slot,
                        float[] s) {
        java.util.Arrays.fill(s, 64, 96, 0f);
        java.util.Arrays.fill(s, WRONG, WEIGHTED_RESIDUAL + 16, 0f);
        int bound = d - d % FL;
        int i = from;
        for (; i + 16 <= to; i += 16) {
            dot16(x, d, i, w, b, z, s);
            residual16(z, i, y, weights, i, bce, scale, s);
            int j = 0;
            for (; j < bound; j += FL) {
                axpy16(x, d, i, z, g, j);
            }
            if (j < d) {
                axpy16Tail(x, d, i, z, g, j);
            }
        }
        int lanes = weights == null ? 64 : WEIGHTED_LOSS;
        double loss = sum16InPlace(s, lanes);
        float bsum = sum16InPlace(s, lanes + 16);
        s[CORRECT] = (i - from) - sum16InPlace(s, WRONG);
        if (i < to) {
            logits(x, d, i, to, w, b, tail, z);
            if (bce) {
                s[CORRECT] += correct(z, i, y, i, to - i);
            }
            loss += residuals(z, y, weights, i, to, bce, scale);
            bsum += accumulate(x, d, i, to, z, g, tail);
        }
        bias[slot] = bsum;
        return loss;
    }

    // ------------------------------------------------------------------ full batch, column blocks (FL == 8 or 16)

    /**
     * Scratch floats a chunk needs besides its lane accumulators: dot16's partials, loss and residual lanes, BCE's
     * e and log1p(e), a column block's logits, BCE's lanes of wrongly classified rows, the weighted loss and residual
     * lanes.
     */
    static final int SCRATCH = 192;
    /**
     * Where {@link #weightedResidual16} adds up the lanes of {@code w_i·ℓ_i}, then those of {@code w_i·r_i}: after
     * {@link #WRONG}'s, so that one fill clears them all.
     */
    private static final int WEIGHTED_LOSS = 160;
    private static final int WEIGHTED_RESIDUAL = WEIGHTED_LOSS + 16;
    /**
     * Where BCE's 16-row kernel counts, lane by lane, the rows it classifies wrongly; once a pass is done,
     * {@code s[CORRECT]} holds the rows classified correctly (counts are exact in float32 below 2^24).
     */
    static final int WRONG = 144;
    /** See {@link #WRONG}. */
    static final int CORRECT = WRONG;
    /** Where the column-block kernel keeps a block's logits and residuals, rather than in the batch-long z array. */
    private static final int Z = 128;

    /**
     * The data in column blocks: whole blocks of 16 rows, each stored feature by feature ({@code [block][d][16]}),
     * so that 16 rows' logits are {@code d} vector FMAs with broadcast weights and need no lane reduction. Rows
     * past the last whole block are left out (the full-batch kernel reads them from {@code x}).
     */
    static float[] columnBlocks(float[] x, int n, int d) {
        int blocks = n / 16;
        float[] xb = new float[blocks * 16 * d];
        dev.descent.tensor.Parallel.forRange(blocks, 1024, (from, to) -> {
            for (int k = from; k < to; k++) {
                transposeBlock(x, k * 16 * d, d, xb);
            }
        });
        return xb;
    }

    private static void transposeBlock(float[] x, int off, int d, float[] xb) {
        for (int r = 0; r < 16; r++) {
            for (int j = 0; j < d; j++) {
                xb[off + j * 16 + r] = x[off + r * d + j];
            }
        }
    }

    /**
     * One pass of a full batch's rows {@code [from, to)} ({@code from} a multiple of 16) over the column blocks:
     * per block, logits, loss and residual, then {@code acc[j] += r·x_j} lane-wise, one accumulator vector per
     * feature in {@code s[SCRATCH + 16j, +16)}; at the end the lanes are summed (fixed tree) into {@code g[j]}.
     * Rows from the last whole block on go through {@link #fused} on the row-major data. Returns the summed loss;
     * {@code bias[slot]} gets {@code Σ r_i}, and for BCE {@code s[CORRECT]} the rows classified correctly. With
     * {@code weights} (one per row; null: none) the residuals and the loss are weighted as in {@link #fused}.
     */
    static double fusedColumns(float[] xb, float[] x, float[] y, float[] weights, int d, int n, int from, int to,
                               float[] w, float b, VectorMask<Float> tail, boolean bce, float scale, float[] z,
                               float[] g, float[] bias, int slot, float[] s) {
        java.util.Arrays.fill(s, 64, SCRATCH + 16 * d, 0f);
        int blocked = Math.min(to, n / 16 * 16);
        int i = from;
        for (; i + 16 <= blocked; i += 16) {
            for (int v = 0; v < 16; v += FL) {
                dotColumns(xb, i * d + v, d, w, b, s, Z + v);
            }
            residual16(s, Z, y, weights, i, bce, scale, s);
            for (int v = 0; v < 16; v += FL) {
                gradColumns(xb, i * d + v, d, s, Z + v, s, v);
            }
        }
        for (int j = 0; j < d; j++) {
            g[j] = sum16InPlace(s, SCRATCH + 16 * j);
        }
        int lanes = weights == null ? 64 : WEIGHTED_LOSS;
        double loss = sum16InPlace(s, lanes);
        float bsum = sum16InPlace(s, lanes + 16);
        float correct = (i - from) - sum16InPlace(s, WRONG);
        s[CORRECT] = correct;
        if (i < to) {
            loss += fused(x, y, weights, d, i, to, w, b, tail, bce, scale, z, g, bias, slot, s);
            bsum += bias[slot];
            s[CORRECT] += correct;
        }
        bias[slot] = bsum;
        return loss;
    }

    /**
     * {@code z[i, i+FL) = b + Σ_j w_j·col_j} over one column block's rows {@code [v, v+FL)} ({@code off} includes v),
     * in four chains (j mod 4) for the FMA latency.
     */
    private static void dotColumns(float[] xb, int off, int d, float[] w, float b, float[] z, int i) {
        FloatVector z0 = FloatVector.zero(FS);
        FloatVector z1 = z0;
        FloatVector z2 = z0;
        FloatVector z3 = z0;
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            int o = off + 16 * j;
            z0 = FloatVector.fromArray(FS, xb, o).fma(FloatVector.broadcast(FS, w[j]), z0);
            z1 = FloatVector.fromArray(FS, xb, o + 16).fma(FloatVector.broadcast(FS, w[j + 1]), z1);
            z2 = FloatVector.fromArray(FS, xb, o + 32).fma(FloatVector.broadcast(FS, w[j + 2]), z2);
            z3 = FloatVector.fromArray(FS, xb, o + 48).fma(FloatVector.broadcast(FS, w[j + 3]), z3);
        }
        for (; j < d; j++) {
            z0 = FloatVector.fromArray(FS, xb, off + 16 * j).fma(FloatVector.broadcast(FS, w[j]), z0);
        }
        z0.add(z1).add(z2.add(z3)).add(b).intoArray(z, i);
    }

    /**
     * {@code s[SCRATCH + 16j + v, +FL) += r·col_j} for every feature j of one column block's rows {@code [v, v+FL)}
     * ({@code off} includes v); r is {@code z[i, i+FL)}.
     */
    private static void gradColumns(float[] xb, int off, int d, float[] z, int i, float[] s, int v) {
        FloatVector r = FloatVector.fromArray(FS, z, i);
        for (int j = 0; j < d; j++) {
            int a = SCRATCH + 16 * j + v;
            FloatVector.fromArray(FS, xb, off + 16 * j).fma(r, FloatVector.fromArray(FS, s, a)).intoArray(s, a);
        }
    }
}
