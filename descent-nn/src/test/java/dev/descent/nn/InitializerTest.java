package dev.descent.nn;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.descent.testkit.TensorAssert.assertBitEquals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InitializerTest {

    private static final int IN = 300;
    private static final int OUT = 500;

    static Stream<Arguments> uniforms() {
        return Stream.of(
                Arguments.of(Initializer.uniform(0.05), 0.05),
                Arguments.of(Initializer.glorotUniform(), Math.sqrt(6.0 / (IN + OUT))),
                Arguments.of(Initializer.heUniform(), Math.sqrt(6.0 / IN)));
    }

    static Stream<Arguments> normals() {
        return Stream.of(
                Arguments.of(Initializer.normal(0.2), 0.2),
                Arguments.of(Initializer.glorotNormal(), Math.sqrt(2.0 / (IN + OUT))),
                Arguments.of(Initializer.heNormal(), Math.sqrt(2.0 / IN)));
    }

    static Stream<Initializer> all() {
        return Stream.of(Initializer.zeros(), Initializer.constant(0.5), Initializer.uniform(0.05),
                Initializer.normal(0.2), Initializer.glorotUniform(), Initializer.glorotNormal(),
                Initializer.heUniform(), Initializer.heNormal());
    }

    @ParameterizedTest
    @MethodSource("uniforms")
    void uniform_staysWithinLimit_andFillsIt(Initializer init, double limit) {
        for (DType dtype : DType.values()) {
            Tensor t = init.initialize(new Shape(IN, OUT), dtype, Rng.seeded(1));
            assertThat(t.shape()).isEqualTo(new Shape(IN, OUT));
            assertThat(t.dtype()).isEqualTo(dtype);
            double max = 0;
            double sumSquares = 0;
            for (int i = 0; i < t.size(); i++) {
                max = Math.max(max, Math.abs(t.at(i)));
                sumSquares += t.at(i) * t.at(i);
            }
            assertThat(max).isLessThanOrEqualTo(dtype == DType.FLOAT32 ? (float) limit : limit).isGreaterThan(0.999 * limit);
            // U(−L, L) has variance L²/3.
            assertThat(Math.sqrt(sumSquares / t.size())).isCloseTo(limit / Math.sqrt(3), within(0.02 * limit));
        }
    }

    @ParameterizedTest
    @MethodSource("normals")
    void normal_hasMeanZeroAndStd(Initializer init, double std) {
        Tensor t = init.initialize(new Shape(IN, OUT), DType.FLOAT64, Rng.seeded(2));
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += t.at(i);
            sumSquares += t.at(i) * t.at(i);
        }
        double mean = sum / t.size();
        double sampleStd = Math.sqrt(sumSquares / t.size() - mean * mean);
        assertThat(mean).isCloseTo(0.0, within(0.01 * std));
        assertThat(sampleStd).isCloseTo(std, within(0.02 * std));
    }

    @ParameterizedTest
    @MethodSource("all")
    void initialize_sameSeed_bitIdentical_otherSeedDiffers(Initializer init) {
        Tensor a = init.initialize(new Shape(7, 5), DType.FLOAT32, Rng.seeded(42));
        Tensor b = init.initialize(new Shape(7, 5), DType.FLOAT32, Rng.seeded(42));
        assertBitEquals(a, b);
        Tensor c = init.initialize(new Shape(7, 5), DType.FLOAT32, Rng.seeded(43));
        assertThat(c.bitEquals(a)).isEqualTo(init instanceof Initializer.Constant);
    }

    @Test
    void constants_fillExactly() {
        assertThat(Initializer.zeros().initialize(new Shape(2, 3), DType.FLOAT64, Rng.seeded(0)).toDoubleArray())
                .containsOnly(0.0);
        assertThat(Initializer.constant(0.25).initialize(new Shape(4), DType.FLOAT32, Rng.seeded(0)).toDoubleArray())
                .containsOnly(0.25);
    }

    @Test
    void fans_vectorUsesItsLength() {
        // glorot_uniform on [n] uses fanIn = fanOut = n (Keras): limit √(6/(2n)).
        Tensor t = Initializer.glorotUniform().initialize(new Shape(3000), DType.FLOAT64, Rng.seeded(5));
        double limit = Math.sqrt(6.0 / 6000);
        for (int i = 0; i < t.size(); i++) {
            assertThat(Math.abs(t.at(i))).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void spec_namesEachInitializer() {
        assertThat(all().map(Initializer::spec)).containsExactly("zeros", "constant(value=0.5)",
                "uniform(limit=0.05)", "normal(std=0.2)", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal");
    }

    @Test
    void invalidArguments_throwNamingParameter() {
        assertThatThrownBy(() -> Initializer.uniform(0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> Initializer.normal(-1)).hasMessageContaining("std");
        assertThatThrownBy(() -> Initializer.constant(Double.NaN)).hasMessageContaining("constant");
    }

    static Stream<Initializer> specimens() {
        return Stream.of(Initializer.zeros(), Initializer.constant(0.5), Initializer.constant(-1e-300),
                Initializer.uniform(0.05), Initializer.uniform(1.0 / 3), Initializer.normal(0.02),
                Initializer.glorotUniform(), Initializer.glorotNormal(), Initializer.heUniform(),
                Initializer.heNormal());
    }

    @ParameterizedTest
    @MethodSource("specimens")
    void parseIsTheInverseOfSpec(Initializer initializer) {
        assertThat(Initializer.parse(initializer.spec())).isEqualTo(initializer);
    }

    @Test
    void parseAcceptsCaseBlanksAndPositionalValues() {
        assertThat(Initializer.parse(" Glorot_Uniform ")).isEqualTo(Initializer.glorotUniform());
        assertThat(Initializer.parse("uniform(0.05)")).isEqualTo(Initializer.uniform(0.05));
        assertThat(Initializer.parse("normal( STD = 2 )")).isEqualTo(Initializer.normal(2));
        assertThat(Initializer.parse("constant(value=0)")).isEqualTo(Initializer.zeros());
    }

    @Test
    void parseRejectsWithOneLineListingTheValidForms() {
        assertThatThrownBy(() -> Initializer.parse("ones"))
                .hasMessageStartingWith("unknown initializer 'ones'").hasMessageContaining("valid: zeros")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Initializer.parse("uniform(scale=1)")).hasMessageContaining("unknown key 'scale'");
        assertThatThrownBy(() -> Initializer.parse("uniform")).hasMessageContaining("exactly one argument");
        assertThatThrownBy(() -> Initializer.parse("zeros(1)")).hasMessageContaining("takes no arguments");
        assertThatThrownBy(() -> Initializer.parse("normal(std=-1)")).hasMessageContaining("std must be positive");
        assertThatThrownBy(() -> Initializer.parse("uniform(limit=x)")).hasMessageContaining("finite number");
    }
}
