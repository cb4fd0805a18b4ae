package dev.descent.nn.loss;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.nn.Checks;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static dev.descent.nn.Checks.assertPasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The weighted mean {@code Σ w_i·ℓ_i / Σ w_i} of every loss: hand-computed values, gradients, corner cases. */
class WeightedLossTest {

    private static final double EXACT = 1e-12;

    /** The loss and its gradient with respect to the outputs. */
    private record Result(double loss, double[] gradient) {
    }

    private static Result weighted(Loss loss, Tensor output, Tensor target, Tensor weights) {
        Tape tape = new Tape();
        Node z = tape.variable(output);
        Node l = loss.apply(z, target, weights);
        return new Result(l.value().item(), tape.gradient(l, z).toDoubleArray());
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(EXACT * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @Test
    void ce_weightedMeanOfRows_andItsGradient() {
        Tensor z = Tensor.matrix(new double[][] {{1.0, 2.0, 0.5}, {-1.0, 0.0, 3.0}, {0.0, 0.0, 0.0}});
        Tensor labels = Tensor.vector(1, 0, 2);
        Tensor w = Tensor.vector(2, 0.5, 1);
        // ℓ_i = log Σ_c e^{z_ic} − z_i,label; L = (2·ℓ_0 + 0.5·ℓ_1 + 1·ℓ_2) / 3.5
        double s0 = Math.exp(1) + Math.exp(2) + Math.exp(0.5);
        double s1 = Math.exp(-1) + Math.exp(0) + Math.exp(3);
        double l0 = Math.log(s0) - 2.0;
        double l1 = Math.log(s1) + 1.0;
        double l2 = Math.log(3);
        double expected = (2 * l0 + 0.5 * l1 + l2) / 3.5;
        // ∂L/∂z_ic = w_i·(softmax(z_i)_c − [c = label_i]) / 3.5
        double[] gradient = {
                2 * (Math.exp(1) / s0) / 3.5, 2 * (Math.exp(2) / s0 - 1) / 3.5, 2 * (Math.exp(0.5) / s0) / 3.5,
                0.5 * (Math.exp(-1) / s1 - 1) / 3.5, 0.5 * (1 / s1) / 3.5, 0.5 * (Math.exp(3) / s1) / 3.5,
                (1.0 / 3) / 3.5, (1.0 / 3) / 3.5, (1.0 / 3 - 1) / 3.5};
        Result r = weighted(Loss.ce(), z, labels, w);
        assertThat(r.loss()).isCloseTo(expected, within(EXACT * expected));
        assertClose(r.gradient(), gradient);
    }

    @Test
    void mse_rowIsTheMeanOverItsColumns() {
        Tensor out = Tensor.matrix(new double[][] {{0.5, -1.0}, {3.0, 2.0}});
        Tensor target = Tensor.matrix(new double[][] {{1.0, 1.0}, {0.0, 2.25}});
        // residuals r = [[-0.5, -2], [3, -0.25]]: ℓ_0 = (0.25 + 4)/2 = 2.125, ℓ_1 = (9 + 0.0625)/2 = 4.53125;
        // weights (3, 1): L = (3·2.125 + 4.53125)/4 = 2.7265625; ∂L/∂ŷ_ij = w_i·2·r_ij/(2·4) = w_i·r_ij/4
        Result r = weighted(Loss.mse(), out, target, Tensor.vector(3, 1));
        assertThat(r.loss()).isEqualTo(2.7265625);
        assertThat(r.gradient()).containsExactly(-0.375, -1.5, 0.75, -0.0625);
    }

    @Test
    void bce_weightedMean_andItsGradient() {
        Tensor z = Tensor.vector(0.3, -1.2, 2.0).reshape(3, 1);
        Tensor t = Tensor.vector(1, 0, 1);
        // weights (1, 2, 0): L = (−log σ(0.3) − 2·log(1 − σ(−1.2)) + 0) / 3; ∂L/∂z_i = w_i·(σ(z_i) − t_i)/3
        double expected = (-Math.log(sigmoid(0.3)) - 2 * Math.log(1 - sigmoid(-1.2))) / 3;
        Result r = weighted(Loss.bce(), z, t, Tensor.vector(1, 2, 0));
        assertThat(r.loss()).isCloseTo(expected, within(EXACT * expected));
        assertClose(r.gradient(), new double[] {(sigmoid(0.3) - 1) / 3, 2 * sigmoid(-1.2) / 3, 0.0});
    }

    @Test
    void mae_andHuber_handComputed() {
        Tensor out = Tensor.vector(0.5, 3.0, -1.0).reshape(3, 1);
        Tensor target = Tensor.vector(1.0, 0.0, -1.25);
        Tensor w = Tensor.vector(1, 2, 1);
        // r = (−0.5, 3, 0.25); mae: (0.5 + 2·3 + 0.25)/4 = 1.6875, gradient w_i·sign(r_i)/4
        Result mae = weighted(Loss.mae(), out, target, w);
        assertThat(mae.loss()).isEqualTo(1.6875);
        assertThat(mae.gradient()).containsExactly(-0.25, 0.5, 0.25);
        // huber δ=1: ½·0.25 = 0.125, 1·(3 − ½) = 2.5, ½·0.0625 = 0.03125; (0.125 + 5 + 0.03125)/4 = 1.2890625;
        // gradient w_i·(r_i inside, δ·sign(r_i) outside)/4 = (−0.125, 0.5, 0.0625)
        Result huber = weighted(Loss.huber(1), out, target, w);
        assertThat(huber.loss()).isEqualTo(1.2890625);
        assertThat(huber.gradient()).containsExactly(-0.125, 0.5, 0.0625);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "mae", "huber(delta=0.7)", "bce", "ce", "hinge", "squared_hinge"})
    void weightedGradient_matchesCentralDifferences(String spec) {
        Loss loss = Loss.parse(spec);
        Random random = new Random(spec.hashCode());
        Tensor output = loss instanceof MarginLoss ? awayFromTheHinge(random, 4, 3) : Checks.away(random, 4, 3);
        Tensor target = target(loss, output, random);
        Tensor weights = Tensor.vector(0.5, 0, 2.5, 1.25);
        GradCheck.Result r = GradCheck.check(in -> loss.apply(in.get(0), target, weights), output);
        assertPasses(spec, r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "mae", "huber(delta=0.7)", "bce", "ce", "hinge", "squared_hinge"})
    void perRow_averagesToTheLoss_andUnitOrScaledWeightsGiveTheMean(String spec) {
        Loss loss = Loss.parse(spec);
        Random random = new Random(spec.hashCode() + 1);
        Tensor output = Checks.away(random, 5, 3);
        Tensor target = target(loss, output, random);
        double mean = loss.apply(new Tape().constant(output), target).value().item();
        Node rows = loss.perRow(new Tape().constant(output), target);
        assertThat(rows.shape().dims()).containsExactly(5);
        assertThat(rows.value().sumAll() / 5).isCloseTo(mean, within(EXACT * mean));
        Tensor ones = Tensor.ones(rows.shape(), DType.FLOAT64);
        assertThat(weighted(loss, output, target, ones).loss()).isCloseTo(mean, within(EXACT * mean));
        // the weighted mean does not change when every weight is multiplied by one constant
        Tensor w = Tensor.vector(1, 2, 0, 3, 0.5);
        assertThat(weighted(loss, output, target, w.times(7.0)).loss())
                .isCloseTo(weighted(loss, output, target, w).loss(), within(EXACT * mean));
    }

    @Test
    void zeroWeights_giveZeroLossAndNoGradient() {
        Tensor z = Tensor.matrix(new double[][] {{1.0, -2.0}, {0.5, 3.0}});
        Result r = weighted(Loss.ce(), z, Tensor.vector(1, 0), Tensor.vector(0, 0));
        assertThat(r.loss()).isEqualTo(0.0);
        assertThat(java.util.Arrays.stream(r.gradient()).allMatch(g -> g == 0)).as("every element ±0").isTrue();
    }

    @Test
    void float32Weights_followTheOutputs() {
        Tensor out = Tensor.vector(1.0, 2.0).reshape(2, 1).to(DType.FLOAT32);
        Node l = Loss.mse().apply(new Tape().constant(out), Tensor.vector(0, 0), Tensor.vector(1, 3));
        // (1·1 + 3·4)/4 = 3.25, exact in float32
        assertThat(l.value().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(l.value().item()).isEqualTo(3.25);
    }

    @Test
    void weightsOfAnotherLength_throwNamingTheShapes() {
        Node out = new Tape().constant(Tensor.zeros(DType.FLOAT64, 3, 1));
        assertThatThrownBy(() -> Loss.mse().apply(out, Tensor.vector(0, 0, 0), Tensor.vector(1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weights of shape [2] for a batch of 3 rows (expected [3])");
    }

    private static Tensor target(Loss loss, Tensor output, Random random) {
        int rows = output.shape().dim(0);
        int columns = output.shape().dim(1);
        return switch (loss.name()) {
            case "bce", "hinge", "squared_hinge" -> output.map(v -> random.nextBoolean() ? 1 : 0);
            case "ce" -> Tensor.zeros(DType.FLOAT64, rows).map(v -> random.nextInt(columns));
            // residuals at least 0.1 from 0 and from huber's ±0.7
            default -> output.minus(Tensor.zeros(DType.FLOAT64, rows, columns)
                    .map(v -> (random.nextBoolean() ? 1 : -1) * (random.nextBoolean() ? 0.2 + 0.3 * random.nextDouble()
                            : 0.9 + random.nextDouble())));
        };
    }

    /** Decision values with |f| at least 0.2 from 1, so y·f = ±|f| is never within a step of the hinge point. */
    private static Tensor awayFromTheHinge(Random random, int... dims) {
        Tensor t = Tensor.zeros(DType.FLOAT64, dims);
        for (int i = 0; i < t.size(); i++) {
            double v = random.nextBoolean() ? 0.1 + 0.7 * random.nextDouble() : 1.2 + random.nextDouble();
            t.set(i, random.nextBoolean() ? v : -v);
        }
        return t;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
