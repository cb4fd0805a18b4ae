package dev.descent.autograd;

import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * A value recorded on a {@link Tape}, with the rule that sends its gradient back to its inputs.
 *
 * <p>Each operation below states its local derivative next to its forward computation. Binary operations
 * broadcast like {@link Tensor}; the tape sums a broadcast operand's gradient back to its own shape.
 * Gradients written below use {@code g} for the gradient arriving at the output.
 */
public final class Node {

    /** Maps the output's gradient {@code g} to one gradient per input ({@code null} for none). */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor g);
    }

    private final Tape tape;
    private final int index;
    private final Tensor value;
    private final boolean requiresGrad;
    private final Node[] inputs;
    private final Backward backward;

    Node(Tape tape, int index, Tensor value, boolean requiresGrad, Node[] inputs, Backward backward) {
        this.tape = tape;
        this.index = index;
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.inputs = inputs;
        this.backward = backward;
    }

    public Tensor value() {
        return value;
    }

    public Shape shape() {
        return value.shape();
    }

    /** Position on the tape. */
    public int index() {
        return index;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    Tape tape() {
        return tape;
    }

    Node[] inputs() {
        return inputs;
    }

    Backward backward() {
        return backward;
    }

    private Node unaryOp(Tensor out, Backward rule) {
        return tape.add(out, requiresGrad, new Node[] {this}, requiresGrad ? rule : null);
    }

    private Node binaryOp(Node other, Tensor out, Backward rule) {
        boolean needs = requiresGrad || other.requiresGrad;
        return tape.add(out, needs, new Node[] {this, other}, needs ? rule : null);
    }

    private Tensor constantLike(double c) {
        return Tensor.scalar(c, value.dtype());
    }

    // ------------------------------------------------------------ arithmetic

    /** {@code a + b}; d/da = 1, d/db = 1. */
    public Node plus(Node b) {
        return binaryOp(b, value.plus(b.value), g -> new Tensor[] {g, g});
    }

    /** {@code a - b}; d/da = 1, d/db = -1. */
    public Node minus(Node b) {
        return binaryOp(b, value.minus(b.value), g -> new Tensor[] {g, g.neg()});
    }

    /** {@code a * b} element-wise; d/da = b, d/db = a. */
    public Node times(Node b) {
        return binaryOp(b, value.times(b.value), g -> new Tensor[] {g.times(b.value), g.times(value)});
    }

    /** {@code a / b}; d/da = 1/b, d/db = -a/b². */
    public Node div(Node b) {
        Tensor out = value.div(b.value);
        return binaryOp(b, out, g -> new Tensor[] {g.div(b.value), g.times(out).div(b.value).neg()});
    }

    /** {@code a ^ b} element-wise; d/da = b·a^(b-1), d/db = a^b·log(a) (used only where b needs a gradient). */
    public Node pow(Node b) {
        Tensor out = value.pow(b.value);
        return binaryOp(b, out, g -> new Tensor[] {
                requiresGrad ? g.times(b.value).times(value.pow(b.value.minus(constantLike(1)))) : null,
                b.requiresGrad ? g.times(out).times(value.log()) : null});
    }

    /** {@code a + c}. */
    public Node plus(double c) {
        return unaryOp(value.plus(c), g -> new Tensor[] {g});
    }

    /** {@code a * c}. */
    public Node times(double c) {
        return unaryOp(value.times(c), g -> new Tensor[] {g.times(c)});
    }

    /**
     * {@code a − c} for a constant tensor {@code c} (targets, for instance), broadcast like {@link Tensor};
     * d/da = 1, and {@code c} gets no gradient.
     */
    public Node minus(Tensor c) {
        return unaryOp(value.minus(c), g -> new Tensor[] {g});
    }

    /**
     * {@code a * c} element-wise for a constant tensor {@code c} (a dropout mask, a fixed weighting),
     * broadcast like {@link Tensor}; d/da = c, and {@code c} gets no gradient.
     */
    public Node times(Tensor c) {
        return unaryOp(value.times(c), g -> new Tensor[] {g.times(c)});
    }

    /**
     * {@code min(max(a, lo), hi)} element-wise; d/da = 1 where {@code lo ≤ a ≤ hi}, else 0 (the boundary
     * itself passes the gradient, as {@code torch.clamp}). Either bound may be infinite.
     *
     * @throws IllegalArgumentException if {@code lo > hi} or a bound is NaN
     */
    public Node clamp(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp needs lo <= hi, got lo=" + lo + ", hi=" + hi);
        }
        Tensor inside = value.map(v -> v >= lo && v <= hi ? 1.0 : 0.0);
        return unaryOp(value.map(v -> Math.min(Math.max(v, lo), hi)), g -> new Tensor[] {g.times(inside)});
    }

    /** {@code -a}; d/da = -1. */
    public Node neg() {
        return unaryOp(value.neg(), g -> new Tensor[] {g.neg()});
    }

    /** {@code a ^ p} for a constant exponent; d/da = p·a^(p-1). */
    public Node pow(double p) {
        return unaryOp(value.pow(p), g -> new Tensor[] {g.times(value.pow(p - 1)).times(p)});
    }

    /** {@code a²}; d/da = 2a. */
    public Node square() {
        return unaryOp(value.square(), g -> new Tensor[] {g.times(value).times(2.0)});
    }

    // ------------------------------------------------------------ functions

    /** {@code e^a}; d/da = e^a. */
    public Node exp() {
        Tensor out = value.exp();
        return unaryOp(out, g -> new Tensor[] {g.times(out)});
    }

    /** {@code log a}; d/da = 1/a. */
    public Node log() {
        return unaryOp(value.log(), g -> new Tensor[] {g.div(value)});
    }

    /** {@code √a}; d/da = 1/(2√a). */
    public Node sqrt() {
        Tensor out = value.sqrt();
        return unaryOp(out, g -> new Tensor[] {g.div(out).times(0.5)});
    }

    /** {@code |a|}; d/da = sign(a) (0 at 0, a subgradient). */
    public Node abs() {
        return unaryOp(value.abs(), g -> new Tensor[] {g.times(value.sign())});
    }

    /** {@code sin a}; d/da = cos a. */
    public Node sin() {
        return unaryOp(value.sin(), g -> new Tensor[] {g.times(value.cos())});
    }

    /** {@code cos a}; d/da = -sin a. */
    public Node cos() {
        return unaryOp(value.cos(), g -> new Tensor[] {g.times(value.sin()).neg()});
    }

    /** {@code tanh a}; d/da = 1 - tanh²a. */
    public Node tanh() {
        Tensor out = value.tanh();
        return unaryOp(out, g -> new Tensor[] {g.times(out.square().neg().plus(1.0))});
    }

    /** {@code σ(a) = 1/(1+e^-a)}; d/da = σ(a)(1-σ(a)). */
    public Node sigmoid() {
        Tensor out = value.sigmoid();
        return unaryOp(out, g -> new Tensor[] {g.times(out).times(out.neg().plus(1.0))});
    }

    /** {@code max(a, 0)}; d/da = 1 where a &gt; 0, else 0. */
    public Node relu() {
        return unaryOp(value.relu(), g -> new Tensor[] {g.times(value.step())});
    }

    /** {@code a} for a &gt; 0, {@code slope·a} otherwise; d/da = 1 or slope. */
    public Node leakyRelu(double slope) {
        return unaryOp(value.leakyRelu(slope), g -> new Tensor[] {g.times(value.step().times(1.0 - slope).plus(slope))});
    }

    /** {@code log(1+e^a)}; d/da = σ(a). */
    public Node softplus() {
        return unaryOp(value.softplus(), g -> new Tensor[] {g.times(value.sigmoid())});
    }

    // ------------------------------------------------------------ linear algebra and shape

    /** Matrix product {@code [m,k]·[k,n]}; dA = g·Bᵀ, dB = Aᵀ·g (transposes are read in place, not copied). */
    public Node matmul(Node b) {
        return binaryOp(b, value.matmul(b.value), g -> new Tensor[] {
                requiresGrad ? g.matmul(b.value, false, true) : null,
                b.requiresGrad ? value.matmul(g, true, false) : null});
    }

    /** Matrix transpose; the gradient is transposed back. */
    public Node transpose() {
        return unaryOp(value.transpose(), g -> new Tensor[] {g.transpose()});
    }

    /** Same elements, new dimensions (one may be -1); the gradient is reshaped back. */
    public Node reshape(int... dims) {
        int[] original = value.shape().dims();
        return unaryOp(value.reshape(dims), g -> new Tensor[] {g.reshape(original)});
    }

    // ------------------------------------------------------------ reductions

    /** Sum of all elements; the gradient is g repeated to the input shape. */
    public Node sum() {
        return unaryOp(value.sum(), g -> new Tensor[] {g.broadcastTo(shape())});
    }

    /** Mean of all elements; the gradient is g/n repeated. */
    public Node mean() {
        int n = value.size();
        return unaryOp(value.mean(), g -> new Tensor[] {g.broadcastTo(shape()).times(1.0 / n)});
    }

    /** Sum along {@code axis}; the gradient is g repeated along that axis. */
    public Node sum(int axis, boolean keepDim) {
        Shape kept = shape().reduce(axis, true);
        return unaryOp(value.sum(axis, keepDim), g -> new Tensor[] {g.reshape(kept.dims()).broadcastTo(shape())});
    }

    /** Mean along {@code axis}; the gradient is g/len repeated along that axis. */
    public Node mean(int axis, boolean keepDim) {
        Shape kept = shape().reduce(axis, true);
        double scale = 1.0 / shape().dim(axis);
        return unaryOp(value.mean(axis, keepDim),
                g -> new Tensor[] {g.reshape(kept.dims()).broadcastTo(shape()).times(scale)});
    }

    /**
     * Maximum along {@code axis}. The gradient flows to the first maximal element of each slice only (as
     * {@code torch.max(x, dim)}): a subgradient where there are ties.
     */
    public Node max(int axis, boolean keepDim) {
        Shape kept = shape().reduce(axis, true);
        return unaryOp(value.max(axis, keepDim), g -> new Tensor[] {scatterToArgmax(g.reshape(kept.dims()), axis)});
    }

    private Tensor scatterToArgmax(Tensor g, int axis) {
        int a = shape().normalizeAxis(axis);
        int[] argmax = value.argmax(a);
        int len = shape().dim(a);
        int inner = 1;
        for (int i = a + 1; i < shape().rank(); i++) {
            inner *= shape().dim(i);
        }
        Tensor out = Tensor.zeros(shape(), value.dtype());
        for (int slice = 0; slice < argmax.length; slice++) {
            int outer = slice / inner;
            int in = slice % inner;
            out.set((outer * len + argmax[slice]) * inner + in, g.at(slice));
        }
        return out;
    }

    /** {@code log Σ e^a} along {@code axis}, computed stably; the gradient is g·softmax(a). */
    public Node logSumExp(int axis, boolean keepDim) {
        Shape kept = shape().reduce(axis, true);
        return unaryOp(value.logSumExp(axis, keepDim),
                g -> new Tensor[] {g.reshape(kept.dims()).times(value.softmax(axis))});
    }

    /** Softmax along {@code axis}; the gradient is s·(g − Σ g·s). */
    public Node softmax(int axis) {
        Tensor s = value.softmax(axis);
        return unaryOp(s, g -> new Tensor[] {s.times(g.minus(g.times(s).sum(axis, true)))});
    }

    /** Log-softmax along {@code axis}; the gradient is g − softmax·Σ g. */
    public Node logSoftmax(int axis) {
        return unaryOp(value.logSoftmax(axis),
                g -> new Tensor[] {g.minus(value.softmax(axis).times(g.sum(axis, true)))});
    }

    // ------------------------------------------------------------ fused losses

    /**
     * Mean softmax cross-entropy of logits {@code [batch, classes]} against target probabilities (one-hot
     * rows for hard labels): {@code mean_i(logSumExp(z_i) − Σ_c t_ic·z_ic)}, finite for any finite logits.
     * Gradient: {@code (softmax(z) − t)/batch}.
     */
    public Node softmaxCrossEntropy(Tensor targets) {
        int batch = shape().dim(0);
        Tensor lse = value.logSumExp(1, true);
        double total = lse.sumAll() - value.times(targets).sumAll();
        return unaryOp(constantLike(total / batch),
                g -> new Tensor[] {value.softmax(1).minus(targets).times(g.item() / batch)});
    }

    /**
     * Softmax cross-entropy of each row of logits {@code [batch, classes]} against target probabilities:
     * {@code ℓ_i = logSumExp(z_i) − Σ_c t_ic·z_ic}, shape {@code [batch]}, finite for any finite logits; what a
     * weighted mean of rows needs. Gradient: {@code g_i·(softmax(z_i) − t_i)} for row {@code i}.
     */
    public Node softmaxCrossEntropyRows(Tensor targets) {
        Tensor rows = value.logSumExp(1, false).minus(value.times(targets).sum(1, false));
        return unaryOp(rows, g -> new Tensor[] {value.softmax(1).minus(targets).times(g.reshape(shape().dim(0), 1))});
    }

    /**
     * Mean binary cross-entropy of logits against 0/1 (or probability) targets, in the stable form
     * {@code max(z,0) − z·t + log(1+e^−|z|)}. Gradient: {@code (σ(z) − t)/n}.
     */
    public Node binaryCrossEntropyWithLogits(Tensor targets) {
        int n = value.size();
        return unaryOp(constantLike(binaryCrossEntropy(targets).sumAll() / n),
                g -> new Tensor[] {value.sigmoid().minus(targets).times(g.item() / n)});
    }

    /**
     * Binary cross-entropy of each logit against its 0/1 (or probability) target, same shape as the logits, in
     * the stable form of {@link #binaryCrossEntropyWithLogits}. Gradient: {@code g·(σ(z) − t)} element-wise.
     */
    public Node binaryCrossEntropyWithLogitsElements(Tensor targets) {
        return unaryOp(binaryCrossEntropy(targets), g -> new Tensor[] {value.sigmoid().minus(targets).times(g)});
    }

    /** {@code max(z,0) − z·t + log(1+e^−|z|)} element-wise: never exponentiates a positive number. */
    private Tensor binaryCrossEntropy(Tensor targets) {
        return value.relu().minus(value.times(targets)).plus(value.abs().neg().softplus());
    }

    @Override
    public String toString() {
        return "Node#" + index + value;
    }
}
