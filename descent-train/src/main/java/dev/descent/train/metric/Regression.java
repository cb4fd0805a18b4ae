package dev.descent.train.metric;

/**
 * Regression metrics over predictions and targets of equal length.
 *
 * <ul>
 * <li>MSE = (1/n) Σ (ŷ − y)² — the mean, without the ½ some libraries use</li>
 * <li>RMSE = √MSE</li>
 * <li>MAE = (1/n) Σ |ŷ − y|</li>
 * <li>R² = 1 − Σ (ŷ − y)² / Σ (y − ȳ)² (as scikit-learn's {@code r2_score}: 1 is perfect, 0 is the mean's
 * score, negative is worse than the mean; NaN when every target is equal)</li>
 * </ul>
 *
 * @param mse mean squared error
 * @param rmse root mean squared error
 * @param mae mean absolute error
 * @param r2 coefficient of determination
 */
public record Regression(double mse, double rmse, double mae, double r2) {

    /** All four metrics in one pass over the data (two for R²'s mean). */
    public static Regression of(double[] predicted, double[] actual) {
        if (predicted.length != actual.length || actual.length == 0) {
            throw new IllegalArgumentException("need equally many predictions and targets, at least one; got "
                    + predicted.length + " and " + actual.length);
        }
        int n = actual.length;
        double mean = 0;
        for (double y : actual) {
            mean += y;
        }
        mean /= n;
        double squared = 0;
        double absolute = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double r = predicted[i] - actual[i];
            squared += r * r;
            absolute += Math.abs(r);
            double d = actual[i] - mean;
            total += d * d;
        }
        double mse = squared / n;
        return new Regression(mse, Math.sqrt(mse), absolute / n, total == 0 ? Double.NaN : 1 - squared / total);
    }
}
