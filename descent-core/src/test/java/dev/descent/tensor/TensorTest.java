package dev.descent.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TensorTest {

    private static Tensor random(Random r, DType dtype, int... dims) {
        Tensor t = Tensor.zeros(dtype, dims);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, r.nextGaussian());
        }
        return t;
    }

    /** 1² + 2² + ... + n² = n(n+1)(2n+1)/6, exact in float64 at these sizes, for every remainder mod 4. */
    @ParameterizedTest
    @MethodSource("normSizes")
    void norm_isTheSquareRootOfTheExactSumOfSquares(int n) {
        for (DType dtype : DType.values()) {
            Tensor t = Tensor.zeros(dtype, n);
            for (int i = 0; i < n; i++) {
                t.set(i, i + 1);
            }
            assertThat(t.norm()).as("%s n=%d", dtype, n).isEqualTo(Math.sqrt(n * (n + 1.0) * (2 * n + 1) / 6));
        }
    }

    static IntStream normSizes() {
        return IntStream.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1001, 1002, 1003, 1004);
    }

    @Test
    void firstNonFiniteIsTheFirstInStorageOrder() {
        assertThat(Tensor.vector(1, 2, 3).firstNonFinite()).isEmpty();
        assertThat(Tensor.vector(1, Double.NEGATIVE_INFINITY, Double.NaN).firstNonFinite()).hasValue(Double.NEGATIVE_INFINITY);
        Tensor f = Tensor.of(new float[] {0f, Float.NaN, Float.POSITIVE_INFINITY}, 3);
        assertThat(f.firstNonFinite().getAsDouble()).isNaN();
        assertThat(Tensor.zeros(DType.FLOAT32, 0).firstNonFinite()).isEmpty();
    }

    @Test
    void norm_ofThreeElementsIsThePlainSum() {
        Tensor t = Tensor.vector(0.1, 0.2, 0.3);
        assertThat(t.norm()).isEqualTo(Math.sqrt(0.1 * 0.1 + 0.2 * 0.2 + 0.3 * 0.3));
    }

    @Test
    void broadcast_rowVectorIsAddedToEveryRow() {
        Tensor m = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor sum = m.plus(Tensor.vector(10, 20, 30));
        assertThat(sum.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(sum.toDoubleArray()).containsExactly(11, 22, 33, 14, 25, 36);
    }

    @Test
    void broadcast_columnAndScalar() {
        Tensor m = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
        assertThat(m.times(Tensor.of(new double[] {10, 100}, 2, 1)).toDoubleArray()).containsExactly(10, 20, 300, 400);
        assertThat(m.minus(Tensor.scalar(1)).toDoubleArray()).containsExactly(0, 1, 2, 3);
        // [2,1] with [3] gives the outer shape [2,3]
        Tensor outer = Tensor.of(new double[] {1, 2}, 2, 1).times(Tensor.vector(1, 10, 100));
        assertThat(outer.toDoubleArray()).containsExactly(1, 10, 100, 2, 20, 200);
    }

    @Test
    void broadcast_incompatibleShapes_nameBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(DType.FLOAT64, 2, 3).plus(Tensor.zeros(DType.FLOAT64, 4)))
                .hasMessage("shapes [2, 3] and [4] do not broadcast");
        assertThatThrownBy(() -> Tensor.zeros(DType.FLOAT64, 2).plus(Tensor.zeros(DType.FLOAT32, 2)))
                .hasMessageContaining("dtype mismatch");
    }

    @Test
    void sumTo_isTheAdjointOfBroadcast() {
        Tensor g = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(g.sumTo(Shape.of(3)).toDoubleArray()).containsExactly(5, 7, 9);
        assertThat(g.sumTo(Shape.of(2, 1)).toDoubleArray()).containsExactly(6, 15);
        assertThat(g.sumTo(Shape.SCALAR).item()).isEqualTo(21);
    }

    @Test
    void reductions_alongAxes() {
        Tensor t = Tensor.of(IntStream.range(0, 24).asDoubleStream().toArray(), 2, 3, 4);
        assertThat(t.sum(0, false).shape()).isEqualTo(Shape.of(3, 4));
        assertThat(t.sum(1, false).toDoubleArray()).containsExactly(12, 15, 18, 21, 48, 51, 54, 57);
        assertThat(t.sum(-1, true).shape()).isEqualTo(Shape.of(2, 3, 1));
        assertThat(t.mean(2, false).get(1, 2)).isEqualTo((20 + 21 + 22 + 23) / 4.0);
        assertThat(t.max(1, false).toDoubleArray()).containsExactly(8, 9, 10, 11, 20, 21, 22, 23);
        assertThat(t.argmax(2)).containsOnly(3);
        assertThat(t.sumAll()).isEqualTo(276);
    }

    @Test
    void softmax_rowsSumToOneAndIgnoreAShift() {
        Random r = new Random(7);
        Tensor z = random(r, DType.FLOAT64, 4, 5);
        Tensor s = z.softmax(1);
        for (double rowSum : s.sum(1, false).toDoubleArray()) {
            assertThat(rowSum).isCloseTo(1.0, within(1e-15));
        }
        Tensor shifted = z.plus(Tensor.scalar(1000.0)).softmax(1);
        for (int i = 0; i < s.size(); i++) {
            assertThat(shifted.at(i)).isCloseTo(s.at(i), within(1e-12));
        }
    }

    @Test
    void logSumExp_isFiniteForExtremeValues() {
        Tensor z = Tensor.matrix(new double[][] {{1e4, 0}, {-1e4, -1e4}});
        double[] lse = z.logSumExp(1, false).toDoubleArray();
        assertThat(lse[0]).isEqualTo(1e4);
        assertThat(lse[1]).isCloseTo(-1e4 + Math.log(2), within(1e-9));
        assertThat(Tensor.vector(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY).logSumExp(0, false).item())
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    static Stream<int[]> matmulShapes() {
        Random r = new Random(11);
        return IntStream.range(0, 40).mapToObj(i -> new int[] {r.nextInt(9), r.nextInt(9), r.nextInt(9), r.nextInt(4)});
    }

    @ParameterizedTest(name = "m,k,n,transpose = {0}")
    @MethodSource("matmulShapes")
    void matmul_withTransposes_matchesTheDefinition(int[] c) {
        int m = c[0];
        int k = c[1];
        int n = c[2];
        boolean ta = (c[3] & 1) != 0;
        boolean tb = (c[3] & 2) != 0;
        Random r = new Random(m * 100 + k * 10 + n);
        Tensor a = ta ? random(r, DType.FLOAT64, k, m) : random(r, DType.FLOAT64, m, k);
        Tensor b = tb ? random(r, DType.FLOAT64, n, k) : random(r, DType.FLOAT64, k, n);
        Tensor product = a.matmul(b, ta, tb);
        Tensor aa = ta ? a.transpose() : a;
        Tensor bb = tb ? b.transpose() : b;
        assertThat(product.shape()).isEqualTo(Shape.of(m, n));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                double scale = 0;
                for (int p = 0; p < k; p++) {
                    expected += aa.get(i, p) * bb.get(p, j);
                    scale += Math.abs(aa.get(i, p) * bb.get(p, j));
                }
                assertThat(product.get(i, j)).isCloseTo(expected, within(1e-14 * Math.max(scale, 1e-300)));
            }
        }
    }

    @Test
    void matmul_innerDimensionMismatch_namesShapes() {
        assertThatThrownBy(() -> Tensor.zeros(DType.FLOAT64, 2, 3).matmul(Tensor.zeros(DType.FLOAT64, 4, 2)))
                .hasMessageContaining("[2, 3]").hasMessageContaining("[4, 2]");
    }

    @Test
    void results_areBitIdenticalWhateverTheThreadCount() {
        Random r = new Random(3);
        Tensor a = random(r, DType.FLOAT32, 300, 200);
        Tensor b = random(r, DType.FLOAT32, 200, 150);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor one = a.matmul(b);
            double sumOne = a.sumAll();
            Parallel.setThreads(3);
            Tensor three = a.matmul(b);
            assertThat(three.bitEquals(one)).isTrue();
            assertThat(a.sumAll()).isEqualTo(sumOne);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void float32_elementwiseIsExactFloatArithmetic() {
        Random r = new Random(5);
        Tensor a = random(r, DType.FLOAT32, 1000);
        Tensor b = random(r, DType.FLOAT32, 1000);
        Tensor sum = a.plus(b);
        Tensor quotient = a.div(b);
        for (int i = 0; i < 1000; i++) {
            float x = a.floatData()[i];
            float y = b.floatData()[i];
            assertThat(sum.floatData()[i]).isEqualTo(x + y);
            assertThat(quotient.floatData()[i]).isEqualTo(x / y);
        }
    }

    @Test
    void reshape_sharesStorageAndInfersOneDimension() {
        Tensor t = Tensor.vector(1, 2, 3, 4, 5, 6);
        Tensor r = t.reshape(-1, 3);
        assertThat(r.shape()).isEqualTo(Shape.of(2, 3));
        t.set(0, 42);
        assertThat(r.get(0, 0)).isEqualTo(42);
        assertThatThrownBy(() -> t.reshape(4, -1)).hasMessageContaining("cannot reshape");
    }

    @Test
    void activations_areStableAtTheExtremes() {
        Tensor z = Tensor.vector(-1000, -1, 0, 1, 1000);
        assertThat(z.sigmoid().toDoubleArray()).containsExactly(0.0, 1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-1)), 1.0);
        assertThat(z.softplus().toDoubleArray()[4]).isEqualTo(1000.0);
        assertThat(z.softplus().toDoubleArray()[0]).isEqualTo(0.0);
        assertThat(z.leakyRelu(0.1).toDoubleArray()).containsExactly(-100, -0.1, 0, 1, 1000);
    }

    @Test
    void shape_validatesAndPrints() {
        assertThat(Shape.of(2, 3)).isEqualTo(new Shape(2, 3)).hasToString("[2, 3]");
        assertThat(Shape.of(2, 3).strides()).containsExactly(3, 1);
        assertThatThrownBy(() -> Shape.of(2, -1)).hasMessage("dimension 1 must be >= 0, got -1");
        assertThatThrownBy(() -> Tensor.of(new double[] {1, 2, 3}, 2, 2)).hasMessage("shape [2, 2] needs 4 values, got 3");
    }

    @Test
    void rng_isReproducibleAndRestorable() {
        Rng a = Rng.seeded(123);
        a.nextDouble();
        long saved = a.state();
        double next = a.nextGaussian();
        assertThat(Rng.restore(saved).nextGaussian()).isEqualTo(next);
        assertThat(Rng.seeded(5).permutation(10)).containsExactly(Rng.seeded(5).permutation(10));
        assertThat(Rng.seeded(5).permutation(10)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Rng root = Rng.seeded(1);
        assertThat(root.fork("init").nextLong()).isNotEqualTo(root.fork("shuffle").nextLong());
        assertThat(root.fork("init").nextLong()).isEqualTo(Rng.seeded(1).fork("init").nextLong());
    }

    @Test
    void params_keepOrderAndRefuseDuplicates() {
        Params p = Params.builder().put("b", Tensor.scalar(1)).put("a", Tensor.vector(3, 4)).build();
        assertThat(p.names()).containsExactly("b", "a");
        assertThat(p.totalSize()).isEqualTo(3);
        assertThat(p.globalNorm()).isCloseTo(Math.sqrt(26), within(1e-15));
        assertThatThrownBy(() -> Params.builder().put("a", Tensor.scalar(1)).put("a", Tensor.scalar(2)))
                .hasMessageContaining("duplicate");
        Params copy = p.copy();
        p.get("a").set(0, 9);
        assertThat(copy.get("a").at(0)).isEqualTo(3);
    }
}
