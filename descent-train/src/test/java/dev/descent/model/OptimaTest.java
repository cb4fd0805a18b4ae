package dev.descent.model;

import dev.descent.data.BatchSize;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.data.Standardizer;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.testkit.ExactSolvers;
import dev.descent.train.FitOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradient descent reaches the optima an exact solver gives: least squares by the normal equations, and
 * L2-regularized logistic and softmax regression by Newton's method.
 */
class OptimaTest {

    private static double[][] rows(Tensor x) {
        int n = x.shape().dim(0);
        int d = x.shape().dim(1);
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = x.at(i * d + j);
            }
        }
        return out;
    }

    /** Largest |a − b| / max(|b|, 1) over the kernel [d, k] and bias [k] against exact [d+1][k]. */
    private static double maxRelativeError(Sequential model, double[][] exact) {
        Tensor kernel = model.params().get("dense_1/kernel");
        Tensor bias = model.params().get("dense_1/bias");
        int d = kernel.shape().dim(0);
        int k = kernel.shape().dim(1);
        double worst = 0;
        for (int f = 0; f <= d; f++) {
            for (int a = 0; a < k; a++) {
                double got = f < d ? kernel.at(f * k + a) : bias.at(a);
                worst = Math.max(worst, Math.abs(got - exact[f][a]) / Math.max(Math.abs(exact[f][a]), 1));
            }
        }
        return worst;
    }

    @Test
    void linearRegressionOnDiabetes_reachesTheNormalEquations() {
        Dataset data = BuiltinDatasets.load("diabetes", DType.FLOAT64);
        Dataset z = Standardizer.fit(data).apply(data);
        Sequential model = Presets.linearRegression(1).dtype(DType.FLOAT64);
        model.compile(Optimizers.parse("sgd(lr=0.1)"), Loss.mse());
        model.fit(z, FitOptions.builder().batchSize(BatchSize.full()).epochs(20000).build());

        double[] w = ExactSolvers.leastSquares(rows(z.x()), z.y().toDoubleArray());
        double[][] exact = new double[w.length][1];
        for (int i = 0; i < w.length; i++) {
            exact[i][0] = w[i];
        }
        assertThat(maxRelativeError(model, exact)).isLessThan(1e-9);
    }

    @Test
    void logisticRegressionOnBreastCancer_reachesTheRegularizedOptimum() {
        Dataset data = BuiltinDatasets.load("breast_cancer", DType.FLOAT64);
        Dataset z = Standardizer.fit(data).apply(data);
        double lambda = 0.01;
        Sequential model = Presets.logisticRegression().dtype(DType.FLOAT64).penalty(new L2(lambda));
        model.compile(Optimizers.parse("sgd(lr=0.5)"), Loss.bce());
        model.fit(z, FitOptions.builder().batchSize(BatchSize.full()).epochs(5000).build());
        double[][] exact = ExactSolvers.logisticRegression(rows(z.x()), z.labels(), 1, lambda);
        assertThat(maxRelativeError(model, exact)).isLessThan(1e-9);
    }

    @Test
    void softmaxRegressionOnIris_reachesTheRegularizedOptimum() {
        Dataset data = BuiltinDatasets.load("iris", DType.FLOAT64);
        Dataset z = Standardizer.fit(data).apply(data);
        double lambda = 0.01;
        Sequential model = Presets.softmaxRegression(3).dtype(DType.FLOAT64).penalty(new L2(lambda));
        model.compile(Optimizers.parse("sgd(lr=0.5)"), Loss.ce());
        model.fit(z, FitOptions.builder().batchSize(BatchSize.full()).epochs(5000).build());
        double[][] exact = ExactSolvers.logisticRegression(rows(z.x()), z.labels(), 3, lambda);
        // biases start at 0 and their gradients sum to 0 over classes, so GD keeps Σb = 0, as the solver does
        assertThat(maxRelativeError(model, exact)).isLessThan(1e-9);
    }

    @Test
    void softmaxRegressionOnDigits_reachesTheRegularizedOptimum() {
        Dataset data = BuiltinDatasets.load("digits", DType.FLOAT64);
        Dataset z = Standardizer.fit(data).apply(data);
        double lambda = 0.05;
        Sequential model = Presets.softmaxRegression(10).dtype(DType.FLOAT64).penalty(new L2(lambda));
        model.compile(Optimizers.parse("sgd(lr=1)"), Loss.ce());
        model.fit(z, FitOptions.builder().batchSize(BatchSize.full()).epochs(3000).build());
        double[][] exact = ExactSolvers.logisticRegression(rows(z.x()), z.labels(), 10, lambda);
        assertThat(maxRelativeError(model, exact)).isLessThan(1e-9);
    }
}
