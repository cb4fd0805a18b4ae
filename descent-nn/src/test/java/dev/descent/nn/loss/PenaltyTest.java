package dev.descent.nn.loss;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.nn.Checks;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static dev.descent.nn.Checks.assertPasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PenaltyTest {

    private static final Params PARAMS = Params.builder()
            .put("dense_1/kernel", Tensor.matrix(new double[][] {{1, -2}, {3, 0.5}}))
            .put("dense_1/bias", Tensor.vector(10, -10))
            .put("dense_2/kernel", Tensor.matrix(new double[][] {{-1}, {2}}))
            .put("dense_2/bias", Tensor.vector(7))
            .build();

    @Test
    void l2_isHalfLambdaSumOfSquaredKernels() {
        // kernels: 1 + 4 + 9 + 0.25 + 1 + 4 = 19.25; biases ignored
        assertThat(new L2(0.1).value(PARAMS)).isCloseTo(0.05 * 19.25, within(1e-15));
        Tape tape = new Tape();
        Map<String, Node> p = tape.watch(PARAMS);
        Node penalty = new L2(0.1).penalty(p);
        assertThat(penalty.value().item()).isCloseTo(0.05 * 19.25, within(1e-15));
        Params grads = tape.gradient(penalty, p);
        assertThat(grads.get("dense_1/kernel").toDoubleArray()).containsExactly(0.1, -0.2, 0.30000000000000004, 0.05);
        assertThat(grads.get("dense_1/bias").toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void l1_isLambdaSumOfAbsoluteKernels() {
        // kernels: 1 + 2 + 3 + 0.5 + 1 + 2 = 9.5
        assertThat(new L1(0.2).value(PARAMS)).isCloseTo(1.9, within(1e-15));
        Tape tape = new Tape();
        Map<String, Node> p = tape.watch(PARAMS);
        Node penalty = new L1(0.2).penalty(p);
        assertThat(penalty.value().item()).isCloseTo(1.9, within(1e-15));
        assertThat(tape.gradient(penalty, p).get("dense_2/kernel").toDoubleArray()).containsExactly(-0.2, 0.2);
        assertThat(tape.gradient(penalty, p).get("dense_2/bias").toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void gradient_matchesCentralDifferences() {
        Random random = new Random(3);
        Tensor[] inputs = {Checks.away(random, 3, 2), Checks.away(random, 2), Checks.away(random, 2, 1)};
        String[] names = {"a/kernel", "a/bias", "b/kernel"};
        for (Penalty penalty : new Penalty[] {new L1(0.3), new L2(0.7)}) {
            GradCheck.Result r = GradCheck.check(in -> {
                Map<String, Node> p = new LinkedHashMap<>();
                for (int i = 0; i < names.length; i++) {
                    p.put(names[i], in.get(i));
                }
                return penalty.penalty(p);
            }, inputs);
            assertPasses(penalty.toString(), r);
        }
    }

    @Test
    void noKernels_isZero_emptyThrows() {
        Tape tape = new Tape();
        Map<String, Node> p = tape.watch(Params.of("d/bias", Tensor.vector(1, 2)));
        assertThat(new L2(1).penalty(p).value().item()).isZero();
        assertThatThrownBy(() -> new L2(1).penalty(Map.of())).hasMessageContaining("at least one parameter");
    }

    @Test
    void invalidLambda_throws() {
        assertThatThrownBy(() -> new L2(-1)).hasMessageContaining("lambda must be non-negative and finite, got -1.0");
        assertThatThrownBy(() -> new L1(Double.NaN)).hasMessageContaining("got NaN");
    }
}
