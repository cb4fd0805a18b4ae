package dev.descent.tensor;

/**
 * The compute kernels behind {@link Tensor}: matrix multiply, element-wise operations and sums over flat
 * row-major arrays. Two implementations: {@link ScalarKernels} (plain Java, the reference) and a Vector API
 * one used when the {@code jdk.incubator.vector} module is present. Both are deterministic and independent
 * of the thread count; they agree with each other up to floating-point summation order.
 */
interface Kernels {

    /** Short name for logs and benchmarks: {@code scalar} or {@code vector}. */
    String name();

    /**
     * {@code C = op(A) · op(B)} with {@code C} of shape {@code [m, n]} and the contraction over {@code k}.
     * {@code A} is stored {@code [m, k]}, or {@code [k, m]} when {@code transA}; {@code B} is stored
     * {@code [k, n]}, or {@code [n, k]} when {@code transB}. {@code C} is overwritten.
     */
    void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean transA, boolean transB);

    /**
     * {@link #matmul(float[], float[], float[], int, int, int, boolean, boolean)}, then {@code epilogue} on C: on
     * all of it here; a parallel kernel runs it on each block as soon as that block is done.
     */
    default void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean transA, boolean transB,
                        RawKernels.Epilogue epilogue) {
        matmul(a, b, c, m, k, n, transA, transB);
        epilogue.apply(c, 0, m, 0, n);
    }

    /** The float64 form of {@link #matmul(float[], float[], float[], int, int, int, boolean, boolean)}. */
    void matmul(double[] a, double[] b, double[] c, int m, int k, int n, boolean transA, boolean transB);

    /**
     * {@code out[outOff + i] = op(a[aOff + i*aStride], b[bOff + i*bStride])} for {@code i < n}; each stride is
     * 0 (a broadcast scalar) or 1.
     */
    void binary(BinaryOp op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                float[] out, int outOff, int n);

    /** The float64 form of the binary kernel. */
    void binary(BinaryOp op, double[] a, int aOff, int aStride, double[] b, int bOff, int bStride,
                double[] out, int outOff, int n);

    /** {@code out[outOff + i] = op(a[aOff + i], p)} for {@code i < n}. */
    void unary(UnaryOp op, double p, float[] a, int aOff, float[] out, int outOff, int n);

    /** The float64 form of the unary kernel. */
    void unary(UnaryOp op, double p, double[] a, int aOff, double[] out, int outOff, int n);

    /** Sum of {@code a[off .. off+n)}, accumulated in float64 in a fixed order. */
    double sum(float[] a, int off, int n);

    /** Sum of {@code a[off .. off+n)} in a fixed order. */
    double sum(double[] a, int off, int n);

    /** Sum of the squares of {@code a[off .. off+n)}, accumulated in float64 in a fixed order. */
    double sumOfSquares(float[] a, int off, int n);

    /** The float64 form of {@link #sumOfSquares(float[], int, int)}. */
    double sumOfSquares(double[] a, int off, int n);

    /** The kernels in use: the Vector API ones when the module is present, else {@link ScalarKernels}. */
    static Kernels active() {
        return Holder.ACTIVE;
    }

    /** Lazily chosen so that a JVM without the incubator module never loads a Vector API class. */
    final class Holder {
        static final Kernels ACTIVE = choose();

        private Holder() {
        }

        private static Kernels choose() {
            if (Boolean.getBoolean("descent.scalar") || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return ScalarKernels.INSTANCE;
            }
            try {
                return (Kernels) Class.forName("dev.descent.tensor.VectorKernels").getDeclaredField("INSTANCE").get(null);
            } catch (ReflectiveOperationException | LinkageError e) {
                return ScalarKernels.INSTANCE;
            }
        }
    }
}
