package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * Adamax: Adam with the infinity norm in place of the second moment (Kingma &amp; Ba, 2015, Section 7.1),
 * as {@code torch.optim.Adamax}.
 *
 * <h2>Update</h2>
 * State: step {@code t = 0}, slots {@code exp_avg} (m = 0) and {@code exp_inf} (u = 0). With η = {@code lr},
 * β₁ = {@code beta1}, β₂ = {@code beta2}, ε = {@code eps}, λ = {@code weight_decay}:
 * <pre>
 *   g ← g + λ·w                       (only if λ ≠ 0)
 *   m ← β₁·m + (1 − β₁)·g
 *   u ← max(β₂·u, |g| + ε)
 *   clr = η / (1 − β₁ᵗ)
 *   w ← w − clr·m / u
 * </pre>
 *
 * <h2>Defaults</h2>
 * <ul><li>lr {@value #DEFAULT_LR}</li><li>beta1 {@value #DEFAULT_BETA1}</li><li>beta2 {@value #DEFAULT_BETA2}</li>
 * <li>eps {@value #DEFAULT_EPS}</li><li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li></ul>
 *
 * <h2>Conventions</h2>
 * ε inside the max (PyTorch, optax). Keras adds it outside ({@code u ← max(β₂u, |g|)};
 * {@code w ← w − η·m/((1 − β₁ᵗ)(u + ε))}, η 1e-3, ε 1e-7); DL4J adds 1e-32 and uses its ε only as a fallback.
 *
 * @param lr learning rate η
 * @param beta1 decay β₁ of the first moment, in [0, 1)
 * @param beta2 decay β₂ of the infinity norm, in [0, 1)
 * @param eps ε added inside the max
 * @param weightDecay L2 factor λ added to the gradient
 * @see <a href="https://arxiv.org/abs/1412.6980">D. P. Kingma, J. Ba, "Adam: A Method for Stochastic
 *      Optimization", ICLR 2015, Section 7.1</a>
 */
public record Adamax(double lr, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {

    /** The spec name. */
    public static final String NAME = "adamax";
    public static final double DEFAULT_LR = 0.002;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    /** Slot of the first moment m. */
    public static final String EXP_AVG = "exp_avg";
    /** Slot of the exponentially weighted infinity norm u. */
    public static final String EXP_INF = "exp_inf";
    private static final String[] SLOTS = {EXP_AVG, EXP_INF};

    public Adamax {
        Adam.validate(NAME, lr, beta1, beta2, eps, weightDecay);
    }

    /** Adamax with PyTorch's defaults. */
    public static Adamax defaults() {
        return new Adamax(DEFAULT_LR, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
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
        return Updates.zeroState(params, Map.of(), EXP_AVG, EXP_INF);
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        Updates.checkLr(NAME, lr);
        Updates.Bound bound = Updates.bind(NAME, state, params, grads, SLOTS);
        long t = state.advance();
        double clr = lr / Updates.biasCorrection(beta1, t);
        for (int p = 0; p < bound.count(); p++) {
            Tensor w = bound.w[p];
            Tensor g = bound.grad(grads, p);
            Tensor m = bound.s[0][p];
            Tensor u = bound.s[1][p];
            for (int i = 0, n = w.size(); i < n; i++) {
                double wi = w.at(i);
                double gi = weightDecay != 0 ? g.at(i) + weightDecay * wi : g.at(i);
                double mi = Updates.lerp(m.at(i), gi, 1 - beta1);
                double ui = Math.max(u.at(i) * beta2, Math.abs(gi) + eps);
                m.set(i, mi);
                u.set(i, ui);
                w.set(i, wi + -clr * mi / ui);
            }
        }
    }

    void referenceStep(double[] w, double[] g, double[] m, double[] u, long t, double lr) {
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + weightDecay * w[i];                 // g ← g + λw
            m[i] = beta1 * m[i] + (1 - beta1) * d;                // m ← β₁m + (1 − β₁)g
            u[i] = Math.max(beta2 * u[i], Math.abs(d) + eps);     // u ← max(β₂u, |g| + ε)
            double clr = lr / (1 - Math.pow(beta1, t));           // clr = η/(1 − β₁ᵗ)
            w[i] = w[i] - clr * m[i] / u[i];                      // w ← w − clr·m/u
        }
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay);
    }

    @Override
    public String toString() {
        return spec();
    }
}
