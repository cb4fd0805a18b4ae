package dev.descent.train;

import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.data.Task;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.Penalty;
import dev.descent.tensor.Params;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import dev.descent.train.metric.Classification;
import dev.descent.train.metric.Regression;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Metrics of a model on a data set, with DESIGN.md's keys: {@code loss} (the data loss, without penalty),
 * {@code objective} (loss plus the L1/L2 penalty), {@code n}, and {@code accuracy} (classification),
 * {@code precision}, {@code recall}, {@code f1} (binary), {@code mse}, {@code rmse}, {@code mae},
 * {@code r2} (regression).
 *
 * <p>Predicted classes: for {@code ce} the arg-max of the logits; for {@code bce} logit &gt; 0 (probability
 * &gt; 0.5).
 */
public final class Evaluation {

    /** Rows per forward pass: bounds memory on large data without changing any result. */
    static final int CHUNK = 4096;

    private Evaluation() {
    }

    /** The model's raw outputs (logits for classifiers) for every row, computed in chunks. */
    public static Tensor outputs(Stack stack, Params params, Tensor x) {
        int n = x.shape().dim(0);
        if (n <= CHUNK) {
            return stack.predict(x, params);
        }
        int features = x.shape().dim(1);
        Tensor out = null;
        for (int from = 0; from < n; from += CHUNK) {
            int rows = Math.min(CHUNK, n - from);
            Tensor chunk = Tensor.zeros(x.dtype(), rows, features);
            for (int i = 0; i < rows * features; i++) {
                chunk.set(i, x.at(from * features + i));
            }
            Tensor y = stack.predict(chunk, params);
            if (out == null) {
                out = Tensor.zeros(x.dtype(), n, y.shape().dim(1));
            }
            int width = y.shape().dim(1);
            for (int i = 0; i < rows * width; i++) {
                out.set(from * width + i, y.at(i));
            }
        }
        return out;
    }

    /** Class indices from classifier outputs: arg-max over classes, or logit &gt; 0 for one output. */
    public static int[] predictedClasses(Tensor outputs) {
        int n = outputs.shape().dim(0);
        int width = outputs.shape().dim(1);
        if (width == 1) {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = outputs.at(i) > 0 ? 1 : 0;
            }
            return out;
        }
        return outputs.argmax(1);
    }

    /** Every metric that applies, for {@code data} under {@code loss} and the optional {@code penalty}. */
    public static Map<String, Double> evaluate(Stack stack, Params params, Loss loss, Optional<Penalty> penalty, Dataset data) {
        return metrics(outputs(stack, params, data.x()), data.y(), data.task(), data.numClasses(), loss, penalty, params);
    }

    /**
     * {@link #evaluate(Stack, Params, Loss, Optional, Dataset)} on rows that need not fit in memory (a {@code .dsc}
     * file): they are read {@link #CHUNK} at a time, and only the outputs and targets of every row are kept.
     */
    public static Map<String, Double> evaluate(Stack stack, Params params, Loss loss, Optional<Penalty> penalty,
                                               RowSource rows) {
        if (rows instanceof Dataset d) {
            return evaluate(stack, params, loss, penalty, d);
        }
        int n = rows.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Tensor targets = Tensor.zeros(new Shape(rows.targetDims(n)), rows.dtype());
        int targetWidth = n == 0 ? 0 : targets.size() / n;
        Tensor outputs = null;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            Tensor x = Tensor.zeros(rows.dtype(), count, rows.features());
            Tensor y = Tensor.zeros(new Shape(rows.targetDims(count)), rows.dtype());
            rows.gather(order, from, from + count, x, y);
            Tensor out = stack.predict(x, params);
            int width = out.shape().dim(1);
            if (outputs == null) {
                outputs = Tensor.zeros(rows.dtype(), n, width);
            }
            copy(out, outputs, from * width);
            copy(y, targets, from * targetWidth);
        }
        return metrics(outputs, targets, rows.task(), rows.classes().size(), loss, penalty, params);
    }

    private static void copy(Tensor from, Tensor to, int offset) {
        for (int i = 0; i < from.size(); i++) {
            to.set(offset + i, from.at(i));
        }
    }

    private static Map<String, Double> metrics(Tensor outputs, Tensor targets, Task task, int classes, Loss loss,
                                               Optional<Penalty> penalty, Params params) {
        Map<String, Double> m = new LinkedHashMap<>();
        double dataLoss = lossOf(loss, outputs, targets);
        m.put("loss", dataLoss);
        m.put("objective", dataLoss + penalty.map(p -> p.value(params)).orElse(0.0));
        if (task.isClassification()) {
            int[] labels = new int[targets.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (int) targets.at(i);
            }
            Classification c = Classification.of(predictedClasses(outputs), labels, Math.max(2, classes));
            m.put("accuracy", c.accuracy());
            if (c.classes() == 2) {
                m.put("precision", c.precision());
                m.put("recall", c.recall());
                m.put("f1", c.f1());
            }
        } else {
            Regression r = Regression.of(firstColumn(outputs), targets.toDoubleArray());
            m.put("mse", r.mse());
            m.put("rmse", r.rmse());
            m.put("mae", r.mae());
            m.put("r2", r.r2());
        }
        m.put("n", (double) outputs.shape().dim(0));
        return m;
    }

    /** The mean loss of precomputed outputs (the loss functions are batch means, so one call covers all rows). */
    static double lossOf(Loss loss, Tensor outputs, Tensor targets) {
        Tape tape = new Tape();
        Node out = tape.constant(outputs);
        return loss.apply(out, targets).value().item();
    }

    private static double[] firstColumn(Tensor outputs) {
        int n = outputs.shape().dim(0);
        int width = outputs.shape().dim(1);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = outputs.at(i * width);
        }
        return out;
    }
}
