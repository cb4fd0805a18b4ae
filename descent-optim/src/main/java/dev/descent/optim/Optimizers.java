package dev.descent.optim;

import dev.descent.optim.Spec.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The catalog of every optimizer: names, keys, defaults, factories from spec strings, and explanations.
 *
 * <pre>{@code
 * Optimizer adam = Optimizers.parse("adam(lr=0.001, amsgrad=true)");
 * Optimizers.names();            // [adadelta, adagrad, adam, ...]
 * Optimizers.explain("rmsprop"); // equations, defaults, paper, how other libraries differ
 * }</pre>
 *
 * Errors are {@link IllegalArgumentException}s with one line that names what was wrong and lists the
 * valid choices.
 */
public final class Optimizers {

    /**
     * One optimizer of the catalog.
     *
     * @param name the spec name
     * @param keys its keys in order, with defaults ({@code null} default = required)
     * @param example a spec to show in "needs" errors
     * @param factory builds the optimizer from bound values ({@link Spec#bind})
     * @param summary one line: what it is and its paper
     * @param body the equations, paper and differences of {@link #explain(String)}
     */
    public record Entry(String name, List<Key> keys, String example, Function<Map<String, Object>, Optimizer> factory,
                        String summary, String body) {
        public Entry {
            keys = List.copyOf(keys);
        }

        /** The key names in order. */
        public List<String> keyNames() {
            return keys.stream().map(Key::name).toList();
        }

        /** Builds the optimizer from a parsed spec. */
        public Optimizer create(Spec spec) {
            return factory.apply(spec.bind(keys, example));
        }
    }

    private static final Map<String, Entry> ENTRIES = new TreeMap<>();

    static {
        add(new Entry(Sgd.NAME, List.of(Key.requiredNumber("lr"), Key.number("momentum", Sgd.DEFAULT_MOMENTUM),
                Key.number("dampening", Sgd.DEFAULT_DAMPENING), Key.bool("nesterov", Sgd.DEFAULT_NESTEROV),
                Key.number("weight_decay", Sgd.DEFAULT_WEIGHT_DECAY)), "sgd(lr=0.1)",
                v -> new Sgd(d(v, "lr"), d(v, "momentum"), d(v, "dampening"), b(v, "nesterov"), d(v, "weight_decay")),
                Explanations.SGD_SUMMARY, Explanations.SGD));
        add(new Entry(Nesterov.NAME, List.of(Key.requiredNumber("lr"), Key.number("momentum", Nesterov.DEFAULT_MOMENTUM),
                Key.number("weight_decay", Nesterov.DEFAULT_WEIGHT_DECAY)), "nesterov(lr=0.1)",
                v -> new Nesterov(d(v, "lr"), d(v, "momentum"), d(v, "weight_decay")),
                Explanations.NESTEROV_SUMMARY, Explanations.NESTEROV));
        add(new Entry(Momentum.NAME, List.of(Key.requiredNumber("lr"), Key.number("beta", Momentum.DEFAULT_BETA),
                Key.number("weight_decay", Momentum.DEFAULT_WEIGHT_DECAY)), "momentum(lr=0.1)",
                v -> new Momentum(d(v, "lr"), d(v, "beta"), d(v, "weight_decay")),
                Explanations.MOMENTUM_SUMMARY, Explanations.MOMENTUM));
        add(new Entry(RmsProp.NAME, List.of(Key.number("lr", RmsProp.DEFAULT_LR), Key.number("alpha", RmsProp.DEFAULT_ALPHA),
                Key.number("eps", RmsProp.DEFAULT_EPS), Key.number("momentum", RmsProp.DEFAULT_MOMENTUM),
                Key.bool("centered", RmsProp.DEFAULT_CENTERED), Key.number("weight_decay", RmsProp.DEFAULT_WEIGHT_DECAY)),
                "rmsprop(lr=0.01)",
                v -> new RmsProp(d(v, "lr"), d(v, "alpha"), d(v, "eps"), d(v, "momentum"), b(v, "centered"),
                        d(v, "weight_decay")),
                Explanations.RMSPROP_SUMMARY, Explanations.RMSPROP));
        add(new Entry(Adam.NAME, List.of(Key.number("lr", Adam.DEFAULT_LR), Key.number("beta1", Adam.DEFAULT_BETA1),
                Key.number("beta2", Adam.DEFAULT_BETA2), Key.number("eps", Adam.DEFAULT_EPS),
                Key.number("weight_decay", Adam.DEFAULT_WEIGHT_DECAY), Key.bool("amsgrad", Adam.DEFAULT_AMSGRAD)),
                "adam(lr=0.001)",
                v -> new Adam(d(v, "lr"), d(v, "beta1"), d(v, "beta2"), d(v, "eps"), d(v, "weight_decay"), b(v, "amsgrad")),
                Explanations.ADAM_SUMMARY, Explanations.ADAM));
        add(new Entry(AdamW.NAME, List.of(Key.number("lr", AdamW.DEFAULT_LR), Key.number("beta1", AdamW.DEFAULT_BETA1),
                Key.number("beta2", AdamW.DEFAULT_BETA2), Key.number("eps", AdamW.DEFAULT_EPS),
                Key.number("weight_decay", AdamW.DEFAULT_WEIGHT_DECAY), Key.bool("amsgrad", AdamW.DEFAULT_AMSGRAD)),
                "adamw(lr=0.001)",
                v -> new AdamW(d(v, "lr"), d(v, "beta1"), d(v, "beta2"), d(v, "eps"), d(v, "weight_decay"), b(v, "amsgrad")),
                Explanations.ADAMW_SUMMARY, Explanations.ADAMW));
        add(new Entry(Adagrad.NAME, List.of(Key.number("lr", Adagrad.DEFAULT_LR), Key.number("lr_decay", Adagrad.DEFAULT_LR_DECAY),
                Key.number("weight_decay", Adagrad.DEFAULT_WEIGHT_DECAY),
                Key.number("initial_accumulator_value", Adagrad.DEFAULT_INITIAL_ACCUMULATOR_VALUE),
                Key.number("eps", Adagrad.DEFAULT_EPS)), "adagrad(lr=0.01)",
                v -> new Adagrad(d(v, "lr"), d(v, "lr_decay"), d(v, "weight_decay"), d(v, "initial_accumulator_value"),
                        d(v, "eps")),
                Explanations.ADAGRAD_SUMMARY, Explanations.ADAGRAD));
        add(new Entry(Adadelta.NAME, List.of(Key.number("lr", Adadelta.DEFAULT_LR), Key.number("rho", Adadelta.DEFAULT_RHO),
                Key.number("eps", Adadelta.DEFAULT_EPS), Key.number("weight_decay", Adadelta.DEFAULT_WEIGHT_DECAY)),
                "adadelta(lr=1)",
                v -> new Adadelta(d(v, "lr"), d(v, "rho"), d(v, "eps"), d(v, "weight_decay")),
                Explanations.ADADELTA_SUMMARY, Explanations.ADADELTA));
        add(new Entry(Adamax.NAME, List.of(Key.number("lr", Adamax.DEFAULT_LR), Key.number("beta1", Adamax.DEFAULT_BETA1),
                Key.number("beta2", Adamax.DEFAULT_BETA2), Key.number("eps", Adamax.DEFAULT_EPS),
                Key.number("weight_decay", Adamax.DEFAULT_WEIGHT_DECAY)), "adamax(lr=0.002)",
                v -> new Adamax(d(v, "lr"), d(v, "beta1"), d(v, "beta2"), d(v, "eps"), d(v, "weight_decay")),
                Explanations.ADAMAX_SUMMARY, Explanations.ADAMAX));
        add(new Entry(NAdam.NAME, List.of(Key.number("lr", NAdam.DEFAULT_LR), Key.number("beta1", NAdam.DEFAULT_BETA1),
                Key.number("beta2", NAdam.DEFAULT_BETA2), Key.number("eps", NAdam.DEFAULT_EPS),
                Key.number("weight_decay", NAdam.DEFAULT_WEIGHT_DECAY),
                Key.number("momentum_decay", NAdam.DEFAULT_MOMENTUM_DECAY)), "nadam(lr=0.002)",
                v -> new NAdam(d(v, "lr"), d(v, "beta1"), d(v, "beta2"), d(v, "eps"), d(v, "weight_decay"),
                        d(v, "momentum_decay")),
                Explanations.NADAM_SUMMARY, Explanations.NADAM));
        add(new Entry(RAdam.NAME, List.of(Key.number("lr", RAdam.DEFAULT_LR), Key.number("beta1", RAdam.DEFAULT_BETA1),
                Key.number("beta2", RAdam.DEFAULT_BETA2), Key.number("eps", RAdam.DEFAULT_EPS),
                Key.number("weight_decay", RAdam.DEFAULT_WEIGHT_DECAY)), "radam(lr=0.001)",
                v -> new RAdam(d(v, "lr"), d(v, "beta1"), d(v, "beta2"), d(v, "eps"), d(v, "weight_decay")),
                Explanations.RADAM_SUMMARY, Explanations.RADAM));
    }

    private Optimizers() {
    }

    private static void add(Entry e) {
        ENTRIES.put(e.name(), e);
    }

    private static double d(Map<String, Object> v, String key) {
        return (Double) v.get(key);
    }

    private static boolean b(Map<String, Object> v, String key) {
        return (Boolean) v.get(key);
    }

    /** Every optimizer name, sorted. */
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
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; valid: " + String.join(", ", names()));
        }
        return e;
    }

    /** Parses a spec such as {@code adam(lr=0.001, amsgrad=true)} or a bare {@code adam} (all defaults). */
    public static Optimizer parse(String spec) {
        Spec parsed = Spec.parse(spec);
        return entry(parsed.name()).create(parsed);
    }

    /**
     * A multi-line plain-text explanation: the update equations, the defaults, the paper, and how the
     * namesakes in other libraries differ. This is what {@code descent explain NAME} prints.
     */
    public static String explain(String name) {
        Entry e = entry(name);
        return render(e.name(), e.summary(), e.keys(), e.body());
    }

    /** The explanation layout shared with the schedule catalog. */
    public static String render(String name, String summary, List<Key> keys, String body) {
        StringBuilder sb = new StringBuilder();
        sb.append(name).append(": ").append(summary).append("\n\n");
        String[] sections = body.strip().split("\n\n", 2);
        sb.append(sections[0].stripTrailing()).append("\n\n");
        sb.append("Defaults:\n");
        List<String> parts = new ArrayList<>();
        for (Key k : keys) {
            Object d = k.defaultValue();
            String shown = d == null ? "(required)" : Spec.formatValue(d);
            sb.append("  ").append(k.name()).append(" = ").append(shown).append('\n');
            parts.add(k.name() + "=" + (d == null ? "?" : shown));
        }
        sb.append("  spec: ").append(name).append('(').append(String.join(", ", parts)).append(")\n");
        if (sections.length > 1) {
            sb.append('\n').append(sections[1].stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
