package dev.descent.tensor;

/**
 * The compute kernels on raw row-major arrays, for fused, allocation-free training paths
 * ({@code dev.descent.train.fast}) that manage their own buffers. Same kernels, same determinism as
 * {@link Tensor}: results are bit-identical for any {@link Parallel#threads()}.
 */
public final class RawKernels {

    private RawKernels() {
    }

    /**
     * {@code C[m,n] = op(A) · op(B)} (overwrites C), where op(A) is {@code [m,k]}: A is stored {@code [m,k]}, or
     * {@code [k,m]} when {@code transA}; likewise B is {@code [k,n]}, or {@code [n,k]} when {@code transB}.
     * No copies of the transposed operands are made; after warm-up nothing is allocated.
     */
    public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean transA, boolean transB) {
        Kernels.active().matmul(a, b, c, m, k, n, transA, transB);
    }

    /**
     * Element-wise work fused into a product: it gets the block rows {@code [fromRow, toRow)} x columns
     * {@code [fromCol, toCol)} of C (row-major, n columns) and may read or change only that block. What it does to an
     * element may depend on the element's value, row and column (bias plus activation on a layer's output, the
     * activation's backward through a mask), not on other elements.
     */
    @FunctionalInterface
    public interface Epilogue {
        void apply(float[] c, int fromRow, int toRow, int fromCol, int toCol);
    }

    /**
     * {@link #matmul(float[], float[], float[], int, int, int, boolean, boolean)}, then {@code epilogue} on every
     * element of C exactly once, each block by the thread that computed it, while the block is still in its cache.
     * The blocks depend on the sizes and the thread count (row chunks, or one run of columns per thread for small
     * products); the result does not, because the epilogue is element-wise.
     */
    public static void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean transA, boolean transB,
                              Epilogue epilogue) {
        Kernels.active().matmul(a, b, c, m, k, n, transA, transB, epilogue);
    }

    /** The float64 form of {@link #matmul(float[], float[], float[], int, int, int, boolean, boolean)}. */
    public static void matmul(double[] a, double[] b, double[] c, int m, int k, int n, boolean transA, boolean transB) {
        Kernels.active().matmul(a, b, c, m, k, n, transA, transB);
    }

    /** The tape's {@code tanh} of one value (the same function, so that fused kernels round as its element-wise op). */
    public static double tanh(double x) {
        return UnaryOp.TANH.apply(x, 0);
    }

    /** The tape's logistic function {@code 1/(1 + e^-x)} of one value. */
    public static double sigmoid(double x) {
        return UnaryOp.SIGMOID.apply(x, 0);
    }

    /** {@code vector} when the Vector API kernels are active, else {@code scalar}. */
    public static String name() {
        return Kernels.active().name();
    }
}
