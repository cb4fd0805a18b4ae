package dev.descent.tensor;

/**
 * Plain-Java kernels: the reference every faster path is tested against, and the path used when the
 * Vector API module is absent. Matrix rows of {@code C} are split over {@link Parallel}; each element of
 * {@code C} is accumulated by one thread in ascending {@code k}, so the result does not depend on the
 * thread count.
 */
final class ScalarKernels implements Kernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    /** Roughly how many multiply-adds one parallel chunk should hold, so small products stay on one thread. */
    static final int WORK_PER_CHUNK = 1 << 16;

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    /** Rows of C per chunk; a function of the sizes only. */
    static int rowGrain(int m, int k, int n) {
        long perRow = Math.max(1L, (long) k * n);
        return (int) Math.max(1, Math.min(m, WORK_PER_CHUNK / perRow));
    }

    @Override
    public void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean transA, boolean transB) {
        Parallel.forRange(m, rowGrain(m, k, n), (from, to) -> {
            for (int i = from; i < to; i++) {
                int ci = i * n;
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        float av = transA ? a[p * m + i] : a[i * k + p];
                        float bv = transB ? b[j * k + p] : b[p * n + j];
                        s += av * bv;
                    }
                    c[ci + j] = s;
                }
            }
        });
    }

    @Override
    public void matmul(double[] a, double[] b, double[] c, int m, int k, int n, boolean transA, boolean transB) {
        Parallel.forRange(m, rowGrain(m, k, n), (from, to) -> {
            for (int i = from; i < to; i++) {
                int ci = i * n;
                for (int j = 0; j < n; j++) {
                    double s = 0.0;
                    for (int p = 0; p < k; p++) {
                        double av = transA ? a[p * m + i] : a[i * k + p];
                        double bv = transB ? b[j * k + p] : b[p * n + j];
                        s += av * bv;
                    }
                    c[ci + j] = s;
                }
            }
        });
    }

    @Override
    public void binary(BinaryOp op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                       float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) op.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
        }
    }

    @Override
    public void binary(BinaryOp op, double[] a, int aOff, int aStride, double[] b, int bOff, int bStride,
                       double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
        }
    }

    @Override
    public void unary(UnaryOp op, double p, float[] a, int aOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) op.apply(a[aOff + i], p);
        }
    }

    @Override
    public void unary(UnaryOp op, double p, double[] a, int aOff, double[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i], p);
        }
    }

    @Override
    public double sum(float[] a, int off, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    @Override
    public double sum(double[] a, int off, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    @Override
    public double sumOfSquares(float[] a, int off, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            double x = a[off + i];
            s += x * x;
        }
        return s;
    }

    @Override
    public double sumOfSquares(double[] a, int off, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += a[off + i] * a[off + i];
        }
        return s;
    }
}
