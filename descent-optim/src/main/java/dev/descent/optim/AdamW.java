package dev.descent.optim;

import dev.descent.tensor.Params;
import java.util.Map;

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov &amp; Hutter, 2019), as {@code torch.optim.AdamW}.
 *
 * <h2>Update</h2>
 * State as {@link Adam}: step {@code t = 0}, slots {@code exp_avg} (m), {@code exp_avg_sq} (v), with
 * {@code amsgrad} {@code max_exp_avg_sq}. With η = {@code lr}, λ = {@code weight_decay}:
 * <pre>
 *   w ← w·(1 − η·λ)                   (decoupled: the gradient is not changed)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   vmax ← max(vmax, v)               (amsgrad; then vmax replaces v below)
 *   bc1 = 1 − β₁ᵗ      bc2 = 1 − β₂ᵗ
 *   w ← w − (η / bc1)·m / (√v / √bc2 + ε)
 * </pre>
 * With λ = 0 this is {@link Adam} bit for bit.
 *
 * <h2>Defaults</h2>
 * <ul><li>lr {@value #DEFAULT_LR}</li><li>beta1 {@value #DEFAULT_BETA1}</li><li>beta2 {@value #DEFAULT_BETA2}</li>
 * <li>eps {@value #DEFAULT_EPS}</li><li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li>
 * <li>amsgrad {@value #DEFAULT_AMSGRAD}</li></ul>
 *
 * <h2>Conventions</h2>
 * The decay is multiplied by the current (scheduled) η, as in PyTorch and Keras; the paper's schedule
 * multiplier is that η. optax's {@code adamw} adds {@code λ·w} to the scaled Adam direction before multiplying
 * by η (same result to first order) and defaults λ to 1e-4; Keras defaults λ to 0.004; DJL decays with the
 * scheduled η, not bias-corrected. Epsilon and AMSGrad as in {@link Adam}.
 *
 * @param lr learning rate η
 * @param beta1 decay β₁ of the first moment, in [0, 1)
 * @param beta2 decay β₂ of the second moment, in [0, 1)
 * @param eps ε added to the denominator
 * @param weightDecay decoupled decay factor λ
 * @param amsgrad keep the maximum of the second moment
 * @see <a href="https://arxiv.org/abs/1711.05101">I. Loshchilov, F. Hutter, "Decoupled Weight Decay
 *      Regularization", ICLR 2019</a>
 */
public record AdamW(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
        implements Optimizer {

    /** The spec name. */
    public static final String NAME = "adamw";
    public static final double DEFAULT_LR = 0.001;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
    public static final boolean DEFAULT_AMSGRAD = false;

    public AdamW {
        Adam.validate(NAME, lr, beta1, beta2, eps, weightDecay);
    }

    /** AdamW with PyTorch's defaults. */
    public static AdamW defaults() {
        return new AdamW(DEFAULT_LR, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY, DEFAULT_AMSGRAD);
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
        return Adam.initState(params, amsgrad);
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        Adam.update(NAME, params, grads, state, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }

    void referenceStep(double[] w, double[] g, double[] m, double[] v, double[] vmax, long t, double lr) {
        Adam.reference(w, g, m, v, vmax, t, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
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
