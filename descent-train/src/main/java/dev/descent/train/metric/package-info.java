/**
 * Evaluation metrics: {@link dev.descent.train.metric.Regression} (MSE, RMSE, MAE, R²) and
 * {@link dev.descent.train.metric.Classification} (accuracy, confusion matrix, binary precision, recall, F1).
 * Plain values computed from predictions and targets, optionally weighted per row as scikit-learn's metrics with
 * {@code sample_weight}; the keys in {@code metrics.json} follow DESIGN.md.
 *
 * <pre>{@code
 * Regression r = Regression.of(predicted, actual);        // r.mse(), r.rmse(), r.mae(), r.r2()
 * Classification c = Classification.of(predictedClass, actualClass, 2);
 * double f1 = c.f1();
 * Regression weighted = Regression.of(predicted, actual, rowWeights);   // Σ w·e / Σ w, R² about the weighted mean
 * }</pre>
 */
package dev.descent.train.metric;
