package dev.descent.train.fast;

/**
 * The weighted mean that the fused kernels train on when the rows carry weights, as the tape's
 * {@code Loss.apply(output, target, weights)}:
 * <pre>
 *   L = Σ_i w_i·ℓ_i / Σ_i w_i,      ∂L/∂z_i = (w_i / Σ_j w_j)·∂ℓ_i/∂z_i,      and L = 0, ∂L/∂z = 0 when Σ_i w_i = 0
 * </pre>
 * over the batch's rows (PyTorch's {@code CrossEntropyLoss(weight=)} reduction, Spark ML's {@code weightCol}). The
 * kernels scale each row's residual by {@code w_i·}{@link #inverse} and divide the weighted loss sum by the total
 * ({@link #mean}); unweighted rows are the case {@code w_i = 1}, total = rows, computed without the weights.
 */
final class BatchWeights {

    private BatchWeights() {
    }

    /**
     * {@code Σ weights[order[i]]} over {@code i in [from, to)} (or {@code Σ weights[i]} when order is null), in
     * ascending i, in float64: the denominator of the batch's weighted mean.
     */
    static double total(float[] weights, int[] order, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += weights[order == null ? i : order[i]];
        }
        return sum;
    }

    /**
     * The factor of every row's residual, {@code 1 / total}; 0 for a total of 0, whose rows all weigh 0 (weights are
     * non-negative), so that such a batch has a zero data gradient, as on the tape.
     */
    static double inverse(double total) {
        return total > 0 ? 1.0 / total : 0;
    }

    /** The batch's loss from its (weighted) sum: {@code sum / total}, 0 for a total of 0. */
    static double mean(double sum, double total) {
        return total > 0 ? sum / total : 0;
    }
}
