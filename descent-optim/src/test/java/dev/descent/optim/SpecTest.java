package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optim.Spec.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** List values ({@code milestones=30|80}): parsing, errors, and the way back through {@link Spec#format}. */
class SpecTest {

    private static final List<Key> KEYS = List.of(Key.requiredIntegers("milestones"), Key.number("gamma", 0.1));

    private static Map<String, Object> bind(String text) {
        return Spec.parse(text).bind(KEYS, "f(milestones=30|80)");
    }

    @Test
    void integerList_parsesWithSpacesAroundTheValueOnly() {
        assertThat(bind("f(milestones=30|80)").get("milestones")).isEqualTo(List.of(30L, 80L));
        assertThat(bind("f( milestones = 7 , gamma=0.5)")).isEqualTo(Map.of("milestones", List.of(7L), "gamma", 0.5));
        assertThat(bind("f(milestones=1e2|-3|0)").get("milestones")).isEqualTo(List.of(100L, -3L, 0L));
    }

    @Test
    void integerList_errorsAreOneLineNamingTheKey() {
        String rule = "milestones must be whole numbers joined by '|', got ";
        assertThatThrownBy(() -> bind("f(milestones=30||80)")).hasMessage(rule + "'30||80'");
        assertThatThrownBy(() -> bind("f(milestones=30|)")).hasMessage(rule + "'30|'");
        assertThatThrownBy(() -> bind("f(milestones=30|2.5)")).hasMessage(rule + "'30|2.5'");
        assertThatThrownBy(() -> bind("f(milestones=a|b)")).hasMessage(rule + "'a|b'");
        assertThatThrownBy(() -> bind("f(milestones=30 | 80)")).hasMessage("expected ',' or ')' at column 17 in \"f(milestones=30 | 80)\"");
        assertThatThrownBy(() -> bind("f")).hasMessage("f needs milestones, e.g. f(milestones=30|80)");
        assertThatThrownBy(() -> bind("f(milestones=1, gamma=1|2)")).hasMessage("gamma must be a number, got '1|2'");
    }

    /** Random lists: written by formatValue, read back equal. */
    @ParameterizedTest
    @MethodSource("seeds")
    void integerList_roundTripsThroughFormat(int seed) {
        Random rnd = new Random(seed);
        List<Long> values = new ArrayList<>();
        for (int i = 0, n = 1 + rnd.nextInt(5); i < n; i++) {
            values.add(rnd.nextInt(4) == 0 ? rnd.nextLong(1_000_000_000_000_000L) : rnd.nextInt(1000));
        }
        String text = Spec.format("f", Map.of("milestones", values));
        assertThat(bind(text).get("milestones")).as(text).isEqualTo(values);
    }

    static IntStream seeds() {
        return IntStream.range(0, 100);
    }

    @Test
    void formatValue_writesEachKindAsASpecHoldsIt() {
        assertThat(Spec.formatValue(List.of(30L, 80L))).isEqualTo("30|80");
        assertThat(Spec.formatValue(1e-8)).isEqualTo("1.0E-8");
        assertThat(Spec.formatValue(2.0)).isEqualTo("2");
        assertThat(Spec.formatValue(7L)).isEqualTo("7");
        assertThat(Spec.formatValue(true)).isEqualTo("true");
    }
}
