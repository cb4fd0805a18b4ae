package dev.descent.tensor;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense, row-major tensor of {@code float32} or {@code float64} elements.
 *
 * <h2>Values and mutation</h2>
 * Operations ({@link #plus}, {@link #matmul}, {@link #sum(int, boolean)}, ...) return new tensors and never
 * change their operands. The few methods that change a tensor say so: {@link #set}, {@link #fill},
 * {@link #copyFrom}, and the live arrays of {@link #floatData()} / {@link #doubleData()}, which exist so that
 * optimizers and fused training kernels can update buffers without allocating. {@link #reshape} shares the
 * storage of the tensor it was made from.
 *
 * <h2>Broadcasting</h2>
 * Element-wise binary operations follow NumPy's rules: shapes are aligned at their last dimension; each
 * pair of dimensions must be equal or one of them 1 (the size-1 side is repeated); a missing leading
 * dimension counts as 1. So {@code [32, 10] + [10]} adds a row vector to every row and
 * {@code [32, 10] + [32, 1]} adds a column. Both operands must have the same dtype.
 *
 * <h2>Precision</h2>
 * Element-wise operations on float32 are computed in float64 and rounded once, which for {@code + - * /}
 * and {@code sqrt} is exactly float32 arithmetic. Sums accumulate in float64 in a fixed order. Matrix
 * products accumulate in the tensor's own type. Results are bit-identical whatever the thread count.
 */
public final class Tensor {

    private final Shape shape;
    private final DType dtype;
    private final float[] f;
    private final double[] d;

    private Tensor(Shape shape, DType dtype, float[] f, double[] d) {
        this.shape = shape;
        this.dtype = dtype;
        this.f = f;
        this.d = d;
    }

    private static Kernels kernels() {
        return Kernels.active();
    }

    /** Name of the kernels in use ({@code vector} or {@code scalar}), for logs and benchmarks. */
    public static String kernelName() {
        return kernels().name();
    }

    // ---------------------------------------------------------------- construction

    /** A tensor of zeros. */
    public static Tensor zeros(Shape shape, DType dtype) {
        int n = shape.size();
        return dtype == DType.FLOAT32
                ? new Tensor(shape, dtype, new float[n], null)
                : new Tensor(shape, dtype, null, new double[n]);
    }

    /** A tensor of zeros with the given dimensions. */
    public static Tensor zeros(DType dtype, int... dims) {
        return zeros(new Shape(dims), dtype);
    }

    /** A tensor with every element {@code value}. */
    public static Tensor full(Shape shape, DType dtype, double value) {
        Tensor t = zeros(shape, dtype);
        t.fill(value);
        return t;
    }

    /** A tensor of ones. */
    public static Tensor ones(Shape shape, DType dtype) {
        return full(shape, dtype, 1.0);
    }

    /** A rank-0 float64 tensor. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT64);
    }

    /** A rank-0 tensor of the given type. */
    public static Tensor scalar(double value, DType dtype) {
        return full(Shape.SCALAR, dtype, value);
    }

    /** A float64 tensor holding a copy of {@code values}; with no dims it is a vector. */
    public static Tensor of(double[] values, int... dims) {
        Shape s = dims.length == 0 ? new Shape(values.length) : new Shape(dims);
        requireSize(s, values.length);
        return new Tensor(s, DType.FLOAT64, null, values.clone());
    }

    /** A float32 tensor holding a copy of {@code values}; with no dims it is a vector. */
    public static Tensor of(float[] values, int... dims) {
        Shape s = dims.length == 0 ? new Shape(values.length) : new Shape(dims);
        requireSize(s, values.length);
        return new Tensor(s, DType.FLOAT32, values.clone(), null);
    }

    /** A float64 vector. */
    public static Tensor vector(double... values) {
        return of(values);
    }

    /** A float64 matrix from rows of equal length. */
    public static Tensor matrix(double[][] rows) {
        int m = rows.length;
        int n = m == 0 ? 0 : rows[0].length;
        double[] data = new double[m * n];
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + n);
            }
            System.arraycopy(rows[i], 0, data, i * n, n);
        }
        return new Tensor(new Shape(m, n), DType.FLOAT64, null, data);
    }

    /** Adopts {@code data} without copying: the caller hands the array over and must not keep writing it. */
    public static Tensor wrap(double[] data, Shape shape) {
        requireSize(shape, data.length);
        return new Tensor(shape, DType.FLOAT64, null, data);
    }

    /** Adopts {@code data} without copying: the caller hands the array over and must not keep writing it. */
    public static Tensor wrap(float[] data, Shape shape) {
        requireSize(shape, data.length);
        return new Tensor(shape, DType.FLOAT32, data, null);
    }

    private static void requireSize(Shape shape, int length) {
        if (shape.size() != length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + length);
        }
    }

    // ---------------------------------------------------------------- access

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public int size() {
        return f != null ? f.length : d.length;
    }

    public int rank() {
        return shape.rank();
    }

    /** Element {@code i} in row-major order, as a double. */
    public double at(int i) {
        return f != null ? f[i] : d[i];
    }

    /** Sets element {@code i} in row-major order (rounded to float32 for float32 tensors). Mutates. */
    public void set(int i, double value) {
        if (f != null) {
            f[i] = (float) value;
        } else {
            d[i] = value;
        }
    }

    /** The element at a multi-index. */
    public double get(int... index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index of rank " + index.length + " for shape " + shape);
        }
        int[] strides = shape.strides();
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of bounds for shape " + shape);
            }
            flat += index[i] * strides[i];
        }
        return at(flat);
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalArgumentException("item() needs exactly one element, shape is " + shape);
        }
        return at(0);
    }

    /** The live float32 storage (row-major). Writes change this tensor. */
    public float[] floatData() {
        if (f == null) {
            throw new IllegalStateException("tensor is " + dtype + ", not float32");
        }
        return f;
    }

    /** The live float64 storage (row-major). Writes change this tensor. */
    public double[] doubleData() {
        if (d == null) {
            throw new IllegalStateException("tensor is " + dtype + ", not float64");
        }
        return d;
    }

    /** A fresh double array with the elements in row-major order. */
    public double[] toDoubleArray() {
        if (d != null) {
            return d.clone();
        }
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /** Sets every element to {@code value}. Mutates. */
    public void fill(double value) {
        if (f != null) {
            Arrays.fill(f, (float) value);
        } else {
            Arrays.fill(d, value);
        }
    }

    /** Copies the elements of {@code source}, which must have the same shape and dtype. Mutates. */
    public void copyFrom(Tensor source) {
        requireSameShape(source, "copyFrom");
        requireSameDType(source);
        if (f != null) {
            System.arraycopy(source.f, 0, f, 0, f.length);
        } else {
            System.arraycopy(source.d, 0, d, 0, d.length);
        }
    }

    /** An independent copy. */
    public Tensor copy() {
        return new Tensor(shape, dtype, f == null ? null : f.clone(), d == null ? null : d.clone());
    }

    /** This tensor in another dtype (a copy, also when the dtype is the same). */
    public Tensor to(DType target) {
        if (target == dtype) {
            return copy();
        }
        Tensor out = zeros(shape, target);
        for (int i = 0; i < size(); i++) {
            out.set(i, at(i));
        }
        return out;
    }

    /** The first NaN or infinite element in storage order, or empty when every element is finite. */
    public OptionalDouble firstNonFinite() {
        for (int i = 0, n = size(); i < n; i++) {
            double v = at(i);
            if (!Double.isFinite(v)) {
                return OptionalDouble.of(v);
            }
        }
        return OptionalDouble.empty();
    }

    /** True when shape, dtype and every bit of every element are equal. */
    public boolean bitEquals(Tensor other) {
        return shape.equals(other.shape) && dtype == other.dtype && Arrays.equals(f, other.f) && Arrays.equals(d, other.d);
    }

    // ---------------------------------------------------------------- element-wise

    public Tensor plus(Tensor o) {
        return broadcastBinary(BinaryOp.ADD, o);
    }

    public Tensor minus(Tensor o) {
        return broadcastBinary(BinaryOp.SUB, o);
    }

    public Tensor times(Tensor o) {
        return broadcastBinary(BinaryOp.MUL, o);
    }

    public Tensor div(Tensor o) {
        return broadcastBinary(BinaryOp.DIV, o);
    }

    /** Element-wise {@code Math.pow(this, o)}. */
    public Tensor pow(Tensor o) {
        return broadcastBinary(BinaryOp.POW, o);
    }

    /** Element-wise maximum. */
    public Tensor maximum(Tensor o) {
        return broadcastBinary(BinaryOp.MAX, o);
    }

    /** Element-wise minimum. */
    public Tensor minimum(Tensor o) {
        return broadcastBinary(BinaryOp.MIN, o);
    }

    public Tensor plus(double c) {
        return unary(UnaryOp.ADD_SCALAR, c);
    }

    public Tensor minus(double c) {
        return unary(UnaryOp.ADD_SCALAR, -c);
    }

    public Tensor times(double c) {
        return unary(UnaryOp.MUL_SCALAR, c);
    }

    /** Element-wise {@code Math.pow(x, exponent)}. */
    public Tensor pow(double exponent) {
        return unary(UnaryOp.POW, exponent);
    }

    public Tensor neg() {
        return unary(UnaryOp.NEG, 0);
    }

    public Tensor exp() {
        return unary(UnaryOp.EXP, 0);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return unary(UnaryOp.LOG, 0);
    }

    public Tensor sqrt() {
        return unary(UnaryOp.SQRT, 0);
    }

    public Tensor abs() {
        return unary(UnaryOp.ABS, 0);
    }

    /** -1, 0 or 1 (and 0 for NaN's sign is NaN), as {@link Math#signum(double)}. */
    public Tensor sign() {
        return unary(UnaryOp.SIGN, 0);
    }

    public Tensor sin() {
        return unary(UnaryOp.SIN, 0);
    }

    public Tensor cos() {
        return unary(UnaryOp.COS, 0);
    }

    public Tensor tanh() {
        return unary(UnaryOp.TANH, 0);
    }

    /** {@code 1/(1+e^-x)}, computed without overflow. */
    public Tensor sigmoid() {
        return unary(UnaryOp.SIGMOID, 0);
    }

    /** {@code max(x, 0)}. */
    public Tensor relu() {
        return unary(UnaryOp.RELU, 0);
    }

    /** {@code x} for {@code x > 0}, {@code slope*x} otherwise. */
    public Tensor leakyRelu(double slope) {
        return unary(UnaryOp.LEAKY_RELU, slope);
    }

    /** {@code log(1+e^x)}, computed as {@code max(x,0) + log1p(e^-|x|)} so it stays finite. */
    public Tensor softplus() {
        return unary(UnaryOp.SOFTPLUS, 0);
    }

    public Tensor square() {
        return unary(UnaryOp.SQUARE, 0);
    }

    /** 1 where {@code x > 0}, else 0 (the derivative of relu). */
    public Tensor step() {
        return unary(UnaryOp.STEP, 0);
    }

    /** Applies {@code fn} to every element (a scalar loop: prefer the named operations). */
    public Tensor map(DoubleUnaryOperator fn) {
        Tensor out = zeros(shape, dtype);
        for (int i = 0; i < size(); i++) {
            out.set(i, fn.applyAsDouble(at(i)));
        }
        return out;
    }

    private Tensor unary(UnaryOp op, double p) {
        Tensor out = zeros(shape, dtype);
        if (f != null) {
            kernels().unary(op, p, f, 0, out.f, 0, f.length);
        } else {
            kernels().unary(op, p, d, 0, out.d, 0, d.length);
        }
        return out;
    }

    private Tensor broadcastBinary(BinaryOp op, Tensor o) {
        requireSameDType(o);
        if (shape.equals(o.shape)) {
            Tensor out = zeros(shape, dtype);
            binaryRun(op, o, 0, 1, 0, 1, out, 0, size());
            return out;
        }
        Shape outShape = Shape.broadcast(shape, o.shape);
        Tensor out = zeros(outShape, dtype);
        int rank = outShape.rank();
        int[] dims = outShape.dims();
        int[] as = broadcastStrides(shape, outShape);
        int[] bs = broadcastStrides(o.shape, outShape);
        int last = dims[rank - 1];
        if (last == 0) {
            return out;
        }
        int rows = out.size() / last;
        int[] index = new int[rank];
        int aOff = 0;
        int bOff = 0;
        for (int row = 0; row < rows; row++) {
            binaryRun(op, o, aOff, as[rank - 1], bOff, bs[rank - 1], out, row * last, last);
            for (int axis = rank - 2; axis >= 0; axis--) {
                index[axis]++;
                aOff += as[axis];
                bOff += bs[axis];
                if (index[axis] < dims[axis]) {
                    break;
                }
                aOff -= as[axis] * index[axis];
                bOff -= bs[axis] * index[axis];
                index[axis] = 0;
            }
        }
        return out;
    }

    private void binaryRun(BinaryOp op, Tensor o, int aOff, int aStride, int bOff, int bStride, Tensor out, int outOff, int n) {
        if (f != null) {
            kernels().binary(op, f, aOff, aStride, o.f, bOff, bStride, out.f, outOff, n);
        } else {
            kernels().binary(op, d, aOff, aStride, o.d, bOff, bStride, out.d, outOff, n);
        }
    }

    /** Strides of {@code source} read through the broadcast shape {@code target}: 0 along repeated axes. */
    private static int[] broadcastStrides(Shape source, Shape target) {
        int rank = target.rank();
        int offset = rank - source.rank();
        int[] own = source.strides();
        int[] out = new int[rank];
        for (int i = offset; i < rank; i++) {
            out[i] = source.dim(i - offset) == 1 ? 0 : own[i - offset];
        }
        return out;
    }

    /** This tensor repeated to {@code target} under the broadcasting rules. */
    public Tensor broadcastTo(Shape target) {
        if (!Shape.broadcast(shape, target).equals(target)) {
            throw new IllegalArgumentException("cannot broadcast " + shape + " to " + target);
        }
        return zeros(target, dtype).plus(this);
    }

    /**
     * The sum of this tensor over the axes that broadcasting {@code target} to this shape would have
     * repeated: the adjoint of {@link #broadcastTo}, used for gradients of broadcast operands.
     */
    public Tensor sumTo(Shape target) {
        if (shape.equals(target)) {
            return this;
        }
        if (!Shape.broadcast(target, shape).equals(shape)) {
            throw new IllegalArgumentException("cannot reduce " + shape + " to " + target);
        }
        int rank = shape.rank();
        int[] dims = shape.dims();
        int[] ts = broadcastStrides(target, shape);
        double[] acc = new double[target.size()];
        int[] index = new int[rank];
        int tOff = 0;
        for (int i = 0, n = size(); i < n; i++) {
            acc[tOff] += at(i);
            for (int axis = rank - 1; axis >= 0; axis--) {
                index[axis]++;
                tOff += ts[axis];
                if (index[axis] < dims[axis]) {
                    break;
                }
                tOff -= ts[axis] * index[axis];
                index[axis] = 0;
            }
        }
        return fromDoubles(acc, target, dtype);
    }

    private static Tensor fromDoubles(double[] values, Shape shape, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return new Tensor(shape, dtype, null, values);
        }
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return new Tensor(shape, dtype, out, null);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (accumulated in float64). */
    public double sumAll() {
        return f != null ? kernels().sum(f, 0, f.length) : kernels().sum(d, 0, d.length);
    }

    /** Sum of all elements as a rank-0 tensor of this dtype. */
    public Tensor sum() {
        return scalar(sumAll(), dtype);
    }

    /** Mean of all elements as a rank-0 tensor of this dtype. */
    public Tensor mean() {
        return scalar(sumAll() / size(), dtype);
    }

    /**
     * Euclidean norm of all elements, {@code sqrt(sum x^2)}, accumulated in float64 in a fixed order (vector lanes and
     * chunks over the pool, as {@link #sumAll()}): the trainer takes every gradient's norm every step.
     */
    public double norm() {
        return Math.sqrt(f != null ? kernels().sumOfSquares(f, 0, f.length) : kernels().sumOfSquares(d, 0, d.length));
    }

    /** Sum along {@code axis} (negative counts from the end); {@code keepDim} leaves a size-1 axis. */
    public Tensor sum(int axis, boolean keepDim) {
        return reduceAxis(axis, keepDim, Reduction.SUM);
    }

    /** Mean along {@code axis}. */
    public Tensor mean(int axis, boolean keepDim) {
        return reduceAxis(axis, keepDim, Reduction.MEAN);
    }

    /** Maximum along {@code axis}. */
    public Tensor max(int axis, boolean keepDim) {
        return reduceAxis(axis, keepDim, Reduction.MAX);
    }

    /** Largest element. */
    public double maxAll() {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0, n = size(); i < n; i++) {
            m = Math.max(m, at(i));
        }
        return m;
    }

    /** Index along {@code axis} of the maximum (the first on ties), as a tensor without that axis. */
    public int[] argmax(int axis) {
        int a = shape.normalizeAxis(axis);
        Layout l = layout(a);
        int[] out = new int[l.outer * l.inner];
        for (int o = 0; o < l.outer; o++) {
            for (int in = 0; in < l.inner; in++) {
                int base = o * l.len * l.inner + in;
                int best = 0;
                double bestValue = at(base);
                for (int k = 1; k < l.len; k++) {
                    double v = at(base + k * l.inner);
                    if (v > bestValue) {
                        bestValue = v;
                        best = k;
                    }
                }
                out[o * l.inner + in] = best;
            }
        }
        return out;
    }

    /** {@code log(sum(exp(x)))} along {@code axis}, shifted by the maximum so it cannot overflow. */
    public Tensor logSumExp(int axis, boolean keepDim) {
        return reduceAxis(axis, keepDim, Reduction.LOG_SUM_EXP);
    }

    /** {@code exp(x - logSumExp(x))} along {@code axis}: each slice sums to 1. */
    public Tensor softmax(int axis) {
        return logSoftmax(axis).exp();
    }

    /** {@code x - logSumExp(x)} along {@code axis}, finite for any finite input. */
    public Tensor logSoftmax(int axis) {
        return minus(logSumExp(axis, true));
    }

    private enum Reduction { SUM, MEAN, MAX, LOG_SUM_EXP }

    /** A tensor seen as {@code [outer, len, inner]} around one axis. */
    private record Layout(int outer, int len, int inner) {
    }

    private Layout layout(int axis) {
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < axis; i++) {
            outer *= shape.dim(i);
        }
        for (int i = axis + 1; i < shape.rank(); i++) {
            inner *= shape.dim(i);
        }
        return new Layout(outer, shape.dim(axis), inner);
    }

    private Tensor reduceAxis(int axis, boolean keepDim, Reduction kind) {
        int a = shape.normalizeAxis(axis);
        Layout l = layout(a);
        double[] out = new double[l.outer * l.inner];
        for (int o = 0; o < l.outer; o++) {
            for (int in = 0; in < l.inner; in++) {
                int base = o * l.len * l.inner + in;
                out[o * l.inner + in] = reduceSlice(base, l.len, l.inner, kind);
            }
        }
        return fromDoubles(out, shape.reduce(a, keepDim), dtype);
    }

    private double reduceSlice(int base, int len, int stride, Reduction kind) {
        if (kind == Reduction.SUM || kind == Reduction.MEAN) {
            double s = stride == 1
                    ? (f != null ? kernels().sum(f, base, len) : kernels().sum(d, base, len))
                    : stridedSum(base, len, stride);
            return kind == Reduction.MEAN ? s / len : s;
        }
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < len; k++) {
            m = Math.max(m, at(base + k * stride));
        }
        if (kind == Reduction.MAX || Double.isInfinite(m) || Double.isNaN(m)) {
            return m;
        }
        double s = 0.0;
        for (int k = 0; k < len; k++) {
            s += Math.exp(at(base + k * stride) - m);
        }
        return m + Math.log(s);
    }

    private double stridedSum(int base, int len, int stride) {
        double s = 0.0;
        for (int k = 0; k < len; k++) {
            s += at(base + k * stride);
        }
        return s;
    }

    // ---------------------------------------------------------------- shape

    /**
     * The same elements with new dimensions; one dimension may be {@code -1} (inferred). Shares storage with
     * this tensor.
     */
    public Tensor reshape(int... dims) {
        int[] resolved = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("only one dimension may be -1 in " + Arrays.toString(dims));
                }
                infer = i;
            } else {
                known *= resolved[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + shape + " to " + Arrays.toString(dims));
            }
            resolved[infer] = (int) (size() / known);
        }
        Shape target = new Shape(resolved);
        if (target.size() != size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " (" + size() + " elements) to " + target);
        }
        return new Tensor(target, dtype, f, d);
    }

    /** The transpose of a matrix (a copy). */
    public Tensor transpose() {
        requireRank(2, "transpose");
        int m = shape.dim(0);
        int n = shape.dim(1);
        Tensor out = zeros(new Shape(n, m), dtype);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                out.set(j * m + i, at(i * n + j));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- matrix multiply

    /** Matrix product of {@code [m, k]} and {@code [k, n]}. */
    public Tensor matmul(Tensor o) {
        return matmul(o, false, false);
    }

    /**
     * {@code op(this) · op(o)} where {@code op} transposes when its flag is set, without copying: with
     * {@code transposeThis}, this {@code [k, m]} matrix is used as {@code [m, k]}.
     *
     * @throws IllegalArgumentException when the inner dimensions differ, naming both shapes
     */
    public Tensor matmul(Tensor o, boolean transposeThis, boolean transposeOther) {
        requireRank(2, "matmul");
        o.requireRank(2, "matmul");
        requireSameDType(o);
        int m = transposeThis ? shape.dim(1) : shape.dim(0);
        int k = transposeThis ? shape.dim(0) : shape.dim(1);
        int k2 = transposeOther ? o.shape.dim(1) : o.shape.dim(0);
        int n = transposeOther ? o.shape.dim(0) : o.shape.dim(1);
        if (k != k2) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + shape + (transposeThis ? "ᵀ" : "")
                    + " and " + o.shape + (transposeOther ? "ᵀ" : ""));
        }
        Tensor out = zeros(new Shape(m, n), dtype);
        if (f != null) {
            kernels().matmul(f, o.f, out.f, m, k, n, transposeThis, transposeOther);
        } else {
            kernels().matmul(d, o.d, out.d, m, k, n, transposeThis, transposeOther);
        }
        return out;
    }

    // ---------------------------------------------------------------- checks

    private void requireRank(int rank, String op) {
        if (shape.rank() != rank) {
            throw new IllegalArgumentException(op + " needs a rank-" + rank + " tensor, got shape " + shape);
        }
    }

    private void requireSameDType(Tensor o) {
        if (dtype != o.dtype) {
            throw new IllegalArgumentException("dtype mismatch: " + dtype + " and " + o.dtype);
        }
    }

    private void requireSameShape(Tensor o, String op) {
        if (!shape.equals(o.shape)) {
            throw new IllegalArgumentException(op + ": shapes differ: " + shape + " and " + o.shape);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && bitEquals(t);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shape, dtype, Arrays.hashCode(f), Arrays.hashCode(d));
    }

    /** {@code Tensor(float64, [2, 2], [1.0, 2.0, 3.0, 4.0])}; long tensors are elided. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(dtype).append(", ").append(shape).append(", [");
        int n = size();
        int shown = Math.min(n, 16);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(f != null ? Float.toString(f[i]) : Double.toString(d[i]));
        }
        if (shown < n) {
            sb.append(", ... (").append(n).append(" elements)");
        }
        return sb.append("])").toString();
    }
}
