package dev.descent.nn;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import dev.descent.testkit.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.Random;

import static dev.descent.nn.Checks.assertPasses;
import static dev.descent.nn.Checks.away;
import static dev.descent.nn.Checks.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DenseTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void forward_gradientMatchesCentralDifferences(Activation activation) {
        Random random = new Random(activation.ordinal());
        Dense dense = new Dense("d", 3, activation, Initializer.glorotUniform(), Initializer.zeros());
        GradCheck.Result r = GradCheck.check(in -> weighted(dense.forward(in.get(0),
                        Map.of("d/kernel", in.get(1), "d/bias", in.get(2)), Mode.TRAIN, null)),
                away(random, 4, 5), away(random, 5, 3), away(random, 3));
        assertPasses(activation.specName(), r);
    }

    @Test
    void forward_computesActivationOfAffineMap() {
        Dense dense = new Dense("d", 2, Activation.RELU, Initializer.zeros(), Initializer.zeros());
        Tape tape = new Tape();
        Node y = dense.forward(tape.constant(Tensor.matrix(new double[][] {{1, 2}, {-1, 0}})),
                Map.of("d/kernel", tape.constant(Tensor.matrix(new double[][] {{1, -1}, {2, 0.5}})),
                        "d/bias", tape.constant(Tensor.vector(0.5, -1))),
                Mode.EVAL, null);
        // row 0: [1+4+0.5, -1+1-1] = [5.5, -1] -> relu [5.5, 0]; row 1: [-1+0.5, 1-1] = [-0.5, 0] -> [0, 0]
        assertThat(y.value().toDoubleArray()).containsExactly(5.5, 0.0, 0.0, 0.0);
    }

    @Test
    void init_namesAndShapesParams() {
        Dense dense = Dense.of(4, Activation.TANH).withName("hidden");
        Params p = dense.init(3, DType.FLOAT32, Rng.seeded(0));
        assertThat(p.names()).containsExactly("hidden/kernel", "hidden/bias");
        assertThat(p.get("hidden/kernel").shape()).isEqualTo(new Shape(3, 4));
        assertThat(p.get("hidden/kernel").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(p.get("hidden/bias").shape()).isEqualTo(new Shape(4));
        assertThat(p.get("hidden/bias").toDoubleArray()).containsOnly(0.0);
        assertThat(dense.parameterCount(3)).isEqualTo(16);
        assertThat(dense.outputFeatures(3)).isEqualTo(4);
    }

    @Test
    void of_usesKerasDefaults() {
        assertThat(Dense.of(8)).isEqualTo(new Dense("", 8, Activation.LINEAR, Initializer.glorotUniform(),
                Initializer.zeros()));
        assertThat(Dense.of(8).withKernelInitializer(Initializer.heNormal()).withBiasInitializer(Initializer.constant(1))
                .kernelInitializer()).isEqualTo(Initializer.heNormal());
        assertThat(new Dense(null, 2, Activation.RELU, Initializer.zeros(), Initializer.zeros()).name()).isEmpty();
    }

    @Test
    void invalid_throwsNamingTheProblem() {
        assertThatThrownBy(() -> Dense.of(0)).hasMessageContaining("units must be positive, got 0");
        assertThatThrownBy(() -> Dense.of(2).withName("a/b")).hasMessageContaining("must not contain '/'");
        assertThatThrownBy(() -> Dense.of(2).init(3, DType.FLOAT64, Rng.seeded(0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no name");
        Dense dense = Dense.of(2).withName("d");
        Tape tape = new Tape();
        Map<String, Node> p = tape.watch(dense.init(3, DType.FLOAT64, Rng.seeded(0)));
        assertThatThrownBy(() -> dense.forward(tape.constant(Tensor.zeros(DType.FLOAT64, 4, 5)), p, Mode.EVAL, null))
                .hasMessageContaining("expects input [batch, 3], got [4, 5]");
        assertThatThrownBy(() -> dense.forward(tape.constant(Tensor.zeros(DType.FLOAT64, 4, 3)), Map.of(), Mode.EVAL,
                null)).hasMessageContaining("no parameter named 'd/kernel'");
    }

    @Test
    void forward_float32_matchesFloat64() {
        Dense dense = Dense.of(3, Activation.SIGMOID).withName("d");
        Params p64 = dense.init(4, DType.FLOAT64, Rng.seeded(3));
        Tensor x64 = Checks.away(new Random(3), 5, 4);
        Tape tape = new Tape();
        Tensor y32 = dense.forward(tape.constant(x64.to(DType.FLOAT32)), tape.watch(p64.map(t -> t.to(DType.FLOAT32))),
                Mode.EVAL, null).value();
        Tensor y64 = dense.forward(tape.constant(x64), tape.watch(p64), Mode.EVAL, null).value();
        assertThat(y32.dtype()).isEqualTo(DType.FLOAT32);
        TensorAssert.assertClose(y32.to(DType.FLOAT64), y64, 1e-6, 1.0);
    }
}
