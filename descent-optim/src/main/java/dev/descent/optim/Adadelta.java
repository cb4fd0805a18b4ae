package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * AdaDelta: step sizes from the ratio of running RMS of past updates to running RMS of gradients (Zeiler,
 * 2012), as {@code torch.optim.Adadelta}.
 *
 * <h2>Update</h2>
 * State: step {@code t = 0}, slots {@code square_avg} (E_g = 0) and {@code acc_delta} (E_Δ = 0). With
 * η = {@code lr}, ρ = {@code rho}, ε = {@code eps}, λ = {@code weight_decay}:
 * <pre>
 *   g ← g + λ·w                       (only if λ ≠ 0)
 *   E_g ← ρ·E_g + (1 − ρ)·g²
 *   Δ = √(E_Δ + ε) / √(E_g + ε) · g
 *   E_Δ ← ρ·E_Δ + (1 − ρ)·Δ²
 *   w ← w − η·Δ
 * </pre>
 *
 * <h2>Defaults</h2>
 * <ul><li>lr {@value #DEFAULT_LR}</li><li>rho {@value #DEFAULT_RHO}</li><li>eps {@value #DEFAULT_EPS}</li>
 * <li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li></ul>
 *
 * <h2>Conventions</h2>
 * The equations are the same in PyTorch, Keras, DL4J and Tribuo; the learning rate is not. Keras defaults
 * η to 1e-3 (ρ 0.95, ε 1e-7): 1000 times smaller steps than PyTorch's 1.0. DL4J, Tribuo and DJL have no η
 * (η ≡ 1, ρ 0.95).
 *
 * @param lr learning rate η (the paper has none: 1.0)
 * @param rho decay ρ of both running averages, in [0, 1]
 * @param eps ε inside both square roots
 * @param weightDecay L2 factor λ added to the gradient
 * @see <a href="https://arxiv.org/abs/1212.5701">M. D. Zeiler, "ADADELTA: An Adaptive Learning Rate Method",
 *      arXiv:1212.5701, 2012</a>
 */
public record Adadelta(double lr, double rho, double eps, double weightDecay) implements Optimizer {

    /** The spec name. */
    public static final String NAME = "adadelta";
    public static final double DEFAULT_LR = 1.0;
    public static final double DEFAULT_RHO = 0.9;
    public static final double DEFAULT_EPS = 1e-6;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    /** Slot of E_g, the running mean of g². */
    public static final String SQUARE_AVG = "square_avg";
    /** Slot of E_Δ, the running mean of Δ². */
    public static final String ACC_DELTA = "acc_delta";
    private static final String[] SLOTS = {SQUARE_AVG, ACC_DELTA};

    public Adadelta {
        Updates.atLeastZero(NAME, "lr", lr);
        Updates.closedUnit(NAME, "rho", rho);
        Updates.atLeastZero(NAME, "eps", eps);
        Updates.atLeastZero(NAME, "weight_decay", weightDecay);
    }

    /** AdaDelta with PyTorch's defaults. */
    public static Adadelta defaults() {
        return new Adadelta(DEFAULT_LR, DEFAULT_RHO, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
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
        return Updates.zeroState(params, Map.of(), SQUARE_AVG, ACC_DELTA);
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        Updates.checkLr(NAME, lr);
        Updates.Bound bound = Updates.bind(NAME, state, params, grads, SLOTS);
        state.advance();
        for (int p = 0; p < bound.count(); p++) {
            Tensor w = bound.w[p];
            Tensor g = bound.grad(grads, p);
            Tensor eg = bound.s[0][p];
            Tensor ed = bound.s[1][p];
            for (int i = 0, n = w.size(); i < n; i++) {
                double wi = w.at(i);
                double gi = weightDecay != 0 ? g.at(i) + weightDecay * wi : g.at(i);
                double egi = rho * eg.at(i) + (1 - rho) * gi * gi;
                eg.set(i, egi);
                double std = Math.sqrt(egi + eps);
                double delta = Math.sqrt(ed.at(i) + eps) / std * gi;
                ed.set(i, rho * ed.at(i) + (1 - rho) * delta * delta);
                w.set(i, wi + -lr * delta);
            }
        }
    }

    void referenceStep(double[] w, double[] g, double[] squareAvg, double[] accDelta, long t, double lr) {
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + weightDecay * w[i];                                      // g ← g + λw
            squareAvg[i] = rho * squareAvg[i] + (1 - rho) * d * d;                     // E_g ← ρE_g + (1 − ρ)g²
            double delta = Math.sqrt(accDelta[i] + eps) / Math.sqrt(squareAvg[i] + eps) * d; // Δ
            accDelta[i] = rho * accDelta[i] + (1 - rho) * delta * delta;               // E_Δ ← ρE_Δ + (1 − ρ)Δ²
            w[i] = w[i] - lr * delta;                                                  // w ← w − ηΔ
        }
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("lr", lr, "rho", rho, "eps", eps, "weight_decay", weightDecay);
    }

    @Override
    public String toString() {
        return spec();
    }
}
