package dev.descent.autograd;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every backward rule against central differences (GradCheck), on seeded random inputs away from kinks. */
class GradCheckOpsTest {

    /** Central differences in float64 with h = 1e-6 are good to ~1e-9 here; 1e-6 flags any wrong rule. */
    private static final double TOLERANCE = 1e-6;

    private static final Random RANDOM = new Random(42);

    /** Values in (-2, 2) kept at least 0.1 from 0 so relu/abs/leaky relu are differentiable there. */
    private static Tensor away(int... dims) {
        Tensor t = Tensor.zeros(DType.FLOAT64, dims);
        for (int i = 0; i < t.size(); i++) {
            double v = 0.1 + 1.9 * RANDOM.nextDouble();
            t.set(i, RANDOM.nextBoolean() ? v : -v);
        }
        return t;
    }

    /** Values in (-2, 2) kept at least 0.1 from each of {@code kinks} (for clamp's bounds). */
    private static Tensor awayFrom(double[] kinks, int... dims) {
        Tensor t = Tensor.zeros(DType.FLOAT64, dims);
        for (int i = 0; i < t.size(); i++) {
            double v;
            boolean near;
            do {
                v = -2 + 4 * RANDOM.nextDouble();
                near = false;
                for (double k : kinks) {
                    near |= Math.abs(v - k) < 0.1;
                }
            } while (near);
            t.set(i, v);
        }
        return t;
    }

    /** Fixed constants for the constant-tensor ops (f must be the same function on every call). */
    private static final Tensor FIXED_ROW = Tensor.vector(0.5, -1.25, 2.0, 0.75);
    private static final Tensor FIXED_MATRIX = Tensor.matrix(new double[][] {
            {1.5, -0.5, 0.25, 2.0}, {-1.0, 0.75, 3.0, -2.5}, {0.1, 1.1, -0.6, 0.9}});

    /** Values in (0.5, 2): positive, for log, sqrt, div and pow. */
    private static Tensor positive(int... dims) {
        Tensor t = Tensor.zeros(DType.FLOAT64, dims);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, 0.5 + 1.5 * RANDOM.nextDouble());
        }
        return t;
    }

    /** A fixed random weighting so that sum-reductions do not hide a wrong per-element gradient. */
    private static Node weighted(Node n) {
        Tensor w = Tensor.zeros(DType.FLOAT64, n.shape().dims());
        for (int i = 0; i < w.size(); i++) {
            w.set(i, 1.0 + 0.5 * Math.sin(1.7 * i + 0.3));   // fixed: f must be the same function on every call
        }
        return n.times(n.tape().constant(w)).sum();
    }

    private static Arguments op(String name, Function<List<Node>, Node> f, Tensor... inputs) {
        return Arguments.of(name, f, inputs);
    }

    static Stream<Arguments> ops() {
        return Stream.of(
                op("add", in -> weighted(in.get(0).plus(in.get(1))), away(3, 4), away(3, 4)),
                op("add broadcast row", in -> weighted(in.get(0).plus(in.get(1))), away(3, 4), away(4)),
                op("add broadcast column", in -> weighted(in.get(0).plus(in.get(1))), away(3, 4), away(3, 1)),
                op("sub", in -> weighted(in.get(0).minus(in.get(1))), away(2, 3), away(1, 3)),
                op("mul", in -> weighted(in.get(0).times(in.get(1))), away(2, 3), away(2, 3)),
                op("mul broadcast scalar", in -> weighted(in.get(0).times(in.get(1))), away(2, 3), away()),
                op("div", in -> weighted(in.get(0).div(in.get(1))), away(2, 3), positive(2, 3)),
                op("neg", in -> weighted(in.get(0).neg()), away(5)),
                op("pow scalar", in -> weighted(in.get(0).pow(3.0)), away(5)),
                op("pow fractional", in -> weighted(in.get(0).pow(1.7)), positive(5)),
                op("pow tensor", in -> weighted(in.get(0).pow(in.get(1))), positive(2, 3), away(2, 3)),
                op("square", in -> weighted(in.get(0).square()), away(4)),
                op("plus constant", in -> weighted(in.get(0).plus(2.5)), away(4)),
                op("times constant", in -> weighted(in.get(0).times(-1.5)), away(4)),
                op("minus constant tensor", in -> weighted(in.get(0).minus(FIXED_MATRIX)), away(3, 4)),
                op("minus constant broadcast", in -> weighted(in.get(0).minus(FIXED_ROW)), away(3, 4)),
                op("times constant tensor", in -> weighted(in.get(0).times(FIXED_MATRIX)), away(3, 4)),
                op("times constant broadcast", in -> weighted(in.get(0).times(FIXED_ROW)), away(3, 4)),
                op("clamp", in -> weighted(in.get(0).clamp(-0.5, 1.0)), awayFrom(new double[] {-0.5, 1.0}, 4, 5)),
                op("clamp one-sided", in -> weighted(in.get(0).clamp(Double.NEGATIVE_INFINITY, 0.3)),
                        awayFrom(new double[] {0.3}, 4, 5)),
                op("exp", in -> weighted(in.get(0).exp()), away(2, 2)),
                op("log", in -> weighted(in.get(0).log()), positive(2, 2)),
                op("sqrt", in -> weighted(in.get(0).sqrt()), positive(2, 2)),
                op("abs", in -> weighted(in.get(0).abs()), away(6)),
                op("sin", in -> weighted(in.get(0).sin()), away(6)),
                op("cos", in -> weighted(in.get(0).cos()), away(6)),
                op("tanh", in -> weighted(in.get(0).tanh()), away(6)),
                op("sigmoid", in -> weighted(in.get(0).sigmoid()), away(6)),
                op("relu", in -> weighted(in.get(0).relu()), away(6)),
                op("leaky relu", in -> weighted(in.get(0).leakyRelu(0.01)), away(6)),
                op("softplus", in -> weighted(in.get(0).softplus()), away(6)),
                op("matmul", in -> weighted(in.get(0).matmul(in.get(1))), away(3, 4), away(4, 2)),
                op("matmul vector-like", in -> weighted(in.get(0).matmul(in.get(1))), away(1, 5), away(5, 1)),
                op("transpose", in -> weighted(in.get(0).transpose()), away(3, 2)),
                op("reshape", in -> weighted(in.get(0).reshape(2, -1)), away(3, 4)),
                op("sum all", in -> in.get(0).sum().square(), away(3, 2)),
                op("mean all", in -> in.get(0).mean().square(), away(3, 2)),
                op("sum axis 0", in -> weighted(in.get(0).sum(0, false)), away(3, 4)),
                op("sum axis 1 keepdim", in -> weighted(in.get(0).sum(1, true)), away(3, 4)),
                op("sum middle axis", in -> weighted(in.get(0).sum(1, false)), away(2, 3, 4)),
                op("mean axis -1", in -> weighted(in.get(0).mean(-1, false)), away(3, 4)),
                op("max axis 1", in -> weighted(in.get(0).max(1, false)), away(3, 5)),
                op("max axis 0 keepdim", in -> weighted(in.get(0).max(0, true)), away(4, 3)),
                op("log-sum-exp", in -> weighted(in.get(0).logSumExp(1, false)), away(3, 4)),
                op("log-sum-exp axis 0", in -> weighted(in.get(0).logSumExp(0, true)), away(3, 4)),
                op("softmax", in -> weighted(in.get(0).softmax(1)), away(3, 4)),
                op("log-softmax", in -> weighted(in.get(0).logSoftmax(-1)), away(3, 4)),
                op("softmax cross-entropy", in -> in.get(0).softmaxCrossEntropy(oneHot(new int[] {2, 0, 1}, 3)), away(3, 3)),
                op("binary cross-entropy", in -> in.get(0).binaryCrossEntropyWithLogits(Tensor.vector(1, 0, 1, 1)), away(4)),
                op("softmax cross-entropy rows", in -> weighted(in.get(0).softmaxCrossEntropyRows(oneHot(new int[] {2, 0, 1}, 3))),
                        away(3, 3)),
                op("softmax cross-entropy rows, soft targets", in -> weighted(in.get(0).softmaxCrossEntropyRows(
                        Tensor.matrix(new double[][] {{0.2, 0.3, 0.5}, {1, 0, 0}}))), away(2, 3)),
                op("binary cross-entropy elements", in -> weighted(in.get(0)
                        .binaryCrossEntropyWithLogitsElements(Tensor.matrix(new double[][] {{1, 0}, {0.25, 1}, {0, 0}}))),
                        away(3, 2)),
                op("composite mlp", in -> in.get(0).matmul(in.get(1)).plus(in.get(2)).tanh().matmul(in.get(3))
                        .softmaxCrossEntropy(oneHot(new int[] {1, 0}, 2)), away(2, 3), away(3, 4), away(4), away(4, 2)));
    }

    static Tensor oneHot(int[] labels, int classes) {
        Tensor t = Tensor.zeros(DType.FLOAT64, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            t.set(i * classes + labels[i], 1.0);
        }
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void gradient_matchesCentralDifferences(String name, Function<List<Node>, Node> f, Tensor[] inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertThat(r.passed(TOLERANCE)).as("%s: %s", name, r).isTrue();
    }

    @Test
    void check_detectsAWrongRule() {
        // x·x with the second factor detached from the tape: the value is x², the recorded gradient only x.
        GradCheck.Result r = GradCheck.check(in -> in.get(0).times(in.get(0).tape().constant(in.get(0).value())).sum(),
                Tensor.vector(1.5, -0.7));
        assertThat(r.passed(TOLERANCE)).isFalse();
    }
}
