package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * AdaGrad: per-coordinate step sizes from the sum of all squared gradients so far (Duchi, Hazan &amp; Singer,
 * 2011), as {@code torch.optim.Adagrad}.
 *
 * <h2>Update</h2>
 * State: step {@code t = 0}, slot {@code sum} (s, every element {@code initial_accumulator_value}). With
 * η = {@code lr}, δ = {@code lr_decay}, ε = {@code eps}, λ = {@code weight_decay}, at step t = 1, 2, ...:
 * <pre>
 *   g ← g + λ·w                       (only if λ ≠ 0)
 *   clr = η / (1 + (t − 1)·δ)
 *   s ← s + g²
 *   w ← w − clr·g / (√s + ε)
 * </pre>
 *
 * <h2>Defaults</h2>
 * <ul><li>lr {@value #DEFAULT_LR}</li><li>lr_decay {@value #DEFAULT_LR_DECAY}</li>
 * <li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li>
 * <li>initial_accumulator_value {@value #DEFAULT_INITIAL_ACCUMULATOR_VALUE}</li><li>eps {@value #DEFAULT_EPS}</li></ul>
 *
 * <h2>Conventions</h2>
 * ε outside the square root (PyTorch, DL4J, Tribuo). Keras and optax put ε inside ({@code √(s + ε)}, 1e-7)
 * and start the accumulator at 0.1 (Keras η 1e-3); DL4J starts it at ε (η 0.1, ε 1e-6); Tribuo's trainer
 * defaults are η 1.0, ε 0.1. Only PyTorch has {@code lr_decay}.
 *
 * @param lr learning rate η
 * @param lrDecay learning-rate decay δ
 * @param weightDecay L2 factor λ added to the gradient
 * @param initialAccumulatorValue starting value of every element of s
 * @param eps ε added to the denominator
 * @see <a href="https://jmlr.org/papers/v12/duchi11a.html">J. Duchi, E. Hazan, Y. Singer, "Adaptive
 *      Subgradient Methods for Online Learning and Stochastic Optimization", JMLR 12, 2011</a>
 */
public record Adagrad(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps)
        implements Optimizer {

    /** The spec name. */
    public static final String NAME = "adagrad";
    public static final double DEFAULT_LR = 0.01;
    public static final double DEFAULT_LR_DECAY = 0.0;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    public static final double DEFAULT_INITIAL_ACCUMULATOR_VALUE = 0.0;
    public static final double DEFAULT_EPS = 1e-10;
    /** Slot of the running sum s of squared gradients. */
    public static final String SUM = "sum";
    private static final String[] SLOTS = {SUM};

    public Adagrad {
        Updates.atLeastZero(NAME, "lr", lr);
        Updates.atLeastZero(NAME, "lr_decay", lrDecay);
        Updates.atLeastZero(NAME, "weight_decay", weightDecay);
        Updates.atLeastZero(NAME, "initial_accumulator_value", initialAccumulatorValue);
        Updates.atLeastZero(NAME, "eps", eps);
    }

    /** AdaGrad with PyTorch's defaults. */
    public static Adagrad defaults() {
        return new Adagrad(DEFAULT_LR, DEFAULT_LR_DECAY, DEFAULT_WEIGHT_DECAY, DEFAULT_INITIAL_ACCUMULATOR_VALUE, DEFAULT_EPS);
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
        OptimizerState state = Updates.zeroState(params, Map.of(), SUM);
        state.slot(SUM).asMap().values().forEach(s -> s.fill(initialAccumulatorValue));
        return state;
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        Updates.checkLr(NAME, lr);
        Updates.Bound bound = Updates.bind(NAME, state, params, grads, SLOTS);
        long t = state.advance();
        double clr = lr / (1 + (t - 1) * lrDecay);
        for (int p = 0; p < bound.count(); p++) {
            Tensor w = bound.w[p];
            Tensor g = bound.grad(grads, p);
            Tensor s = bound.s[0][p];
            for (int i = 0, n = w.size(); i < n; i++) {
                double wi = w.at(i);
                double gi = weightDecay != 0 ? g.at(i) + weightDecay * wi : g.at(i);
                double si = s.at(i) + gi * gi;
                s.set(i, si);
                w.set(i, wi + -clr * gi / (Math.sqrt(si) + eps));
            }
        }
    }

    void referenceStep(double[] w, double[] g, double[] sum, long t, double lr) {
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + weightDecay * w[i];                 // g ← g + λw
            double clr = lr / (1 + (t - 1) * lrDecay);            // clr = η/(1 + (t − 1)δ)
            sum[i] = sum[i] + d * d;                              // s ← s + g²
            w[i] = w[i] - clr * d / (Math.sqrt(sum[i]) + eps);    // w ← w − clr·g/(√s + ε)
        }
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("lr", lr, "lr_decay", lrDecay, "weight_decay", weightDecay,
                "initial_accumulator_value", initialAccumulatorValue, "eps", eps);
    }

    @Override
    public String toString() {
        return spec();
    }
}
