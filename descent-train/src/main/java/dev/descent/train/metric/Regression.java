package dev.descent.train.metric;

import java.util.Arrays;

/**
 * Regression metrics over predictions and targets of equal length. Rows may carry weights {@code w_i} (finite,
 * {@code >= 0}, with a positive sum), as scikit-learn's metrics with {@code sample_weight}; unweighted, every
 * {@code w_i} is 1.
 *
 * <ul>
 * <li>MSE = Σ w_i (ŷ_i − y_i)² / Σ w_i — the mean, without the ½ some libraries use</li>
 * <li>RMSE = √MSE</li>
 * <li>MAE = Σ w_i |ŷ_i − y_i| / Σ w_i</li>
 * <li>R² = 1 − Σ w_i (ŷ_i − y_i)² / Σ w_i (y_i − ȳ)², ȳ = Σ w_i y_i / Σ w_i (scikit-learn's {@code r2_score}: 1 is
 * perfect, 0 is the mean's score, negative is worse than the mean; NaN when every target of positive weight is
 * equal, where scikit-learn answers 1 or 0)</li>
 * </ul>
 *
 * @param mse mean squared error
 * @param rmse root mean squared error
 * @param mae mean absolute error
 * @param r2 coefficient of determination
 */
public record Regression(double mse, double rmse, double mae, double r2) {

    /** All four metrics, every row weighing 1. */
    public static Regression of(double[] predicted, double[] actual) {
        double[] ones = new double[actual.length];
        Arrays.fill(ones, 1);
        return of(predicted, actual, ones);
    }

    /** All four metrics with row {@code i} weighing {@code weights[i]}, in two passes (the second for R²). */
    public static Regression of(double[] predicted, double[] actual, double[] weights) {
        if (predicted.length != actual.length || weights.length != actual.length || actual.length == 0) {
            throw new IllegalArgumentException("need equally many predictions, targets and weights, at least one; got "
                    + predicted.length + ", " + actual.length + " and " + weights.length);
        }
        int n = actual.length;
        double weight = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            weight += weights[i];
            mean += weights[i] * actual[i];
        }
        if (!(weight > 0)) {
            throw new IllegalArgumentException("the weights sum to " + weight + ", not a positive number");
        }
        mean /= weight;
        double squared = 0;
        double absolute = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double r = predicted[i] - actual[i];
            squared += weights[i] * (r * r);
            absolute += weights[i] * Math.abs(r);
            double d = actual[i] - mean;
            total += weights[i] * (d * d);
        }
        double mse = squared / weight;
        return new Regression(mse, Math.sqrt(mse), absolute / weight, total == 0 ? Double.NaN : 1 - squared / total);
    }
}
