package dev.descent.data;

import dev.descent.tensor.DType;
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

    /** Copies rows {@code order[from..to)} of {@code src} into {@code dst}'s first {@code to-from} rows. */
    static void gatherInto(Tensor src, int[] order, int from, int to, Tensor dst) {
        int w = width(src);
        int n = src.shape().dim(0);
        if (src.dtype() == DType.FLOAT32) {
            float[] s = src.floatData();
            float[] d = dst.floatData();
            for (int i = from; i < to; i++) {
                int r = checkRow(order[i], n);
                if (w == 1) {
                    d[i - from] = s[r];
                } else {
                    System.arraycopy(s, r * w, d, (i - from) * w, w);
                }
            }
        } else {
            double[] s = src.doubleData();
            double[] d = dst.doubleData();
            for (int i = from; i < to; i++) {
                int r = checkRow(order[i], n);
                if (w == 1) {
                    d[i - from] = s[r];
                } else {
                    System.arraycopy(s, r * w, d, (i - from) * w, w);
                }
            }
        }
    }

    private static int checkRow(int r, int n) {
        if (r < 0 || r >= n) {
            throw new IndexOutOfBoundsException("row " + r + " out of range for " + n + " rows");
        }
        return r;
    }
}
