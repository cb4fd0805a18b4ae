package dev.descent.plot;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

/**
 * A function of two variables sampled on a regular grid: {@code value(i, j) = f(xs[i], ys[j])}.
 *
 * @param xs the x samples, increasing
 * @param ys the y samples, increasing
 * @param values {@code values[j][i] = f(xs[i], ys[j])}
 */
public record Grid(double[] xs, double[] ys, double[][] values) {

    public Grid {
        if (xs.length < 2 || ys.length < 2 || values.length != ys.length) {
            throw new IllegalArgumentException("a grid needs at least 2x2 samples and one row per y");
        }
        for (double[] row : values) {
            if (row.length != xs.length) {
                throw new IllegalArgumentException("every grid row needs one value per x");
            }
        }
    }

    /** Samples {@code f} on {@code nx} by {@code ny} points spanning the box. */
    public static Grid sample(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax, int nx, int ny) {
        double[] xs = linspace(xMin, xMax, nx);
        double[] ys = linspace(yMin, yMax, ny);
        double[][] v = new double[ny][nx];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                v[j][i] = f.applyAsDouble(xs[i], ys[j]);
            }
        }
        return new Grid(xs, ys, v);
    }

    /** {@code n} evenly spaced numbers from {@code a} to {@code b} inclusive. */
    public static double[] linspace(double a, double b, int n) {
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = n == 1 ? a : a + (b - a) * k / (n - 1);
        }
        return out;
    }

    /** The finite values, sorted. */
    double[] sortedFiniteValues() {
        return Arrays.stream(values).flatMapToDouble(Arrays::stream).filter(Double::isFinite).sorted().toArray();
    }
}
