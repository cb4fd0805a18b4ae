package dev.descent.nn;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.nn.loss.Loss;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import dev.descent.testkit.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.descent.nn.Checks.assertPasses;
import static dev.descent.testkit.TensorAssert.assertBitEquals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackTest {

    @Test
    void of_namesUnnamedLayersByType() {
        Stack s = Stack.of(Dense.of(4), Dropout.of(0.1), Dense.of(3), Dropout.of(0.2), Dense.of(1));
        assertThat(s.layers()).extracting(Layer::name)
                .containsExactly("dense_1", "dropout_1", "dense_2", "dropout_2", "dense_3");
    }

    @Test
    void of_skipsTakenNames_andRejectsDuplicates() {
        Stack s = Stack.of(Dense.of(4), Dense.of(3).withName("dense_2"), Dense.of(1));
        assertThat(s.layers()).extracting(Layer::name).containsExactly("dense_1", "dense_2", "dense_3");
        assertThat(Stack.of(Dense.of(4).withName(" "), Dense.of(2)).layers()).extracting(Layer::name)
                .containsExactly("dense_1", "dense_2");
        assertThatThrownBy(() -> Stack.of(Dense.of(4).withName("a"), Dense.of(2).withName("a")))
                .hasMessageContaining("duplicate layer name 'a'");
        assertThatThrownBy(Stack::of).hasMessageContaining("at least one layer");
    }

    @Test
    void init_paramsInLayerOrder() {
        Params p = Stack.mlp(new int[] {5, 4}, Activation.RELU, 0.5, 2).init(3, DType.FLOAT32, Rng.seeded(0));
        assertThat(p.names()).containsExactly("dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias",
                "dense_3/kernel", "dense_3/bias");
        assertThat(p.get("dense_2/kernel").shape()).isEqualTo(new Shape(5, 4));
        assertThat(p.get("dense_3/kernel").shape()).isEqualTo(new Shape(4, 2));
        assertThat(p.totalSize()).isEqualTo(Stack.mlp(new int[] {5, 4}, Activation.RELU, 2).parameterCount(3));
    }

    @Test
    void init_sameSeedBitIdentical() {
        Stack s = Stack.mlp(new int[] {6}, Activation.TANH, 2);
        assertThat(s.init(3, DType.FLOAT64, Rng.seeded(7)).bitEquals(s.init(3, DType.FLOAT64, Rng.seeded(7)))).isTrue();
        assertThat(s.init(3, DType.FLOAT64, Rng.seeded(7)).bitEquals(s.init(3, DType.FLOAT64, Rng.seeded(8)))).isFalse();
    }

    @Test
    void init_addingALayerKeepsOtherLayersInit() {
        Params before = Stack.of(Dense.of(6), Dense.of(2)).init(3, DType.FLOAT64, Rng.seeded(1));
        Params after = Stack.of(Dense.of(6), Dropout.of(0.5), Dense.of(2), Dense.of(5)).init(3, DType.FLOAT64,
                Rng.seeded(1));
        for (String name : before.names()) {
            assertBitEquals(after.get(name), before.get(name));
        }
    }

    @Test
    void predict_isEvalForwardWithoutTape() {
        Stack s = Stack.of(Dense.of(4, Activation.TANH), Dropout.of(0.5), Dense.of(2));
        Params p = s.init(3, DType.FLOAT64, Rng.seeded(2));
        Tensor x = Checks.away(new Random(2), 5, 3);
        Tape tape = new Tape();
        Tensor expected = s.forward(tape.constant(x), tape.watch(p), Mode.EVAL, null).value();
        assertBitEquals(s.predict(x, p), expected);
        assertThat(s.predict(x, p).shape()).isEqualTo(new Shape(5, 2));
    }

    @Test
    void forward_train_appliesDropoutWithPerLayerFork() {
        Stack s = Stack.of(Dense.of(8, Activation.RELU), Dropout.of(0.5), Dense.of(1));
        Params p = s.init(3, DType.FLOAT64, Rng.seeded(2));
        Tensor x = Checks.away(new Random(4), 16, 3);
        Tape tape = new Tape();
        Map<String, Node> nodes = tape.watch(p);
        Tensor a = s.forward(tape.constant(x), nodes, Mode.TRAIN, Rng.seeded(3)).value();
        Tensor b = s.forward(tape.constant(x), nodes, Mode.TRAIN, Rng.seeded(3)).value();
        Tensor eval = s.forward(tape.constant(x), nodes, Mode.EVAL, null).value();
        assertBitEquals(a, b);
        assertThat(a.bitEquals(eval)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void wholeMlp_perActivation_gradientMatchesCentralDifferences(Activation activation) {
        Stack s = Stack.mlp(new int[] {4, 3}, activation, 2);
        checkWholeNetwork(s, activation.specName(), out -> Loss.mse().apply(out, Checks.away(new Random(6), 5, 2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "mae", "huber(delta=0.5)", "bce", "ce"})
    void wholeMlp_perLossHead_gradientMatchesCentralDifferences(String spec) {
        Loss loss = Loss.parse(spec);
        Tensor target = switch (loss.name()) {
            case "bce" -> Tensor.matrix(new double[][] {{1, 0, 1}, {0, 0, 1}, {1, 1, 0}, {0, 1, 0}, {1, 0, 0}});
            case "ce" -> Tensor.vector(2, 0, 1, 1, 0);
            default -> Checks.away(new Random(7), 5, 3).times(3.0);   // residuals far from mae's and huber's kinks
        };
        checkWholeNetwork(Stack.mlp(new int[] {4}, Activation.TANH, 3), spec, out -> loss.apply(out, target));
    }

    private static void checkWholeNetwork(Stack s, String what, java.util.function.Function<Node, Node> head) {
        Params p = s.init(3, DType.FLOAT64, Rng.seeded(5));
        List<String> names = p.names();
        List<Tensor> inputs = new ArrayList<>(p.asMap().values());
        inputs.add(Checks.away(new Random(5), 5, 3));
        GradCheck.Result r = GradCheck.check(in -> {
            Map<String, Node> params = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                params.put(names.get(i), in.get(i));
            }
            return head.apply(s.forward(in.get(names.size()), params, Mode.TRAIN, null));
        }, inputs.toArray(Tensor[]::new));
        assertPasses(what, r);
    }

    @Test
    void forward_float32_works() {
        Stack s = Stack.mlp(new int[] {8}, Activation.RELU, 0.2, 3);
        Params p32 = s.init(4, DType.FLOAT32, Rng.seeded(1));
        Tensor x = Checks.away(new Random(1), 6, 4);
        Tape tape = new Tape();
        Map<String, Node> nodes = tape.watch(p32);
        Node out = s.forward(tape.constant(x.to(DType.FLOAT32)), nodes, Mode.TRAIN, Rng.seeded(2));
        Node loss = Loss.ce().apply(out, Tensor.vector(0, 1, 2, 0, 1, 2));
        assertThat(loss.value().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Double.isFinite(loss.value().item())).isTrue();
        Params grads = tape.gradient(loss, nodes);
        assertThat(grads.get("dense_1/kernel").dtype()).isEqualTo(DType.FLOAT32);
        Tensor pred32 = s.predict(x, p32);   // float64 x converted to the params' float32
        Tensor pred64 = s.predict(x, p32.map(t -> t.to(DType.FLOAT64)));
        assertThat(pred32.dtype()).isEqualTo(DType.FLOAT32);
        TensorAssert.assertClose(pred32.to(DType.FLOAT64), pred64, 1e-5, 1.0);
    }

    @Test
    void presets_haveTheDocumentedLayers() {
        assertThat(Stack.linear(2).layers()).containsExactly(Dense.of(2).withName("dense_1"));
        assertThat(Stack.logistic().layers()).containsExactly(Dense.of(1).withName("dense_1"));
        assertThat(Stack.softmax(3).layers()).containsExactly(Dense.of(3).withName("dense_1"));
        assertThat(Stack.mlp(new int[] {4, 2}, Activation.TANH, 0.1, 1).layers()).containsExactly(
                Dense.of(4, Activation.TANH).withName("dense_1"), Dropout.of(0.1).withName("dropout_1"),
                Dense.of(2, Activation.TANH).withName("dense_2"), Dropout.of(0.1).withName("dropout_2"),
                Dense.of(1).withName("dense_3"));
        assertThatThrownBy(() -> Stack.softmax(1)).hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> Stack.mlp(new int[0], Activation.RELU, 1)).hasMessageContaining("hidden layer");
    }

    @Test
    void summary_isKerasLikeTable() {
        String summary = Stack.mlp(new int[] {64}, Activation.RELU, 0.2, 1).summary(10);
        assertThat(summary).isEqualTo("""
                Layer (type)              Output Shape  Param #
                ===============================================
                dense_1 (Dense, relu)     (None, 64)        704
                dropout_1 (Dropout, 0.2)  (None, 64)          0
                dense_2 (Dense, linear)   (None, 1)          65
                ===============================================
                Total params: 769
                """);
    }
}
