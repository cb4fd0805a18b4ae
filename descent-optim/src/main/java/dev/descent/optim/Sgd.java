package dev.descent.optim;

import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum, as {@code torch.optim.SGD}
 * (Polyak, 1964; Nesterov momentum in the form of Sutskever et al., 2013).
 *
 * <h2>Update</h2>
 * State: step {@code t = 0}; with {@code momentum ≠ 0} a slot {@code momentum_buffer} (b). With η = {@code lr},
 * μ = {@code momentum}, τ = {@code dampening}, λ = {@code weight_decay}, at step t = 1, 2, ...:
 * <pre>
 *   g ← g + λ·w                       (only if λ ≠ 0)
 *   if μ ≠ 0:
 *       b ← g                         (t = 1: the buffer starts as the first gradient)
 *       b ← μ·b + (1 − τ)·g           (t &gt; 1)
 *       g ← g + μ·b   if nesterov,   else   g ← b
 *   w ← w − η·g
 * </pre>
 * Nesterov needs μ &gt; 0 and τ = 0, as in PyTorch.
 *
 * <h2>Defaults</h2>
 * <ul><li>lr: required</li><li>momentum {@value #DEFAULT_MOMENTUM}</li><li>dampening {@value #DEFAULT_DAMPENING}</li>
 * <li>nesterov {@value #DEFAULT_NESTEROV}</li><li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li></ul>
 *
 * <h2>Conventions</h2>
 * The buffer starts as the raw first gradient (PyTorch, optax, Tribuo), so {@code momentum=β, dampening=β}
 * is not the textbook moving average; that one is {@link Momentum}. Keras, scikit-learn, Smile and DJL keep
 * the learning rate inside the velocity ({@code v ← μv − ηg; w ← w + v}): equal for a constant rate,
 * different once a schedule changes it. DL4J has no heavy-ball updater. Weight decay is L2 coupled into the
 * gradient; for plain SGD that equals decoupled decay.
 *
 * @param lr learning rate η
 * @param momentum momentum factor μ
 * @param dampening dampening τ of the gradient in the buffer
 * @param nesterov Nesterov momentum
 * @param weightDecay L2 factor λ added to the gradient
 * @see <a href="https://doi.org/10.1016/0041-5553(64)90137-5">B. T. Polyak, "Some methods of speeding up the
 *      convergence of iteration methods", USSR Comp. Math. and Math. Physics, 1964</a>
 * @see <a href="https://proceedings.mlr.press/v28/sutskever13.html">I. Sutskever, J. Martens, G. Dahl,
 *      G. Hinton, "On the importance of initialization and momentum in deep learning", ICML 2013</a>
 */
public record Sgd(double lr, double momentum, double dampening, boolean nesterov, double weightDecay)
        implements Optimizer {

    /** The spec name. */
    public static final String NAME = "sgd";
    public static final double DEFAULT_MOMENTUM = 0.0;
    public static final double DEFAULT_DAMPENING = 0.0;
    public static final boolean DEFAULT_NESTEROV = false;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    /** Slot of the momentum buffer b (present only when momentum ≠ 0). */
    public static final String MOMENTUM_BUFFER = "momentum_buffer";
    private static final String[] SLOTS = {MOMENTUM_BUFFER};

    public Sgd {
        validate(NAME, lr, momentum, dampening, nesterov, weightDecay);
    }

    /** Plain SGD with learning rate {@code lr}. */
    public static Sgd of(double lr) {
        return new Sgd(lr, DEFAULT_MOMENTUM, DEFAULT_DAMPENING, DEFAULT_NESTEROV, DEFAULT_WEIGHT_DECAY);
    }

    static void validate(String name, double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        Updates.atLeastZero(name, "lr", lr);
        Updates.atLeastZero(name, "momentum", momentum);
        Updates.closedUnit(name, "dampening", dampening);
        Updates.atLeastZero(name, "weight_decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException(name + ": nesterov needs momentum > 0 and dampening = 0, got momentum="
                    + Spec.formatNumber(momentum) + ", dampening=" + Spec.formatNumber(dampening));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public OptimizerState init(Params params) {
        return momentum != 0 ? Updates.zeroState(params, Map.of(), MOMENTUM_BUFFER) : Updates.zeroState(params, Map.of());
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        update(NAME, params, grads, state, lr, momentum, dampening, nesterov, weightDecay);
    }

    static void update(String name, Params params, Params grads, OptimizerState state, double lr,
                       double momentum, double dampening, boolean nesterov, double weightDecay) {
        Updates.checkLr(name, lr);
        Updates.Bound bound = Updates.bind(name, state, params, grads, momentum != 0 ? SLOTS : Updates.NO_SLOTS);
        long t = state.advance();
        for (int p = 0; p < bound.count(); p++) {
            Tensor w = bound.w[p];
            Tensor g = bound.grad(grads, p);
            Tensor b = momentum != 0 ? bound.s[0][p] : null;
            if (w.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32 && (b == null || b.dtype() == DType.FLOAT32)) {
                Float32Task task = TASK.get();
                task.set(w.floatData(), g.floatData(), b == null ? null : b.floatData(), t, lr, momentum, dampening,
                        nesterov, weightDecay);
                try {
                    Parallel.forRange(w.size(), Updates.PARALLEL_GRAIN, task);
                } finally {
                    task.set(null, null, null, 0, 0, 0, 0, false, 0);
                }
                continue;
            }
            for (int i = 0, n = w.size(); i < n; i++) {
                double wi = w.at(i);
                double gi = g.at(i);
                if (weightDecay != 0) {
                    gi = gi + weightDecay * wi;
                }
                if (b != null) {
                    double bi = t == 1 ? gi : momentum * b.at(i) + (1 - dampening) * gi;
                    b.set(i, bi);
                    gi = nesterov ? gi + momentum * bi : bi;
                }
                w.set(i, wi - lr * gi);
            }
        }
    }

    /**
     * The float32 case of {@link #update} on elements {@code [from, to)} of the tensors' live arrays: the same double
     * arithmetic per element, rounded to float32 at the same points (so bit-identical to the element-wise loop), with
     * the common case (momentum, no weight decay, no Nesterov, after the first step) as a branch-free loop that C2
     * vectorises.
     */
    static void updateFloat32(float[] w, float[] g, float[] b, int from, int to, long t, double lr, double momentum,
                              double dampening, boolean nesterov, double weightDecay) {
        if (b != null && weightDecay == 0 && !nesterov && t != 1) {
            double keep = 1 - dampening;
            for (int i = from; i < to; i++) {
                double bi = momentum * b[i] + keep * g[i];
                b[i] = (float) bi;
                w[i] = (float) (w[i] - lr * bi);
            }
            return;
        }
        if (b == null && weightDecay == 0) {
            for (int i = from; i < to; i++) {
                w[i] = (float) (w[i] - lr * g[i]);
            }
            return;
        }
        for (int i = from; i < to; i++) {
            double wi = w[i];
            double gi = g[i];
            if (weightDecay != 0) {
                gi = gi + weightDecay * wi;
            }
            if (b != null) {
                double bi = t == 1 ? gi : momentum * b[i] + (1 - dampening) * gi;
                b[i] = (float) bi;
                gi = nesterov ? gi + momentum * bi : bi;
            }
            w[i] = (float) (wi - lr * gi);
        }
    }

    /** One reusable range task per calling thread, so that a step allocates nothing. */
    private static final ThreadLocal<Float32Task> TASK = ThreadLocal.withInitial(Float32Task::new);

    private static final class Float32Task implements Parallel.RangeTask {
        private float[] w;
        private float[] g;
        private float[] b;
        private long t;
        private double lr;
        private double momentum;
        private double dampening;
        private boolean nesterov;
        private double weightDecay;

        void set(float[] w, float[] g, float[] b, long t, double lr, double momentum, double dampening,
                 boolean nesterov, double weightDecay) {
            this.w = w;
            this.g = g;
            this.b = b;
            this.t = t;
            this.lr = lr;
            this.momentum = momentum;
            this.dampening = dampening;
            this.nesterov = nesterov;
            this.weightDecay = weightDecay;
        }

        @Override
        public void run(int from, int to) {
            updateFloat32(w, g, b, from, to, t, lr, momentum, dampening, nesterov, weightDecay);
        }
    }

    /** The equations over one tensor, literally; {@code t} is the step being taken (1 for the first). */
    static void reference(double[] w, double[] g, double[] buf, long t, double lr,
                          double momentum, double dampening, boolean nesterov, double weightDecay) {
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + weightDecay * w[i];                           // g ← g + λw
            if (momentum != 0) {
                buf[i] = t == 1 ? d : momentum * buf[i] + (1 - dampening) * d; // b₁ = g; b ← μb + (1 − τ)g
                d = nesterov ? d + momentum * buf[i] : buf[i];                 // g + μb, or b
            }
            w[i] = w[i] - lr * d;                                           // w ← w − ηg
        }
    }

    void referenceStep(double[] w, double[] g, double[] buf, long t, double lr) {
        reference(w, g, buf, t, lr, momentum, dampening, nesterov, weightDecay);
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("lr", lr, "momentum", momentum, "dampening", dampening, "nesterov", nesterov,
                "weight_decay", weightDecay);
    }

    @Override
    public String toString() {
        return spec();
    }
}
