package dev.descent.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the {@code jdk.incubator.vector} API; chosen by {@link Kernels#active()} when that module
 * is present.
 *
 * <p><b>Matrix multiply</b> is a packed, register-blocked GEMM in the Goto/BLIS style (see {@link VectorGemm}).
 * Every element of {@code C} is accumulated by one thread, in ascending {@code k}, with fused multiply-adds, so
 * the result is bit-identical for any thread count; it differs from {@link ScalarKernels} only by FMA rounding.
 *
 * <p><b>Element-wise operations.</b> Float32 results are meant to equal the scalar path's, which computes in
 * double and rounds once:
 * <ul>
 *   <li>{@code + - * /}, {@code sqrt}, {@code max}, {@code min}, {@code neg}, {@code abs}, {@code square},
 *       {@code relu}, {@code step}: float arithmetic is exactly the double result rounded once, so these run on
 *       float lanes and are bit-identical to the scalar path.</li>
 *   <li>{@code leaky_relu}, {@code add_scalar}, {@code mul_scalar} with a parameter that is not exactly a
 *       float: the lanes are widened to double, computed, and narrowed once, like the scalar path
 *       (bit-identical).</li>
 *   <li>Everything else, the transcendental functions included ({@code exp}, {@code log}, {@code tanh},
 *       {@code sigmoid}, {@code pow}, {@code sin}, {@code cos}, {@code softplus}, {@code sign}), runs the scalar
 *       loop, over the pool for long arrays. The Vector API's lanewise {@code EXP}, {@code LOG} and {@code TANH}
 *       run the JDK's SVML stubs once C2 has compiled the loop, and {@link Math} lane by lane before: up to an ulp
 *       apart, so a run's bits depended on when the JIT got there (the same command gave three different sets of
 *       weights in four fresh JVMs). The scalar functions give the same bits in every tier.</li>
 * </ul>
 *
 * <p><b>Sums</b> accumulate in float64 in a fixed order: four vector accumulators over fixed blocks, reduced in
 * lane order; long arrays are cut into fixed-size chunks (boundaries depend on the length only) whose partial
 * sums are added in chunk order, so the result does not depend on the thread count.
 */
final class VectorKernels implements Kernels {

    static final VectorKernels INSTANCE = new VectorKernels();

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Float species with the lane count of {@link #DS}: converts to and from {@code DS} without reshuffling. */
    static final VectorSpecies<Float> FHALF = VectorSpecies.of(float.class,
            VectorShape.forBitSize(DS.vectorBitSize() / 2));
    private static final int FL = FS.length();
    private static final int DL = DS.length();
    private static final int HL = FHALF.length();

    /** Element-wise work below this many elements runs on the calling thread. */
    static final int ELEMENTWISE_GRAIN = 1 << 16;
    /** Sums are cut into chunks of this many elements; the cut depends only on the length. */
    static final int SUM_CHUNK = 1 << 16;

    private VectorKernels() {
    }

    @Override
    public String name() {
        return "vector";
    }

    // ---------------------------------------------------------------- matmul

    @Override
    public void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean transA, boolean transB) {
        VectorGemm.sgemm(a, b, c, m, k, n, transA, transB);
    }

    @Override
    public void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean transA, boolean transB,
                       RawKernels.Epilogue epilogue) {
        VectorGemm.sgemm(a, b, c, m, k, n, transA, transB, epilogue);
    }

    @Override
    public void matmul(double[] a, double[] b, double[] c, int m, int k, int n, boolean transA, boolean transB) {
        VectorGemm.dgemm(a, b, c, m, k, n, transA, transB);
    }

    // ---------------------------------------------------------------- binary

    private static boolean vectorizable(BinaryOp op) {
        return op != BinaryOp.POW;
    }

    @Override
    public void binary(BinaryOp op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                       float[] out, int outOff, int n) {
        if (!vectorizable(op) || (aStride != 0 && aStride != 1) || (bStride != 0 && bStride != 1)) {
            ScalarKernels.INSTANCE.binary(op, a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            return;
        }
        VectorOperators.Binary vop = binaryOperator(op);
        if (n < 2 * ELEMENTWISE_GRAIN) {
            binaryF(vop, a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            return;
        }
        Parallel.forRange(n, ELEMENTWISE_GRAIN, (from, to) -> binaryF(vop, a, aOff + from * aStride, aStride,
                b, bOff + from * bStride, bStride, out, outOff + from, to - from));
    }

    private static void binaryF(VectorOperators.Binary vop, float[] a, int aOff, int aStride, float[] b, int bOff,
                                int bStride, float[] out, int outOff, int n) {
        int bound = FS.loopBound(n);
        int i = 0;
        if (aStride == 1 && bStride == 1) {
            for (; i < bound; i += FL) {
                FloatVector x = FloatVector.fromArray(FS, a, aOff + i);
                FloatVector y = FloatVector.fromArray(FS, b, bOff + i);
                x.lanewise(vop, y).intoArray(out, outOff + i);
            }
        } else if (aStride == 1) {
            FloatVector y = FloatVector.broadcast(FS, b[bOff]);
            for (; i < bound; i += FL) {
                FloatVector.fromArray(FS, a, aOff + i).lanewise(vop, y).intoArray(out, outOff + i);
            }
        } else if (bStride == 1) {
            FloatVector x = FloatVector.broadcast(FS, a[aOff]);
            for (; i < bound; i += FL) {
                x.lanewise(vop, FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
            }
        } else if (n > 0) {
            float v = FloatVector.broadcast(FS, a[aOff]).lanewise(vop, b[bOff]).lane(0);
            for (; i < n; i++) {
                out[outOff + i] = v;
            }
        }
        if (i < n) {
            VectorMask<Float> mask = FS.indexInRange(i, n);
            FloatVector x = aStride == 1 ? FloatVector.fromArray(FS, a, aOff + i, mask)
                    : FloatVector.broadcast(FS, a[aOff]);
            FloatVector y = bStride == 1 ? FloatVector.fromArray(FS, b, bOff + i, mask)
                    : FloatVector.broadcast(FS, b[bOff]);
            x.lanewise(vop, y).intoArray(out, outOff + i, mask);
        }
    }

    @Override
    public void binary(BinaryOp op, double[] a, int aOff, int aStride, double[] b, int bOff, int bStride,
                       double[] out, int outOff, int n) {
        if (!vectorizable(op) || (aStride != 0 && aStride != 1) || (bStride != 0 && bStride != 1)) {
            ScalarKernels.INSTANCE.binary(op, a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            return;
        }
        VectorOperators.Binary vop = binaryOperator(op);
        if (n < 2 * ELEMENTWISE_GRAIN) {
            binaryD(vop, a, aOff, aStride, b, bOff, bStride, out, outOff, n);
            return;
        }
        Parallel.forRange(n, ELEMENTWISE_GRAIN, (from, to) -> binaryD(vop, a, aOff + from * aStride, aStride,
                b, bOff + from * bStride, bStride, out, outOff + from, to - from));
    }

    private static void binaryD(VectorOperators.Binary vop, double[] a, int aOff, int aStride, double[] b,
                                int bOff, int bStride, double[] out, int outOff, int n) {
        int bound = DS.loopBound(n);
        int i = 0;
        if (aStride == 1 && bStride == 1) {
            for (; i < bound; i += DL) {
                DoubleVector x = DoubleVector.fromArray(DS, a, aOff + i);
                DoubleVector y = DoubleVector.fromArray(DS, b, bOff + i);
                x.lanewise(vop, y).intoArray(out, outOff + i);
            }
        } else if (aStride == 1) {
            DoubleVector y = DoubleVector.broadcast(DS, b[bOff]);
            for (; i < bound; i += DL) {
                DoubleVector.fromArray(DS, a, aOff + i).lanewise(vop, y).intoArray(out, outOff + i);
            }
        } else if (bStride == 1) {
            DoubleVector x = DoubleVector.broadcast(DS, a[aOff]);
            for (; i < bound; i += DL) {
                x.lanewise(vop, DoubleVector.fromArray(DS, b, bOff + i)).intoArray(out, outOff + i);
            }
        } else if (n > 0) {
            double v = DoubleVector.broadcast(DS, a[aOff]).lanewise(vop, b[bOff]).lane(0);
            for (; i < n; i++) {
                out[outOff + i] = v;
            }
        }
        if (i < n) {
            VectorMask<Double> mask = DS.indexInRange(i, n);
            DoubleVector x = aStride == 1 ? DoubleVector.fromArray(DS, a, aOff + i, mask)
                    : DoubleVector.broadcast(DS, a[aOff]);
            DoubleVector y = bStride == 1 ? DoubleVector.fromArray(DS, b, bOff + i, mask)
                    : DoubleVector.broadcast(DS, b[bOff]);
            x.lanewise(vop, y).intoArray(out, outOff + i, mask);
        }
    }

    private static VectorOperators.Binary binaryOperator(BinaryOp op) {
        return switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case DIV -> VectorOperators.DIV;
            case MAX -> VectorOperators.MAX;
            case MIN -> VectorOperators.MIN;
            case POW -> throw new IllegalArgumentException("pow is not vectorized");
        };
    }

    // ---------------------------------------------------------------- unary

    /** How a unary operation runs on float32 lanes. */
    private enum FloatRoute { FLOAT, WIDEN, SCALAR }

    private static FloatRoute floatRoute(UnaryOp op, double p) {
        return switch (op) {
            case NEG, ABS, SQRT, SQUARE, RELU, STEP -> FloatRoute.FLOAT;
            // float arithmetic with a float parameter is the double result rounded once
            case LEAKY_RELU, ADD_SCALAR, MUL_SCALAR -> (double) (float) p == p ? FloatRoute.FLOAT : FloatRoute.WIDEN;
            default -> FloatRoute.SCALAR;
        };
    }

    private static boolean vectorizable(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SQRT, SQUARE, RELU, STEP, LEAKY_RELU, ADD_SCALAR, MUL_SCALAR -> true;
            default -> false;
        };
    }

    @Override
    public void unary(UnaryOp op, double p, float[] a, int aOff, float[] out, int outOff, int n) {
        FloatRoute route = floatRoute(op, p);
        if (route == FloatRoute.SCALAR) {
            if (n < 2 * ELEMENTWISE_GRAIN) {
                ScalarKernels.INSTANCE.unary(op, p, a, aOff, out, outOff, n);
            } else {
                Parallel.forRange(n, ELEMENTWISE_GRAIN,
                        (from, to) -> ScalarKernels.INSTANCE.unary(op, p, a, aOff + from, out, outOff + from, to - from));
            }
            return;
        }
        if (n < 2 * ELEMENTWISE_GRAIN) {
            unaryF(route, op, p, a, aOff, out, outOff, n);
            return;
        }
        Parallel.forRange(n, ELEMENTWISE_GRAIN,
                (from, to) -> unaryF(route, op, p, a, aOff + from, out, outOff + from, to - from));
    }

    private static void unaryF(FloatRoute route, UnaryOp op, double p, float[] a, int aOff, float[] out, int outOff,
                               int n) {
        if (route == FloatRoute.FLOAT) {
            float pf = (float) p;
            int bound = FS.loopBound(n);
            int i = 0;
            for (; i < bound; i += FL) {
                applyF(op, pf, FloatVector.fromArray(FS, a, aOff + i)).intoArray(out, outOff + i);
            }
            if (i < n) {
                VectorMask<Float> mask = FS.indexInRange(i, n);
                applyF(op, pf, FloatVector.fromArray(FS, a, aOff + i, mask)).intoArray(out, outOff + i, mask);
            }
        } else {
            int bound = FHALF.loopBound(n);
            int i = 0;
            for (; i < bound; i += HL) {
                DoubleVector x = (DoubleVector) FloatVector.fromArray(FHALF, a, aOff + i)
                        .convertShape(VectorOperators.F2D, DS, 0);
                ((FloatVector) applyD(op, p, x).convertShape(VectorOperators.D2F, FHALF, 0))
                        .intoArray(out, outOff + i);
            }
            if (i < n) {
                VectorMask<Float> mask = FHALF.indexInRange(i, n);
                DoubleVector x = (DoubleVector) FloatVector.fromArray(FHALF, a, aOff + i, mask)
                        .convertShape(VectorOperators.F2D, DS, 0);
                ((FloatVector) applyD(op, p, x).convertShape(VectorOperators.D2F, FHALF, 0))
                        .intoArray(out, outOff + i, mask);
            }
        }
    }

    private static FloatVector applyF(UnaryOp op, float p, FloatVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SQRT -> x.sqrt();
            case SQUARE -> x.mul(x);
            case RELU -> FloatVector.zero(FS).blend(x, x.compare(VectorOperators.GT, 0f));
            case LEAKY_RELU -> x.mul(p).blend(x, x.compare(VectorOperators.GT, 0f));
            case ADD_SCALAR -> x.add(p);
            case MUL_SCALAR -> x.mul(p);
            case STEP -> FloatVector.zero(FS).blend(1f, x.compare(VectorOperators.GT, 0f));
            default -> throw new IllegalArgumentException(op + " has no float lane form");
        };
    }

    @Override
    public void unary(UnaryOp op, double p, double[] a, int aOff, double[] out, int outOff, int n) {
        if (!vectorizable(op)) {
            if (n < 2 * ELEMENTWISE_GRAIN) {
                ScalarKernels.INSTANCE.unary(op, p, a, aOff, out, outOff, n);
            } else {
                Parallel.forRange(n, ELEMENTWISE_GRAIN,
                        (from, to) -> ScalarKernels.INSTANCE.unary(op, p, a, aOff + from, out, outOff + from, to - from));
            }
            return;
        }
        if (n < 2 * ELEMENTWISE_GRAIN) {
            unaryD(op, p, a, aOff, out, outOff, n);
            return;
        }
        Parallel.forRange(n, ELEMENTWISE_GRAIN, (from, to) -> unaryD(op, p, a, aOff + from, out, outOff + from, to - from));
    }

    private static void unaryD(UnaryOp op, double p, double[] a, int aOff, double[] out, int outOff, int n) {
        int bound = DS.loopBound(n);
        int i = 0;
        for (; i < bound; i += DL) {
            applyD(op, p, DoubleVector.fromArray(DS, a, aOff + i)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Double> mask = DS.indexInRange(i, n);
            applyD(op, p, DoubleVector.fromArray(DS, a, aOff + i, mask)).intoArray(out, outOff + i, mask);
        }
    }

    private static DoubleVector applyD(UnaryOp op, double p, DoubleVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SQRT -> x.sqrt();
            case SQUARE -> x.mul(x);
            case RELU -> DoubleVector.zero(DS).blend(x, x.compare(VectorOperators.GT, 0.0));
            case LEAKY_RELU -> x.mul(p).blend(x, x.compare(VectorOperators.GT, 0.0));
            case ADD_SCALAR -> x.add(p);
            case MUL_SCALAR -> x.mul(p);
            case STEP -> DoubleVector.zero(DS).blend(1.0, x.compare(VectorOperators.GT, 0.0));
            default -> throw new IllegalArgumentException(op + " has no vector form");
        };
    }

    // ---------------------------------------------------------------- sum

    @Override
    public double sum(float[] a, int off, int n) {
        return chunked(n, (start, len) -> sumF(a, off + start, len, false));
    }

    @Override
    public double sum(double[] a, int off, int n) {
        return chunked(n, (start, len) -> sumD(a, off + start, len, false));
    }

    @Override
    public double sumOfSquares(float[] a, int off, int n) {
        return chunked(n, (start, len) -> sumF(a, off + start, len, true));
    }

    @Override
    public double sumOfSquares(double[] a, int off, int n) {
        return chunked(n, (start, len) -> sumD(a, off + start, len, true));
    }

    /** A sum over {@code [start, start + len)} of an array. */
    @FunctionalInterface
    private interface PartialSum {
        double of(int start, int len);
    }

    /**
     * The sum over {@code [0, n)}: in chunks of {@link #SUM_CHUNK} over the pool, their sums added in chunk order, so
     * the result does not depend on the thread count.
     */
    private static double chunked(int n, PartialSum sum) {
        if (n <= SUM_CHUNK) {
            return sum.of(0, n);
        }
        int chunks = (n + SUM_CHUNK - 1) / SUM_CHUNK;
        double[] partial = new double[chunks];
        Parallel.forRange(chunks, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                int start = c * SUM_CHUNK;
                partial[c] = sum.of(start, Math.min(SUM_CHUNK, n - start));
            }
        });
        double s = 0.0;
        for (double v : partial) {
            s += v;
        }
        return s;
    }

    /** The sum of {@code a[off, off + n)}, or of their squares, in four vector accumulators. */
    private static double sumF(float[] a, int off, int n, boolean squares) {
        DoubleVector s0 = DoubleVector.zero(DS);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int step = 4 * HL;
        int bound = n - n % step;
        int i = 0;
        for (; i < bound; i += step) {
            s0 = accumulate(s0, widen(a, off + i), squares);
            s1 = accumulate(s1, widen(a, off + i + HL), squares);
            s2 = accumulate(s2, widen(a, off + i + 2 * HL), squares);
            s3 = accumulate(s3, widen(a, off + i + 3 * HL), squares);
        }
        double s = reduceInOrder(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            double x = a[off + i];
            s += squares ? x * x : x;
        }
        return s;
    }

    private static DoubleVector widen(float[] a, int at) {
        return (DoubleVector) FloatVector.fromArray(FHALF, a, at).convertShape(VectorOperators.F2D, DS, 0);
    }

    /** The float64 form of {@link #sumF}. */
    private static double sumD(double[] a, int off, int n, boolean squares) {
        DoubleVector s0 = DoubleVector.zero(DS);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int step = 4 * DL;
        int bound = n - n % step;
        int i = 0;
        for (; i < bound; i += step) {
            s0 = accumulate(s0, DoubleVector.fromArray(DS, a, off + i), squares);
            s1 = accumulate(s1, DoubleVector.fromArray(DS, a, off + i + DL), squares);
            s2 = accumulate(s2, DoubleVector.fromArray(DS, a, off + i + 2 * DL), squares);
            s3 = accumulate(s3, DoubleVector.fromArray(DS, a, off + i + 3 * DL), squares);
        }
        double s = reduceInOrder(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            double x = a[off + i];
            s += squares ? x * x : x;
        }
        return s;
    }

    /** {@code s + x·x} rounded once (a fused multiply-add), or {@code s + x}. */
    private static DoubleVector accumulate(DoubleVector s, DoubleVector x, boolean squares) {
        return squares ? x.fma(x, s) : s.add(x);
    }

    /** Lane 0 + lane 1 + ... in order; {@code reduceLanes(ADD)} leaves the order unspecified. */
    private static double reduceInOrder(DoubleVector v) {
        double s = 0.0;
        for (int l = 0; l < DL; l++) {
            s += v.lane(l);
        }
        return s;
    }
}
