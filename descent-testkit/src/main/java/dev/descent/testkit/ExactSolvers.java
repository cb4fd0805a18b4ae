package dev.descent.testkit;

/**
 * Reference optima computed exactly (to float64 rounding), independent of anything gradient descent does:
 * least squares through the normal equations, and L2-regularized logistic and softmax regression through
 * Newton's method. Rows of {@code x} are examples; an intercept is fitted and never penalized.
 */
public final class ExactSolvers {

    private ExactSolvers() {
    }

    /** Solves {@code A·z = b} by Gaussian elimination with partial pivoting ({@code A} is copied). */
    public static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            if (m[col][col] == 0) {
                throw new IllegalArgumentException("singular system");
            }
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] z = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * z[c];
            }
            z[r] = s / m[r][r];
        }
        return z;
    }

    /**
     * Least squares {@code min_w,b (1/n)Σ(x·w + b − y)²} by the normal equations; returns {@code [w..., b]}.
     */
    public static double[] leastSquares(double[][] x, double[] y) {
        int n = x.length;
        int d = x[0].length + 1;
        double[][] ata = new double[d][d];
        double[] aty = new double[d];
        for (int i = 0; i < n; i++) {
            double[] row = withOne(x[i]);
            for (int p = 0; p < d; p++) {
                aty[p] += row[p] * y[i];
                for (int q = 0; q < d; q++) {
                    ata[p][q] += row[p] * row[q];
                }
            }
        }
        return solve(ata, aty);
    }

    /**
     * Multinomial logistic regression: minimizes {@code (1/n)Σ −log softmax(x·W + b)_y + (λ/2)‖W‖²} by
     * Newton's method until the step is below 1e-13; {@code classes == 1} means binary logistic regression
     * with one logit (labels 0/1). Returns {@code [feature][output]} weights with the bias as the last row.
     */
    public static double[][] logisticRegression(double[][] x, int[] labels, int classes, double lambda) {
        int n = x.length;
        int d = x[0].length + 1;
        int k = classes;
        int dim = d * k;
        double[] theta = new double[dim];
        for (int iter = 0; iter < 100; iter++) {
            double[] grad = new double[dim];
            double[][] hess = new double[dim][dim];
            for (int i = 0; i < n; i++) {
                double[] row = withOne(x[i]);
                double[] p = probabilities(row, theta, d, k);
                for (int a = 0; a < k; a++) {
                    double target = k == 1 ? labels[i] : (labels[i] == a ? 1 : 0);
                    double r = (p[a] - target) / n;
                    for (int f = 0; f < d; f++) {
                        grad[f * k + a] += r * row[f];
                    }
                    for (int b = 0; b < k; b++) {
                        double w = (k == 1 ? p[a] * (1 - p[a]) : p[a] * ((a == b ? 1 : 0) - p[b])) / n;
                        for (int f = 0; f < d; f++) {
                            for (int g = 0; g < d; g++) {
                                hess[f * k + a][g * k + b] += w * row[f] * row[g];
                            }
                        }
                    }
                }
            }
            for (int f = 0; f < d - 1; f++) {
                for (int a = 0; a < k; a++) {
                    grad[f * k + a] += lambda * theta[f * k + a];
                    hess[f * k + a][f * k + a] += lambda;
                }
            }
            if (k > 1) {
                // softmax is invariant to adding a constant to every class's bias; pin that direction
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        hess[(d - 1) * k + a][(d - 1) * k + b] += 1.0 / k;
                    }
                }
            }
            double[] delta = solve(hess, grad);
            double size = 0;
            for (int j = 0; j < dim; j++) {
                theta[j] -= delta[j];
                size = Math.max(size, Math.abs(delta[j]));
            }
            if (size < 1e-13) {
                break;
            }
        }
        double[][] out = new double[d][k];
        for (int f = 0; f < d; f++) {
            for (int a = 0; a < k; a++) {
                out[f][a] = theta[f * k + a];
            }
        }
        return out;
    }

    private static double[] probabilities(double[] row, double[] theta, int d, int k) {
        double[] z = new double[k];
        for (int a = 0; a < k; a++) {
            for (int f = 0; f < d; f++) {
                z[a] += row[f] * theta[f * k + a];
            }
        }
        if (k == 1) {
            return new double[] {1 / (1 + Math.exp(-z[0]))};
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int a = 0; a < k; a++) {
            z[a] = Math.exp(z[a] - max);
            sum += z[a];
        }
        for (int a = 0; a < k; a++) {
            z[a] /= sum;
        }
        return z;
    }

    private static double[] withOne(double[] features) {
        double[] row = new double[features.length + 1];
        System.arraycopy(features, 0, row, 0, features.length);
        row[features.length] = 1;
        return row;
    }
}
