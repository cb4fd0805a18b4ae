package dev.descent.io;

import dev.descent.data.Standardizer;
import dev.descent.data.Task;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Dropout;
import dev.descent.nn.Initializer;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.L1;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Penalty;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Models for the io tests. */
final class Fixtures {

    static final int FEATURES = 4;

    private Fixtures() {
    }

    /** Dense(8, tanh) + Dropout + Dense(5, relu, custom initializers) + Dense(3): a multiclass classifier. */
    static Stack classifierStack() {
        return Stack.of(Dense.of(8, Activation.TANH), Dropout.of(0.25),
                new Dense("hidden", 5, Activation.LEAKY_RELU, Initializer.uniform(0.3), Initializer.constant(0.01)),
                Dense.of(3));
    }

    static Map<String, Object> training() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("optimizer", "adam(lr=0.001)");
        t.put("schedule", null);
        t.put("seed", 42);
        t.put("epochs", 10);
        t.put("batch_size", 32);
        t.put("big", 1L << 40);
        t.put("validation_split", 0.2);
        t.put("shuffle", true);
        t.put("data", Map.of("source", "builtin:iris"));
        t.put("hidden", List.of(8, 5));
        t.put("created", "2025-01-01T00:00:00Z");
        return t;
    }

    /** A classifier with parameters from {@code seed}. */
    static SavedModel classifier(DType dtype, Optional<Standardizer> s, Optional<Penalty> penalty, long seed) {
        Stack stack = classifierStack();
        Params params = stack.init(FEATURES, dtype, Rng.seeded(seed).fork("init"));
        return new SavedModel(stack, FEATURES, dtype, params, s,
                List.of("sepal_length", "sepal width", "ünïcode \"quoted\"", "d"), "species", Task.MULTICLASS,
                List.of("setosa", "versicolor", "virginica"), "ce", penalty, training());
    }

    /** A regression model without dropout. */
    static SavedModel regression(DType dtype) {
        Stack stack = Stack.of(Dense.of(6, Activation.RELU), Dense.of(1));
        Params params = stack.init(3, dtype, Rng.seeded(7).fork("init"));
        return new SavedModel(stack, 3, dtype, params, Optional.empty(), List.of("a", "b", "c"), "y",
                Task.REGRESSION, List.of(), "huber(delta=0.5)", Optional.of(new L2(1e-4)), Map.of());
    }

    /** Iris-like statistics. */
    static Standardizer standardizer() {
        return new Standardizer(new double[] {5.843333333333334, 3.0573333333333337, 3.7580000000000005, 1.1993333333333336},
                new double[] {0.8253012917851409, 0.4344109677354946, 1.759404065775303, 0.7596926279021594});
    }

    /** Statistics at the edges of the double range, to check that JSON keeps every bit. */
    static Standardizer extremeStandardizer() {
        return new Standardizer(new double[] {-0.0, 4.9E-324, 1e300, -Double.MAX_VALUE},
                new double[] {Double.MIN_NORMAL, 4.9E-324, 1e-300, 0.1 + 0.2});
    }

    static List<Optional<Penalty>> penalties() {
        return List.of(Optional.empty(), Optional.of(new L1(0.001)), Optional.of(new L2(1e-4)));
    }

    /** Rows of raw features spread over a wide range, float64. */
    static Tensor inputs(int rows, int features, long seed) {
        Rng rng = Rng.seeded(seed);
        double[] x = new double[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = 4 * rng.nextGaussian();
        }
        return Tensor.of(x, rows, features);
    }

    /** Every element of {@code p} replaced by {@code f(index)}: deterministic, distinct values. */
    static Params fill(Params p, double scale) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, Tensor> e : p.asMap().entrySet()) {
            Tensor t = Tensor.zeros(e.getValue().shape(), e.getValue().dtype());
            for (int i = 0; i < t.size(); i++) {
                t.set(i, scale * Math.sin(++k));
            }
            out.put(e.getKey(), t);
        }
        return Params.of(out);
    }
}
