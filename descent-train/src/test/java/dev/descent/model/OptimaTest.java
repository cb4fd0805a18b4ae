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

    /**
     * Full-batch SGD on the standardized built-in data set with an L2 penalty, against Newton's method on the same
     * objective. {@code classes == 1} is binary logistic regression (one logit, bce); more is softmax (ce). For
     * softmax, the biases start at 0 and their gradients sum to 0 over classes, so GD keeps Σb = 0, as the solver does.
     */
    private static void assertReachesRegularizedOptimum(String name, int classes, double lambda, String optimizer, int epochs) {
        Dataset data = BuiltinDatasets.load(name, DType.FLOAT64);
        Dataset z = Standardizer.fit(data).apply(data);
        Sequential model = (classes == 1 ? Presets.logisticRegression() : Presets.softmaxRegression(classes))
                .dtype(DType.FLOAT64).penalty(new L2(lambda));
        model.compile(Optimizers.parse(optimizer), classes == 1 ? Loss.bce() : Loss.ce());
        model.fit(z, FitOptions.builder().batchSize(BatchSize.full()).epochs(epochs).build());
        double[][] exact = ExactSolvers.logisticRegression(rows(z.x()), z.labels(), classes, lambda);
        assertThat(maxRelativeError(model, exact)).as(name).isLessThan(1e-9);
    }

    @Test
    void logisticRegressionOnBreastCancer_reachesTheRegularizedOptimum() {
        assertReachesRegularizedOptimum("breast_cancer", 1, 0.01, "sgd(lr=0.5)", 5000);
    }

    @Test
    void softmaxRegressionOnIris_reachesTheRegularizedOptimum() {
        assertReachesRegularizedOptimum("iris", 3, 0.01, "sgd(lr=0.5)", 5000);
    }

    @Test
    void softmaxRegressionOnDigits_reachesTheRegularizedOptimum() {
        assertReachesRegularizedOptimum("digits", 10, 0.05, "sgd(lr=1)", 3000);
    }
}
