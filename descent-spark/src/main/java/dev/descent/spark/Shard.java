package dev.descent.spark;

import dev.descent.data.Batch;
import dev.descent.data.RowSource;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Optional;

/**
 * The training rows one partition holds: the contiguous range {@code [firstRow, firstRow + rows)} of the data
 * set. Rows go to partitions by index alone ({@link #split}), so which partition holds a row, and therefore
 * every sum and average over partitions, is the same on any master and any number of executors.
 *
 * @param index the partition's index
 * @param firstRow the data-set index of the first row held
 * @param rows how many rows are held
 * @param dtype the element type the tensors are rebuilt in
 * @param features feature columns
 * @param x the features, {@code [rows, features]} row-major
 * @param targetWidth 0 for one target per row ({@code [rows]}), else the target columns ({@code [rows, width]})
 * @param y the targets, row-major
 */
record Shard(int index, int firstRow, int rows, DType dtype, int features, double[] x, int targetWidth, double[] y)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Rows {@code [p·n/P, (p+1)·n/P)} of {@code data} for each partition {@code p} of {@code partitions}. */
    static Shard[] split(RowSource data, int partitions) {
        int n = data.size();
        double[] x = data.x().toDoubleArray();
        Tensor allY = data.y();
        double[] y = allY.toDoubleArray();
        int features = data.features();
        int width = allY.rank() == 1 ? 0 : allY.shape().dim(1);
        int perRow = Math.max(1, width);
        Shard[] shards = new Shard[partitions];
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) p * n / partitions);
            int to = (int) ((long) (p + 1) * n / partitions);
            shards[p] = new Shard(p, from, to - from, data.dtype(), features,
                    Arrays.copyOfRange(x, from * features, to * features), width,
                    Arrays.copyOfRange(y, from * perRow, to * perRow));
        }
        return shards;
    }

    /**
     * The rows of a batch that this partition holds, in the batch's order, as a batch of their own (empty when
     * it holds none of them).
     *
     * @param batchRows the batch's data-set row indices, in batch order
     * @param batchIndex the batch's index within its epoch
     */
    Optional<Batch> part(int[] batchRows, int batchIndex) {
        int[] local = Arrays.stream(batchRows).filter(r -> r >= firstRow && r < firstRow + rows).map(r -> r - firstRow).toArray();
        if (local.length == 0) {
            return Optional.empty();
        }
        int m = local.length;
        int perRow = Math.max(1, targetWidth);
        double[] bx = new double[m * features];
        double[] by = new double[m * perRow];
        for (int i = 0; i < m; i++) {
            System.arraycopy(x, local[i] * features, bx, i * features, features);
            System.arraycopy(y, local[i] * perRow, by, i * perRow, perRow);
        }
        Shape yShape = targetWidth == 0 ? new Shape(m) : new Shape(m, targetWidth);
        int[] dataRows = Arrays.stream(local).map(r -> r + firstRow).toArray();
        return Optional.of(new Batch(typed(Tensor.wrap(bx, new Shape(m, features))), typed(Tensor.wrap(by, yShape)), dataRows, batchIndex));
    }

    private Tensor typed(Tensor wide) {
        return dtype == DType.FLOAT64 ? wide : wide.to(dtype);
    }
}
