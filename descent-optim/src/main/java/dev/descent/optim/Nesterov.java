package dev.descent.optim;

import dev.descent.tensor.Params;
import java.util.Map;

/**
 * SGD with Nesterov momentum, the short form of {@code sgd(lr, momentum, nesterov=true)}
 * (Nesterov, 1983, in the form of Sutskever et al., 2013, as {@code torch.optim.SGD(nesterov=True)}).
 *
 * <h2>Update</h2>
 * State: step {@code t = 0}, slot {@code momentum_buffer} (b). With η = {@code lr}, μ = {@code momentum},
 * λ = {@code weight_decay}, at step t = 1, 2, ...:
 * <pre>
 *   g ← g + λ·w                       (only if λ ≠ 0)
 *   b ← g                (t = 1)      b ← μ·b + g   (t &gt; 1)
 *   w ← w − η·(g + μ·b)
 * </pre>
 * Identical, bit for bit, to {@code sgd(lr=η, momentum=μ, nesterov=true, weight_decay=λ)}.
 *
 * <h2>Defaults</h2>
 * <ul><li>lr: required</li><li>momentum {@value #DEFAULT_MOMENTUM} (must be &gt; 0)</li>
 * <li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li></ul>
 *
 * <h2>Conventions</h2>
 * Every library rewrites Sutskever's look-ahead so that the gradient is taken at the current w; they agree for
 * a constant learning rate. Keras and scikit-learn ({@code v ← μv − ηg; w ← w + μv − ηg}) and DL4J
 * ({@code Nesterovs}, defaults η 0.1, μ 0.9) keep η inside the velocity, so they differ once η changes.
 *
 * @param lr learning rate η
 * @param momentum momentum factor μ (&gt; 0)
 * @param weightDecay L2 factor λ added to the gradient
 * @see <a href="https://proceedings.mlr.press/v28/sutskever13.html">I. Sutskever, J. Martens, G. Dahl,
 *      G. Hinton, "On the importance of initialization and momentum in deep learning", ICML 2013</a>
 */
public record Nesterov(double lr, double momentum, double weightDecay) implements Optimizer {

    /** The spec name. */
    public static final String NAME = "nesterov";
    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;

    public Nesterov {
        if (!(momentum > 0)) {
            throw Updates.invalid(NAME, "momentum", "must be > 0", momentum);
        }
        Sgd.validate(NAME, lr, momentum, 0, true, weightDecay);
    }

    /** Nesterov SGD with learning rate {@code lr} and the default momentum. */
    public static Nesterov of(double lr) {
        return new Nesterov(lr, DEFAULT_MOMENTUM, DEFAULT_WEIGHT_DECAY);
    }

    /** The equivalent long form. */
    public Sgd asSgd() {
        return new Sgd(lr, momentum, 0, true, weightDecay);
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
        return Updates.zeroState(params, Map.of(), Sgd.MOMENTUM_BUFFER);
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        Sgd.update(NAME, params, grads, state, lr, momentum, 0, true, weightDecay);
    }

    void referenceStep(double[] w, double[] g, double[] buf, long t, double lr) {
        Sgd.reference(w, g, buf, t, lr, momentum, 0, true, weightDecay);
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("lr", lr, "momentum", momentum, "weight_decay", weightDecay);
    }

    @Override
    public String toString() {
        return spec();
    }
}
