package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Property tests: the Vector API kernels agree with {@link ScalarKernels} over seeded random inputs. */
class VectorKernelsTest {

    private static final Kernels VECTOR = VectorKernels.INSTANCE;
    private static final Kernels SCALAR = ScalarKernels.INSTANCE;

    /** Sizes that hit the interesting edges: empty, single, primes, vector/tile/block boundaries. */
    private static final int[] SIZES = {0, 1, 2, 3, 5, 6, 7, 8, 13, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65,
        95, 96, 97, 101, 127, 128, 129, 255, 256, 257};

    @Test
    void activeKernelsAreTheVectorOnes() {
        assertThat(Kernels.active()).isSameAs(VectorKernels.INSTANCE);
        assertThat(Kernels.active().name()).isEqualTo("vector");
    }

    // ---------------------------------------------------------------- matmul

    static Stream<Arguments> matmulCases() {
        Random rnd = new Random(20261123L);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int m = SIZES[rnd.nextInt(SIZES.length)];
            int k = rnd.nextInt(5) == 0 ? 250 + rnd.nextInt(300) : SIZES[rnd.nextInt(SIZES.length)];
            int n = SIZES[rnd.nextInt(SIZES.length)];
            cases.add(Arguments.of(m, k, n, rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextLong()));
        }
        // every transpose combination on block-edge shapes, and the training shapes
        int[][] shapes = {{0, 5, 3}, {4, 0, 3}, {1, 1, 1}, {6, 256, 32}, {7, 257, 33}, {97, 513, 65},
            {128, 784, 10}, {13, 600, 200}, {200, 33, 97}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                cases.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, 1000L + t));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @MethodSource("matmulCases")
    void matmulFloat64AgreesWithScalar(int m, int k, int n, boolean transA, boolean transB, long seed) {
        Random rnd = new Random(seed);
        double[] a = randomDoubles(rnd, m * k);
        double[] b = randomDoubles(rnd, k * n);
        double[] expected = filled(m * n, Double.NaN);
        double[] actual = filled(m * n, Double.NaN);
        SCALAR.matmul(a, b, expected, m, k, n, transA, transB);
        VECTOR.matmul(a, b, actual, m, k, n, transA, transB);
        double[] scale = scale(a, b, m, k, n, transA, transB);
        for (int i = 0; i < m * n; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("C[%d] of %dx%dx%d", i, m, k, n)
                    .isLessThanOrEqualTo(1e-12 * scale[i]);
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @MethodSource("matmulCases")
    void matmulFloat32AgreesWithScalar(int m, int k, int n, boolean transA, boolean transB, long seed) {
        Random rnd = new Random(seed);
        float[] a = randomFloats(rnd, m * k);
        float[] b = randomFloats(rnd, k * n);
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        Arrays.fill(expected, Float.NaN);
        Arrays.fill(actual, Float.NaN);
        SCALAR.matmul(a, b, expected, m, k, n, transA, transB);
        VECTOR.matmul(a, b, actual, m, k, n, transA, transB);
        double[] exact = new double[m * n];
        ScalarKernels.INSTANCE.matmul(toDoubles(a), toDoubles(b), exact, m, k, n, transA, transB);
        double[] scale = scale(toDoubles(a), toDoubles(b), m, k, n, transA, transB);
        for (int i = 0; i < m * n; i++) {
            assertThat(Math.abs(actual[i] - exact[i])).as("C[%d] of %dx%dx%d vs float64", i, m, k, n)
                    .isLessThanOrEqualTo(1e-5 * scale[i]);
            assertThat(Math.abs((double) actual[i] - expected[i])).as("C[%d] of %dx%dx%d vs scalar", i, m, k, n)
                    .isLessThanOrEqualTo(1e-5 * scale[i]);
        }
    }

    @Test
    void matmulOverwritesGarbageAndLeavesTheRestOfC() {
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {7, 8, 9, 10, 11, 12};
        float[] c = filledF(4 + 3, 99f);
        VECTOR.matmul(a, b, c, 2, 3, 2, false, false);
        assertThat(c).containsExactly(58, 64, 139, 154, 99, 99, 99);
        double[] z = filled(6, 7.0);
        VECTOR.matmul(new double[0], new double[0], z, 2, 0, 3, false, false);
        assertThat(z).containsOnly(0.0);
    }

    /**
     * The float32 product's defining property, exactly: every element of C is one chain of float FMAs in ascending k
     * starting from 0, {@code c = fma(a_ip, b_pj, c)}, however the rows fall into micro-tiles (every remainder of
     * the six-row tiles, a batch of 128), the columns into panels and into one or several chunks a thread, and the
     * depth into blocks (k above 256 continues a chain from the stored C), on one thread and on two.
     */
    @Test
    void matmulFloat32IsOneAscendingFmaChainPerElement() {
        Random rnd = new Random(20261207L);
        // {m, k, n}; k or n of 0: drawn at random (a short depth, or several depth blocks; a few panels)
        List<int[]> shapes = new ArrayList<>();
        for (int m : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 20, 26, 32, 100, 102, 128, 130}) {
            shapes.add(new int[] {m, 0, 0});
        }
        shapes.add(new int[] {784, 128, 256}); // a weight gradient's shape
        shapes.add(new int[] {128, 784, 256}); // layer 1's forward product: several column chunks a thread on two
        int threads = Parallel.threads();
        try {
            for (int t : new int[] {1, 2}) {
                Parallel.setThreads(t);
                for (int[] shape : shapes) {
                    int m = shape[0];
                    int k = shape[1] > 0 ? shape[1] : rnd.nextBoolean() ? 1 + rnd.nextInt(40) : 257 + rnd.nextInt(300);
                    int n = shape[2] > 0 ? shape[2] : 1 + rnd.nextInt(70);
                    for (int trans = 0; trans < 4; trans++) {
                        boolean transA = (trans & 1) != 0;
                        boolean transB = (trans & 2) != 0;
                        float[] a = randomFloats(rnd, m * k);
                        float[] b = randomFloats(rnd, k * n);
                        float[] actual = filledF(m * n, Float.NaN);
                        VECTOR.matmul(a, b, actual, m, k, n, transA, transB);
                        float[] expected = new float[m * n];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                float c = 0f;
                                for (int p = 0; p < k; p++) {
                                    c = Math.fma(transA ? a[p * m + i] : a[i * k + p], transB ? b[j * k + p] : b[p * n + j], c);
                                }
                                expected[i * n + j] = c;
                            }
                        }
                        assertBitsEqual(actual, expected);
                    }
                }
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    /** Per element of C: the sum over k of |a||b|, the scale of its rounding error. */
    private static double[] scale(double[] a, double[] b, int m, int k, int n, boolean transA, boolean transB) {
        double[] absA = Arrays.stream(a).map(Math::abs).toArray();
        double[] absB = Arrays.stream(b).map(Math::abs).toArray();
        double[] s = new double[m * n];
        ScalarKernels.INSTANCE.matmul(absA, absB, s, m, k, n, transA, transB);
        return s;
    }

    // ---------------------------------------------------------------- element-wise

    static Stream<Arguments> binaryCases() {
        Random rnd = new Random(7L);
        List<Arguments> cases = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (int strides = 0; strides < 4; strides++) {
                for (int rep = 0; rep < 3; rep++) {
                    int n = rep == 0 ? SIZES[rnd.nextInt(SIZES.length)] : rnd.nextInt(rep == 1 ? 100 : 3000);
                    cases.add(Arguments.of(op, strides & 1, strides >> 1, n, rnd.nextLong()));
                }
            }
            cases.add(Arguments.of(op, 1, 1, 2 * VectorKernels.ELEMENTWISE_GRAIN + 13, rnd.nextLong()));
            cases.add(Arguments.of(op, 0, 1, 2 * VectorKernels.ELEMENTWISE_GRAIN + 13, rnd.nextLong()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} strides {1},{2} n={3}")
    @MethodSource("binaryCases")
    void binaryIsBitIdenticalToScalar(BinaryOp op, int aStride, int bStride, int n, long seed) {
        Random rnd = new Random(seed);
        int aOff = rnd.nextInt(5);
        int bOff = rnd.nextInt(5);
        int outOff = rnd.nextInt(5);
        int len = n + 10;
        float[] af = specialFloats(rnd, len);
        float[] bf = specialFloats(rnd, len);
        float[] expectedF = filledF(len, -3f);
        float[] actualF = filledF(len, -3f);
        SCALAR.binary(op, af, aOff, aStride, bf, bOff, bStride, expectedF, outOff, n);
        VECTOR.binary(op, af, aOff, aStride, bf, bOff, bStride, actualF, outOff, n);
        assertBitsEqual(actualF, expectedF);

        double[] ad = toDoubles(af);
        double[] bd = toDoubles(bf);
        for (int i = 0; i < len; i++) {
            ad[i] *= 1 + 1e-9 * rnd.nextGaussian();
            bd[i] *= 1 + 1e-9 * rnd.nextGaussian();
        }
        double[] expectedD = filled(len, -3.0);
        double[] actualD = filled(len, -3.0);
        SCALAR.binary(op, ad, aOff, aStride, bd, bOff, bStride, expectedD, outOff, n);
        VECTOR.binary(op, ad, aOff, aStride, bd, bOff, bStride, actualD, outOff, n);
        assertBitsEqual(actualD, expectedD);
    }

    static Stream<Arguments> unaryCases() {
        Random rnd = new Random(11L);
        double[] params = {0.01, 0.5, -3.0, 1.0 / 3.0, 2.0};
        List<Arguments> cases = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (int rep = 0; rep < 6; rep++) {
                int n = rep < 2 ? SIZES[rnd.nextInt(SIZES.length)] : rnd.nextInt(rep < 4 ? 100 : 5000);
                cases.add(Arguments.of(op, params[rnd.nextInt(params.length)], n, rnd.nextLong()));
            }
            cases.add(Arguments.of(op, 0.01, 2 * VectorKernels.ELEMENTWISE_GRAIN + 5, rnd.nextLong()));
        }
        return cases.stream();
    }

    /**
     * Every unary operation gives the scalar path's bits, the transcendental ones included: those run the scalar
     * functions, whose bits do not depend on the JIT tier (the Vector API's lanewise ones did).
     */
    @ParameterizedTest(name = "{0}({1}) n={2}")
    @MethodSource("unaryCases")
    void unaryIsBitIdenticalToScalar(UnaryOp op, double p, int n, long seed) {
        Random rnd = new Random(seed);
        int aOff = rnd.nextInt(5);
        int outOff = rnd.nextInt(5);
        int len = n + 10;
        float[] af = specialFloats(rnd, len);
        float[] expectedF = filledF(len, -3f);
        float[] actualF = filledF(len, -3f);
        SCALAR.unary(op, p, af, aOff, expectedF, outOff, n);
        VECTOR.unary(op, p, af, aOff, actualF, outOff, n);
        double[] ad = toDoubles(af);
        for (int i = 0; i < len; i++) {
            ad[i] *= 1 + 1e-9 * rnd.nextGaussian();
        }
        double[] expectedD = filled(len, -3.0);
        double[] actualD = filled(len, -3.0);
        SCALAR.unary(op, p, ad, aOff, expectedD, outOff, n);
        VECTOR.unary(op, p, ad, aOff, actualD, outOff, n);
        assertBitsEqual(actualF, expectedF);
        assertBitsEqual(actualD, expectedD);
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "TANH", "SIGMOID"})
    void transcendentalsOnADenseGrid(UnaryOp op) {
        int n = 200_001;
        float[] af = new float[n];
        for (int i = 0; i < n; i++) {
            af[i] = (float) (-110 + 220.0 * i / (n - 1));
        }
        float[] expectedF = new float[n];
        float[] actualF = new float[n];
        SCALAR.unary(op, 0, af, 0, expectedF, 0, n);
        VECTOR.unary(op, 0, af, 0, actualF, 0, n);
        double[] ad = toDoubles(af);
        double[] expectedD = new double[n];
        double[] actualD = new double[n];
        SCALAR.unary(op, 0, ad, 0, expectedD, 0, n);
        VECTOR.unary(op, 0, ad, 0, actualD, 0, n);
        assertBitsEqual(actualF, expectedF);
        assertBitsEqual(actualD, expectedD);
    }

    // ---------------------------------------------------------------- sums

    static IntStream sumLengths() {
        Random rnd = new Random(3L);
        return IntStream.concat(Arrays.stream(SIZES), IntStream.concat(
                IntStream.generate(() -> rnd.nextInt(10_000)).limit(10),
                IntStream.of(VectorKernels.SUM_CHUNK - 1, VectorKernels.SUM_CHUNK, VectorKernels.SUM_CHUNK + 1,
                        3 * VectorKernels.SUM_CHUNK + 77, 1_000_003)));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sumLengths")
    void sumsAgreeWithScalar(int n) {
        Random rnd = new Random(n * 31L + 5);
        int off = rnd.nextInt(7);
        float[] af = randomFloats(rnd, n + off + 3);
        double[] ad = randomDoubles(rnd, n + off + 3);
        double absF = 0;
        for (int i = 0; i < n; i++) {
            absF += Math.abs(af[off + i]);
        }
        double absD = 0;
        for (int i = 0; i < n; i++) {
            absD += Math.abs(ad[off + i]);
        }
        assertThat(Math.abs(VECTOR.sum(af, off, n) - SCALAR.sum(af, off, n))).isLessThanOrEqualTo(1e-12 * absF);
        assertThat(Math.abs(VECTOR.sum(ad, off, n) - SCALAR.sum(ad, off, n))).isLessThanOrEqualTo(1e-12 * absD);
        // squares are all positive: the sum itself bounds the rounding of any order
        double squaresF = SCALAR.sumOfSquares(af, off, n);
        double squaresD = SCALAR.sumOfSquares(ad, off, n);
        assertThat(Math.abs(VECTOR.sumOfSquares(af, off, n) - squaresF)).isLessThanOrEqualTo(1e-12 * squaresF);
        assertThat(Math.abs(VECTOR.sumOfSquares(ad, off, n) - squaresD)).isLessThanOrEqualTo(1e-12 * squaresD);
    }

    @Test
    void sumOfEmptyAndSingle() {
        assertThat(VECTOR.sum(new float[] {1f, 2f}, 1, 0)).isZero();
        assertThat(VECTOR.sum(new float[] {1f, 2.5f}, 1, 1)).isEqualTo(2.5);
        assertThat(VECTOR.sum(new double[] {Double.NaN}, 0, 1)).isNaN();
    }

    // ---------------------------------------------------------------- determinism

    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        Random rnd = new Random(99L);
        // op(A) of 301x530 is small enough for the float32 column split on 2 and 3 threads (one thread splits
        // rows; transposed, it splits rows with B packed per thread); 1100x1000 is not, so it splits rows on any
        // thread count.
        int[][] shapes = {{301, 530, 203}, {1100, 1000, 70}};
        float[][] af = new float[2][];
        float[][] bf = new float[2][];
        double[][] ad = new double[2][];
        double[][] bd = new double[2][];
        for (int s = 0; s < 2; s++) {
            af[s] = randomFloats(rnd, shapes[s][0] * shapes[s][1]);
            bf[s] = randomFloats(rnd, shapes[s][1] * shapes[s][2]);
            ad[s] = randomDoubles(rnd, shapes[s][0] * shapes[s][1]);
            bd[s] = randomDoubles(rnd, shapes[s][1] * shapes[s][2]);
        }
        int big = 5 * VectorKernels.ELEMENTWISE_GRAIN + 3;
        float[] xf = randomFloats(rnd, big);
        double[] xd = randomDoubles(rnd, big);
        int saved = Parallel.threads();
        List<List<Object>> runs = new ArrayList<>();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                // an A of 160K values: one chunk per thread; one thread takes the row split
                assertThat(VectorGemm.columnChunks(301, 530, 203, 7)).isEqualTo(threads);
                // layer 1's forward product (A of 100K values): four per thread, as its work allows (12 chunks)
                int w2Chunks = VectorGemm.columnChunks(128, 784, 256, 256 / VectorGemm.SNR);
                assertThat(w2Chunks).isEqualTo(threads == 1 ? 1 : Math.min(VectorGemm.COLUMN_CHUNKS_PER_THREAD * threads, 12));
                assertThat(VectorGemm.columnChunks(1100, 1000, 70, 3)).isZero();
                // two panels: no column split for three threads (1 means the row split)
                assertThat(VectorGemm.columnChunks(301, 530, 40, 2)).isEqualTo(threads <= 2 ? threads : 0);
                // with A transposed the 301x530x203 product splits its rows instead, each thread packing all of B
                int npad = (203 + VectorGemm.SNR - 1) / VectorGemm.SNR * VectorGemm.SNR;
                assertThat(VectorGemm.packsOwnB(301, npad, true)).isTrue();
                assertThat(VectorGemm.packsOwnB(301, npad, false)).isFalse();
                List<Object> run = new ArrayList<>();
                for (int s = 0; s < 2; s++) {
                    int m = shapes[s][0];
                    int k = shapes[s][1];
                    int n = shapes[s][2];
                    for (int t = 0; t < 4; t++) {
                        boolean ta = (t & 1) != 0;
                        boolean tb = (t & 2) != 0;
                        float[] cf = new float[m * n];
                        VECTOR.matmul(af[s], bf[s], cf, m, k, n, ta, tb);
                        run.add(cf);
                        double[] cd = new double[m * n];
                        VECTOR.matmul(ad[s], bd[s], cd, m, k, n, ta, tb);
                        run.add(cd);
                    }
                }
                run.add(VECTOR.sum(xf, 1, big - 1));
                run.add(VECTOR.sum(xd, 2, big - 2));
                run.add(VECTOR.sumOfSquares(xf, 1, big - 1));
                run.add(VECTOR.sumOfSquares(xd, 2, big - 2));
                float[] ef = new float[big];
                VECTOR.unary(UnaryOp.TANH, 0, xf, 0, ef, 0, big);
                run.add(ef);
                double[] ed = new double[big];
                VECTOR.binary(BinaryOp.MUL, xd, 0, 1, xd, 0, 1, ed, 0, big);
                run.add(ed);
                runs.add(run);
            }
        } finally {
            Parallel.setThreads(saved);
        }
        for (int r = 1; r < runs.size(); r++) {
            for (int i = 0; i < runs.get(0).size(); i++) {
                Object expected = runs.get(0).get(i);
                Object actual = runs.get(r).get(i);
                if (expected instanceof float[] e) {
                    assertBitsEqual((float[]) actual, e);
                } else if (expected instanceof double[] e) {
                    assertBitsEqual((double[]) actual, e);
                } else {
                    assertThat(actual).isEqualTo(expected);
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static double[] randomDoubles(Random rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }

    private static float[] randomFloats(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    /** Mostly ordinary values of varied magnitude, with NaN, infinities and both zeros mixed in. */
    private static float[] specialFloats(Random rnd, int n) {
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f, -1f,
            Float.MIN_VALUE, Float.MAX_VALUE, 100f, -100f};
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(10) == 0 ? special[rnd.nextInt(special.length)]
                    : (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
        }
        return x;
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    private static double[] filled(int n, double v) {
        double[] x = new double[n];
        Arrays.fill(x, v);
        return x;
    }

    private static float[] filledF(int n, float v) {
        float[] x = new float[n];
        Arrays.fill(x, v);
        return x;
    }

    static void assertBitsEqual(float[] actual, float[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToIntBits(actual[i])).as("element %d: %s vs %s", i, actual[i], expected[i])
                    .isEqualTo(Float.floatToIntBits(expected[i]));
        }
    }

    static void assertBitsEqual(double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToLongBits(actual[i])).as("element %d: %s vs %s", i, actual[i], expected[i])
                    .isEqualTo(Double.doubleToLongBits(expected[i]));
        }
    }
}
