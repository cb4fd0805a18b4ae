package dev.descent.train;

import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.Penalty;
import dev.descent.tensor.Params;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import dev.descent.train.metric.Classification;
import dev.descent.train.metric.Regression;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Metrics of a model on a data set, with DESIGN.md's keys: {@code loss} (the data loss, without penalty),
 * {@code objective} (loss plus the L1/L2 penalty), {@code n} (rows), and {@code accuracy} (classification),
 * {@code precision}, {@code recall}, {@code f1} (binary), {@code mse}, {@code rmse}, {@code mae},
 * {@code r2} (regression).
 *
 * <p>Weighted rows ({@link Dataset#weights()}) always weigh the loss: the weighted mean {@code Σ w_i·ℓ_i / Σ w_i}.
 * {@link #evaluate(Stack, Params, Loss, Optional, Dataset)} counts every row once in the other metrics, as Keras'
 * {@code metrics} (training's reports and validation, which early stopping watches, use it);
 * {@link #evaluateWeighted} weighs them all, as Keras' {@code weighted_metrics} and scikit-learn's metrics with
 * {@code sample_weight} ({@link Classification}, {@link Regression} give the formulas), and adds {@code weight_sum}
 * ({@code Σ w_i}; {@code n} still counts rows). {@link #evaluateBoth} gives both from one forward pass.
 *
 * <p>Predicted classes: for {@code ce} the arg-max of the logits; for {@code bce} logit &gt; 0 (probability
 * &gt; 0.5); for {@code hinge} and {@code squared_hinge} decision value &gt; 0 (the same rule on one output).
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

    /**
     * A model's metrics on a set of rows, as Keras reports {@code metrics} and {@code weighted_metrics}.
     *
     * @param metrics  every metric that applies, the loss weighted by the rows' weights (if any), the others counting
     *                 every row once ({@link #evaluate(Stack, Params, Loss, Optional, Dataset)})
     * @param weighted with weighted rows, every metric weighted by them, and {@code weight_sum}
     *                 ({@link #evaluateWeighted}); empty for unweighted rows
     */
    public record Results(Map<String, Double> metrics, Optional<Map<String, Double>> weighted) {
    }

    /**
     * Every metric that applies, for {@code data} under {@code loss} and the optional {@code penalty}: the loss
     * weighted by the rows' weights, if any, the other metrics counting every row once.
     */
    public static Map<String, Double> evaluate(Stack stack, Params params, Loss loss, Optional<Penalty> penalty, Dataset data) {
        return evaluateBoth(stack, params, loss, penalty, data).metrics();
    }

    /**
     * Every metric that applies, each weighted by the rows' weights (every row weighs 1 without them): the loss as in
     * {@link #evaluate(Stack, Params, Loss, Optional, Dataset)}, the others as scikit-learn's metrics with
     * {@code sample_weight}, then {@code weight_sum} = {@code Σ w_i} when the rows have weights. The weights must have
     * a positive sum.
     */
    public static Map<String, Double> evaluateWeighted(Stack stack, Params params, Loss loss, Optional<Penalty> penalty,
                                                       Dataset data) {
        Results both = evaluateBoth(stack, params, loss, penalty, data);
        return both.weighted().orElse(both.metrics());
    }

    /**
     * {@link #evaluate(Stack, Params, Loss, Optional, Dataset)}'s and, for weighted rows, {@link #evaluateWeighted}'s
     * metrics from one forward pass; rows that need not fit in memory (a {@code .dsc} file, weighted or not) are read
     * a chunk at a time ({@link #evaluate(Stack, Params, Loss, Optional, RowSource)}).
     */
    public static Results evaluateBoth(Stack stack, Params params, Loss loss, Optional<Penalty> penalty, RowSource rows) {
        if (!(rows instanceof Dataset data)) {
            return streamed(stack, params, loss, penalty, rows);
        }
        Tensor outputs = outputs(stack, params, data.x());
        double dataLoss = lossOf(loss, outputs, data.y(), data.weights());
        return new Results(metricsOf(outputs, dataLoss, data, Optional.empty(), penalty, params),
                data.weights().map(w -> metricsOf(outputs, dataLoss, data, Optional.of(w.toDoubleArray()), penalty, params)));
    }

    /**
     * The metrics of {@code outputs} on {@code data} with the data loss given, the others weighted by
     * {@code metricWeights} if given (and then {@code weight_sum} added), else counting rows.
     */
    private static Map<String, Double> metricsOf(Tensor outputs, double dataLoss, Dataset data,
                                                 Optional<double[]> metricWeights, Optional<Penalty> penalty, Params params) {
        Map<String, Double> m;
        if (data.task().isClassification()) {
            m = metrics(dataLoss, classification(outputs, data, metricWeights), null, data.size(), penalty, params);
        } else {
            double[] fitted = firstColumn(outputs);
            double[] targets = data.y().toDoubleArray();
            Regression r = metricWeights.map(w -> Regression.of(fitted, targets, w))
                    .orElseGet(() -> Regression.of(fitted, targets));
            m = metrics(dataLoss, null, r, data.size(), penalty, params);
        }
        if (metricWeights.isPresent()) {
            m.put("weight_sum", data.totalWeight());
        }
        return m;
    }

    /**
     * The confusion matrix of a classifier's {@code outputs} on {@code data}'s rows (at least 2 classes), each row
     * counted by its weight, once without weights: the matrix behind {@link #evaluateWeighted}'s figures.
     */
    public static Classification classification(Tensor outputs, Dataset data) {
        return classification(outputs, data, data.weights().map(Tensor::toDoubleArray));
    }

    private static Classification classification(Tensor outputs, Dataset data, Optional<double[]> weights) {
        int[] predicted = predictedClasses(outputs);
        int[] actual = data.labels();
        int classes = Math.max(2, data.numClasses());
        return weights.map(w -> Classification.of(predicted, actual, classes, w))
                .orElseGet(() -> Classification.of(predicted, actual, classes));
    }

    /**
     * {@link #evaluate(Stack, Params, Loss, Optional, Dataset)} on rows that need not fit in memory (a {@code .dsc}
     * file, weighted or not), read {@link #CHUNK} at a time into running totals, in constant memory. The loss is the
     * mean of the chunks' losses weighted by their rows' total weights (their row counts when unweighted) and R²
     * combines the chunks' target means and squares (Chan et al.), so the figures equal the in-memory ones up to the
     * order of their sums.
     */
    public static Map<String, Double> evaluate(Stack stack, Params params, Loss loss, Optional<Penalty> penalty,
                                               RowSource rows) {
        if (rows instanceof Dataset d) {
            return evaluate(stack, params, loss, penalty, d);
        }
        return streamed(stack, params, loss, penalty, rows).metrics();
    }

    /**
     * {@link #evaluateBoth} on rows read a chunk at a time: the metrics counting rows and, for weighted rows, every
     * metric weighted (the confusion matrix summing weights, the regression totals weighted) with {@code weight_sum}.
     */
    private static Results streamed(Stack stack, Params params, Loss loss, Optional<Penalty> penalty, RowSource rows) {
        int n = rows.size();
        boolean classification = rows.task().isClassification();
        int classes = Math.max(2, rows.classes().size());
        boolean weighted = rows.weighted();
        double[][] confusion = new double[classes][classes];
        double[][] weightedConfusion = new double[classes][classes];
        RegressionTotals regression = new RegressionTotals();
        RegressionTotals weightedRegression = new RegressionTotals();
        int[] order = new int[Math.min(CHUNK, n)];
        double meanLoss = 0;
        double weightSoFar = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            for (int i = 0; i < count; i++) {
                order[i] = from + i;
            }
            Tensor x = Tensor.zeros(rows.dtype(), count, rows.features());
            Tensor y = Tensor.zeros(new Shape(rows.targetDims(count)), rows.dtype());
            Optional<Tensor> w = weighted ? Optional.of(Tensor.zeros(rows.dtype(), count)) : Optional.empty();
            if (weighted) {
                rows.gather(order, 0, count, x, y, w.get());
            } else {
                rows.gather(order, 0, count, x, y);
            }
            Tensor out = stack.predict(x, params);
            // the chunks' mean losses, each weighted by its rows' total weight (its row count when unweighted)
            double chunkWeight = w.map(Tensor::sumAll).orElse((double) count);
            weightSoFar += chunkWeight;
            if (chunkWeight > 0) {
                meanLoss += (lossOf(loss, out, y, w) - meanLoss) * (chunkWeight / weightSoFar);
            }
            double[] ones = new double[count];
            Arrays.fill(ones, 1);
            double[] rowWeights = w.map(Tensor::toDoubleArray).orElse(ones);
            if (classification) {
                int[] predicted = predictedClasses(out);
                for (int i = 0; i < count; i++) {
                    confusion[(int) y.at(i)][predicted[i]]++;
                    weightedConfusion[(int) y.at(i)][predicted[i]] += rowWeights[i];
                }
            } else {
                double[] fitted = firstColumn(out);
                double[] targets = y.toDoubleArray();
                regression.add(fitted, targets, ones);
                weightedRegression.add(fitted, targets, rowWeights);
            }
        }
        Map<String, Double> counted = classification
                ? metrics(meanLoss, new Classification(confusion), null, n, penalty, params)
                : metrics(meanLoss, null, regression.metrics(), n, penalty, params);
        if (!weighted) {
            return new Results(counted, Optional.empty());
        }
        Map<String, Double> weighed = classification
                ? metrics(meanLoss, new Classification(weightedConfusion), null, n, penalty, params)
                : metrics(meanLoss, null, weightedRegression.metrics(), n, penalty, params);
        weighed.put("weight_sum", weightSoFar);
        return new Results(counted, Optional.of(weighed));
    }

    /**
     * Running sums of a regression's weighted residuals and of its targets' weighted mean and squared deviations, chunk
     * by chunk (Chan et al.'s pairwise update, with weight sums for counts); a chunk of weight 0 adds nothing. With
     * every weight 1 the sums are the unweighted ones, bit for bit.
     */
    private static final class RegressionTotals {
        private double weight;
        private double squared;
        private double absolute;
        private double mean;
        private double deviations;

        void add(double[] predicted, double[] actual, double[] weights) {
            int m = actual.length;
            double chunkWeight = 0;
            double chunkMean = 0;
            for (int i = 0; i < m; i++) {
                double r = predicted[i] - actual[i];
                squared += weights[i] * (r * r);
                absolute += weights[i] * Math.abs(r);
                chunkMean += weights[i] * actual[i];
                chunkWeight += weights[i];
            }
            if (!(chunkWeight > 0)) {
                return;
            }
            chunkMean /= chunkWeight;
            double chunkDeviations = 0;
            for (int i = 0; i < m; i++) {
                double d = actual[i] - chunkMean;
                chunkDeviations += weights[i] * (d * d);
            }
            double delta = chunkMean - mean;
            double total = weight + chunkWeight;
            deviations += chunkDeviations + delta * delta * (weight * chunkWeight / total);
            mean += delta * chunkWeight / total;
            weight = total;
        }

        Regression metrics() {
            double mse = squared / weight;
            return new Regression(mse, Math.sqrt(mse), absolute / weight, deviations == 0 ? Double.NaN : 1 - squared / deviations);
        }
    }

    /** The metric map of a data loss and either a classification's or a regression's figures. */
    private static Map<String, Double> metrics(double dataLoss, Classification c, Regression r, int n,
                                               Optional<Penalty> penalty, Params params) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", dataLoss);
        m.put("objective", dataLoss + penalty.map(p -> p.value(params)).orElse(0.0));
        if (c != null) {
            m.put("accuracy", c.accuracy());
            if (c.classes() == 2) {
                m.put("precision", c.precision());
                m.put("recall", c.recall());
                m.put("f1", c.f1());
            }
        } else {
            m.put("mse", r.mse());
            m.put("rmse", r.rmse());
            m.put("mae", r.mae());
            m.put("r2", r.r2());
        }
        m.put("n", (double) n);
        return m;
    }

    /**
     * The mean loss of precomputed outputs, weighted by {@code weights} when present (the loss functions are batch
     * means, so one call covers all rows).
     */
    static double lossOf(Loss loss, Tensor outputs, Tensor targets, Optional<Tensor> weights) {
        Tape tape = new Tape();
        Node out = tape.constant(outputs);
        return weights.map(w -> loss.apply(out, targets, w)).orElseGet(() -> loss.apply(out, targets)).value().item();
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
