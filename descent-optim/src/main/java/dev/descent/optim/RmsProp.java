package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RMSprop: divide the gradient by a running root mean square of recent gradients (Tieleman &amp; Hinton,
 * 2012; the centered variant of Graves, 2013), as {@code torch.optim.RMSprop}.
 *
 * <h2>Update</h2>
 * State: step {@code t = 0}, slot {@code square_avg} (v = 0); with {@code centered} a slot {@code grad_avg}
 * (ḡ = 0); with {@code momentum &gt; 0} a slot {@code momentum_buffer} (b = 0). With η = {@code lr},
 * α = {@code alpha}, ε = {@code eps}, μ = {@code momentum}, λ = {@code weight_decay}:
 * <pre>
 *   g ← g + λ·w                       (only if λ ≠ 0)
 *   v ← α·v + (1 − α)·g²
 *   if centered:  ḡ ← α·ḡ + (1 − α)·g       avg = √(v − ḡ²) + ε
 *   else:                                   avg = √v + ε
 *   if μ &gt; 0:     b ← μ·b + g / avg          w ← w − η·b
 *   else:                                   w ← w − η·g / avg
 * </pre>
 *
 * <h2>Defaults</h2>
 * <ul><li>lr {@value #DEFAULT_LR}</li><li>alpha {@value #DEFAULT_ALPHA}</li><li>eps {@value #DEFAULT_EPS}</li>
 * <li>momentum {@value #DEFAULT_MOMENTUM}</li><li>centered {@value #DEFAULT_CENTERED}</li>
 * <li>weight_decay {@value #DEFAULT_WEIGHT_DECAY}</li></ul>
 *
 * <h2>Conventions</h2>
 * ε is added outside the square root (PyTorch, DL4J, Tribuo). Keras puts it inside ({@code √(v + ε)}) and
 * defaults to ρ = 0.9, η = 1e-3, ε = 1e-7; optax puts it inside by default; Smile also inside. Keras'
 * momentum accumulates {@code η·g/avg} (η inside the buffer). No library bias-corrects by default. PyTorch 2.x
 * updates ḡ with {@code lerp}, which this class follows.
 *
 * @param lr learning rate η
 * @param alpha smoothing constant α
 * @param eps ε added to the denominator
 * @param momentum momentum factor μ
 * @param centered normalize by the estimated variance instead of the second moment
 * @param weightDecay L2 factor λ added to the gradient
 * @see <a href="https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf">T. Tieleman,
 *      G. Hinton, "Lecture 6.5 - RMSprop: Divide the gradient by a running average of its recent magnitude",
 *      COURSERA: Neural Networks for Machine Learning, 2012</a>
 * @see <a href="https://arxiv.org/abs/1308.0850">A. Graves, "Generating Sequences With Recurrent Neural
 *      Networks", arXiv:1308.0850, 2013</a>
 */
public record RmsProp(double lr, double alpha, double eps, double momentum, boolean centered, double weightDecay)
        implements Optimizer {

    /** The spec name. */
    public static final String NAME = "rmsprop";
    public static final double DEFAULT_LR = 0.01;
    public static final double DEFAULT_ALPHA = 0.99;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_MOMENTUM = 0.0;
    public static final boolean DEFAULT_CENTERED = false;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    /** Slot of v, the running mean of g². */
    public static final String SQUARE_AVG = "square_avg";
    /** Slot of ḡ, the running mean of g (centered only). */
    public static final String GRAD_AVG = "grad_avg";
    /** Slot of b (momentum &gt; 0 only). */
    public static final String MOMENTUM_BUFFER = "momentum_buffer";
    /** The slots {@link #step} binds, by {@code (centered ? 2 : 0) + (momentum > 0 ? 1 : 0)}, in the order it checks them. */
    private static final String[][] SLOTS = {{SQUARE_AVG}, {SQUARE_AVG, MOMENTUM_BUFFER}, {SQUARE_AVG, GRAD_AVG},
            {SQUARE_AVG, GRAD_AVG, MOMENTUM_BUFFER}};

    public RmsProp {
        Updates.atLeastZero(NAME, "lr", lr);
        Updates.closedUnit(NAME, "alpha", alpha);
        Updates.atLeastZero(NAME, "eps", eps);
        Updates.atLeastZero(NAME, "momentum", momentum);
        Updates.atLeastZero(NAME, "weight_decay", weightDecay);
    }

    /** RMSprop with PyTorch's defaults. */
    public static RmsProp defaults() {
        return new RmsProp(DEFAULT_LR, DEFAULT_ALPHA, DEFAULT_EPS, DEFAULT_MOMENTUM, DEFAULT_CENTERED, DEFAULT_WEIGHT_DECAY);
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
        LinkedHashMap<String, Params> slots = new LinkedHashMap<>();
        slots.put(SQUARE_AVG, params.zerosLike());
        if (momentum > 0) {
            slots.put(MOMENTUM_BUFFER, params.zerosLike());
        }
        if (centered) {
            slots.put(GRAD_AVG, params.zerosLike());
        }
        return OptimizerState.of(0, Map.of(), slots);
    }

    @Override
    public void step(Params params, Params grads, OptimizerState state, double lr) {
        Updates.checkLr(NAME, lr);
        Updates.Bound bound = Updates.bind(NAME, state, params, grads, SLOTS[(centered ? 2 : 0) + (momentum > 0 ? 1 : 0)]);
        state.advance();
        for (int p = 0; p < bound.count(); p++) {
            Tensor w = bound.w[p];
            Tensor g = bound.grad(grads, p);
            Tensor v = bound.s[0][p];
            Tensor ga = centered ? bound.s[1][p] : null;
            Tensor b = momentum > 0 ? bound.s[centered ? 2 : 1][p] : null;
            for (int i = 0, n = w.size(); i < n; i++) {
                double wi = w.at(i);
                double gi = weightDecay != 0 ? g.at(i) + weightDecay * wi : g.at(i);
                double vi = alpha * v.at(i) + (1 - alpha) * gi * gi;
                v.set(i, vi);
                double avg;
                if (ga != null) {
                    double gai = Updates.lerp(ga.at(i), gi, 1 - alpha);
                    ga.set(i, gai);
                    avg = Math.sqrt(vi + -1 * gai * gai) + eps;
                } else {
                    avg = Math.sqrt(vi) + eps;
                }
                if (b != null) {
                    double bi = momentum * b.at(i) + gi / avg;
                    b.set(i, bi);
                    w.set(i, wi + -lr * bi);
                } else {
                    w.set(i, wi + -lr * gi / avg);
                }
            }
        }
    }

    /** The equations over one tensor, literally; absent slots may be null. */
    void referenceStep(double[] w, double[] g, double[] v, double[] gAvg, double[] buf, long t, double lr) {
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + weightDecay * w[i];                   // g ← g + λw
            v[i] = alpha * v[i] + (1 - alpha) * d * d;              // v ← αv + (1 − α)g²
            double avg;
            if (centered) {
                gAvg[i] = alpha * gAvg[i] + (1 - alpha) * d;        // ḡ ← αḡ + (1 − α)g
                avg = Math.sqrt(v[i] - gAvg[i] * gAvg[i]) + eps;    // √(v − ḡ²) + ε
            } else {
                avg = Math.sqrt(v[i]) + eps;                        // √v + ε
            }
            if (momentum > 0) {
                buf[i] = momentum * buf[i] + d / avg;               // b ← μb + g/avg
                w[i] = w[i] - lr * buf[i];                          // w ← w − ηb
            } else {
                w[i] = w[i] - lr * d / avg;                         // w ← w − ηg/avg
            }
        }
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("lr", lr, "alpha", alpha, "eps", eps, "momentum", momentum, "centered", centered,
                "weight_decay", weightDecay);
    }

    @Override
    public String toString() {
        return spec();
    }
}
