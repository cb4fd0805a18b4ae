package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * Gradient descent with momentum as an exponential moving average of the gradients, the textbook form
 * taught in Andrew Ng's courses (and the seeds of this project); not a {@code torch.optim} class.
 *
 * <h2>Update</h2>
 * State: step {@code t = 0}, slot {@code velocity} (v = 0). With η = {@code lr}, β = {@code beta},
 * λ = {@code weight_decay}:
 * <pre>
 *   g ← g + λ·w                       (only if λ ≠ 0)
 *   v ← β·v + (1 − β)·g
 *   w ← w − η·v
 * </pre>
 *
 * <h2>Defaults</h2>
 * <ul><li>lr: required</li><li>beta {@value #DEFAULT_BETA}</li><li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li></ul>
 *
 * <h2>Conventions</h2>
 * No bias correction: the early steps are short by the factor {@code 1 − βᵗ}. In exact arithmetic
 * {@code v = (1 − β)·b} where b is PyTorch's buffer, so this equals {@code sgd(lr=η·(1 − β), momentum=β)}
 * (dampening 0); it is <em>not</em> {@code sgd(momentum=β, dampening=β)}, whose buffer starts as the raw first
 * gradient. Keras, scikit-learn and DJL put η inside the velocity ({@code v ← μv − ηg}) and do not damp the
 * gradient.
 *
 * @param lr learning rate η
 * @param beta averaging factor β in [0, 1)
 * @param weightDecay L2 factor λ added to the gradient
 * @see <a href="https://www.coursera.org/learn/deep-neural-network">A. Ng, "Improving Deep Neural Networks:
 *      Gradient descent with momentum", deeplearning.ai, 2017</a>
 */
public record Momentum(double lr, double beta, double weightDecay) implements Optimizer {

    /** The spec name. */
    public static final String NAME = "momentum";
    public static final double DEFAULT_BETA = 0.9;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    /** Slot of the moving average v. */
    public static final String VELOCITY = "velocity";
    private static final String[] SLOTS = {VELOCITY};

    public Momentum {
        Updates.atLeastZero(NAME, "lr", lr);
        Updates.halfOpenUnit(NAME, "beta", beta);
        Updates.atLeastZero(NAME, "weight_decay", weightDecay);
    }

    /** Momentum with learning rate {@code lr} and the default beta. */
    public static Momentum of(double lr) {
        return new Momentum(lr, DEFAULT_BETA, DEFAULT_WEIGHT_DECAY);
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
        return Updates.zeroState(params, Map.of(), VELOCITY);
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        Updates.checkLr(NAME, lr);
        Updates.Bound bound = Updates.bind(NAME, state, params, grads, SLOTS);
        state.advance();
        for (int p = 0; p < bound.count(); p++) {
            Tensor w = bound.w[p];
            Tensor g = bound.grad(grads, p);
            Tensor v = bound.s[0][p];
            for (int i = 0, n = w.size(); i < n; i++) {
                double wi = w.at(i);
                double gi = weightDecay != 0 ? g.at(i) + weightDecay * wi : g.at(i);
                double vi = beta * v.at(i) + (1 - beta) * gi;
                v.set(i, vi);
                w.set(i, wi - lr * vi);
            }
        }
    }

    void referenceStep(double[] w, double[] g, double[] v, long t, double lr) {
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + weightDecay * w[i];       // g ← g + λw
            v[i] = beta * v[i] + (1 - beta) * d;        // v ← βv + (1 − β)g
            w[i] = w[i] - lr * v[i];                    // w ← w − ηv
        }
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("lr", lr, "beta", beta, "weight_decay", weightDecay);
    }

    @Override
    public String toString() {
        return spec();
    }
}
