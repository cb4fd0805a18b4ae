package dev.descent.nn.loss;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.nn.Checks;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static dev.descent.nn.Checks.assertPasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LossTest {

    private static double value(Loss loss, Tensor output, Tensor target) {
        return loss.apply(new Tape().constant(output), target).value().item();
    }

    private static final Tensor OUT = Tensor.matrix(new double[][] {{0.5, -1.0}, {3.0, 2.0}});
    private static final Tensor TARGET = Tensor.matrix(new double[][] {{1.0, 1.0}, {0.0, 2.25}});
    // residuals r = [-0.5, -2, 3, -0.25]

    @Test
    void mse_isMeanOfSquaresWithoutHalf() {
        assertThat(value(Loss.mse(), OUT, TARGET)).isEqualTo((0.25 + 4 + 9 + 0.0625) / 4);
    }

    @Test
    void mae_isMeanOfAbsoluteErrors() {
        assertThat(value(Loss.mae(), OUT, TARGET)).isEqualTo((0.5 + 2 + 3 + 0.25) / 4);
    }

    @Test
    void huber_quadraticInsideLinearOutside() {
        // delta 1: 0.5·0.25, 1·(2 − 0.5), 1·(3 − 0.5), 0.5·0.0625
        assertThat(value(Loss.huber(1), OUT, TARGET)).isEqualTo((0.125 + 1.5 + 2.5 + 0.03125) / 4);
        // delta 0.5: 0.5·(0.5−0.25) at |r| = δ is also 0.5·0.25 (continuous), 0.5·(2−0.25), 0.5·(3−0.25), 0.5·0.0625
        assertThat(value(Loss.huber(0.5), OUT, TARGET)).isCloseTo((0.125 + 0.875 + 1.375 + 0.03125) / 4, within(1e-15));
    }

    @Test
    void bce_matchesDefinition() {
        Tensor z = Tensor.vector(0.3, -1.2, 2.0).reshape(3, 1);
        Tensor t = Tensor.vector(1, 0, 1);
        double expected = (-Math.log(sigmoid(0.3)) - Math.log(1 - sigmoid(-1.2)) - Math.log(sigmoid(2.0))) / 3;
        assertThat(value(Loss.bce(), z, t)).isCloseTo(expected, within(1e-15));
    }

    @Test
    void ce_indicesAndOneHotAgree_andMatchDefinition() {
        Tensor z = Tensor.matrix(new double[][] {{1.0, 2.0, 0.5}, {-1.0, 0.0, 3.0}});
        double row0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5)) - 2.0;
        double row1 = Math.log(Math.exp(-1) + Math.exp(0) + Math.exp(3)) - (-1.0);
        double expected = (row0 + row1) / 2;
        assertThat(value(Loss.ce(), z, Tensor.vector(1, 0))).isCloseTo(expected, within(1e-14));
        assertThat(value(Loss.ce(), z, Tensor.vector(1, 0).reshape(2, 1))).isCloseTo(expected, within(1e-14));
        assertThat(value(Loss.ce(), z, Tensor.matrix(new double[][] {{0, 1, 0}, {1, 0, 0}})))
                .isCloseTo(expected, within(1e-14));
    }

    /*
     * Decision values f and 0/1 targets t, with y = 2t − 1 and the margin y·f:
     *   f:   2.0   0.5  −0.25  1.0  −3.0   0.5
     *   t:   1     1     0     1     1     0
     *   y·f: 2     0.5   0.25  1    −3    −0.5      (row 3 sits on the hinge point y·f = 1)
     *   max(0, 1 − y·f) = m: 0  0.5  0.75  0  4  1.5
     */
    private static final Tensor DECISIONS = Tensor.vector(2.0, 0.5, -0.25, 1.0, -3.0, 0.5).reshape(6, 1);
    private static final Tensor LABELS = Tensor.vector(1, 1, 0, 1, 1, 0);

    @Test
    void hinge_handComputedValueAndSubgradient() {
        // L = Σ m / 6 = 6.75 / 6
        Tape tape = new Tape();
        Node f = tape.variable(DECISIONS);
        Node loss = Loss.hinge().apply(f, LABELS);
        assertThat(loss.value().item()).isEqualTo(6.75 / 6);
        // ∂L/∂f = −y/6 where y·f < 1, else 0; the hinge point (row 3) takes 0, the subgradient of relu at 0
        double sixth = 1.0 / 6;
        assertElements(tape.gradient(loss, f), new double[] {0, -sixth, sixth, 0, -sixth, sixth}, 0);
    }

    /** Each element of {@code actual} within {@code tolerance} of {@code expected} (so 0 and −0 are equal). */
    private static void assertElements(Tensor actual, double[] expected, double tolerance) {
        assertThat(actual.size()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual.at(i)).as("element %d", i).isCloseTo(expected[i], within(tolerance));
        }
    }

    @Test
    void squaredHinge_handComputedValueAndGradient() {
        // L = Σ m² / 6 = (0 + 0.25 + 0.5625 + 0 + 16 + 2.25) / 6 = 19.0625 / 6
        Tape tape = new Tape();
        Node f = tape.variable(DECISIONS);
        Node loss = Loss.squaredHinge().apply(f, LABELS);
        assertThat(loss.value().item()).isEqualTo(19.0625 / 6);
        // ∂L/∂f = −2·y·m/6: 0, −1/6, 1.5/6, 0 (continuous at the hinge point), −8/6, 3/6
        assertElements(tape.gradient(loss, f), new double[] {0, -1.0 / 6, 1.5 / 6, 0, -8.0 / 6, 3.0 / 6}, 1e-16);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void hinge_sameValueInEitherDtype(DType dtype) {
        // every intermediate (y·f, 1 − y·f, the sum 6.75) is exact in float32 too
        assertThat(value(Loss.hinge(), DECISIONS.to(dtype), LABELS)).isCloseTo(6.75 / 6, within(1e-7));
        assertThat(Loss.hinge().apply(new Tape().constant(DECISIONS.to(dtype)), LABELS).value().dtype()).isEqualTo(dtype);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hinge", "squared_hinge"})
    void marginLosses_gradientMatchesCentralDifferencesAwayFromTheHinge(String spec) {
        Loss loss = Loss.parse(spec);
        Random random = new Random(spec.hashCode());
        // |f| at least 0.1 from 1 (and from 0.7), so y·f = ±|f| is never within a step of the hinge point
        Tensor output = awayFromKinks(random, 4, 3);
        Tensor target = Tensor.matrix(new double[][] {{1, 0, 1}, {0, 0, 1}, {1, 1, 0}, {0, 1, 0}});
        assertPasses(spec, GradCheck.check(in -> loss.apply(in.get(0), target), output));
        // and a single output against a [batch] target
        Tensor column = awayFromKinks(random, 5, 1);
        assertPasses(spec + " [5, 1]", GradCheck.check(in -> loss.apply(in.get(0), Tensor.vector(1, 0, 0, 1, 1)), column));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, 2, 0.5})
    void marginLosses_refuseTargetsOtherThanZeroAndOne(double bad) {
        Node out = new Tape().constant(Tensor.zeros(DType.FLOAT64, 2, 1));
        for (Loss loss : new Loss[] {Loss.hinge(), Loss.squaredHinge()}) {
            assertThatThrownBy(() -> loss.apply(out, Tensor.vector(1, bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(loss.name() + ": targets must be the class indices 0 and 1, got " + bad);
        }
        assertThatThrownBy(() -> Loss.hinge().apply(out, Tensor.vector(1, 0, 1)))
                .hasMessageContaining("hinge: target shape [3] does not match output shape [2, 1]");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void bce_extremeLogits_finiteAndExact(DType dtype) {
        Tensor z = Tensor.matrix(new double[][] {{1e4}, {-1e4}, {1e4}, {-1e4}}).to(dtype);
        Tensor t = Tensor.vector(1, 0, 0, 1);
        // per element: 0, 0, 1e4, 1e4 -> mean 5e3
        Tape tape = new Tape();
        Node zNode = tape.variable(z);
        Node loss = Loss.bce().apply(zNode, t);
        assertThat(loss.value().item()).isEqualTo(5e3);
        assertThat(tape.gradient(loss, zNode).toDoubleArray()).containsExactly(0.0, 0.0, 0.25, -0.25);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void ce_extremeLogits_finiteAndExact(DType dtype) {
        Tensor z = Tensor.matrix(new double[][] {{1e4, -1e4}, {1e4, -1e4}}).to(dtype);
        // row 0 labelled 0: loss 0; row 1 labelled 1: loss logSumExp − z_1 = 1e4 − (−1e4) = 2e4 -> mean 1e4
        Tape tape = new Tape();
        Node zNode = tape.variable(z);
        Node loss = Loss.ce().apply(zNode, Tensor.vector(0, 1));
        assertThat(loss.value().item()).isEqualTo(1e4);
        assertThat(tape.gradient(loss, zNode).toDoubleArray()).containsExactly(0.0, 0.0, 0.5, -0.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "mae", "huber", "huber(delta=0.7)", "bce", "ce"})
    void gradient_matchesCentralDifferences(String spec) {
        Loss loss = Loss.parse(spec);
        Random random = new Random(spec.hashCode());
        Tensor output = Checks.away(random, 4, 3);
        Tensor target = switch (loss.name()) {
            case "bce" -> Tensor.matrix(new double[][] {{1, 0, 1}, {0, 0, 1}, {1, 1, 0}, {0, 1, 0}});
            case "ce" -> Tensor.vector(2, 0, 1, 1);
            // residuals = output − target with |residual| ≥ 0.1 away from 0 and from huber's ±δ
            default -> output.minus(awayFromKinks(random, 4, 3));
        };
        GradCheck.Result r = GradCheck.check(in -> loss.apply(in.get(0), target), output);
        assertPasses(spec, r);
    }

    @Test
    void gradient_singleOutputWithVectorTarget() {
        Tensor target = Tensor.vector(0.3, -2.0, 1.5);
        for (Loss loss : new Loss[] {Loss.mse(), Loss.mae(), Loss.huber(1), Loss.bce()}) {
            Tensor t = loss.name().equals("bce") ? Tensor.vector(1, 0, 1) : target;
            GradCheck.Result r = GradCheck.check(in -> loss.apply(in.get(0), t),
                    Tensor.matrix(new double[][] {{1.0}, {-0.4}, {0.2}}));
            assertPasses(loss.spec(), r);
            assertThat(loss.apply(new Tape().constant(Tensor.zeros(DType.FLOAT64, 3, 1)), t).shape().size()).isEqualTo(1);
        }
    }

    /** Residuals in ±(0.1, 3) kept 0.1 away from ±0.7 and ±1 (huber's deltas here). */
    private static Tensor awayFromKinks(Random random, int... dims) {
        Tensor t = Tensor.zeros(DType.FLOAT64, dims);
        for (int i = 0; i < t.size(); i++) {
            double v;
            do {
                v = 0.1 + 2.9 * random.nextDouble();
            } while (Math.abs(v - 0.7) < 0.1 || Math.abs(v - 1.0) < 0.1);
            t.set(i, random.nextBoolean() ? v : -v);
        }
        return t;
    }

    @Test
    void parse_validForms() {
        assertThat(Loss.parse("mse")).isEqualTo(Loss.mse());
        assertThat(Loss.parse(" MAE ")).isEqualTo(Loss.mae());
        assertThat(Loss.parse("huber")).isEqualTo(new Huber(1.0));
        assertThat(Loss.parse("huber(delta=0.5)")).isEqualTo(Loss.huber(0.5));
        assertThat(Loss.parse("huber( Delta = 2 )")).isEqualTo(Loss.huber(2));
        assertThat(Loss.parse("bce")).isEqualTo(Loss.bce());
        assertThat(Loss.parse("ce()")).isEqualTo(Loss.ce());
        assertThat(Loss.parse("hinge")).isEqualTo(Loss.hinge()).isInstanceOf(MarginLoss.class);
        assertThat(Loss.parse("Squared_Hinge")).isEqualTo(Loss.squaredHinge()).isInstanceOf(MarginLoss.class);
    }

    @Test
    void spec_roundTrips() {
        for (Loss loss : new Loss[] {Loss.mse(), Loss.mae(), Loss.huber(0.25), Loss.bce(), Loss.ce(), Loss.hinge(),
                Loss.squaredHinge()}) {
            assertThat(Loss.parse(loss.spec())).isEqualTo(loss);
        }
        assertThat(Loss.huber(0.5).spec()).isEqualTo("huber(delta=0.5)");
        assertThat(Loss.huber(0.5).name()).isEqualTo("huber");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty loss",
            "mean_squared_error|unknown loss 'mean_squared_error'",
            "huber(delta=0)|huber delta must be positive, got 0.0",
            "huber(delta=abc)|delta must be a finite number, got 'abc'",
            "huber(alpha=1)|unknown key 'alpha' for huber",
            "huber(1)|takes only key=value arguments",
            "mse(delta=1)|loss mse takes no arguments",
            "hinge(margin=2)|loss hinge takes no arguments",
            "svm|unknown loss 'svm'",
            "bce(|unbalanced parentheses"})
    void parse_invalid_oneLineErrorListingValidNames(String text, String problem) {
        assertThatThrownBy(() -> Loss.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .hasMessageEndingWith("; valid: mse, mae, huber(delta=1), bce, ce, hinge, squared_hinge")
                .hasMessageNotContaining("\n");
    }

    @Test
    void mismatchedShapes_throwNamingBoth() {
        Tape tape = new Tape();
        Node out = tape.constant(Tensor.zeros(DType.FLOAT64, 3, 2));
        assertThatThrownBy(() -> Loss.mse().apply(out, Tensor.zeros(DType.FLOAT64, 3)))
                .hasMessageContaining("target shape [3] does not match output shape [3, 2]");
        assertThatThrownBy(() -> Loss.ce().apply(out, Tensor.zeros(DType.FLOAT64, 4)))
                .hasMessageContaining("fits neither class indices [3] nor one-hot rows [3, 2]");
        assertThatThrownBy(() -> Loss.ce().apply(out, Tensor.vector(0, 2, 1)))
                .hasMessageContaining("target 1 must be a class index in [0, 2), got 2.0");
        assertThatThrownBy(() -> Loss.ce().apply(out, Tensor.vector(0, 0.5, 1)))
                .hasMessageContaining("got 0.5");
    }

    @Test
    void vectorTarget_forSingleOutput_doesNotBroadcastToSquare() {
        Tensor out = Tensor.matrix(new double[][] {{1.0}, {2.0}, {3.0}});
        assertThat(value(Loss.mse(), out, Tensor.vector(1.0, 2.0, 5.0))).isEqualTo(4.0 / 3);
    }

    @Test
    void float32_targetsConvertedToOutputType() {
        Tensor out = OUT.to(DType.FLOAT32);
        Node loss = Loss.mse().apply(new Tape().constant(out), TARGET);
        assertThat(loss.value().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(loss.value().item()).isEqualTo((0.25 + 4 + 9 + 0.0625) / 4);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
