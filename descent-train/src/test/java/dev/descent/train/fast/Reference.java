package dev.descent.train.fast;

import dev.descent.data.BatchSize;
import dev.descent.data.Dataset;
import dev.descent.data.Task;
import dev.descent.nn.Layer;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizer;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import dev.descent.train.FitOptions;
import dev.descent.train.TrainState;
import dev.descent.train.Engine;
import dev.descent.train.Trainer;
import dev.descent.train.callback.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The general autograd trainer as the reference for the fused paths. */
final class Reference {

    private Reference() {
    }

    /** Trains {@code layers} with the general {@link Trainer} from {@code init} (copied); returns the final params. */
    static Params train(Stack stack, Params init, Loss loss, Optimizer optimizer, Dataset data, BatchSize batchSize,
                        int epochs, long seed) {
        Params params = init.copy();
        FitOptions options = FitOptions.builder().epochs(epochs).batchSize(batchSize).shuffle(true).seed(seed)
                .engine(Engine.TAPE).build();
        Trainer.fit(new Trainer.Run(stack, optimizer, loss, Optional.empty(), data, null, options),
                TrainState.initial(params, optimizer.init(params)), new History());
        return params;
    }

    static Params init(Stack stack, int features, DType dtype, long seed) {
        return stack.init(features, dtype, Rng.seeded(seed).fork("init"));
    }

    static Stack stack(Layer... layers) {
        return Stack.of(layers);
    }

    /** Random features in [-1, 1) and targets from {@code target(row)}. */
    static Dataset data(int n, int d, DType dtype, Task task, int classes, long seed, java.util.function.ToDoubleFunction<double[]> target) {
        java.util.Random r = new java.util.Random(seed);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double[] row = new double[d];
            for (int j = 0; j < d; j++) {
                row[j] = 2 * r.nextDouble() - 1;
                x[i * d + j] = row[j];
            }
            y[i] = target.applyAsDouble(row);
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        List<String> classNames = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            classNames.add("c" + c);
        }
        Tensor tx = Tensor.wrap(x, new Shape(n, d)).to(dtype);
        Tensor ty = Tensor.wrap(y, new Shape(n)).to(dtype);
        return new Dataset(tx, ty, names, "y", task, classNames, "test");
    }

    /** Every element of {@code actual} within {@code relative · max|expected|} of {@code expected}. */
    static void assertClose(Params actual, Params expected, double relative) {
        assertClose(actual, expected, relative, 1e-300);
    }

    /**
     * Every element of {@code actual} within {@code relative · max(max|expected|, floor)} of {@code expected}: for
     * a tensor whose elements may be sums that cancel, whose round-off is that of the terms (of size {@code floor}).
     */
    static void assertClose(Params actual, Params expected, double relative, double floor) {
        assertThat(actual.names()).isEqualTo(expected.names());
        for (String name : expected.names()) {
            Tensor a = actual.get(name);
            Tensor e = expected.get(name);
            double scale = 0;
            for (int i = 0; i < e.size(); i++) {
                scale = Math.max(scale, Math.abs(e.at(i)));
            }
            double worst = 0;
            for (int i = 0; i < e.size(); i++) {
                worst = Math.max(worst, Math.abs(a.at(i) - e.at(i)));
            }
            assertThat(worst).as("%s: max |diff| vs scale %s", name, scale).isLessThanOrEqualTo(relative * Math.max(scale, floor));
        }
    }
}
