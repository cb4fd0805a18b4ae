package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw target texts of a file, turned into a task, class labels and the {@code y} tensor.
 *
 * <p>Class labels: when every label is a number, labels that are whole numbers are written without a
 * fraction ({@code 1.0} and {@code 1} are the same class, {@code "1"}) and classes are sorted by numeric value
 * ({@code -1 < 1 < 2 < 10}); otherwise the labels are the stripped texts, sorted as {@link String#compareTo}
 * does (by UTF-16 code unit: {@code "B" < "a"}).
 */
final class Targets {

    private final String source;
    private final String column;
    private final List<String> raw = new ArrayList<>();
    private long[] lines = new long[64];

    /**
     * @param source the file name for messages
     * @param column how messages name the target, e.g. {@code column 5 (species)} or {@code label}
     */
    Targets(String source, String column) {
        this.source = source;
        this.column = column;
    }

    void add(String text, long line) {
        if (raw.size() == lines.length) {
            lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[raw.size()] = line;
        raw.add(text.strip());
    }

    int size() {
        return raw.size();
    }

    /** The stripped text of row {@code i}. */
    String raw(int i) {
        return raw.get(i);
    }

    /** The file line of row {@code i}. */
    long line(int i) {
        return lines[i];
    }

    /** How messages name the target column. */
    String column() {
        return column;
    }

    /** The resolved targets. */
    record Resolved(Task task, List<String> classes, Tensor y) {
    }

    Resolved resolve(TaskHint hint, List<String> imposedClasses, DType dtype) {
        int n = raw.size();
        for (int i = 0; i < n; i++) {
            if (raw.get(i).isEmpty()) {
                throw DataException.at(source, lines[i], column + ": empty value");
            }
        }
        if (hint == TaskHint.REGRESSION) {
            return regression(dtype);
        }
        if (!imposedClasses.isEmpty()) {
            return imposed(imposedClasses, dtype);
        }
        boolean allNumeric = true;
        boolean allIntegral = true;
        for (int i = 0; i < n && allNumeric; i++) {
            String s = raw.get(i);
            if (Numbers.isNonFinite(s)) {
                continue;
            }
            Double v = numberOrNull(s);
            if (v == null) {
                allNumeric = false;
            } else if (!isIntegral(v)) {
                allIntegral = false;
            }
        }
        if (allNumeric) {
            // NaN or infinity among numbers is an error, whatever the task.
            for (int i = 0; i < n; i++) {
                if (Numbers.isNonFinite(raw.get(i))) {
                    throw DataException.at(source, lines[i], column + ": NaN or infinite value "
                            + DataException.quote(raw.get(i)));
                }
            }
            if (hint == TaskHint.AUTO && (!allIntegral || distinctNumbers() > TaskHint.AUTO_MAX_CLASSES)) {
                return regression(dtype);
            }
        }
        return inferredClasses(allNumeric, dtype);
    }

    private Resolved regression(DType dtype) {
        Numbers.Buffer y = new Numbers.Buffer(dtype, raw.size());
        for (int i = 0; i < raw.size(); i++) {
            try {
                y.add(Numbers.parse(raw.get(i), dtype));
            } catch (Numbers.BadNumber e) {
                throw DataException.at(source, lines[i], column + ": " + e.getMessage());
            }
        }
        return new Resolved(Task.REGRESSION, List.of(), y.toTensor(raw.size()));
    }

    private long distinctNumbers() {
        return raw.stream().map(Targets::numberOrNull).distinct().count();
    }

    private Resolved inferredClasses(boolean numeric, DType dtype) {
        Map<String, Double> keys = new LinkedHashMap<>();
        for (String s : raw) {
            keys.putIfAbsent(numeric ? canonical(numberOrNull(s)) : s, numeric ? numberOrNull(s) : 0.0);
        }
        List<String> classes = new ArrayList<>(keys.keySet());
        if (numeric) {
            classes.sort(Comparator.comparingDouble(keys::get));
        } else {
            classes.sort(Comparator.naturalOrder());
        }
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        Tensor y = Tensor.zeros(new Shape(raw.size()), dtype);
        for (int i = 0; i < raw.size(); i++) {
            String s = raw.get(i);
            y.set(i, index.get(numeric ? canonical(numberOrNull(s)) : s));
        }
        return new Resolved(Task.forClasses(classes.size()), classes, y);
    }

    private Resolved imposed(List<String> classes, DType dtype) {
        LabelIndex index = LabelIndex.of(classes);
        Tensor y = Tensor.zeros(new Shape(raw.size()), dtype);
        for (int i = 0; i < raw.size(); i++) {
            int c = index.indexOf(raw.get(i));
            if (c < 0) {
                throw DataException.at(source, lines[i], unseenClass(raw.get(i), classes));
            }
            y.set(i, c);
        }
        return new Resolved(Task.forClasses(classes.size()), classes, y);
    }

    /**
     * A class label's index among a model's classes: the label as written, else the same number written otherwise
     * ({@code 1.0} is class {@code "1"}), as a CSV target is matched; -1 for a label the classes lack.
     */
    record LabelIndex(Map<String, Integer> index) {

        static LabelIndex of(List<String> classes) {
            Map<String, Integer> index = new HashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                index.putIfAbsent(classes.get(c), c);
            }
            for (int c = 0; c < classes.size(); c++) {
                Double v = numberOrNull(classes.get(c));
                if (v != null) {
                    index.putIfAbsent(canonical(v), c);
                }
            }
            return new LabelIndex(Map.copyOf(index));
        }

        int indexOf(String label) {
            Integer c = index.get(label);
            if (c == null) {
                Double v = numberOrNull(label);
                c = v == null ? null : index.get(canonical(v));
            }
            return c == null ? -1 : c;
        }
    }

    /** The message for a label that {@code classes}, a model's, lack. */
    static String unseenClass(String label, List<String> classes) {
        return "class " + DataException.quote(label) + " was not seen in training; known classes: " + String.join(", ", classes);
    }

    /** The finite number {@code s} spells, or null. */
    static Double numberOrNull(String s) {
        try {
            double v = Numbers.parse(s, DType.FLOAT64);
            return v;
        } catch (Numbers.BadNumber e) {
            return null;
        }
    }

    private static boolean isIntegral(double v) {
        return v == Math.rint(v) && Math.abs(v) < 0x1p53;
    }

    /** The label text of a numeric class: whole numbers without a fraction, others as Java prints them. */
    static String canonical(double v) {
        return isIntegral(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
