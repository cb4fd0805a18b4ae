package dev.descent.spark;

import dev.descent.data.Batch;
import dev.descent.tensor.Rng;
import dev.descent.train.Gradient;

import java.io.Serial;
import java.io.Serializable;
import java.util.Optional;

/**
 * One partition's share of a synchronous step: over the rows of the batch that it holds, the weighted sums
 * {@code Σ w_i·∇ℓ_i} and {@code Σ w_i·ℓ_i} of the data loss's gradients and of the losses, their weight sum
 * {@code Σ w_i}, and the count of correctly classified rows. Unweighted rows weigh 1, so the sums are plain sums and
 * the weight sum is the row count. The sums are not divided by the weight sum: the driver adds every partition's
 * and divides once by the batch's total weight.
 *
 * @param rows the batch rows the partition holds (0: it holds none, and {@code gradient} is null)
 * @param weight the sum of those rows' weights (their count when unweighted)
 * @param lossSum the weighted sum of the rows' data losses
 * @param correct rows classified correctly (each counts once, whatever its weight)
 * @param gradient the weighted sum of the rows' data-loss gradients
 */
record PartialSum(int rows, double weight, double lossSum, long correct, TensorValues gradient) implements Serializable {

    @Serial
    private static final long serialVersionUID = 2L;

    /**
     * Runs on an executor: the forward and backward passes of the batch's rows in {@code shard}, with the same
     * code as local training (fused kernels where they cover the model, else the tape). That code gives the rows'
     * weighted mean {@code Σ w_i·ℓ_i / Σ w_i} and its gradient, which times {@code Σ w_i} are the weighted sums; rows
     * whose weights sum to 0 give a mean of 0 and a zero gradient (as local training), so their sums are 0 too.
     */
    static PartialSum of(Shard shard, Recipe recipe, TensorValues params, int[] batchRows, int batchIndex, long dropoutState) {
        Optional<Batch> part = shard.part(batchRows, batchIndex);
        if (part.isEmpty()) {
            return new PartialSum(0, 0, 0, 0, null);
        }
        double weight = part.get().totalWeight();
        Gradient g = recipe.dataGradients(shard).of(params.toParams(), part.get(), Rng.restore(dropoutState).fork(shard.index()));
        TensorValues sum = TensorValues.of(g.grads());
        sum.multiplyBy(weight);
        return new PartialSum(part.get().size(), weight, g.loss() * weight, g.correct(), sum);
    }
}
