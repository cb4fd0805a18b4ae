package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The float32 fast loop of {@link Sgd} is bit-identical to the element-wise update it replaces. */
class SgdFloat32Test {

    private static Tensor random(int n, SplittableRandom r) {
        Tensor t = Tensor.zeros(new Shape(n), DType.FLOAT32);
        float[] f = t.floatData();
        for (int i = 0; i < n; i++) {
            f[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return t;
    }

    /** The element-wise loop over Tensor.at/set, as Sgd.update ran it for every dtype. */
    private static void elementWise(Tensor w, Tensor g, Tensor b, long t, double lr, double momentum,
                                    double dampening, boolean nesterov, double weightDecay) {
        for (int i = 0, n = w.size(); i < n; i++) {
            double wi = w.at(i);
            double gi = g.at(i);
            if (weightDecay != 0) {
                gi = gi + weightDecay * wi;
            }
            if (b != null) {
                double bi = t == 1 ? gi : momentum * b.at(i) + (1 - dampening) * gi;
                b.set(i, bi);
                gi = nesterov ? gi + momentum * bi : bi;
            }
            w.set(i, wi - lr * gi);
        }
    }

    @ParameterizedTest(name = "{0} elements, {1} threads")
    @CsvSource({"1037, 1", "200003, 1", "200003, 2"})
    void float32StepsMatchTheElementWiseUpdateBitForBit(int n, int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads); // 200,003 elements: 13 chunks of the pool, the last one partial
        try {
            steps(n);
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static void steps(int n) {
        Sgd[] configs = {new Sgd(0.01, 0.9, 0, false, 0), new Sgd(0.05, 0, 0, false, 0),
                new Sgd(0.02, 0.8, 0.1, false, 1e-3), new Sgd(0.03, 0.9, 0, true, 0), new Sgd(0.01, 0, 0, false, 0.01)};
        for (Sgd sgd : configs) {
            SplittableRandom r = new SplittableRandom(7);
            Params params = Params.builder().put("a", random(n, r)).put("b", random(3, r)).build();
            Tensor w = params.get("a").copy();
            Tensor w2 = params.get("b").copy();
            Tensor buf = Tensor.zeros(new Shape(n), DType.FLOAT32);
            Tensor buf2 = Tensor.zeros(new Shape(3), DType.FLOAT32);
            OptimizerState state = sgd.init(params);
            for (long t = 1; t <= 4; t++) {
                Params grads = Params.builder().put("a", random(n, r)).put("b", random(3, r)).build();
                sgd.step(params, grads, state, sgd.lr());
                boolean mom = sgd.momentum() != 0;
                elementWise(w, grads.get("a"), mom ? buf : null, t, sgd.lr(), sgd.momentum(), sgd.dampening(),
                        sgd.nesterov(), sgd.weightDecay());
                elementWise(w2, grads.get("b"), mom ? buf2 : null, t, sgd.lr(), sgd.momentum(), sgd.dampening(),
                        sgd.nesterov(), sgd.weightDecay());
                assertThat(params.get("a").bitEquals(w)).as("%s step %d", sgd, t).isTrue();
                assertThat(params.get("b").bitEquals(w2)).as("%s step %d", sgd, t).isTrue();
            }
        }
    }
}
