package dev.descent.autograd;

import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TapeTest {

    @Test
    void gradient_ofSquare_isTwoX() {
        Tape tape = new Tape();
        Node x = tape.variable(Tensor.vector(3.0, -1.5));
        Tensor g = tape.gradient(x.square().sum(), x);
        assertThat(g.toDoubleArray()).containsExactly(6.0, -3.0);
    }

    @Test
    void gradient_accumulatesOverEveryUse() {
        Tape tape = new Tape();
        Node x = tape.variable(Tensor.scalar(2.0));
        Node y = x.times(x).plus(x.times(3.0));   // x² + 3x, derivative 2x + 3 = 7
        assertThat(tape.gradient(y, x).item()).isEqualTo(7.0);
    }

    @Test
    void gradient_ofUnusedVariable_isZero() {
        Tape tape = new Tape();
        Node x = tape.variable(Tensor.vector(1.0));
        Node unused = tape.variable(Tensor.vector(5.0, 6.0));
        Node y = x.square().sum();
        assertThat(tape.gradient(y, unused).toDoubleArray()).containsExactly(0.0, 0.0);
    }

    @Test
    void constants_getNoGradientRule() {
        Tape tape = new Tape();
        Node c = tape.constant(Tensor.vector(1.0, 2.0));
        Node y = c.exp().sum();
        assertThat(y.requiresGrad()).isFalse();
    }

    @Test
    void gradient_byParameterName() {
        Params params = Params.builder()
                .put("w", Tensor.vector(0.5, -1.0))
                .put("b", Tensor.scalar(0.25))
                .build();
        Tape tape = new Tape();
        Map<String, Node> p = tape.watch(params);
        Node x = tape.constant(Tensor.vector(2.0, 3.0));
        Node y = p.get("w").times(x).sum().plus(p.get("b")).square();   // (w·x + b)², w·x + b = -1.75
        Params g = tape.gradient(y, p);
        assertThat(g.names()).containsExactly("w", "b");
        assertThat(g.get("w").toDoubleArray()).containsExactly(2 * -1.75 * 2.0, 2 * -1.75 * 3.0);
        assertThat(g.get("b").item()).isEqualTo(2 * -1.75);
    }

    @Test
    void gradient_needsScalarOutput() {
        Tape tape = new Tape();
        Node x = tape.variable(Tensor.vector(1.0, 2.0));
        assertThatThrownBy(() -> tape.gradient(x.exp(), x)).hasMessageContaining("scalar");
    }

    @Test
    void nodesFromDifferentTapes_cannotMix() {
        Node a = new Tape().variable(Tensor.scalar(1.0));
        Node b = new Tape().variable(Tensor.scalar(2.0));
        assertThatThrownBy(() -> a.plus(b)).hasMessageContaining("different tapes");
    }

    @Test
    void float32_gradientsStayFloat32() {
        Tape tape = new Tape();
        Node x = tape.variable(Tensor.of(new float[] {1f, 2f}));
        Tensor g = tape.gradient(x.sigmoid().sum(), x);
        assertThat(g.dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void fusedLosses_stayFiniteForHugeLogits() {
        Tape tape = new Tape();
        Node z = tape.variable(Tensor.matrix(new double[][] {{1e4, -1e4}, {-1e4, 1e4}}));
        Node ce = z.softmaxCrossEntropy(GradCheckOpsTest.oneHot(new int[] {1, 0}, 2));
        assertThat(ce.value().item()).isEqualTo(2e4);   // each row: logSumExp = 1e4, target logit = -1e4
        assertThat(tape.gradient(ce, z).toDoubleArray()).containsExactly(0.5, -0.5, -0.5, 0.5);

        Tape tape2 = new Tape();
        Node logits = tape2.variable(Tensor.vector(1e4, -1e4, 1e4));
        Node bce = logits.binaryCrossEntropyWithLogits(Tensor.vector(1, 0, 0));
        assertThat(bce.value().item()).isEqualTo(1e4 / 3);   // only the last is wrong, by 1e4
        assertThat(tape2.gradient(bce, logits).toDoubleArray()).containsExactly(0.0, 0.0, 1.0 / 3);
    }

    @Test
    void perRowLosses_stayFiniteForHugeLogits() {
        Tape tape = new Tape();
        Node z = tape.variable(Tensor.matrix(new double[][] {{1e4, -1e4}, {-1e4, 1e4}}));
        Node rows = z.softmaxCrossEntropyRows(GradCheckOpsTest.oneHot(new int[] {1, 1}, 2));
        // row 0: logSumExp = 1e4, target logit -1e4, so 2e4; row 1: the target is the largest logit, so 0
        assertThat(rows.value().toDoubleArray()).containsExactly(2e4, 0.0);
        // d(3·ℓ_0 + 5·ℓ_1)/dz = 3·(softmax(z_0) − t_0) and 5·(softmax(z_1) − t_1) = 3·(1, −1) and 5·(0, 0)
        Node sum = rows.times(Tensor.vector(3, 5)).sum();
        assertThat(tape.gradient(sum, z).toDoubleArray()).containsExactly(3.0, -3.0, 0.0, 0.0);

        Tape tape2 = new Tape();
        Node logits = tape2.variable(Tensor.vector(1e4, -1e4, 1e4));
        Node elements = logits.binaryCrossEntropyWithLogitsElements(Tensor.vector(1, 0, 0));
        assertThat(elements.value().toDoubleArray()).containsExactly(0.0, 0.0, 1e4);
        // σ(z) − t = (0, 0, 1), times the weights (2, 2, 2)
        Node weighted = elements.times(Tensor.vector(2, 2, 2)).sum();
        assertThat(tape2.gradient(weighted, logits).toDoubleArray()).containsExactly(0.0, 0.0, 2.0);
    }
}
