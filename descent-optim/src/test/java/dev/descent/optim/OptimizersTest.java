package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.Schedules;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalogs: spec parsing, errors, round trips, explain texts, completeness; and clipping. */
class OptimizersTest {

    @Test
    void parse_bareNameAndSpaces_giveDefaultsAndValues() {
        assertThat(Optimizers.parse("adam")).isEqualTo(Adam.defaults());
        assertThat(Optimizers.parse("  adam ( lr = 1e-08 , amsgrad=true )  "))
                .isEqualTo(new Adam(1e-8, 0.9, 0.999, 1e-8, 0, true));
        assertThat(Optimizers.parse("adam()")).isEqualTo(Adam.defaults());
        assertThat(Optimizers.parse("sgd(lr=1)")).isEqualTo(Sgd.of(1));
        assertThat(Optimizers.parse("adamw").config().get("weight_decay")).isEqualTo(0.01);
    }

    @Test
    void parse_errors_areOneLineNamingTheProblemAndChoices() {
        assertThatThrownBy(() -> Optimizers.parse("adamm"))
                .hasMessage("unknown optimizer 'adamm'; valid: adadelta, adagrad, adam, adamax, adamw, momentum, nadam, nesterov, radam, rmsprop, sgd");
        assertThatThrownBy(() -> Optimizers.parse("adam(lr2=0.1)"))
                .hasMessage("unknown key 'lr2' for adam; valid keys: lr, beta1, beta2, eps, weight_decay, amsgrad");
        assertThatThrownBy(() -> Optimizers.parse("sgd")).hasMessage("sgd needs lr, e.g. sgd(lr=0.1)");
        assertThatThrownBy(() -> Optimizers.parse("adam(lr=-0.1)")).hasMessage("adam: lr must be >= 0, got -0.1");
        assertThatThrownBy(() -> Optimizers.parse("adam(lr=0.1")).hasMessage("expected ')' at column 12 in \"adam(lr=0.1\"");
        assertThatThrownBy(() -> Optimizers.parse("adam(lr=0.1, lr=0.2)")).hasMessage("key 'lr' given twice");
        assertThatThrownBy(() -> Optimizers.parse("adam(amsgrad=yes)")).hasMessage("amsgrad must be true or false, got 'yes'");
        assertThatThrownBy(() -> Optimizers.parse("adam(lr=abc)")).hasMessage("lr must be a number, got 'abc'");
        assertThatThrownBy(() -> Optimizers.parse("adam(lr=0.1) x")).hasMessage("unexpected 'x' at column 14 in \"adam(lr=0.1) x\"");
        assertThatThrownBy(() -> Optimizers.parse("adam(lr)")).hasMessage("expected '=' at column 8 in \"adam(lr)\"");
        assertThatThrownBy(() -> Optimizers.parse("")).hasMessage("expected a name at column 1 in \"\"");
        assertThatThrownBy(() -> Optimizers.explain("nope")).hasMessageStartingWith("unknown optimizer 'nope'; valid: adadelta");
        for (String bad : List.of("adam(", "adam(lr=)", "adam(lr=1;", "adam(,)", "(lr=1)")) {
            assertThatThrownBy(() -> Optimizers.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("\n");
        }
    }

    /** Random well-formed specs: parse, print with spec(), parse again: equal configs. */
    @ParameterizedTest
    @MethodSource("seeds")
    void spec_randomWellFormedSpecs_roundTrip(int seed) {
        Random rnd = new Random(seed);
        List<Optimizers.Entry> entries = Optimizers.entries();
        Optimizers.Entry e = entries.get(rnd.nextInt(entries.size()));
        StringBuilder sb = new StringBuilder(e.name()).append(space(rnd)).append('(');
        boolean first = true;
        Map<String, Object> written = new java.util.LinkedHashMap<>();
        for (Spec.Key k : e.keys()) {
            if (!k.required() && rnd.nextBoolean()) {
                continue;
            }
            Object v = randomValue(k.name(), k.kind(), rnd);
            if (e.name().equals("sgd") && k.name().equals("nesterov")) {
                v = false; // nesterov needs momentum > 0 and dampening 0; covered elsewhere
            }
            written.put(k.name(), v);
            sb.append(first ? "" : "," + space(rnd)).append(space(rnd)).append(k.name()).append(space(rnd)).append('=')
                    .append(space(rnd)).append(v instanceof Double d ? numberText(d, rnd) : v);
            first = false;
        }
        sb.append(space(rnd)).append(')');
        Optimizer parsed = Optimizers.parse(sb.toString());
        written.forEach((k, v) -> assertThat(parsed.config().get(k)).as(sb.toString()).isEqualTo(v));
        Optimizer again = Optimizers.parse(parsed.spec());
        assertThat(again).isEqualTo(parsed);
        assertThat(again.spec()).isEqualTo(parsed.spec());
        assertThat(parsed.toString()).isEqualTo(parsed.spec());
    }

    static IntStream seeds() {
        return IntStream.range(0, 300);
    }

    static String space(Random rnd) {
        return rnd.nextInt(3) == 0 ? " " : "";
    }

    static Object randomValue(String key, Spec.Kind kind, Random rnd) {
        return switch (kind) {
            case BOOLEAN -> rnd.nextBoolean();
            case INTEGER -> (long) (1 + rnd.nextInt(1000));
            case CHOICE, INTEGER_LIST -> throw new AssertionError("no " + kind + " keys in optimizers");
            case NUMBER -> Set.of("beta", "beta1", "beta2", "alpha", "rho", "dampening").contains(key)
                    ? rnd.nextInt(4) == 0 ? 0.0 : rnd.nextDouble()
                    : rnd.nextInt(4) == 0 ? (double) rnd.nextInt(3) : Math.pow(10, -8 + 9 * rnd.nextDouble());
        };
    }

    static String numberText(double d, Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> Double.toString(d);
            case 1 -> Spec.formatNumber(d);
            default -> Double.toString(d).replace("E", "e");
        };
    }

    @Test
    void catalog_listsEveryOptimizerClassInThePackage() throws IOException {
        Set<String> scanned = scan(Path.of("src/main/java/dev/descent/optim"), "implements Optimizer");
        Set<String> cataloged = new HashSet<>();
        for (Optimizers.Entry e : Optimizers.entries()) {
            Optimizer o = e.create(Spec.parse(e.example()));
            assertThat(o.name()).isEqualTo(e.name());
            assertThat(o.config().keySet()).containsExactlyElementsOf(e.keyNames());
            cataloged.add(o.getClass().getSimpleName());
        }
        assertThat(scanned).isNotEmpty();
        assertThat(cataloged).containsExactlyInAnyOrderElementsOf(scanned);
    }

    @Test
    void scheduleCatalog_listsEveryScheduleClassInThePackage() throws IOException {
        Set<String> scanned = scan(Path.of("src/main/java/dev/descent/optim/schedule"), "implements Schedule");
        scanned.remove("Chain"); // built by 'then', not by name
        Set<String> cataloged = new HashSet<>();
        for (Schedules.Entry e : Schedules.entries()) {
            Schedule s = e.create(Spec.parse(e.example()));
            assertThat(s.name()).isEqualTo(e.name());
            assertThat(s.config().keySet()).containsExactlyInAnyOrderElementsOf(e.keyNames());
            cataloged.add(s.getClass().getSimpleName());
        }
        assertThat(cataloged).containsExactlyInAnyOrderElementsOf(scanned);
    }

    private static Set<String> scan(Path dir, String marker) throws IOException {
        Set<String> out = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Files.readString(f).contains(marker)) {
                    out.add(f.getFileName().toString().replace(".java", ""));
                }
            }
        }
        return out;
    }

    @Test
    void explain_everyOptimizer_hasEquationsDefaultsPaperAndDifferences() {
        for (String name : Optimizers.names()) {
            String text = Optimizers.explain(name);
            assertThat(text).as(name).startsWith(name + ": ").contains("Update", "<-", "Defaults:", "spec: " + name + "(",
                    "How other libraries differ:", "http");
            for (String key : Optimizers.entry(name).keyNames()) {
                assertThat(text).as(name).contains("  " + key + " = ");
            }
            assertThat(Schedules.explainAny(name)).isEqualTo(text);
        }
        assertThat(Optimizers.explain("adam")).contains("eps = 1.0E-8", "epsilon-hat", "1e-7", "1e-6", "bias-corrected");
        assertThat(Optimizers.explain("rmsprop")).contains("inside the square root", "rho=0.9");
        assertThat(Optimizers.explain("nadam")).contains("#92699");
        assertThat(Optimizers.explain("sgd")).contains("lr = (required)");
        assertThatThrownBy(() -> Schedules.explainAny("nope"))
                .hasMessageStartingWith("unknown optimizer, schedule or average 'nope'; valid optimizers: adadelta");
    }

    // ------------------------------------------------------------------ clipping

    @Test
    void clipByGlobalNorm_aboveMax_scalesLikeTorch() {
        Params g = Params.builder().put("a", Tensor.vector(3, 4)).put("b", Tensor.vector(12)).build();
        double total = Clipping.clipByGlobalNorm(g, 6.5);
        assertThat(total).isEqualTo(13.0); // √(9 + 16 + 144)
        double coef = 6.5 / (13.0 + 1e-6);  // max_norm/(total + 1e-6)
        assertThat(g.get("a").at(0)).isEqualTo(3 * coef);
        assertThat(g.get("a").at(1)).isEqualTo(4 * coef);
        assertThat(g.get("b").at(0)).isEqualTo(12 * coef);
    }

    @Test
    void clipByGlobalNorm_belowMax_leavesGradsAlone() {
        Params g = Params.builder().put("a", Tensor.vector(3, 4)).build();
        Params before = g.copy();
        assertThat(Clipping.clipByGlobalNorm(g, 5.0)).isEqualTo(5.0); // coef = 5/(5 + 1e-6) < 1: clipped slightly
        assertThat(g.get("a").at(0)).isEqualTo(3 * (5.0 / (5.0 + 1e-6)));
        g.copyFrom(before);
        Clipping.clipByGlobalNorm(g, 5.0 + 1e-6);                    // coef = 1: unchanged
        assertThat(g.bitEquals(before)).isTrue();
        Clipping.clipByGlobalNorm(g, 100);
        assertThat(g.bitEquals(before)).isTrue();
        assertThat(Clipping.clipByGlobalNorm(g, Double.POSITIVE_INFINITY)).isEqualTo(5.0); // measures, never clips
        assertThat(g.bitEquals(before)).isTrue();
        assertThatThrownBy(() -> Clipping.clipByGlobalNorm(g, -1)).hasMessage("clip_norm must be >= 0, got -1");
    }

    @Test
    void clipByNormPerTensor_scalesEachTensorByItsOwnNorm_andLeavesOneUnderTheThresholdBitForBit() {
        // ‖a‖ = √(9 + 16) = 5 and ‖b‖ = √144 = 12, both exact; ‖c‖ = √(0.3² + 0.4²) ≈ 0.5
        Params g = Params.builder().put("a", Tensor.vector(3, 4)).put("b", Tensor.vector(12))
                .put("c", Tensor.vector(0.3, -0.4)).build();
        Params before = g.copy();
        Clipping.clipByNormPerTensor(g, 2);
        double coefA = 2 / (5 + 1e-6);   // C/(‖a‖ + 1e-6) < 1: scaled
        double coefB = 2 / (12 + 1e-6);  // < 1: scaled by its own coefficient, not the global one
        assertThat(g.get("a").at(0)).isEqualTo(3 * coefA);
        assertThat(g.get("a").at(1)).isEqualTo(4 * coefA);
        assertThat(g.get("b").at(0)).isEqualTo(12 * coefB);
        // 2/(0.5 + 1e-6) ≈ 4 >= 1: untouched, bit for bit
        assertThat(g.get("c").bitEquals(before.get("c"))).isTrue();
        // each clipped tensor ends just under C: ‖a‖·coefA = 2·5/(5 + 1e-6)
        assertThat(g.get("a").norm()).isCloseTo(2 * 5 / (5 + 1e-6), within(1e-15));
    }

    @Test
    void clipByNormPerTensor_atTheThreshold_followsTorchsOneMillionth() {
        Params g = Params.builder().put("a", Tensor.vector(3, 4)).build();
        Params before = g.copy();
        // coef = 5/(5 + 1e-6) < 1: clipped slightly, where Keras' C/max(n, C) = 1 would leave it
        Clipping.clipByNormPerTensor(g, 5);
        assertThat(g.get("a").at(1)).isEqualTo(4 * (5 / (5 + 1e-6)));
        g.copyFrom(before);
        Clipping.clipByNormPerTensor(g, 5 + 1e-6);     // coef = 1: unchanged
        assertThat(g.bitEquals(before)).isTrue();
        Clipping.clipByNormPerTensor(g, Double.POSITIVE_INFINITY); // coef = ∞: unchanged (torch's norm-only idiom)
        assertThat(g.bitEquals(before)).isTrue();
        assertThatThrownBy(() -> Clipping.clipByNormPerTensor(g, -1))
                .hasMessage("clip_norm_per_tensor must be >= 0, got -1");
        assertThatThrownBy(() -> new Clipping(0, Double.NaN, 0)).hasMessage("clip_norm_per_tensor must be >= 0, got NaN");
    }

    /** Unlike the global norm, a non-finite tensor spoils only itself: the others keep their own coefficients. */
    @Test
    void clipByNormPerTensor_aNonFiniteTensorLeavesTheOthersAlone() {
        Params g = Params.builder().put("a", Tensor.vector(Double.POSITIVE_INFINITY, 1)).put("b", Tensor.vector(0.5))
                .build();
        Clipping.clipByNormPerTensor(g, 1);
        // ‖a‖ = ∞, coef = 1/∞ = 0: ∞·0 is NaN, 1·0 is 0 (as torch's clip_grad_norm_ on a alone)
        assertThat(g.get("a").at(0)).isNaN();
        assertThat(g.get("a").at(1)).isZero();
        assertThat(g.get("b").at(0)).isEqualTo(0.5);
    }

    /**
     * Value, then each tensor's norm, then the global norm, each on what the one before left. With a = (6, −8),
     * b = (1, 2, 2), value 5, per tensor 5, global 4:
     * <ol>
     *   <li>value: a = (5, −5), b unchanged;</li>
     *   <li>per tensor: ‖a‖ = √50 > 5, so a = (5, −5)·k with k = 5/(√50 + 1e-6); ‖b‖ = 3, 5/(3 + 1e-6) > 1: unchanged;</li>
     *   <li>global: N = √(‖a‖² + ‖b‖²) with ‖a‖ = √((5k)² + (5k)²) and ‖b‖ = 3 (about √34), so everything is scaled
     *       by m = 4/(N + 1e-6).</li>
     * </ol>
     * Either other order of the first two gives other numbers: norm first scales a by 5/(10 + 1e-6) to about
     * (3, −4), which the value clip then leaves.
     */
    @Test
    void theRecordAppliesValueThenEachTensorsNormThenTheGlobalNorm() {
        Params g = Params.builder().put("a", Tensor.vector(6, -8)).put("b", Tensor.vector(1, 2, 2)).build();
        new Clipping(5, 5, 4).apply(g);
        double k = 5 / (Math.sqrt(50) + 1e-6);
        double normA = Math.sqrt(5 * k * (5 * k) + 5 * k * (5 * k));
        double n = Math.sqrt(normA * normA + 3.0 * 3.0);
        double m = 4 / (n + 1e-6);
        assertThat(g.get("a").at(0)).isEqualTo(5 * k * m);
        assertThat(g.get("a").at(1)).isEqualTo(-5 * k * m);
        assertThat(g.get("b").at(0)).isEqualTo(1 * m);
        assertThat(g.get("b").at(1)).isEqualTo(2 * m);
        assertThat(g.get("b").at(2)).isEqualTo(2 * m);
        assertThat(Clipping.globalNorm(g)).isCloseTo(4, within(1e-6)); // 4·N/(N + 1e-6)

        Params untouched = Params.builder().put("a", Tensor.vector(6, -8)).build();
        Clipping.NONE.apply(untouched);
        assertThat(untouched.get("a").at(1)).isEqualTo(-8);
    }

    @Test
    void clipByValue_clampsEachElement() {
        Params g = Params.builder().put("a", Tensor.vector(-3, 0.5, 2, Double.NaN)).build();
        Clipping.clipByValue(g, 1);
        assertThat(g.get("a").at(0)).isEqualTo(-1);
        assertThat(g.get("a").at(1)).isEqualTo(0.5);
        assertThat(g.get("a").at(2)).isEqualTo(1);
        assertThat(g.get("a").at(3)).isNaN();
    }
}
