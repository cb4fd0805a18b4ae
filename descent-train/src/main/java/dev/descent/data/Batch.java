package dev.descent.data;

import dev.descent.tensor.Tensor;

import java.util.Optional;

/**
 * One batch: the features {@code x} ({@code [b, features]}), targets {@code y} ({@code [b]} or
 * {@code [b, outputs]}), the data-set rows they came from, the batch's index within its epoch, and the rows' weights
 * ({@code [b]}) when the data set has them. A batch that a {@link Batcher} was asked not to gather (for a consumer
 * that reads rows in place) holds the whole in-memory data set's {@code x}, {@code y} and weights instead, which
 * {@code rows} index.
 *
 * <p>A {@link Batcher} reuses these arrays and tensors for the next batch (so a training step allocates
 * nothing): they are valid until the next batch is requested, and must not be modified. Call {@link #copy()} to keep one.
 *
 * @param weights the rows' weights, or empty: every row weighs 1
 */
public record Batch(Tensor x, Tensor y, int[] rows, int index, Optional<Tensor> weights) {

    /** An unweighted batch. */
    public Batch(Tensor x, Tensor y, int[] rows, int index) {
        this(x, y, rows, index, Optional.empty());
    }

    /** Rows in this batch. */
    public int size() {
        return rows.length;
    }

    /**
     * The sum of the batch rows' weights, the denominator of their weighted mean loss; the row count when
     * unweighted.
     */
    public double totalWeight() {
        if (weights.isEmpty()) {
            return rows.length;
        }
        Tensor w = weights.get();
        if (w.size() == rows.length) {
            return w.sumAll();
        }
        double sum = 0;
        for (int r : rows) {
            sum += w.at(r);
        }
        return sum;
    }

    /** An independent copy, safe to keep after the batcher moves on. */
    public Batch copy() {
        return new Batch(x.copy(), y.copy(), rows.clone(), index, weights.map(Tensor::copy));
    }

    /**
     * A copy of the rows and index only, for a consumer that reads nothing else: its {@code x}, {@code y} and
     * weights are still the batcher's buffers, overwritten by the next batch.
     */
    public Batch rowsOnly() {
        return new Batch(x, y, rows.clone(), index, weights);
    }
}
