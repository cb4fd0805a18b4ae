package dev.descent.data;

import dev.descent.tensor.Rng;
import java.util.Arrays;

/**
 * Hold-out splits of a {@link Dataset}, deterministic for a seed.
 *
 * <p>Rows are first put in a random order drawn from {@code Rng.seeded(seed).fork("split")}. For
 * classification the split is <em>stratified</em>: each class is divided in the same proportions as the whole
 * (the per-class counts are apportioned by largest remainder, so the part sizes are exact and each class's share
 * is within one row of proportional). For regression the first rows of the random order go to the test part,
 * the next to validation, the rest to training. Each part keeps the random order. Part sizes are
 * {@code round(n * fraction)}, but at least one row for a positive fraction; at least one row must remain for
 * training.
 *
 * <p><b>Keras' {@code validation_split}</b> takes the <em>last</em> {@code fraction} of the rows, before any
 * shuffling, and is not stratified: with sorted data (iris is sorted by class) its validation set holds only the
 * last class. {@link #validationSplit} shuffles with the seed first (and stratifies); use
 * {@link #validationSplitLastRows} for Keras' exact behaviour.
 */
public final class Splits {

    private Splits() {
    }

    /** A training and a test part. */
    public record TrainTest(Dataset train, Dataset test) {
    }

    /** A training and a validation part. */
    public record TrainValidation(Dataset train, Dataset validation) {
    }

    /** Training, validation and test parts. */
    public record TrainValidationTest(Dataset train, Dataset validation, Dataset test) {
    }

    /** Splits off {@code validationFraction} and {@code testFraction} of the rows (stratified for classes). */
    public static TrainValidationTest trainValidationTest(Dataset data, double validationFraction,
            double testFraction, long seed) {
        int[][] parts = assign(data, validationFraction, testFraction, seed);
        return new TrainValidationTest(data.subset(parts[0]), data.subset(parts[1]), data.subset(parts[2]));
    }

    /** Splits off {@code testFraction} of the rows (stratified for classes). */
    public static TrainTest trainTest(Dataset data, double testFraction, long seed) {
        int[][] parts = assign(data, 0, testFraction, seed);
        return new TrainTest(data.subset(parts[0]), data.subset(parts[2]));
    }

    /**
     * {@code --validation-split F}: holds out {@code fraction} of the rows for validation, after shuffling with
     * the seed (stratified for classes). Unlike Keras, which takes the last rows unshuffled (see
     * {@link #validationSplitLastRows}).
     */
    public static TrainValidation validationSplit(Dataset data, double fraction, long seed) {
        int[][] parts = assign(data, fraction, 0, seed);
        return new TrainValidation(data.subset(parts[0]), data.subset(parts[1]));
    }

    /**
     * Keras' exact {@code validation_split}: the first {@code floor(n * (1 - fraction))} rows train, the rest
     * validate, in file order, no shuffling and no stratification.
     */
    public static TrainValidation validationSplitLastRows(Dataset data, double fraction) {
        checkFraction("validation", fraction);
        int n = data.size();
        int splitAt = (int) Math.floor(n * (1.0 - fraction));
        if (splitAt < 1) {
            throw new IllegalArgumentException("validation fraction " + fraction + " leaves no training rows of " + n);
        }
        int[] train = new int[splitAt];
        int[] val = new int[n - splitAt];
        Arrays.setAll(train, i -> i);
        Arrays.setAll(val, i -> splitAt + i);
        return new TrainValidation(data.subset(train), data.subset(val));
    }

    /** Row indices of the train, validation and test parts, in that order. */
    static int[][] assign(Dataset data, double validationFraction, double testFraction, long seed) {
        checkFraction("validation", validationFraction);
        checkFraction("test", testFraction);
        if (validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation (" + validationFraction + ") and test (" + testFraction
                    + ") fractions must add up to less than 1");
        }
        int n = data.size();
        int nTest = partSize(n, testFraction);
        int nVal = partSize(n, validationFraction);
        if (n - nTest - nVal < 1) {
            // a plain validation split (the command line's) does not mention the test part it does not have
            String fractions = testFraction == 0 ? "validation fraction " + validationFraction + " leaves"
                    : "validation and test fractions " + validationFraction + " and " + testFraction + " leave";
            throw new IllegalArgumentException(fractions + " no training rows of " + n);
        }
        int[] order = Rng.seeded(seed).fork("split").permutation(n);
        // part of each row: 0 train, 1 validation, 2 test
        byte[] part = new byte[n];
        if (data.task().isClassification()) {
            int[] labels = data.labels();
            int[] counts = data.classCounts();
            int[] testPerClass = apportion(counts, counts, nTest);
            int[] left = new int[counts.length];
            Arrays.setAll(left, c -> counts[c] - testPerClass[c]);
            int[] valPerClass = apportion(counts, left, nVal);
            int[] seen = new int[counts.length];
            for (int r : order) {
                int c = labels[r];
                int k = seen[c]++;
                part[r] = (byte) (k < testPerClass[c] ? 2 : k < testPerClass[c] + valPerClass[c] ? 1 : 0);
            }
        } else {
            for (int i = 0; i < n; i++) {
                part[order[i]] = (byte) (i < nTest ? 2 : i < nTest + nVal ? 1 : 0);
            }
        }
        int[][] out = {new int[n - nTest - nVal], new int[nVal], new int[nTest]};
        int[] fill = new int[3];
        for (int r : order) {
            out[part[r]][fill[part[r]]++] = r;
        }
        return out;
    }

    private static void checkFraction(String what, double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(what + " fraction must be in [0, 1), got " + f);
        }
    }

    private static int partSize(int n, double fraction) {
        if (fraction == 0) {
            return 0;
        }
        return (int) Math.max(1, Math.round(n * fraction));
    }

    /**
     * Divides {@code total} rows among classes in proportion to {@code weights}, at most {@code capacity[c]} per
     * class: floors of the quotas, then one more row to the largest remainders (ties to the lower class).
     */
    static int[] apportion(int[] weights, int[] capacity, int total) {
        int k = weights.length;
        long sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int[] out = new int[k];
        double[] remainder = new double[k];
        int given = 0;
        for (int c = 0; c < k; c++) {
            double quota = sum == 0 ? 0 : (double) weights[c] * total / sum;
            out[c] = (int) Math.min(Math.floor(quota), capacity[c]);
            remainder[c] = quota - out[c];
            given += out[c];
        }
        Integer[] byRemainder = new Integer[k];
        Arrays.setAll(byRemainder, c -> c);
        Arrays.sort(byRemainder, (a, b) -> remainder[a] != remainder[b]
                ? Double.compare(remainder[b], remainder[a]) : Integer.compare(a, b));
        while (given < total) {
            boolean progress = false;
            for (int c : byRemainder) {
                if (given < total && out[c] < capacity[c]) {
                    out[c]++;
                    given++;
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("cannot place " + total + " rows");
            }
        }
        return out;
    }
}
