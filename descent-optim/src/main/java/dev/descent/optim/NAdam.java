package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * NAdam: Adam with Nesterov momentum and a momentum schedule (Dozat, 2016), as {@code torch.optim.NAdam} in
 * PyTorch 2.x.
 *
 * <h2>Update</h2>
 * State: step {@code t = 0}, scalar {@code mu_product} (Π = 1), slots {@code exp_avg} (m = 0) and
 * {@code exp_avg_sq} (v = 0). With η = {@code lr}, β₁ = {@code beta1}, β₂ = {@code beta2}, ε = {@code eps},
 * ψ = {@code momentum_decay}, λ = {@code weight_decay}, at step t = 1, 2, ...:
 * <pre>
 *   g ← g + λ·w                       (only if λ ≠ 0)
 *   μ  = β₁·(1 − ½·0.96^(t·ψ))
 *   μ' = β₁·(1 − ½·0.96^((t + 1)·ψ))
 *   Π ← Π·μ                           (Π' = Π·μ')
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   denom = √(v / (1 − β₂ᵗ)) + ε
 *   w ← w − η·(1 − μ)/(1 − Π) · g / denom
 *   w ← w − η·μ'/(1 − Π') · m / denom
 * </pre>
 *
 * <h2>Defaults</h2>
 * <ul><li>lr {@value #DEFAULT_LR}</li><li>beta1 {@value #DEFAULT_BETA1}</li><li>beta2 {@value #DEFAULT_BETA2}</li>
 * <li>eps {@value #DEFAULT_EPS}</li><li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li>
 * <li>momentum_decay {@value #DEFAULT_MOMENTUM_DECAY}</li></ul>
 *
 * <h2>Conventions</h2>
 * Follows PyTorch 2.x; PyTorch 1.13's default single-tensor path multiplied an extra μ into the product
 * (fixed by PR #92699). Keras uses {@code β₁(1 − ½·0.96^t)} without ψ, so μ reaches β₁ within about 100 steps
 * (η 1e-3, ε 1e-7); optax's {@code nadam} has no μ schedule (constant β₁); DL4J has no schedule and does not
 * bias-correct v. Π is kept in float64 even for float32 params (PyTorch keeps it in the default dtype).
 * PyTorch 2.x's {@code decoupled_weight_decay} option is not offered.
 *
 * @param lr learning rate η
 * @param beta1 β₁, in [0, 1)
 * @param beta2 β₂, in [0, 1)
 * @param eps ε added to the denominator
 * @param weightDecay L2 factor λ added to the gradient
 * @param momentumDecay ψ of the momentum schedule
 * @see <a href="https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ">T. Dozat, "Incorporating Nesterov
 *      Momentum into Adam", ICLR 2016 Workshop</a>
 */
public record NAdam(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay)
        implements Optimizer {

    /** The spec name. */
    public static final String NAME = "nadam";
    public static final double DEFAULT_LR = 0.002;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    public static final double DEFAULT_MOMENTUM_DECAY = 0.004;
    /** Slot of the first moment m. */
    public static final String EXP_AVG = "exp_avg";
    /** Slot of the second moment v. */
    public static final String EXP_AVG_SQ = "exp_avg_sq";
    private static final String[] SLOTS = {EXP_AVG, EXP_AVG_SQ};
    /** Scalar Π, the product of the μ so far. */
    public static final String MU_PRODUCT = "mu_product";

    public NAdam {
        Adam.validate(NAME, lr, beta1, beta2, eps, weightDecay);
        Updates.atLeastZero(NAME, "momentum_decay", momentumDecay);
    }

    /** NAdam with PyTorch's defaults. */
    public static NAdam defaults() {
        return new NAdam(DEFAULT_LR, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY, DEFAULT_MOMENTUM_DECAY);
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
        return Updates.zeroState(params, Map.of(MU_PRODUCT, 1.0), EXP_AVG, EXP_AVG_SQ);
    }

    /** μ at step t. */
    double mu(long t) {
        return beta1 * (1. - 0.5 * Math.pow(0.96, t * momentumDecay));
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        Updates.checkLr(NAME, lr);
        Updates.Bound bound = Updates.bind(NAME, state, params, grads, SLOTS);
        double muProduct = state.scalar(MU_PRODUCT);
        long t = state.advance();
        double bc2 = Updates.biasCorrection(beta2, t);
        double mu = mu(t);
        double muNext = mu(t + 1);
        muProduct = muProduct * mu;
        state.setScalar(MU_PRODUCT, muProduct);
        double muProductNext = muProduct * muNext;
        double gradCoef = -lr * (1. - mu) / (1. - muProduct);
        double avgCoef = -lr * muNext / (1. - muProductNext);
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
                double denom = Math.sqrt(vi / bc2) + eps;
                wi = wi + gradCoef * gi / denom;
                w.set(i, wi + avgCoef * mi / denom);
            }
        }
    }

    /** The equations over one tensor, literally; {@code muProduct[0]} is Π, updated. */
    void referenceStep(double[] w, double[] g, double[] m, double[] v, double[] muProduct, long t, double lr) {
        double mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));            // μ_t
        double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * momentumDecay));  // μ_{t+1}
        muProduct[0] = muProduct[0] * mu;                                              // Π ← Π·μ_t
        double muProductNext = muProduct[0] * muNext;                                  // Π·μ_{t+1}
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + weightDecay * w[i];                                      // g ← g + λw
            m[i] = beta1 * m[i] + (1 - beta1) * d;                                     // m ← β₁m + (1 − β₁)g
            v[i] = beta2 * v[i] + (1 - beta2) * d * d;                                 // v ← β₂v + (1 − β₂)g²
            double vHat = v[i] / (1 - Math.pow(beta2, t));                             // v̂
            double mHat = muNext * m[i] / (1 - muProductNext) + (1 - mu) * d / (1 - muProduct[0]);
            w[i] = w[i] - lr * mHat / (Math.sqrt(vHat) + eps);                         // w ← w − η m̂/(√v̂ + ε)
        }
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay,
                "momentum_decay", momentumDecay);
    }

    @Override
    public String toString() {
        return spec();
    }
}
