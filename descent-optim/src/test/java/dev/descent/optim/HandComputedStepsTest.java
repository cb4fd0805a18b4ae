package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first steps of every optimizer, and its main option combinations, on w = [1, -2, 0.5] with
 * g = 2·w + [0.1, -0.3, 0.2] (recomputed each step), checked to 1e-12 relative against the published
 * equations written out here in textbook form (β·m + (1 − β)·g, m̂ = m/(1 − β₁ᵗ), ...), independently of the
 * implementation and of PyTorch's op order. Params and state buffers are both checked.
 */
class HandComputedStepsTest {

    private static final double[] W0 = {1.0, -2.0, 0.5};
    private static final double[] C = {0.1, -0.3, 0.2};

    /** Computes the expected w (key "w") and slots after step t, from its own copy of w. */
    interface Hand {
        Map<String, double[]> step(int t);
    }

    private static double grad(double w, int i) {
        return 2 * w + C[i];
    }

    private static Map<String, double[]> expect(double[] w, Object... slots) {
        LinkedHashMap<String, double[]> m = new LinkedHashMap<>();
        m.put("w", w.clone());
        for (int i = 0; i < slots.length; i += 2) {
            m.put((String) slots[i], ((double[]) slots[i + 1]).clone());
        }
        return m;
    }

    private static void check(Optimizer opt, int steps, Hand hand) {
        Params params = Params.of("w", Tensor.vector(W0.clone()));
        OptimizerState state = opt.init(params);
        for (int t = 1; t <= steps; t++) {
            Tensor w = params.get("w");
            Tensor g = Tensor.vector(grad(w.at(0), 0), grad(w.at(1), 1), grad(w.at(2), 2));
            opt.step(params, Params.of("w", g), state);
            assertThat(state.step()).isEqualTo(t);
            for (Map.Entry<String, double[]> e : hand.step(t).entrySet()) {
                Tensor actual = e.getKey().equals("w") ? params.get("w") : state.slot(e.getKey()).get("w");
                for (int i = 0; i < 3; i++) {
                    double exp = e.getValue()[i];
                    assertThat(actual.at(i)).as("%s step %d %s[%d]", opt, t, e.getKey(), i)
                            .isCloseTo(exp, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(exp) + 1e-300));
                }
            }
        }
    }

    private static void check(Optimizer opt, Hand hand) {
        check(opt, 3, hand);
    }

    // ------------------------------------------------------------------ SGD

    @Test
    void sgd_plain_firstStepIsLiteral() {
        Params params = Params.of("w", Tensor.vector(W0.clone()));
        Optimizer opt = Optimizers.parse("sgd(lr=0.1)");
        opt.step(params, Params.of("w", Tensor.vector(2.1, -4.3, 1.2)), opt.init(params));
        // w ← w − η·g = [1 − 0.21, −2 + 0.43, 0.5 − 0.12]
        assertThat(params.get("w").at(0)).isCloseTo(0.79, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(params.get("w").at(1)).isCloseTo(-1.57, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(params.get("w").at(2)).isCloseTo(0.38, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void sgd_plain_matchesHandComputedValues() {
        double lr = 0.1;
        double[] w = W0.clone();
        check(Sgd.of(lr), t -> {
            for (int i = 0; i < 3; i++) {
                w[i] = w[i] - lr * grad(w[i], i);              // w ← w − ηg
            }
            return expect(w);
        });
    }

    private static void sgdCase(double lr, double mu, double tau, boolean nesterov, double wd) {
        double[] w = W0.clone();
        double[] b = new double[3];
        check(new Sgd(lr, mu, tau, nesterov, wd), t -> {
            for (int i = 0; i < 3; i++) {
                double g = grad(w[i], i) + wd * w[i];          // g ← g + λw
                b[i] = t == 1 ? g : mu * b[i] + (1 - tau) * g;  // b₁ = g₁; b ← μb + (1 − τ)g
                double d = nesterov ? g + mu * b[i] : b[i];    // Nesterov: g + μb
                w[i] = w[i] - lr * d;                          // w ← w − η·d
            }
            return expect(w, "momentum_buffer", b);
        });
    }

    @Test
    void sgd_momentum_matchesHandComputedValues() {
        sgdCase(0.1, 0.9, 0, false, 0);
    }

    @Test
    void sgd_momentumWithDampening_matchesHandComputedValues() {
        sgdCase(0.1, 0.9, 0.5, false, 0);
    }

    @Test
    void sgd_nesterov_matchesHandComputedValues() {
        sgdCase(0.1, 0.9, 0, true, 0);
    }

    @Test
    void sgd_momentumWeightDecay_matchesHandComputedValues() {
        sgdCase(0.05, 0.8, 0.1, false, 0.1);
    }

    @Test
    void sgd_plainWeightDecay_matchesHandComputedValues() {
        double lr = 0.1;
        double wd = 0.3;
        double[] w = W0.clone();
        check(new Sgd(lr, 0, 0, false, wd), t -> {
            for (int i = 0; i < 3; i++) {
                w[i] = w[i] - lr * (grad(w[i], i) + wd * w[i]);  // w ← w − η(g + λw)
            }
            return expect(w);
        });
    }

    @Test
    void nesterov_matchesHandComputedValues() {
        double lr = 0.1;
        double mu = 0.9;
        double[] w = W0.clone();
        double[] b = new double[3];
        check(Nesterov.of(lr), t -> {
            for (int i = 0; i < 3; i++) {
                double g = grad(w[i], i);
                b[i] = t == 1 ? g : mu * b[i] + g;             // b ← μb + g (b₁ = g₁)
                w[i] = w[i] - lr * (g + mu * b[i]);            // w ← w − η(g + μb)
            }
            return expect(w, "momentum_buffer", b);
        });
    }

    // ------------------------------------------------------------------ momentum (EMA)

    private static void momentumCase(double lr, double beta, double wd) {
        double[] w = W0.clone();
        double[] v = new double[3];
        check(new Momentum(lr, beta, wd), t -> {
            for (int i = 0; i < 3; i++) {
                double g = grad(w[i], i) + wd * w[i];
                v[i] = beta * v[i] + (1 - beta) * g;           // v ← βv + (1 − β)g, v₀ = 0
                w[i] = w[i] - lr * v[i];                       // w ← w − ηv
            }
            return expect(w, "velocity", v);
        });
    }

    @Test
    void momentum_default_matchesHandComputedValues() {
        momentumCase(0.1, 0.9, 0);
    }

    @Test
    void momentum_weightDecay_matchesHandComputedValues() {
        momentumCase(0.2, 0.7, 0.1);
    }

    // ------------------------------------------------------------------ RMSprop

    private static void rmspropCase(double lr, double alpha, double eps, double mu, boolean centered, double wd) {
        double[] w = W0.clone();
        double[] v = new double[3];
        double[] gbar = new double[3];
        double[] b = new double[3];
        check(new RmsProp(lr, alpha, eps, mu, centered, wd), t -> {
            for (int i = 0; i < 3; i++) {
                double g = grad(w[i], i) + wd * w[i];
                v[i] = alpha * v[i] + (1 - alpha) * g * g;     // v ← αv + (1 − α)g²
                double avg;
                if (centered) {
                    gbar[i] = alpha * gbar[i] + (1 - alpha) * g; // ḡ ← αḡ + (1 − α)g
                    avg = Math.sqrt(v[i] - gbar[i] * gbar[i]) + eps;
                } else {
                    avg = Math.sqrt(v[i]) + eps;               // ε outside the root
                }
                if (mu > 0) {
                    b[i] = mu * b[i] + g / avg;                // b ← μb + g/avg
                    w[i] = w[i] - lr * b[i];
                } else {
                    w[i] = w[i] - lr * g / avg;
                }
            }
            Map<String, double[]> m = expect(w, "square_avg", v);
            if (centered) {
                m.put("grad_avg", gbar.clone());
            }
            if (mu > 0) {
                m.put("momentum_buffer", b.clone());
            }
            return m;
        });
    }

    @Test
    void rmsprop_default_matchesHandComputedValues() {
        rmspropCase(0.01, 0.99, 1e-8, 0, false, 0);
    }

    @Test
    void rmsprop_centered_matchesHandComputedValues() {
        rmspropCase(0.01, 0.9, 1e-8, 0, true, 0);
    }

    @Test
    void rmsprop_momentum_matchesHandComputedValues() {
        rmspropCase(0.01, 0.99, 1e-8, 0.9, false, 0);
    }

    @Test
    void rmsprop_centeredMomentumWeightDecay_matchesHandComputedValues() {
        rmspropCase(0.02, 0.8, 1e-6, 0.5, true, 0.1);
    }

    // ------------------------------------------------------------------ Adam / AdamW

    private static void adamCase(Optimizer opt, double lr, double b1, double b2, double eps, double wd,
                                 boolean amsgrad, boolean decoupled) {
        double[] w = W0.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        double[] vmax = new double[3];
        check(opt, t -> {
            for (int i = 0; i < 3; i++) {
                double g = grad(w[i], i);
                if (decoupled) {
                    w[i] = w[i] - lr * wd * w[i];              // AdamW: w ← w − ηλw
                } else {
                    g = g + wd * w[i];                         // Adam: g ← g + λw
                }
                m[i] = b1 * m[i] + (1 - b1) * g;               // m ← β₁m + (1 − β₁)g
                v[i] = b2 * v[i] + (1 - b2) * g * g;           // v ← β₂v + (1 − β₂)g²
                vmax[i] = Math.max(vmax[i], v[i]);             // AMSGrad: max of the uncorrected v
                double mHat = m[i] / (1 - Math.pow(b1, t));    // m̂ = m/(1 − β₁ᵗ)
                double vHat = (amsgrad ? vmax[i] : v[i]) / (1 - Math.pow(b2, t));
                w[i] = w[i] - lr * mHat / (Math.sqrt(vHat) + eps);  // ε after bias correction
            }
            Map<String, double[]> r = expect(w, "exp_avg", m, "exp_avg_sq", v);
            if (amsgrad) {
                r.put("max_exp_avg_sq", vmax.clone());
            }
            return r;
        });
    }

    @Test
    void adam_firstStepIsSignDescent() {
        // m̂₁ = g, v̂₁ = g², so w₁ = w − η·g/(|g| + ε)
        Params params = Params.of("w", Tensor.vector(W0.clone()));
        Optimizer opt = Optimizers.parse("adam");
        opt.step(params, Params.of("w", Tensor.vector(2.1, -4.3, 1.2)), opt.init(params));
        assertThat(params.get("w").at(0)).isCloseTo(1 - 0.001 * 2.1 / (2.1 + 1e-8), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(params.get("w").at(1)).isCloseTo(-2 + 0.001 * 4.3 / (4.3 + 1e-8), org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void adam_default_matchesHandComputedValues() {
        adamCase(Adam.defaults(), 0.001, 0.9, 0.999, 1e-8, 0, false, false);
    }

    @Test
    void adam_weightDecay_matchesHandComputedValues() {
        adamCase(new Adam(0.01, 0.8, 0.99, 1e-8, 0.1, false), 0.01, 0.8, 0.99, 1e-8, 0.1, false, false);
    }

    @Test
    void adam_amsgradWithShrinkingGradients_matchesHandComputedValues() {
        // η = 0.5 and β₂ = 0.5 shrink g fast, so v falls and the max matters from step 2
        adamCase(new Adam(0.5, 0.9, 0.5, 1e-8, 0, true), 0.5, 0.9, 0.5, 1e-8, 0, true, false);
    }

    @Test
    void adamw_default_matchesHandComputedValues() {
        adamCase(AdamW.defaults(), 0.001, 0.9, 0.999, 1e-8, 0.01, false, true);
    }

    @Test
    void adamw_amsgradLargeDecay_matchesHandComputedValues() {
        adamCase(new AdamW(0.5, 0.9, 0.5, 1e-8, 0.1, true), 0.5, 0.9, 0.5, 1e-8, 0.1, true, true);
    }

    // ------------------------------------------------------------------ AdaGrad

    private static void adagradCase(double lr, double lrDecay, double wd, double acc0, double eps) {
        double[] w = W0.clone();
        double[] s = {acc0, acc0, acc0};
        check(new Adagrad(lr, lrDecay, wd, acc0, eps), t -> {
            for (int i = 0; i < 3; i++) {
                double g = grad(w[i], i) + wd * w[i];
                double clr = lr / (1 + (t - 1) * lrDecay);     // clr = η/(1 + (t − 1)δ)
                s[i] = s[i] + g * g;                           // s ← s + g²
                w[i] = w[i] - clr * g / (Math.sqrt(s[i]) + eps);
            }
            return expect(w, "sum", s);
        });
    }

    @Test
    void adagrad_default_matchesHandComputedValues() {
        adagradCase(0.01, 0, 0, 0, 1e-10);
    }

    @Test
    void adagrad_lrDecayInitialAccumulatorWeightDecay_matchesHandComputedValues() {
        adagradCase(0.1, 0.1, 0.1, 0.5, 1e-10);
    }

    // ------------------------------------------------------------------ AdaDelta

    private static void adadeltaCase(double lr, double rho, double eps, double wd) {
        double[] w = W0.clone();
        double[] eg = new double[3];
        double[] ed = new double[3];
        check(new Adadelta(lr, rho, eps, wd), t -> {
            for (int i = 0; i < 3; i++) {
                double g = grad(w[i], i) + wd * w[i];
                eg[i] = rho * eg[i] + (1 - rho) * g * g;       // E_g ← ρE_g + (1 − ρ)g²
                double delta = Math.sqrt(ed[i] + eps) / Math.sqrt(eg[i] + eps) * g;
                ed[i] = rho * ed[i] + (1 - rho) * delta * delta; // E_Δ ← ρE_Δ + (1 − ρ)Δ²
                w[i] = w[i] - lr * delta;
            }
            return expect(w, "square_avg", eg, "acc_delta", ed);
        });
    }

    @Test
    void adadelta_default_matchesHandComputedValues() {
        adadeltaCase(1.0, 0.9, 1e-6, 0);
    }

    @Test
    void adadelta_weightDecay_matchesHandComputedValues() {
        adadeltaCase(0.5, 0.8, 1e-4, 0.1);
    }

    // ------------------------------------------------------------------ Adamax

    private static void adamaxCase(double lr, double b1, double b2, double eps, double wd) {
        double[] w = W0.clone();
        double[] m = new double[3];
        double[] u = new double[3];
        check(new Adamax(lr, b1, b2, eps, wd), t -> {
            for (int i = 0; i < 3; i++) {
                double g = grad(w[i], i) + wd * w[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                u[i] = Math.max(b2 * u[i], Math.abs(g) + eps);  // ε inside the max
                w[i] = w[i] - lr / (1 - Math.pow(b1, t)) * m[i] / u[i];
            }
            return expect(w, "exp_avg", m, "exp_inf", u);
        });
    }

    @Test
    void adamax_default_matchesHandComputedValues() {
        adamaxCase(0.002, 0.9, 0.999, 1e-8, 0);
    }

    @Test
    void adamax_weightDecay_matchesHandComputedValues() {
        adamaxCase(0.1, 0.8, 0.5, 1e-3, 0.1);
    }

    // ------------------------------------------------------------------ NAdam

    private static void nadamCase(double lr, double b1, double b2, double eps, double wd, double psi) {
        double[] w = W0.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        double[] prod = {1.0};
        check(new NAdam(lr, b1, b2, eps, wd, psi), t -> {
            double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));          // μ_t
            double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi)); // μ_{t+1}
            prod[0] *= mu;                                                // Π_{i≤t} μ_i
            for (int i = 0; i < 3; i++) {
                double g = grad(w[i], i) + wd * w[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                // m̂ = μ_{t+1}m/(1 − Π_{i≤t+1}μ_i) + (1 − μ_t)g/(1 − Π_{i≤t}μ_i);  v̂ = v/(1 − β₂ᵗ)
                double mHat = muNext * m[i] / (1 - prod[0] * muNext) + (1 - mu) * g / (1 - prod[0]);
                double vHat = v[i] / (1 - Math.pow(b2, t));
                w[i] = w[i] - lr * mHat / (Math.sqrt(vHat) + eps);
            }
            return expect(w, "exp_avg", m, "exp_avg_sq", v);
        });
    }

    @Test
    void nadam_default_matchesHandComputedValues() {
        nadamCase(0.002, 0.9, 0.999, 1e-8, 0, 0.004);
    }

    @Test
    void nadam_momentumDecayWeightDecay_matchesHandComputedValues() {
        nadamCase(0.05, 0.8, 0.99, 1e-8, 0.1, 0.1);
    }

    @Test
    void nadam_muProduct_isTheProductOfMus() {
        NAdam opt = NAdam.defaults();
        Params params = Params.of("w", Tensor.vector(W0.clone()));
        OptimizerState state = opt.init(params);
        assertThat(state.scalar("mu_product")).isEqualTo(1.0);
        opt.step(params, Params.of("w", Tensor.vector(0.1, 0.2, 0.3)), state);
        opt.step(params, Params.of("w", Tensor.vector(0.1, 0.2, 0.3)), state);
        double mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004));
        double mu2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.008));
        assertThat(state.scalar("mu_product")).isCloseTo(mu1 * mu2, org.assertj.core.data.Offset.offset(1e-15));
    }

    // ------------------------------------------------------------------ RAdam

    private static void radamCase(int steps, double lr, double b1, double b2, double eps, double wd) {
        double[] w = W0.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        check(new RAdam(lr, b1, b2, eps, wd), steps, t -> {
            double rhoInf = 2 / (1 - b2) - 1;                                  // ρ∞
            double rho = rhoInf - 2 * t * Math.pow(b2, t) / (1 - Math.pow(b2, t)); // ρ_t
            for (int i = 0; i < 3; i++) {
                double g = grad(w[i], i) + wd * w[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                if (rho > 5) {
                    double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                    double l = Math.sqrt(1 - Math.pow(b2, t)) / (Math.sqrt(v[i]) + eps);
                    w[i] = w[i] - lr * mHat * r * l;                           // rectified step
                } else {
                    w[i] = w[i] - lr * mHat;                                   // momentum SGD step
                }
            }
            return expect(w, "exp_avg", m, "exp_avg_sq", v);
        });
    }

    @Test
    void radam_default_matchesHandComputedValues() {
        radamCase(3, 0.001, 0.9, 0.999, 1e-8, 0);
    }

    @Test
    void radam_rectifiedBranchFromStep6_matchesHandComputedValues() {
        // ρ_t ≤ t, so the rectified branch starts at t = 6 with the defaults' β₂
        radamCase(8, 0.01, 0.9, 0.999, 1e-8, 0.1);
    }
}
