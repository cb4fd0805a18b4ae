package dev.descent.nn;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static dev.descent.nn.Checks.assertPasses;
import static dev.descent.nn.Checks.weighted;
import static dev.descent.testkit.TensorAssert.assertBitEquals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DropoutTest {

    private static final Dropout DROPOUT = new Dropout("drop", 0.25);

    @Test
    void eval_isIdentity() {
        Tape tape = new Tape();
        Node x = tape.constant(Checks.away(new Random(1), 3, 4));
        assertThat(DROPOUT.forward(x, Map.of(), Mode.EVAL, null)).isSameAs(x);
        assertThat(DROPOUT.forward(x, Map.of(), Mode.EVAL, Rng.seeded(1))).isSameAs(x);
    }

    @Test
    void train_keepsWithProbabilityOneMinusRate_andScalesKeptUnits() {
        Tape tape = new Tape();
        Tensor ones = Tensor.ones(new dev.descent.tensor.Shape(200, 100), DType.FLOAT32);
        Tensor y = DROPOUT.forward(tape.constant(ones), Map.of(), Mode.TRAIN, Rng.seeded(9)).value();
        int kept = 0;
        for (int i = 0; i < y.size(); i++) {
            assertThat(y.at(i)).isIn(0.0, (double) (float) (1 / 0.75));
            kept += y.at(i) != 0 ? 1 : 0;
        }
        // 20000 Bernoulli(0.75) draws: standard deviation of the fraction ≈ 0.003.
        assertThat(kept / 20000.0).isBetween(0.74, 0.76);
    }

    @Test
    void train_maskDependsOnlyOnRngState() {
        Tensor x = Checks.away(new Random(2), 4, 6);
        Tape tape = new Tape();
        Tensor a = DROPOUT.forward(tape.constant(x), Map.of(), Mode.TRAIN, Rng.seeded(5)).value();
        Tensor b = DROPOUT.forward(tape.constant(x), Map.of(), Mode.TRAIN, Rng.seeded(5)).value();
        Tensor c = DROPOUT.forward(tape.constant(x), Map.of(), Mode.TRAIN, Rng.seeded(6)).value();
        assertBitEquals(a, b);
        assertThat(a.bitEquals(c)).isFalse();
        assertBitEquals(a, x.times(DROPOUT.mask(x, Rng.seeded(5))));
    }

    @Test
    void train_gradientWithFixedMask_matchesCentralDifferences() {
        // The same seed on every evaluation gives the same mask, so f is one fixed function.
        GradCheck.Result r = GradCheck.check(
                in -> weighted(DROPOUT.forward(in.get(0), Map.of(), Mode.TRAIN, Rng.seeded(11)).tanh()),
                Checks.away(new Random(3), 5, 4));
        assertPasses("dropout", r);
    }

    @Test
    void rateZero_isIdentityInTrain() {
        Tape tape = new Tape();
        Node x = tape.constant(Tensor.vector(1, 2));
        assertThat(new Dropout("d", 0).forward(x, Map.of(), Mode.TRAIN, null)).isSameAs(x);
    }

    @Test
    void invalid_throws() {
        assertThatThrownBy(() -> Dropout.of(1.0)).hasMessageContaining("dropout rate must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> Dropout.of(-0.1)).hasMessageContaining("got -0.1");
        Tape tape = new Tape();
        assertThatThrownBy(() -> DROPOUT.forward(tape.constant(Tensor.vector(1)), Map.of(), Mode.TRAIN, null))
                .hasMessageContaining("needs an Rng");
    }

    @Test
    void init_hasNoParams() {
        assertThat(DROPOUT.init(3, DType.FLOAT32, Rng.seeded(0)).count()).isZero();
        assertThat(DROPOUT.outputFeatures(7)).isEqualTo(7);
        assertThat(DROPOUT.parameterCount(7)).isZero();
    }
}
