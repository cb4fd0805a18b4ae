package dev.descent.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A weight per class of a classification target, multiplied into each row's weight: Keras'
 * {@code fit(class_weight=)}, scikit-learn's {@code class_weight}, and, through the weighted mean of the loss,
 * PyTorch's {@code CrossEntropyLoss(weight=)}. {@link #resolve} turns it into one number per class index for some
 * rows (training's training rows, evaluation's evaluated rows); {@link ClassWeightedRows#of} applies those (in memory
 * {@link Dataset#withClassWeights}).
 *
 * <ul>
 *   <li>{@link Balanced} ({@code balanced}): scikit-learn's {@code class_weight='balanced'},
 *       {@code w_c = n / (k · n_c)} for {@code n} rows, {@code k} classes and {@code n_c} rows of class {@code c},
 *       counted on the rows given to {@link #resolve} (for training, the training rows after any validation
 *       split), as scikit-learn's {@code compute_class_weight('balanced', classes=, y=)}. As in scikit-learn, rows
 *       are counted, not their sample weights. Every class then carries the same total weight
 *       {@code n/k}, and the mean weight per row is 1.</li>
 *   <li>{@link Given} ({@code "A=2,B=0.5"}): a weight per class label, as the labels appear in the target column;
 *       every class needs one (unlike Keras and scikit-learn, which give a missing class 1).</li>
 * </ul>
 */
public sealed interface ClassWeights {

    /** The valid forms, as shown in error messages. */
    String VALID_FORMS = "balanced, or LABEL=WEIGHT pairs such as \"A=2,B=0.5\"";

    /**
     * The weight of each class index, {@code 0 .. k-1}, for the classes of {@code rows}, from its rows (in memory, or a
     * file's, whose target column {@code balanced} reads to count them: {@link RowSource#classCounts()}).
     */
    double[] resolve(RowSource rows);

    /**
     * The spec string, which {@link #parse} reads back: {@code balanced}, or the pairs in label order, so that the
     * same weights given in another order give the same string (a resume compares it).
     */
    String spec();

    /** scikit-learn's {@code 'balanced'}: {@code n / (k · n_c)}. */
    record Balanced() implements ClassWeights {

        @Override
        public double[] resolve(RowSource rows) {
            requireClasses(rows);
            int[] counts = rows.classCounts();
            int n = rows.size();
            double[] w = new double[counts.length];
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] == 0) {
                    throw new IllegalArgumentException("balanced: none of the " + n + " rows is of class '"
                            + rows.classes().get(c) + "', so its weight n/(k*n_c) is undefined; give the weights as "
                            + "LABEL=WEIGHT pairs");
                }
                w[c] = (double) n / ((double) counts.length * counts[c]);
            }
            return w;
        }

        @Override
        public String spec() {
            return "balanced";
        }
    }

    /**
     * A weight for each class label.
     *
     * @param byLabel the weights by label (finite, {@code >= 0}), in the order given
     */
    record Given(Map<String, Double> byLabel) implements ClassWeights {

        public Given {
            byLabel = Collections.unmodifiableMap(new LinkedHashMap<>(byLabel));
            if (byLabel.isEmpty()) {
                throw new IllegalArgumentException("no class weights given; expected " + VALID_FORMS);
            }
            byLabel.forEach((label, weight) -> {
                Objects.requireNonNull(label, "label");
                if (weight == null || !(weight >= 0) || !Double.isFinite(weight)) {
                    throw new IllegalArgumentException("the weight of class '" + label
                            + "' must be a finite number >= 0, got " + weight);
                }
            });
        }

        @Override
        public double[] resolve(RowSource rows) {
            requireClasses(rows);
            List<String> classes = rows.classes();
            double[] w = new double[classes.size()];
            Arrays.fill(w, Double.NaN);
            byLabel.forEach((label, weight) -> {
                int c = classes.indexOf(label);
                if (c < 0) {
                    throw new IllegalArgumentException("'" + label + "' is not a class of '" + rows.targetName()
                            + "'; classes: " + String.join(", ", classes));
                }
                w[c] = weight;
            });
            for (int c = 0; c < w.length; c++) {
                if (Double.isNaN(w[c])) {
                    throw new IllegalArgumentException("no weight for class '" + classes.get(c) + "'; every class needs "
                            + "one: " + String.join(", ", classes));
                }
            }
            return w;
        }

        @Override
        public String spec() {
            StringBuilder s = new StringBuilder();
            new TreeMap<>(byLabel).forEach((label, weight) -> s.append(s.isEmpty() ? "" : ",").append(label).append('=')
                    .append(weight));
            return s.toString();
        }
    }

    /** {@link Balanced}. */
    static ClassWeights balanced() {
        return new Balanced();
    }

    /** {@link Given}: a weight per class label. */
    static ClassWeights of(Map<String, Double> byLabel) {
        return new Given(byLabel);
    }

    /**
     * Parses {@code balanced} (any case) or comma-separated {@code LABEL=WEIGHT} pairs; a label runs to the last
     * {@code =} of its pair and is stripped of blanks.
     *
     * @throws IllegalArgumentException one line naming the problem and the valid forms
     */
    static ClassWeights parse(String text) {
        String t = text.strip();
        if (t.toLowerCase(Locale.ROOT).equals("balanced")) {
            return balanced();
        }
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (String pair : t.split(",", -1)) {
            int eq = pair.lastIndexOf('=');
            String label = eq < 0 ? "" : pair.substring(0, eq).strip();
            if (label.isEmpty()) {
                throw new IllegalArgumentException("expected " + VALID_FORMS + ", got '" + t + "'");
            }
            String value = pair.substring(eq + 1).strip();
            double weight;
            try {
                weight = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of class '" + label + "' must be a number, got '" + value
                        + "'");
            }
            if (byLabel.put(label, weight) != null) {
                throw new IllegalArgumentException("class '" + label + "' is given twice");
            }
        }
        return of(byLabel);
    }

    private static void requireClasses(RowSource rows) {
        if (!rows.task().isClassification()) {
            throw new IllegalArgumentException("class weights need a class target, but '" + rows.targetName()
                    + "' is a regression target");
        }
    }
}
