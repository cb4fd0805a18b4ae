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
 * every sum and average over partitions, is the same on any master and any number of executors. The values
 * are kept in the data set's own type (float32 data stays float32 on the wire and in memory), and so are the rows'
 * weights when the data set has them (sample weights times class weights, the class weights resolved on the driver
 * from all the training rows): they travel with their rows, so a partition weighs its rows as local training does.
 *
 * @param index the partition's index
 * @param firstRow the data-set index of the first row held
 * @param rows how many rows are held
 * @param features feature columns
 * @param x the features, {@code [rows, features]} row-major
 * @param targetWidth 0 for one target per row ({@code [rows]}), else the target columns ({@code [rows, width]})
 * @param y the targets, row-major
 * @param weights the rows' weights ({@code [rows]}), or null when every row weighs 1 (null rather than an
 *                {@code Optional}, which is not serializable)
 */
record Shard(int index, int firstRow, int rows, int features, Values x, int targetWidth, Values y, Values weights)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 3L;

    /** Rows {@code [p·n/P, (p+1)·n/P)} of {@code data} for each partition {@code p} of {@code partitions}. */
    static Shard[] split(RowSource data, int partitions) {
        int n = data.size();
        Tensor x = inType(data.x(), data.dtype());
        Tensor y = inType(data.y(), data.dtype());
        int features = data.features();
        int width = y.rank() == 1 ? 0 : y.shape().dim(1);
        int perRow = Math.max(1, width);
        Tensor w = data.weights().map(t -> inType(t, data.dtype())).orElse(null);
        Shard[] shards = new Shard[partitions];
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) p * n / partitions);
            int to = (int) ((long) (p + 1) * n / partitions);
            shards[p] = new Shard(p, from, to - from, features, Values.slice(x, from * features, to * features), width,
                    Values.slice(y, from * perRow, to * perRow), w == null ? null : Values.slice(w, from, to));
        }
        return shards;
    }

    /** {@code t} in {@code dtype}: itself when it already is, else one rounded copy. */
    private static Tensor inType(Tensor t, DType dtype) {
        return t.dtype() == dtype ? t : t.to(dtype);
    }

    /** The element type the batches are built in. */
    DType dtype() {
        return x.dtype();
    }

    /**
     * The rows of a batch that this partition holds, in the batch's order, as a batch of their own with their weights
     * (empty when it holds none of them).
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
        Shape yShape = targetWidth == 0 ? new Shape(m) : new Shape(m, targetWidth);
        int[] dataRows = Arrays.stream(local).map(r -> r + firstRow).toArray();
        return Optional.of(new Batch(x.rows(local, features, new Shape(m, features)),
                y.rows(local, Math.max(1, targetWidth), yShape), dataRows, batchIndex,
                Optional.ofNullable(weights).map(w -> w.rows(local, 1, new Shape(m)))));
    }

    /**
     * Row-major values of one element type: exactly one of the arrays is set.
     *
     * @param f float32 values, or null
     * @param d float64 values, or null
     */
    record Values(float[] f, double[] d) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        Values {
            if ((f == null) == (d == null)) {
                throw new IllegalArgumentException("exactly one of the float32 and float64 arrays must be set");
            }
        }

        /** A copy of elements {@code [from, to)} of {@code t}, in its type. */
        static Values slice(Tensor t, int from, int to) {
            return t.dtype() == DType.FLOAT32
                    ? new Values(Arrays.copyOfRange(t.floatData(), from, to), null)
                    : new Values(null, Arrays.copyOfRange(t.doubleData(), from, to));
        }

        DType dtype() {
            return f != null ? DType.FLOAT32 : DType.FLOAT64;
        }

        /** A new tensor of {@code shape} with rows {@code local} ({@code width} elements each), in that order. */
        Tensor rows(int[] local, int width, Shape shape) {
            if (f != null) {
                float[] out = new float[local.length * width];
                for (int i = 0; i < local.length; i++) {
                    System.arraycopy(f, local[i] * width, out, i * width, width);
                }
                return Tensor.wrap(out, shape);
            }
            double[] out = new double[local.length * width];
            for (int i = 0; i < local.length; i++) {
                System.arraycopy(d, local[i] * width, out, i * width, width);
            }
            return Tensor.wrap(out, shape);
        }
    }
}
