package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/** Row copies between tensors whose first dimension is the row. */
final class Rows {

    private Rows() {
    }

    /** Elements per row of {@code t}. */
    static int width(Tensor t) {
        int n = t.shape().dim(0);
        return n == 0 ? rowSizeOfEmpty(t) : t.size() / n;
    }

    private static int rowSizeOfEmpty(Tensor t) {
        int w = 1;
        int[] dims = t.shape().dims();
        for (int i = 1; i < dims.length; i++) {
            w *= dims[i];
        }
        return w;
    }

    /** A copy of rows {@code [from, to)}. */
    static Tensor slice(Tensor src, int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return gather(src, rows);
    }

    /** A new tensor with rows {@code rows} of {@code src}. */
    static Tensor gather(Tensor src, int[] rows) {
        int[] dims = src.shape().dims();
        dims[0] = rows.length;
        Tensor out = Tensor.zeros(new Shape(dims), src.dtype());
        gatherInto(src, rows, 0, rows.length, out);
        return out;
    }

    /**
     * Copies rows {@code order[from..to)} of {@code src} into {@code dst}'s first {@code to-from} rows. Batches of at
     * least {@link #PARALLEL_VALUES} values are copied over the worker pool: rows picked at random from a large data
     * set miss the caches one after another, and two cores wait on twice as many of them at once.
     */
    static void gatherInto(Tensor src, int[] order, int from, int to, Tensor dst) {
        int w = width(src);
        int n = src.shape().dim(0);
        Parallel.RangeTask copy = src.dtype() == DType.FLOAT32
                ? (lo, hi) -> copyRows(src.floatData(), dst.floatData(), w, n, order, from, lo, hi)
                : (lo, hi) -> copyRows(src.doubleData(), dst.doubleData(), w, n, order, from, lo, hi);
        int rows = to - from;
        if ((long) rows * w < PARALLEL_VALUES) {
            copy.run(0, rows);
        } else {
            Parallel.forRange(rows, Math.max(1, CHUNK_VALUES / w), copy);
        }
    }

    /**
     * The sum of {@code t}'s values in index order in float64, one after another (unlike {@link Tensor#sumAll()}, whose
     * order follows the vector lanes): a sum that a pass over a file, row by row, gives bit for bit.
     */
    static double sum(Tensor t) {
        double sum = 0;
        for (int i = 0, n = t.size(); i < n; i++) {
            sum += t.at(i);
        }
        return sum;
    }

    /** Rows read at a time by a pass over every row ({@link RowSource#totalWeight()}'s). */
    static final int CHUNK_ROWS = 8192;

    /** Values from which a gather runs over the pool. */
    static final int PARALLEL_VALUES = 1 << 14;
    /** Values per parallel chunk of a gather: about 32 KB of float32. */
    static final int CHUNK_VALUES = 1 << 13;

    /** Rows {@code order[from + lo .. from + hi)} of {@code s} into rows {@code [lo, hi)} of {@code d}. */
    private static void copyRows(float[] s, float[] d, int w, int n, int[] order, int from, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            int r = checkRow(order[from + i], n);
            System.arraycopy(s, r * w, d, i * w, w);
        }
    }

    /** The float64 form of {@link #copyRows(float[], float[], int, int, int[], int, int, int)}. */
    private static void copyRows(double[] s, double[] d, int w, int n, int[] order, int from, int lo, int hi) {
        for (int i = lo; i < hi; i++) {
            int r = checkRow(order[from + i], n);
            System.arraycopy(s, r * w, d, i * w, w);
        }
    }

    private static int checkRow(int r, int n) {
        if (r < 0 || r >= n) {
            throw new IndexOutOfBoundsException("row " + r + " out of range for " + n + " rows");
        }
        return r;
    }
}
