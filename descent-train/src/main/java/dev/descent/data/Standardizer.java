package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Per-feature standardization {@code z = (x - mean) / std}, like scikit-learn's {@code StandardScaler}.
 *
 * <p>Fit it on the training rows only ({@link #fit(Tensor)}), then apply the same statistics to validation,
 * test and prediction data; it is saved with a model, hence the plain {@code double[]} fields. The statistics
 * are computed in float64 (two passes: the mean, then the mean squared deviation). {@code std} is the
 * <em>population</em> standard deviation (divisor {@code n}, as scikit-learn and Keras' {@code Normalization}
 * use), not the sample one ({@code n - 1}). A column whose values are all equal gets {@code mean} = that value
 * and {@code std = 1}, so it maps to exactly 0 instead of dividing by zero.
 *
 * @param mean the mean of each feature column
 * @param std the population standard deviation of each column, 1 for a constant column; every entry {@code > 0}
 */
public record Standardizer(double[] mean, double[] std) {

    public Standardizer {
        mean = mean.clone();
        std = std.clone();
        if (mean.length != std.length) {
            throw new IllegalArgumentException(mean.length + " means but " + std.length + " standard deviations");
        }
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0) || !Double.isFinite(std[j]) || !Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("feature " + j + ": mean " + mean[j] + ", std " + std[j]
                        + " (std must be finite and > 0)");
            }
        }
    }

    /** Fits the statistics of each column of {@code x} ({@code [n, features]}, {@code n >= 1}). */
    public static Standardizer fit(Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("expected features of shape [n, features], got " + x.shape());
        }
        return fit(x.shape().dim(0), x.shape().dim(1), (from, to) -> from == 0 && to == x.shape().dim(0) ? x
                : Rows.slice(x, from, to));
    }

    /**
     * Fits on every row of {@code rows}, reading them in chunks so the data need not fit in memory; gives
     * exactly the statistics {@link #fit(Tensor)} gives on the same values.
     */
    public static Standardizer fit(RowSource rows) {
        int n = rows.size();
        int f = rows.features();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return fit(n, f, (from, to) -> {
            Tensor x = Tensor.zeros(rows.dtype(), to - from, f);
            rows.gather(order, from, to, x, Tensor.zeros(new dev.descent.tensor.Shape(rows.targetDims(to - from)), rows.dtype()));
            return x;
        });
    }

    /** Reads rows {@code [from, to)} as a {@code [to − from, features]} tensor. */
    @FunctionalInterface
    private interface Chunks {
        Tensor read(int from, int to);
    }

    private static final int CHUNK_ROWS = 8192;

    /** Two passes in float64 (mean, then squared deviations), row by row in file order. */
    private static Standardizer fit(int n, int f, Chunks chunks) {
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a standardizer on zero rows");
        }
        double[] mean = new double[f];
        double[] std = new double[f];
        double[] first = new double[f];
        boolean[] constant = new boolean[f];
        Arrays.fill(constant, true);
        for (int from = 0; from < n; from += CHUNK_ROWS) {
            Tensor x = chunks.read(from, Math.min(n, from + CHUNK_ROWS));
            int rows = x.shape().dim(0);
            if (from == 0) {
                for (int j = 0; j < f; j++) {
                    first[j] = x.at(j);
                }
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < f; j++) {
                    double v = x.at(i * f + j);
                    mean[j] += v;
                    if (v != first[j]) {
                        constant[j] = false;
                    }
                }
            }
        }
        for (int j = 0; j < f; j++) {
            mean[j] /= n;
        }
        for (int from = 0; from < n; from += CHUNK_ROWS) {
            Tensor x = chunks.read(from, Math.min(n, from + CHUNK_ROWS));
            int rows = x.shape().dim(0);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < f; j++) {
                    double dv = x.at(i * f + j) - mean[j];
                    std[j] += dv * dv;
                }
            }
        }
        for (int j = 0; j < f; j++) {
            if (constant[j]) {
                mean[j] = first[j];
                std[j] = 1.0;
            } else {
                std[j] = Math.sqrt(std[j] / n);
                if (!(std[j] > 0)) {
                    std[j] = 1.0;
                }
            }
        }
        return new Standardizer(mean, std);
    }

    /** Fits on the features of {@code train}. */
    public static Standardizer fit(Dataset train) {
        return fit(train.x());
    }

    /** Number of features. */
    public int features() {
        return mean.length;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /**
     * A new tensor {@code (x - mean) / std}, of {@code x}'s shape and dtype (computed in float64, rounded once
     * for float32). {@code x} is not changed.
     */
    public Tensor apply(Tensor x) {
        Tensor out = x.copy();
        applyInPlace(out);
        return out;
    }

    /** Standardizes {@code x} ({@code [rows, features]}) in place: {@code (x − mean) / std}, rounded once. */
    public void applyInPlace(Tensor x) {
        if (x.rank() != 2 || x.shape().dim(1) != mean.length) {
            throw new IllegalArgumentException("standardizer fitted on " + mean.length + " features, got shape " + x.shape());
        }
        int f = mean.length;
        int size = x.size();
        if (x.dtype() == DType.FLOAT32) {
            float[] v = x.floatData();
            for (int k = 0; k < size; k++) {
                int j = k % f;
                v[k] = (float) ((v[k] - mean[j]) / std[j]);
            }
        } else {
            double[] v = x.doubleData();
            for (int k = 0; k < size; k++) {
                int j = k % f;
                v[k] = (v[k] - mean[j]) / std[j];
            }
        }
    }

    /** The data set with standardized features (targets untouched). */
    public Dataset apply(Dataset data) {
        return data.withFeatures(apply(data.x()));
    }

    /** The inverse map {@code x = z * std + mean}, a new tensor. */
    public Tensor invert(Tensor z) {
        if (z.rank() != 2 || z.shape().dim(1) != mean.length) {
            throw new IllegalArgumentException("standardizer fitted on " + mean.length + " features, got shape " + z.shape());
        }
        Tensor out = Tensor.zeros(z.shape(), z.dtype());
        int f = mean.length;
        for (int k = 0; k < z.size(); k++) {
            int j = k % f;
            out.set(k, z.at(k) * std[j] + mean[j]);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
