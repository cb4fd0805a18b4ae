package dev.descent.optim;

import dev.descent.optim.Spec.Key;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The catalog of weight averages ({@link WeightAverage}): names, keys, defaults, factories from spec strings, and
 * explanations.
 *
 * <pre>{@code
 * WeightAverage ema = Averages.parse("ema(decay=0.999)");
 * WeightAverage swa = Averages.parse("swa(start_epoch=75)");
 * Averages.explain("ema");
 * }</pre>
 */
public final class Averages {

    /**
     * One average of the catalog.
     *
     * @param name the spec name
     * @param keys its keys in order ({@code null} default = required)
     * @param example a spec to show in "needs" errors
     * @param factory builds the average from bound values
     * @param summary one line
     * @param body the equations, paper and differences of {@link #explain(String)}
     */
    private record Entry(String name, List<Key> keys, String example, Function<Map<String, Object>, WeightAverage> factory,
                         String summary, String body) {
    }

    private static final Map<String, Entry> ENTRIES = new TreeMap<>();

    static {
        add(new Entry(Ema.NAME, List.of(Key.number("decay", Ema.DEFAULT_DECAY)), "ema(decay=0.999)",
                v -> new Ema((Double) v.get("decay")), Explanations.EMA_SUMMARY, Explanations.EMA));
        add(new Entry(Swa.NAME, List.of(Key.requiredInteger("start_epoch")), "swa(start_epoch=75)",
                v -> new Swa((Long) v.get("start_epoch")), Explanations.SWA_SUMMARY, Explanations.SWA));
    }

    private Averages() {
    }

    private static void add(Entry e) {
        ENTRIES.put(e.name(), e);
    }

    /** Every average's name, sorted. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    private static Entry entry(String name) {
        Entry e = ENTRIES.get(Objects.requireNonNull(name));
        if (e == null) {
            throw new IllegalArgumentException("unknown average '" + name + "'; valid: " + String.join(", ", names()));
        }
        return e;
    }

    /** Parses a spec such as {@code ema(decay=0.999)}, {@code ema} (the default decay) or {@code swa(start_epoch=75)}. */
    public static WeightAverage parse(String spec) {
        Spec parsed = Spec.parse(spec);
        Entry e = entry(parsed.name());
        return e.factory().apply(parsed.bind(e.keys(), e.example()));
    }

    /** A multi-line plain-text explanation: equations, defaults, sources, how other libraries differ. */
    public static String explain(String name) {
        Entry e = entry(name);
        return Optimizers.render(e.name(), e.summary(), e.keys(), e.body());
    }
}
