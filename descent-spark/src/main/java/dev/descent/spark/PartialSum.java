package dev.descent.spark;

import dev.descent.data.Batch;
import dev.descent.tensor.Rng;
import dev.descent.train.Gradient;

import java.io.Serial;
import java.io.Serializable;
import java.util.Optional;

/**
 * One partition's share of a synchronous step: over the rows of the batch that it holds, the sum of the data
 * loss's gradients, the sum of the losses and the count of correctly classified rows.
 *
 * @param rows the batch rows the partition holds (0: it holds none, and {@code gradient} is null)
 * @param lossSum the sum of the rows' data losses
 * @param correct rows classified correctly
 * @param gradient the sum of the rows' data-loss gradients
 */
record PartialSum(int rows, double lossSum, long correct, TensorValues gradient) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Runs on an executor: the forward and backward passes of the batch's rows in {@code shard}, with the same
     * code as local training (fused kernels where they cover the model, else the tape); it gives their mean, which
     * times their count is their sum.
     */
    static PartialSum of(Shard shard, Recipe recipe, TensorValues params, int[] batchRows, int batchIndex, long dropoutState) {
        Optional<Batch> part = shard.part(batchRows, batchIndex);
        if (part.isEmpty()) {
            return new PartialSum(0, 0, 0, null);
        }
        int m = part.get().size();
        Gradient g = recipe.dataGradients(shard).of(params.toParams(), part.get(), Rng.restore(dropoutState).fork(shard.index()));
        TensorValues sum = TensorValues.of(g.grads());
        sum.multiplyBy(m);
        return new PartialSum(m, g.loss() * m, g.correct(), sum);
    }
}
