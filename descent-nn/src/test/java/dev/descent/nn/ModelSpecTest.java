package dev.descent.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSpecTest {

    @Test
    void parse_simpleForms() {
        assertThat(ModelSpec.parse("linear").build(2)).isEqualTo(Stack.linear(2));
        assertThat(ModelSpec.parse(" Logistic ").build(1)).isEqualTo(Stack.logistic());
        assertThat(ModelSpec.parse("softmax()").build(3)).isEqualTo(Stack.softmax(3));
    }

    @Test
    void parse_mlp_widthsActivationDropout() {
        ModelSpec spec = ModelSpec.parse("mlp(64, 32, activation=tanh, dropout=0.2)");
        assertThat(spec).isEqualTo(new ModelSpec(ModelSpec.Kind.MLP, List.of(64, 32), Activation.TANH, 0.2));
        assertThat(spec.build(3)).isEqualTo(Stack.mlp(new int[] {64, 32}, Activation.TANH, 0.2, 3));
        assertThat(ModelSpec.parse("mlp(8)").activation()).isEqualTo(Activation.RELU);
        assertThat(ModelSpec.stack("mlp(64,32,activation=relu)", 1).layers()).hasSize(3);
        assertThat(ModelSpec.parse("MLP(4,ACTIVATION=LEAKY_RELU)").activation()).isEqualTo(Activation.LEAKY_RELU);
    }

    @Test
    void spec_roundTripsThroughParse() {
        Random random = new Random(17);
        for (int i = 0; i < 100; i++) {
            Activation[] all = Activation.values();
            List<Integer> widths = random.ints(1 + random.nextInt(3), 1, 200).boxed().toList();
            double dropout = random.nextBoolean() ? 0.0 : random.nextDouble() * 0.9;
            ModelSpec spec = new ModelSpec(ModelSpec.Kind.MLP, widths, all[random.nextInt(all.length)], dropout);
            assertThat(ModelSpec.parse(spec.spec())).as(spec.spec()).isEqualTo(spec);
        }
        for (String s : List.of("linear", "logistic", "softmax")) {
            assertThat(ModelSpec.parse(s).spec()).isEqualTo(s);
        }
        assertThat(ModelSpec.parse("mlp(64, 32)").spec()).isEqualTo("mlp(64,32,activation=relu)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty model",
            "resnet|unknown model 'resnet'",
            "mlp|mlp needs at least one hidden width",
            "mlp()|mlp needs at least one hidden width",
            "mlp(0)|hidden width must be a positive integer, got '0'",
            "mlp(6.5)|hidden width must be a positive integer, got '6.5'",
            "mlp(8,activation=gelu)|unknown activation 'gelu'",
            "mlp(8,dropout=1)|dropout must be in [0, 1), got 1.0",
            "mlp(8,dropout=x)|dropout must be a finite number, got 'x'",
            "mlp(8,width=3)|unknown key 'width' for mlp",
            "mlp(8,activation=relu,activation=tanh)|repeated key 'activation'",
            "mlp(activation=relu,8)|positional '8' after key=value",
            "mlp(8,,4)|empty item",
            "mlp(8|unbalanced parentheses",
            "linear(3)|linear takes no arguments",
            "2mlp|malformed model"})
    void parse_invalid_oneLineErrorWithValidForms(String text, String problem) {
        assertThatThrownBy(() -> ModelSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .hasMessageEndingWith("; valid: " + ModelSpec.VALID_FORMS)
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void build_nonPositiveOutputs_throws(int outputs) {
        assertThatThrownBy(() -> ModelSpec.parse("linear").build(outputs)).hasMessageContaining("outputs must be positive");
    }
}
