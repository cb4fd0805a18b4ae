package dev.descent.optim.schedule;

import dev.descent.optim.Averages;
import dev.descent.optim.Optimizers;
import dev.descent.optim.Spec;
import dev.descent.optim.Spec.Key;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The catalog of every schedule: names, keys, defaults, factories from spec strings (including
 * {@code A then B} chains), and explanations.
 *
 * <pre>{@code
 * Schedule s = Schedules.parse("warmup(steps=100) then cosine(t_max=900)");
 * double lr = s.lr(t, 0.1);
 * Schedules.explain("onecycle");
 * }</pre>
 */
public final class Schedules {

    /**
     * One schedule of the catalog.
     *
     * @param name the spec name
     * @param keys its keys in order ({@code null} default = required)
     * @param example a spec to show in "needs" errors
     * @param factory builds the schedule from bound values
     * @param summary one line
     * @param body the equations, paper and differences of {@link #explain(String)}
     */
    public record Entry(String name, List<Key> keys, String example, Function<Map<String, Object>, Schedule> factory,
                        String summary, String body) {
        public Entry {
            keys = List.copyOf(keys);
        }

        /** The key names in order. */
        public List<String> keyNames() {
            return keys.stream().map(Key::name).toList();
        }

        /** Builds the schedule from a parsed spec. */
        public Schedule create(Spec spec) {
            return factory.apply(spec.bind(keys, example));
        }
    }

    private static final Map<String, Entry> ENTRIES = new TreeMap<>();

    static {
        add(new Entry(Step.NAME, List.of(Key.requiredInteger("step_size"), Key.number("gamma", Step.DEFAULT_GAMMA)),
                "step(step_size=30)", v -> new Step(l(v, "step_size"), d(v, "gamma")), Texts.STEP_SUMMARY, Texts.STEP));
        add(new Entry(MultiStep.NAME, List.of(Key.requiredIntegers("milestones"), Key.number("gamma", MultiStep.DEFAULT_GAMMA)),
                "multistep(milestones=30|80)", v -> new MultiStep(longs(v, "milestones"), d(v, "gamma")),
                Texts.MULTISTEP_SUMMARY, Texts.MULTISTEP));
        add(new Entry(Exponential.NAME, List.of(Key.requiredNumber("gamma")), "exponential(gamma=0.95)",
                v -> new Exponential(d(v, "gamma")), Texts.EXPONENTIAL_SUMMARY, Texts.EXPONENTIAL));
        add(new Entry(InverseTime.NAME, List.of(Key.requiredNumber("decay_rate"),
                Key.integer("decay_steps", InverseTime.DEFAULT_DECAY_STEPS), Key.number("power", InverseTime.DEFAULT_POWER)),
                "inverse_time(decay_rate=0.5)", v -> new InverseTime(d(v, "decay_rate"), l(v, "decay_steps"), d(v, "power")),
                Texts.INVERSE_TIME_SUMMARY, Texts.INVERSE_TIME));
        add(new Entry(Cosine.NAME, List.of(Key.requiredInteger("t_max"), Key.number("eta_min", Cosine.DEFAULT_ETA_MIN)),
                "cosine(t_max=100)", v -> new Cosine(l(v, "t_max"), d(v, "eta_min")), Texts.COSINE_SUMMARY, Texts.COSINE));
        add(new Entry(CosineRestarts.NAME, List.of(Key.requiredInteger("t_0"), Key.integer("t_mult", CosineRestarts.DEFAULT_T_MULT),
                Key.number("eta_min", CosineRestarts.DEFAULT_ETA_MIN)), "cosine_restarts(t_0=100)",
                v -> new CosineRestarts(l(v, "t_0"), l(v, "t_mult"), d(v, "eta_min")), Texts.COSINE_RESTARTS_SUMMARY,
                Texts.COSINE_RESTARTS));
        add(new Entry(Cyclic.NAME, List.of(Key.requiredNumber("base_lr"), Key.requiredNumber("max_lr"),
                Key.integer("step_size_up", Cyclic.DEFAULT_STEP_SIZE_UP),
                Key.choice("mode", Cyclic.DEFAULT_MODE, "triangular", "triangular2", "exp_range"),
                Key.number("gamma", Cyclic.DEFAULT_GAMMA)), "cyclic(base_lr=0.001, max_lr=0.01)",
                v -> new Cyclic(d(v, "base_lr"), d(v, "max_lr"), l(v, "step_size_up"), (String) v.get("mode"), d(v, "gamma")),
                Texts.CYCLIC_SUMMARY, Texts.CYCLIC));
        add(new Entry(OneCycle.NAME, List.of(Key.requiredNumber("max_lr"), Key.requiredInteger("total_steps"),
                Key.number("pct_start", OneCycle.DEFAULT_PCT_START),
                Key.choice("anneal_strategy", OneCycle.DEFAULT_ANNEAL_STRATEGY, "cos", "linear"),
                Key.number("div_factor", OneCycle.DEFAULT_DIV_FACTOR),
                Key.number("final_div_factor", OneCycle.DEFAULT_FINAL_DIV_FACTOR),
                Key.bool("three_phase", OneCycle.DEFAULT_THREE_PHASE)), "onecycle(max_lr=0.1, total_steps=1000)",
                v -> new OneCycle(d(v, "max_lr"), l(v, "total_steps"), d(v, "pct_start"), (String) v.get("anneal_strategy"),
                        d(v, "div_factor"), d(v, "final_div_factor"), (Boolean) v.get("three_phase")),
                Texts.ONECYCLE_SUMMARY, Texts.ONECYCLE));
        add(new Entry(Polynomial.NAME, List.of(Key.requiredInteger("total_steps"), Key.number("power", Polynomial.DEFAULT_POWER),
                Key.number("end_lr", Polynomial.DEFAULT_END_LR)), "polynomial(total_steps=1000)",
                v -> new Polynomial(l(v, "total_steps"), d(v, "power"), d(v, "end_lr")), Texts.POLYNOMIAL_SUMMARY, Texts.POLYNOMIAL));
        add(new Entry(Warmup.NAME, List.of(Key.requiredInteger("steps")), "warmup(steps=100)",
                v -> new Warmup(l(v, "steps")), Texts.WARMUP_SUMMARY, Texts.WARMUP));
        add(new Entry(Plateau.NAME, List.of(Key.choice("mode", Plateau.DEFAULT_MODE, "min", "max"),
                Key.number("factor", Plateau.DEFAULT_FACTOR), Key.integer("patience", Plateau.DEFAULT_PATIENCE),
                Key.number("threshold", Plateau.DEFAULT_THRESHOLD),
                Key.choice("threshold_mode", Plateau.DEFAULT_THRESHOLD_MODE, "rel", "abs"),
                Key.integer("cooldown", Plateau.DEFAULT_COOLDOWN), Key.number("min_lr", Plateau.DEFAULT_MIN_LR),
                Key.number("eps", Plateau.DEFAULT_EPS)), "plateau(factor=0.5, patience=5)",
                v -> new Plateau((String) v.get("mode"), d(v, "factor"), l(v, "patience"), d(v, "threshold"),
                        (String) v.get("threshold_mode"), l(v, "cooldown"), d(v, "min_lr"), d(v, "eps")),
                Texts.PLATEAU_SUMMARY, Texts.PLATEAU));
    }

    private Schedules() {
    }

    private static void add(Entry e) {
        ENTRIES.put(e.name(), e);
    }

    private static double d(Map<String, Object> v, String key) {
        return (Double) v.get(key);
    }

    private static long l(Map<String, Object> v, String key) {
        return (Long) v.get(key);
    }

    private static List<Long> longs(Map<String, Object> v, String key) {
        return ((List<?>) v.get(key)).stream().map(Long.class::cast).toList();
    }

    /** Every schedule name, sorted. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** Every entry, sorted by name. */
    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    /** The entry named {@code name}; an unknown name is an error listing the valid ones. */
    public static Entry entry(String name) {
        Entry e = ENTRIES.get(Objects.requireNonNull(name));
        if (e == null) {
            throw new IllegalArgumentException("unknown schedule '" + name + "'; valid: " + String.join(", ", names()));
        }
        return e;
    }

    /** Parses a schedule spec, or several joined by {@code then}, e.g. {@code warmup(steps=100) then cosine(t_max=900)}. */
    public static Schedule parse(String spec) {
        List<Spec> parts = Spec.parseChain(spec, "then");
        Schedule s = entry(parts.get(0).name()).create(parts.get(0));
        for (int i = 1; i < parts.size(); i++) {
            s = s.then(entry(parts.get(i).name()).create(parts.get(i)));
        }
        return s;
    }

    /** A multi-line plain-text explanation: equations, defaults, the torch class it follows, differences. */
    public static String explain(String name) {
        Entry e = entry(name);
        return Optimizers.render(e.name(), e.summary(), e.keys(), e.body());
    }

    /**
     * The explanation of an optimizer, a schedule or a weight average (what {@code descent explain NAME} prints); an
     * unknown name is one line listing the three catalogs.
     */
    public static String explainAny(String name) {
        if (Optimizers.names().contains(name)) {
            return Optimizers.explain(name);
        }
        if (ENTRIES.containsKey(name)) {
            return explain(name);
        }
        if (Averages.names().contains(name)) {
            return Averages.explain(name);
        }
        throw new IllegalArgumentException("unknown optimizer, schedule or average '" + name + "'; valid optimizers: "
                + String.join(", ", Optimizers.names()) + "; valid schedules: " + String.join(", ", names())
                + "; valid averages: " + String.join(", ", Averages.names()));
    }
}
