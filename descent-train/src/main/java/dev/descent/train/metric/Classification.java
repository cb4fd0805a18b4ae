package dev.descent.train.metric;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Classification metrics from predicted and true class indices: accuracy, the confusion matrix, and for two
 * classes precision, recall and F1 of the positive class (index 1), as scikit-learn's binary defaults. Rows may
 * carry weights {@code w_i} (finite, {@code >= 0}, with a positive sum); a row then counts {@code w_i} times, as in
 * scikit-learn's metrics with {@code sample_weight}. Unweighted, every {@code w_i} is 1 and the matrix holds counts.
 *
 * <ul>
 * <li>confusion[a][p] = Σ w_i over the rows of true class a predicted as p</li>
 * <li>accuracy = Σ_i w_i·[ŷ_i = y_i] / Σ_i w_i (the matrix's diagonal over its total)</li>
 * <li>precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2·P·R / (P + R), with the weighted TP, FP and FN
 * of the matrix; each is 0 when its denominator is 0 (scikit-learn's {@code zero_division=0})</li>
 * </ul>
 *
 * @param confusion {@code confusion[actual][predicted]}: the rows' summed weights (their counts, unweighted)
 */
public record Classification(double[][] confusion) {

    public Classification {
        confusion = copy(confusion);
    }

    /** Counts the pairs, every row once; every index must be in {@code [0, classes)}. */
    public static Classification of(int[] predicted, int[] actual, int classes) {
        double[] ones = new double[actual.length];
        Arrays.fill(ones, 1);
        return of(predicted, actual, classes, ones);
    }

    /** Sums the weights of the pairs: row {@code i} counts {@code weights[i]} times. */
    public static Classification of(int[] predicted, int[] actual, int classes, double[] weights) {
        if (predicted.length != actual.length || weights.length != actual.length) {
            throw new IllegalArgumentException("need equally many predictions, targets and weights, got "
                    + predicted.length + ", " + actual.length + " and " + weights.length);
        }
        double[][] counts = new double[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            counts[actual[i]][predicted[i]] += weights[i];
        }
        return new Classification(counts);
    }

    @Override
    public double[][] confusion() {
        return copy(confusion);
    }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }

    public int classes() {
        return confusion.length;
    }

    /** The rows' summed weight: their number, unweighted. */
    public double total() {
        double n = 0;
        for (double[] row : confusion) {
            for (double c : row) {
                n += c;
            }
        }
        return n;
    }

    public double accuracy() {
        double correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return correct / total();
    }

    /** Precision of the positive class (index 1); binary tasks only. */
    public double precision() {
        requireBinary();
        double tp = confusion[1][1];
        return ratio(tp, tp + confusion[0][1]);
    }

    /** Recall of the positive class (index 1); binary tasks only. */
    public double recall() {
        requireBinary();
        double tp = confusion[1][1];
        return ratio(tp, tp + confusion[1][0]);
    }

    /** Harmonic mean of precision and recall; binary tasks only. */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private void requireBinary() {
        if (confusion.length != 2) {
            throw new IllegalStateException("precision, recall and F1 are defined here for 2 classes, not " + confusion.length);
        }
    }

    private static double ratio(double num, double den) {
        return den == 0 ? 0 : num / den;
    }

    /**
     * The matrix as a text table, rows = actual, columns = predicted, headed by the class labels, each cell written
     * by {@code cell} (counts are whole numbers; weighted sums need not be).
     */
    public String table(List<String> labels, DoubleFunction<String> cell) {
        String corner = "actual\\pred";
        int width = corner.length() + 2;
        for (String l : labels) {
            width = Math.max(width, l.length() + 2);
        }
        for (double[] row : confusion) {
            for (double c : row) {
                width = Math.max(width, cell.apply(c).length() + 2);
            }
        }
        String column = "%" + width + "s";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, column, corner));
        for (String l : labels) {
            sb.append(String.format(Locale.ROOT, column, l));
        }
        sb.append('\n');
        for (int a = 0; a < confusion.length; a++) {
            sb.append(String.format(Locale.ROOT, column, labels.get(a)));
            for (double c : confusion[a]) {
                sb.append(String.format(Locale.ROOT, column, cell.apply(c)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
