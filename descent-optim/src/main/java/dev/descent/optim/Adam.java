package dev.descent.optim;

import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * Adam: gradient descent with bias-corrected moving averages of the gradient and its square (Kingma &amp; Ba,
 * 2015, Algorithm 1), with the AMSGrad variant (Reddi et al., 2018), as {@code torch.optim.Adam}.
 *
 * <h2>Update</h2>
 * State: step {@code t = 0}, slots {@code exp_avg} (m = 0), {@code exp_avg_sq} (v = 0), and with
 * {@code amsgrad} {@code max_exp_avg_sq} (v̂max = 0). With η = {@code lr}, β₁ = {@code beta1},
 * β₂ = {@code beta2}, ε = {@code eps}, λ = {@code weight_decay}, at step t = 1, 2, ...:
 * <pre>
 *   g ← g + λ·w                       (only if λ ≠ 0; coupled L2)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   vmax ← max(vmax, v)               (amsgrad; then vmax replaces v below)
 *   bc1 = 1 − β₁ᵗ      bc2 = 1 − β₂ᵗ
 *   w ← w − (η / bc1)·m / (√v / √bc2 + ε)      (= w − η·m̂ / (√v̂ + ε))
 * </pre>
 *
 * <h2>Defaults</h2>
 * <ul><li>lr {@value #DEFAULT_LR}</li><li>beta1 {@value #DEFAULT_BETA1}</li><li>beta2 {@value #DEFAULT_BETA2}</li>
 * <li>eps {@value #DEFAULT_EPS}</li><li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li>
 * <li>amsgrad {@value #DEFAULT_AMSGRAD}</li></ul>
 *
 * <h2>Conventions</h2>
 * ε is added after bias correction, outside the square root (Algorithm 1, PyTorch, optax). Keras, DL4J,
 * Tribuo, scikit-learn and DJL use the "ε̂" form of the paper's Section 2,
 * {@code lr_t = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ); w ← w − lr_t·m/(√v + ε)}, which equals Algorithm 1 with a larger
 * early ε; defaults differ too (Keras ε 1e-7, Tribuo 1e-6). AMSGrad takes the max of the uncorrected v
 * (PyTorch, Keras, DL4J); optax takes it over the bias-corrected v̂, which keeps large early values.
 * Weight decay here is L2 added to the gradient; decoupled decay is {@link AdamW}. PyTorch 2.x updates m
 * with {@code lerp}, which this class follows.
 *
 * @param lr learning rate η
 * @param beta1 decay β₁ of the first moment, in [0, 1)
 * @param beta2 decay β₂ of the second moment, in [0, 1)
 * @param eps ε added to the denominator
 * @param weightDecay L2 factor λ added to the gradient
 * @param amsgrad keep the maximum of the second moment
 * @see <a href="https://arxiv.org/abs/1412.6980">D. P. Kingma, J. Ba, "Adam: A Method for Stochastic
 *      Optimization", ICLR 2015</a>
 * @see <a href="https://openreview.net/forum?id=ryQu7f-RZ">S. J. Reddi, S. Kale, S. Kumar, "On the Convergence
 *      of Adam and Beyond", ICLR 2018</a>
 */
public record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
        implements Optimizer {

    /** The spec name. */
    public static final String NAME = "adam";
    public static final double DEFAULT_LR = 0.001;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    public static final boolean DEFAULT_AMSGRAD = false;
    /** Slot of the first moment m. */
    public static final String EXP_AVG = "exp_avg";
    /** Slot of the second moment v. */
    public static final String EXP_AVG_SQ = "exp_avg_sq";
    /** Slot of the running maximum of v (amsgrad only). */
    public static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";
    private static final String[] SLOTS = {EXP_AVG, EXP_AVG_SQ};
    private static final String[] SLOTS_AMSGRAD = {EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ};

    public Adam {
        validate(NAME, lr, beta1, beta2, eps, weightDecay);
    }

    /** Adam with PyTorch's defaults. */
    public static Adam defaults() {
        return new Adam(DEFAULT_LR, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY, DEFAULT_AMSGRAD);
    }

    static void validate(String name, double lr, double beta1, double beta2, double eps, double weightDecay) {
        Updates.atLeastZero(name, "lr", lr);
        Updates.halfOpenUnit(name, "beta1", beta1);
        Updates.halfOpenUnit(name, "beta2", beta2);
        Updates.atLeastZero(name, "eps", eps);
        Updates.atLeastZero(name, "weight_decay", weightDecay);
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
        return initState(params, amsgrad);
    }

    static OptimizerState initState(Params params, boolean amsgrad) {
        return amsgrad
                ? Updates.zeroState(params, Map.of(), EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ)
                : Updates.zeroState(params, Map.of(), EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        update(NAME, params, grads, state, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    /** Adam's update; {@code decoupled} selects AdamW's {@code w ← w·(1 − η·λ)} instead of L2. */
    static void update(String name, Params params, Params grads, OptimizerState state, double lr, double beta1,
                       double beta2, double eps, double weightDecay, boolean amsgrad, boolean decoupled) {
        Updates.checkLr(name, lr);
        Updates.Bound bound = Updates.bind(name, state, params, grads, amsgrad ? SLOTS_AMSGRAD : SLOTS);
        long t = state.advance();
        StepTask task = TASK.get();
        task.beta1 = beta1;
        task.beta2 = beta2;
        task.eps = eps;
        task.weightDecay = weightDecay;
        task.decoupled = decoupled;
        task.stepSize = lr / Updates.biasCorrection(beta1, t);
        task.bc2Sqrt = Math.sqrt(Updates.biasCorrection(beta2, t));
        task.decay = 1 - lr * weightDecay;
        try {
            for (int p = 0; p < bound.count(); p++) {
                task.w = bound.w[p];
                task.g = bound.grad(grads, p);
                task.m = bound.s[0][p];
                task.v = bound.s[1][p];
                task.vmax = amsgrad ? bound.s[2][p] : null;
                // element-wise, so the bits do not depend on how the elements are split over the pool
                Parallel.forRange(task.w.size(), Updates.PARALLEL_GRAIN, task);
            }
        } finally {
            task.w = task.g = task.m = task.v = task.vmax = null;
        }
    }

    /** One reusable range task per calling thread, so that a step allocates nothing. */
    private static final ThreadLocal<StepTask> TASK = ThreadLocal.withInitial(StepTask::new);

    /** The update of elements {@code [from, to)} of one tensor with step t's coefficients. */
    private static final class StepTask implements Parallel.RangeTask {
        private Tensor w;
        private Tensor g;
        private Tensor m;
        private Tensor v;
        private Tensor vmax;
        private double beta1;
        private double beta2;
        private double eps;
        private double weightDecay;
        private boolean decoupled;
        private double stepSize;
        private double bc2Sqrt;
        private double decay;

        @Override
        public void run(int from, int to) {
            for (int i = from; i < to; i++) {
                double wi = w.at(i);
                double gi = g.at(i);
                if (weightDecay != 0) {
                    if (decoupled) {
                        wi = wi * decay;
                    } else {
                        gi = gi + weightDecay * wi;
                    }
                }
                double mi = Updates.lerp(m.at(i), gi, 1 - beta1);
                double vi = beta2 * v.at(i) + (1 - beta2) * gi * gi;
                m.set(i, mi);
                v.set(i, vi);
                if (vmax != null) {
                    vi = Math.max(vmax.at(i), vi);
                    vmax.set(i, vi);
                }
                double denom = Math.sqrt(vi) / bc2Sqrt + eps;
                w.set(i, wi + -stepSize * mi / denom);
            }
        }
    }

    /** Algorithm 1 over one tensor, literally; {@code vmax} may be null without amsgrad. */
    static void reference(double[] w, double[] g, double[] m, double[] v, double[] vmax, long t, double lr,
                          double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                          boolean decoupled) {
        for (int i = 0; i < w.length; i++) {
            double d = g[i];
            if (decoupled) {
                w[i] = w[i] - lr * weightDecay * w[i];                 // w ← w − ηλw
            } else {
                d = d + weightDecay * w[i];                            // g ← g + λw
            }
            m[i] = beta1 * m[i] + (1 - beta1) * d;                     // m ← β₁m + (1 − β₁)g
            v[i] = beta2 * v[i] + (1 - beta2) * d * d;                 // v ← β₂v + (1 − β₂)g²
            double second = v[i];
            if (amsgrad) {
                vmax[i] = Math.max(vmax[i], v[i]);                     // vmax ← max(vmax, v)
                second = vmax[i];
            }
            double mHat = m[i] / (1 - Math.pow(beta1, t));             // m̂ = m/(1 − β₁ᵗ)
            double vHat = second / (1 - Math.pow(beta2, t));           // v̂ = v/(1 − β₂ᵗ)
            w[i] = w[i] - lr * mHat / (Math.sqrt(vHat) + eps);         // w ← w − η m̂/(√v̂ + ε)
        }
    }

    void referenceStep(double[] w, double[] g, double[] m, double[] v, double[] vmax, long t, double lr) {
        reference(w, g, m, v, vmax, t, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay,
                "amsgrad", amsgrad);
    }

    @Override
    public String toString() {
        return spec();
    }
}
