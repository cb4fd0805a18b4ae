package dev.descent.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed spec string {@code name(arg, ..., key=value, ...)}, the form of the command line's {@code --model}
 * and {@code --loss} values: {@code linear}, {@code mlp(64,32,activation=relu)}, {@code huber(delta=0.5)}.
 *
 * <p>Grammar: a name ({@code [A-Za-z_][A-Za-z0-9_]*}), optionally followed by parentheses holding
 * comma-separated items; an item is either a positional argument or {@code key=value}. Positional
 * arguments come before named ones, a key appears at most once, and blanks around tokens are ignored.
 * Values are kept as text; the caller interprets them ({@link #number}, {@link #positiveInteger}).
 *
 * @param name the name before the parentheses, as written
 * @param arguments the positional arguments, in order
 * @param options the {@code key=value} items, in order
 */
public record Spec(String name, List<String> arguments, Map<String, String> options) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Copies both collections; {@code options} keeps its order. */
    public Spec {
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses {@code text}.
     *
     * @param what what is being parsed, for messages ({@code "model"}, {@code "loss"})
     * @param validForms the valid forms, appended to every error message
     * @throws IllegalArgumentException (one line, naming the problem and the valid forms) if the text is
     *     not of the form {@code name(arg, ..., key=value, ...)}
     */
    public static Spec parse(String text, String what, String validForms) {
        if (text == null || text.isBlank()) {
            throw error("empty " + what, validForms);
        }
        String s = text.strip();
        int open = s.indexOf('(');
        String name = (open < 0 ? s : s.substring(0, open)).strip();
        if (!NAME.matcher(name).matches()) {
            throw error("malformed " + what + " '" + s + "'", validForms);
        }
        List<String> arguments = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        if (open >= 0) {
            if (!s.endsWith(")") || s.indexOf('(', open + 1) >= 0 || s.indexOf(')') != s.length() - 1) {
                throw error("malformed " + what + " '" + s + "': unbalanced parentheses", validForms);
            }
            String inside = s.substring(open + 1, s.length() - 1).strip();
            if (!inside.isEmpty()) {
                for (String raw : inside.split(",", -1)) {
                    String item = raw.strip();
                    if (item.isEmpty()) {
                        throw error("malformed " + what + " '" + s + "': empty item", validForms);
                    }
                    int eq = item.indexOf('=');
                    if (eq < 0) {
                        if (!options.isEmpty()) {
                            throw error("malformed " + what + " '" + s + "': positional '" + item
                                    + "' after key=value", validForms);
                        }
                        arguments.add(item);
                        continue;
                    }
                    String key = item.substring(0, eq).strip();
                    String value = item.substring(eq + 1).strip();
                    if (!NAME.matcher(key).matches() || value.isEmpty()) {
                        throw error("malformed " + what + " '" + s + "': bad item '" + item + "'", validForms);
                    }
                    if (options.putIfAbsent(key, value) != null) {
                        throw error("repeated key '" + key + "' in " + what + " '" + s + "'", validForms);
                    }
                }
            }
        }
        return new Spec(name, arguments, options);
    }

    /** An {@link IllegalArgumentException} with {@code problem; valid forms: ...} on one line. */
    public static IllegalArgumentException error(String problem, String validForms) {
        return new IllegalArgumentException(problem + "; valid: " + validForms);
    }

    /** {@code value} as a finite double, or an error naming {@code key}. */
    public static double number(String key, String value, String validForms) {
        try {
            double v = Double.parseDouble(value);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(key + " must be a finite number, got '" + value + "'", validForms);
    }

    /** {@code value} as a positive int, or an error naming {@code what}. */
    public static int positiveInteger(String what, String value, String validForms) {
        try {
            int v = Integer.parseInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(what + " must be a positive integer, got '" + value + "'", validForms);
    }
}
