package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * RAdam: Adam with a rectified adaptive learning rate that falls back to bias-corrected momentum SGD while
 * the variance estimate is unreliable (Liu et al., 2020), as {@code torch.optim.RAdam}.
 *
 * <h2>Update</h2>
 * State: step {@code t = 0}, slots {@code exp_avg} (m = 0) and {@code exp_avg_sq} (v = 0). With
 * η = {@code lr}, β₁ = {@code beta1}, β₂ = {@code beta2}, ε = {@code eps}, λ = {@code weight_decay}:
 * <pre>
 *   g ← g + λ·w                       (only if λ ≠ 0)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   bc1 = 1 − β₁ᵗ      bc2 = 1 − β₂ᵗ      m̂ = m / bc1
 *   ρ∞ = 2/(1 − β₂) − 1
 *   ρ  = ρ∞ − 2·t·β₂ᵗ / bc2
 *   if ρ &gt; 5:
 *       r = √((ρ − 4)(ρ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ))
 *       w ← w − m̂·η·(√bc2 / (√v + ε))·r
 *   else:
 *       w ← w − m̂·η
 * </pre>
 *
 * <h2>Defaults</h2>
 * <ul><li>lr {@value #DEFAULT_LR}</li><li>beta1 {@value #DEFAULT_BETA1}</li><li>beta2 {@value #DEFAULT_BETA2}</li>
 * <li>eps {@value #DEFAULT_EPS}</li><li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li></ul>
 *
 * <h2>Conventions</h2>
 * ε is added to √v before bias correction (PyTorch). optax rectifies when {@code ρ ≥ 5} (not &gt;) and adds ε
 * after bias correction. With the defaults the first 5 steps take the un-adapted branch. PyTorch 2.x's
 * {@code decoupled_weight_decay} option is not offered.
 *
 * @param lr learning rate η
 * @param beta1 β₁, in [0, 1)
 * @param beta2 β₂, in [0, 1)
 * @param eps ε added to √v
 * @param weightDecay L2 factor λ added to the gradient
 * @see <a href="https://arxiv.org/abs/1908.03265">L. Liu, H. Jiang, P. He, W. Chen, X. Liu, J. Gao, J. Han,
 *      "On the Variance of the Adaptive Learning Rate and Beyond", ICLR 2020</a>
 */
public record RAdam(double lr, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {

    /** The spec name. */
    public static final String NAME = "radam";
    public static final double DEFAULT_LR = 0.001;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    /** Slot of the first moment m. */
    public static final String EXP_AVG = "exp_avg";
    /** Slot of the second moment v. */
    public static final String EXP_AVG_SQ = "exp_avg_sq";
    private static final String[] SLOTS = {EXP_AVG, EXP_AVG_SQ};

    public RAdam {
        Adam.validate(NAME, lr, beta1, beta2, eps, weightDecay);
    }

    /** RAdam with PyTorch's defaults. */
    public static RAdam defaults() {
        return new RAdam(DEFAULT_LR, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
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
        return Updates.zeroState(params, Map.of(), EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        Updates.checkLr(NAME, lr);
        Updates.Bound bound = Updates.bind(NAME, state, params, grads, SLOTS);
        long t = state.advance();
        double bc1 = Updates.biasCorrection(beta1, t);
        double bc2 = Updates.biasCorrection(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * t * Math.pow(beta2, t) / bc2;
        boolean rectify = rhoT > 5.0;
        double rect = rectify ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
        double bc2Sqrt = Math.sqrt(bc2);
        for (int p = 0; p < bound.count(); p++) {
            Tensor w = bound.w[p];
            Tensor g = bound.grad(grads, p);
            Tensor m = bound.s[0][p];
            Tensor v = bound.s[1][p];
            for (int i = 0, n = w.size(); i < n; i++) {
                double wi = w.at(i);
                double gi = weightDecay != 0 ? g.at(i) + weightDecay * wi : g.at(i);
                double mi = Updates.lerp(m.at(i), gi, 1 - beta1);
                double vi = beta2 * v.at(i) + (1 - beta2) * gi * gi;
                m.set(i, mi);
                v.set(i, vi);
                double mHat = mi / bc1;
                w.set(i, rectify ? wi - mHat * lr * (bc2Sqrt / (Math.sqrt(vi) + eps)) * rect : wi - mHat * lr);
            }
        }
    }

    void referenceStep(double[] w, double[] g, double[] m, double[] v, long t, double lr) {
        double rhoInf = 2 / (1 - beta2) - 1;                                            // ρ∞
        double rho = rhoInf - 2 * t * Math.pow(beta2, t) / (1 - Math.pow(beta2, t));    // ρ_t
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + weightDecay * w[i];                                       // g ← g + λw
            m[i] = beta1 * m[i] + (1 - beta1) * d;                                      // m ← β₁m + (1 − β₁)g
            v[i] = beta2 * v[i] + (1 - beta2) * d * d;                                  // v ← β₂v + (1 − β₂)g²
            double mHat = m[i] / (1 - Math.pow(beta1, t));                              // m̂
            if (rho > 5) {
                double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                double l = Math.sqrt(1 - Math.pow(beta2, t)) / (Math.sqrt(v[i]) + eps);  // adaptive lr
                w[i] = w[i] - lr * mHat * r * l;                                        // w ← w − η m̂ r l
            } else {
                w[i] = w[i] - lr * mHat;                                                // w ← w − η m̂
            }
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
