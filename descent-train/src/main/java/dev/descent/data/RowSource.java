package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

import java.util.List;
import java.util.Optional;

/**
 * Labelled rows that a {@link Batcher} can cut into batches without holding them all in memory: an in-memory
 * {@link Dataset}, or a memory-mapped {@link DscFile} for data larger than the heap. Rows are addressed by
 * index; features are {@code [rows, features]}, targets are class indices or values, one per row.
 */
public interface RowSource {

    /** Number of rows. */
    int size();

    /** Number of feature columns. */
    int features();

    DType dtype();

    Task task();

    List<String> featureNames();

    String targetName();

    /** Class labels by index; empty for regression. */
    List<String> classes();

    /** The dimensions of the targets of {@code rows} rows ({@code [rows]} or {@code [rows, outputs]}). */
    int[] targetDims(int rows);

    /**
     * Copies rows {@code order[from..to)} into {@code xOut} ({@code [to − from, features]}) and their targets into
     * {@code yOut}, in that order.
     */
    void gather(int[] order, int from, int to, Tensor xOut, Tensor yOut);

    /** All features as one tensor (for an in-memory data set its own; a file reads every row). */
    Tensor x();

    /** All targets as one tensor. */
    Tensor y();

    /**
     * Whether the rows carry weights: an in-memory {@link Dataset} with weights, a {@link DscFile} with a weight column
     * asked for, or rows weighted by class ({@link ClassWeightedRows}). Streaming code asks this, not
     * {@link #weights()}, which reads every weight into memory.
     */
    default boolean weighted() {
        return weights().isPresent();
    }

    /**
     * Each row's weight as one tensor ({@code [rows]}, finite, non-negative, in {@link #dtype()}), or empty when every
     * row weighs 1: like {@link #x()}, an in-memory data set's own, a file's read whole.
     */
    default Optional<Tensor> weights() {
        return Optional.empty();
    }

    /**
     * {@link #gather(int[], int, int, Tensor, Tensor)}, and the rows' weights into {@code wOut} ({@code [to − from]}):
     * the weighted rows' batches (only for {@link #weighted()} rows).
     */
    default void gather(int[] order, int from, int to, Tensor xOut, Tensor yOut, Tensor wOut) {
        gather(order, from, to, xOut, yOut);
        Rows.gatherInto(weights().orElseThrow(() -> new IllegalStateException("the rows are unweighted")), order, from,
                to, wOut);
    }

    /**
     * The sum of the rows' weights ({@link #size()} when unweighted), the denominator of their weighted mean loss. This
     * default reads every row once, in chunks, in file order; a file reads its weight column alone.
     */
    default double totalWeight() {
        if (!weighted()) {
            return size();
        }
        int n = size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double sum = 0;
        for (int from = 0; from < n; from += Rows.CHUNK_ROWS) {
            int m = Math.min(Rows.CHUNK_ROWS, n - from);
            Tensor w = Tensor.zeros(dtype(), m);
            gather(order, from, from + m, Tensor.zeros(dtype(), m, features()), Tensor.zeros(new Shape(targetDims(m)),
                    dtype()), w);
            for (int i = 0; i < m; i++) {
                sum += w.at(i);
            }
        }
        return sum;
    }

    /** Rows per class, {@code [classes().size()]} (classification only). */
    int[] classCounts();
}
