package dev.descent.train.metric;

import java.util.List;
import java.util.Locale;

/**
 * Classification metrics from predicted and true class indices: accuracy, the confusion matrix, and for two
 * classes precision, recall and F1 of the positive class (index 1), as scikit-learn's binary defaults.
 *
 * <ul>
 * <li>accuracy = correct / n</li>
 * <li>precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2·P·R / (P + R); each is 0 when its
 * denominator is 0 (scikit-learn's {@code zero_division=0})</li>
 * </ul>
 *
 * @param confusion {@code confusion[actual][predicted]} counts
 */
public record Classification(long[][] confusion) {

    public Classification {
        confusion = copy(confusion);
    }

    /** Counts the pairs; every index must be in {@code [0, classes)}. */
    public static Classification of(int[] predicted, int[] actual, int classes) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("need equally many predictions and targets, got "
                    + predicted.length + " and " + actual.length);
        }
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            counts[actual[i]][predicted[i]]++;
        }
        return new Classification(counts);
    }

    @Override
    public long[][] confusion() {
        return copy(confusion);
    }

    private static long[][] copy(long[][] m) {
        long[][] out = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }

    public int classes() {
        return confusion.length;
    }

    public long total() {
        long n = 0;
        for (long[] row : confusion) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return (double) correct / total();
    }

    /** Precision of the positive class (index 1); binary tasks only. */
    public double precision() {
        requireBinary();
        long tp = confusion[1][1];
        return ratio(tp, tp + confusion[0][1]);
    }

    /** Recall of the positive class (index 1); binary tasks only. */
    public double recall() {
        requireBinary();
        long tp = confusion[1][1];
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

    private static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }

    /** The matrix as a text table, rows = actual, columns = predicted, headed by the class labels. */
    public String table(List<String> labels) {
        String corner = "actual\\pred";
        int width = corner.length() + 2;
        for (String l : labels) {
            width = Math.max(width, l.length() + 2);
        }
        for (long[] row : confusion) {
            for (long c : row) {
                width = Math.max(width, Long.toString(c).length() + 2);
            }
        }
        String cell = "%" + width + "s";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, cell, corner));
        for (String l : labels) {
            sb.append(String.format(Locale.ROOT, cell, l));
        }
        sb.append('\n');
        for (int a = 0; a < confusion.length; a++) {
            sb.append(String.format(Locale.ROOT, cell, labels.get(a)));
            for (long c : confusion[a]) {
                sb.append(String.format(Locale.ROOT, cell, c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
