package dev.descent.data;

import dev.descent.tensor.DType;
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
     * Each row's weight ({@code [rows]}, finite, non-negative, in {@link #dtype()}), or empty when every row weighs 1
     * (the default: only an in-memory {@link Dataset} carries weights).
     */
    default Optional<Tensor> weights() {
        return Optional.empty();
    }
}
