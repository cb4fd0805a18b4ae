package dev.descent.data;

import dev.descent.tensor.Tensor;

/**
 * One batch: the features {@code x} ({@code [b, features]}), targets {@code y} ({@code [b]} or
 * {@code [b, outputs]}), the data-set rows they came from, and the batch's index within its epoch. A batch that a
 * {@link Batcher} was asked not to gather (for a consumer that reads rows in place) holds the whole in-memory data
 * set's {@code x} and {@code y} instead, which {@code rows} index.
 *
 * <p>A {@link Batcher} reuses these arrays and tensors for the next batch (so a training step allocates
 * nothing): they are valid until the next batch is requested, and must not be modified. Call {@link #copy()} to keep one.
 */
public record Batch(Tensor x, Tensor y, int[] rows, int index) {

    /** Rows in this batch. */
    public int size() {
        return rows.length;
    }

    /** An independent copy, safe to keep after the batcher moves on. */
    public Batch copy() {
        return new Batch(x.copy(), y.copy(), rows.clone(), index);
    }

    /**
     * A copy of the rows and index only, for a consumer that reads nothing else: its {@code x} and {@code y} are
     * still the batcher's buffers, overwritten by the next batch.
     */
    public Batch rowsOnly() {
        return new Batch(x, y, rows.clone(), index);
    }
}
