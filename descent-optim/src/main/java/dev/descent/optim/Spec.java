package dev.descent.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed spec string {@code name(key=value, ...)}, shared by the optimizer and schedule catalogs.
 *
 * <p>Grammar: a name ({@code [A-Za-z_][A-Za-z0-9_]*}), then optionally parentheses holding
 * {@code key=value} pairs separated by commas; spaces are allowed around every token. A bare name means
 * all defaults. Values are kept as written and converted by {@link #bind} against the keys of a catalog
 * entry: numbers are Java doubles ({@code 1e-08}, {@code 0.9}, {@code 1}), booleans {@code true} or
 * {@code false}, choices a bare word, lists of whole numbers joined by {@code |} ({@code milestones=30|80}:
 * {@code ,} already separates keys and {@code ;} specs). Syntax errors are one line naming the column (1-based).
 *
 * @param name the name before the parentheses
 * @param values the raw value text by key, in the order written
 */
public record Spec(String name, Map<String, String> values) {

    public Spec {
        Objects.requireNonNull(name);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The kind of value a key takes. */
    public enum Kind {
        /** A Java double. */
        NUMBER,
        /** A double that must be a whole number (step counts, patience). */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** One of a fixed set of words. */
        CHOICE,
        /** Whole numbers joined by {@code |}, e.g. {@code 30|80}; read as a {@code List<Long>}. */
        INTEGER_LIST
    }

    /**
     * One key of a catalog entry.
     *
     * @param name the spec key, e.g. {@code weight_decay}
     * @param kind how its value is read
     * @param defaultValue the default ({@link Double}, {@link Long}, {@link Boolean}, {@link String} or a
     *        {@code List<Long>}), or {@code null} when the key is required
     * @param choices the valid words of a {@link Kind#CHOICE} key, else empty
     */
    public record Key(String name, Kind kind, Object defaultValue, List<String> choices) {
        public Key {
            Objects.requireNonNull(name);
            Objects.requireNonNull(kind);
            choices = List.copyOf(choices);
        }

        /** A number key with a default. */
        public static Key number(String name, double defaultValue) {
            return new Key(name, Kind.NUMBER, defaultValue, List.of());
        }

        /** A required number key. */
        public static Key requiredNumber(String name) {
            return new Key(name, Kind.NUMBER, null, List.of());
        }

        /** A whole-number key with a default. */
        public static Key integer(String name, long defaultValue) {
            return new Key(name, Kind.INTEGER, defaultValue, List.of());
        }

        /** A required whole-number key. */
        public static Key requiredInteger(String name) {
            return new Key(name, Kind.INTEGER, null, List.of());
        }

        /** A required key holding whole numbers joined by {@code |}. */
        public static Key requiredIntegers(String name) {
            return new Key(name, Kind.INTEGER_LIST, null, List.of());
        }

        /** A boolean key with a default. */
        public static Key bool(String name, boolean defaultValue) {
            return new Key(name, Kind.BOOLEAN, defaultValue, List.of());
        }

        /** A choice key with a default. */
        public static Key choice(String name, String defaultValue, String... choices) {
            return new Key(name, Kind.CHOICE, defaultValue, List.of(choices));
        }

        /** True when the key has no default. */
        public boolean required() {
            return defaultValue == null;
        }
    }

    /** Parses one spec; the whole text must be consumed. */
    public static Spec parse(String text) {
        Parser p = new Parser(text);
        Spec spec = p.spec();
        p.skipSpaces();
        if (!p.atEnd()) {
            throw p.error("unexpected '" + p.peek() + "'");
        }
        return spec;
    }

    /**
     * Parses specs joined by a word, e.g. {@code warmup(steps=100) then cosine(t_max=900)} with
     * {@code word = "then"}.
     */
    public static List<Spec> parseChain(String text, String word) {
        Parser p = new Parser(text);
        List<Spec> out = new ArrayList<>();
        out.add(p.spec());
        while (true) {
            p.skipSpaces();
            if (p.atEnd()) {
                return out;
            }
            int at = p.pos;
            String w = p.identifierOrNull();
            if (!word.equals(w)) {
                p.pos = at;
                throw p.error("expected '" + word + "' or the end");
            }
            out.add(p.spec());
        }
    }

    /**
     * Checks the keys against {@code keys} and converts every value, filling in defaults: the result maps
     * every key, in the order of {@code keys}, to a {@link Double}, {@link Long}, {@link Boolean},
     * {@link String} or {@code List<Long>}.
     *
     * @param example a spec to show when a required key is missing, e.g. {@code sgd(lr=0.1)}
     */
    public Map<String, Object> bind(List<Key> keys, String example) {
        LinkedHashMap<String, Key> byName = new LinkedHashMap<>();
        keys.forEach(k -> byName.put(k.name(), k));
        for (String k : values.keySet()) {
            if (!byName.containsKey(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "' for " + name + "; valid keys: "
                        + String.join(", ", byName.keySet()));
            }
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (Key key : keys) {
            String raw = values.get(key.name());
            if (raw == null) {
                if (key.required()) {
                    throw new IllegalArgumentException(name + " needs " + key.name() + ", e.g. " + example);
                }
                out.put(key.name(), key.defaultValue());
            } else {
                out.put(key.name(), convert(key, raw));
            }
        }
        return out;
    }

    private static Object convert(Key key, String raw) {
        return switch (key.kind()) {
            case NUMBER -> number(key.name(), raw);
            case INTEGER -> {
                double v = number(key.name(), raw);
                if (!isWhole(v)) {
                    throw new IllegalArgumentException(key.name() + " must be a whole number, got " + raw);
                }
                yield (long) v;
            }
            case INTEGER_LIST -> {
                List<Long> out = new ArrayList<>();
                for (String part : raw.split("\\|", -1)) {
                    if (!part.matches(NUMBER_SYNTAX) || !isWhole(Double.parseDouble(part))) {
                        throw new IllegalArgumentException(key.name() + " must be whole numbers joined by '|', got '" + raw + "'");
                    }
                    out.add((long) Double.parseDouble(part));
                }
                yield List.copyOf(out);
            }
            case BOOLEAN -> switch (raw) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException(key.name() + " must be true or false, got '" + raw + "'");
            };
            case CHOICE -> {
                if (!key.choices().contains(raw)) {
                    throw new IllegalArgumentException(key.name() + " must be one of " + String.join(", ", key.choices())
                            + ", got '" + raw + "'");
                }
                yield raw;
            }
        };
    }

    // Java double syntax, decimal only: no hex, NaN, Infinity or d/f suffixes.
    private static final String NUMBER_SYNTAX = "[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?";

    // 1e15 stays well inside 2^53, below which a double holds every whole number exactly
    private static boolean isWhole(double v) {
        return v == Math.rint(v) && Math.abs(v) <= 1e15;
    }

    private static double number(String key, String raw) {
        if (!raw.matches(NUMBER_SYNTAX)) {
            throw new IllegalArgumentException(key + " must be a number, got '" + raw + "'");
        }
        return Double.parseDouble(raw);
    }

    /** {@code name(k=v, ...)} with values written so that they parse back exactly. */
    public static String format(String name, Map<String, Object> config) {
        StringBuilder sb = new StringBuilder(name).append('(');
        boolean first = true;
        for (Map.Entry<String, Object> e : config.entrySet()) {
            sb.append(first ? "" : ", ").append(e.getKey()).append('=').append(formatValue(e.getValue()));
            first = false;
        }
        return sb.append(')').toString();
    }

    /** A bound value written as a spec holds it: numbers by {@link #formatNumber}, lists joined by {@code |}. */
    public static String formatValue(Object v) {
        return switch (v) {
            case Double d -> formatNumber(d);
            case List<?> list -> String.join("|", list.stream().map(Spec::formatValue).toList());
            default -> String.valueOf(v);
        };
    }

    /** A double written so that {@link Double#parseDouble} gives it back: {@code 1}, {@code 0.9}, {@code 1.0E-8}. */
    public static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public String toString() {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>(values);
        return values.isEmpty() ? name : format(name, m);
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = Objects.requireNonNull(text);
        }

        Spec spec() {
            skipSpaces();
            String name = identifierOrNull();
            if (name == null) {
                throw error("expected a name");
            }
            LinkedHashMap<String, String> values = new LinkedHashMap<>();
            skipSpaces();
            if (atEnd() || peek() != '(') {
                return new Spec(name, values);
            }
            pos++;
            skipSpaces();
            if (!atEnd() && peek() == ')') {
                pos++;
                return new Spec(name, values);
            }
            while (true) {
                skipSpaces();
                String key = identifierOrNull();
                if (key == null) {
                    throw error("expected a key");
                }
                skipSpaces();
                expect('=');
                skipSpaces();
                int start = pos;
                while (!atEnd() && isValueChar(peek())) {
                    pos++;
                }
                if (start == pos) {
                    throw error("expected a value");
                }
                if (values.putIfAbsent(key, text.substring(start, pos)) != null) {
                    throw new IllegalArgumentException("key '" + key + "' given twice");
                }
                skipSpaces();
                if (atEnd()) {
                    throw error("expected ')'");
                }
                char c = peek();
                if (c == ')') {
                    pos++;
                    return new Spec(name, values);
                }
                if (c != ',') {
                    throw error("expected ',' or ')'");
                }
                pos++;
            }
        }

        String identifierOrNull() {
            if (atEnd() || !(Character.isLetter(peek()) || peek() == '_')) {
                return null;
            }
            int start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        void expect(char c) {
            if (atEnd() || peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        static boolean isValueChar(char c) {
            return Character.isLetterOrDigit(c) || c == '.' || c == '+' || c == '-' || c == '_' || c == '|';
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at column " + (pos + 1) + " in \"" + text + "\"");
        }
    }

    /**
     * A rule's hyper-parameters as {@code config()} returns them: {@code key, value, key, value, ...} in spec order,
     * unmodifiable.
     */
    public static Map<String, Object> config(Object... keyValues) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
