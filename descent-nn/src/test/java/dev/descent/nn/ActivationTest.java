package dev.descent.nn;

import dev.descent.autograd.Tape;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivationTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void parse_specName_roundTrips(Activation a) {
        assertThat(Activation.parse(a.specName())).isEqualTo(a);
        assertThat(Activation.parse(" " + a.specName().toUpperCase() + " ")).isEqualTo(a);
    }

    @Test
    void validNames_listsAllInOrder() {
        assertThat(Activation.validNames()).isEqualTo("linear|sigmoid|tanh|relu|leaky_relu|softmax");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gelu", "leaky-relu"})
    void parse_unknown_oneLineErrorListingValidNames(String name) {
        assertThatThrownBy(() -> Activation.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown activation")
                .hasMessageContaining("linear|sigmoid|tanh|relu|leaky_relu|softmax")
                .hasMessageNotContaining("\n");
    }

    @Test
    void apply_matchesDefinitions() {
        Tape tape = new Tape();
        Tensor z = Tensor.matrix(new double[][] {{-2.0, 0.5, 3.0}});
        assertThat(Activation.LINEAR.apply(tape.constant(z)).value().toDoubleArray()).containsExactly(-2.0, 0.5, 3.0);
        assertThat(Activation.RELU.apply(tape.constant(z)).value().toDoubleArray()).containsExactly(0.0, 0.5, 3.0);
        assertThat(Activation.LEAKY_RELU.apply(tape.constant(z)).value().toDoubleArray())
                .containsExactly(-0.02, 0.5, 3.0);
        assertThat(Activation.TANH.apply(tape.constant(z)).value().at(0)).isEqualTo(Math.tanh(-2.0));
        assertThat(Activation.SIGMOID.apply(tape.constant(z)).value().at(1)).isEqualTo(1 / (1 + Math.exp(-0.5)));
        double[] s = Activation.SOFTMAX.apply(tape.constant(z)).value().toDoubleArray();
        double denominator = Math.exp(-2.0) + Math.exp(0.5) + Math.exp(3.0);
        assertThat(s[2]).isCloseTo(Math.exp(3.0) / denominator, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(s[0] + s[1] + s[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void leakyReluSlope_isTorchDefault() {
        assertThat(Activation.LEAKY_RELU_SLOPE).isEqualTo(0.01);
    }
}
