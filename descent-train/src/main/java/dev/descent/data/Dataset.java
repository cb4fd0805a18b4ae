package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table of examples in memory: features {@code x} of shape {@code [n, features]} and targets {@code y}.
 *
 * <p>For {@link Task#REGRESSION}, {@code y} has shape {@code [n]} (one output, the only kind the file readers
 * make) or {@code [n, outputs]}. For classification, {@code y} has shape {@code [n]} and holds class indices
 * {@code 0 .. k-1} as whole numbers of {@code x}'s dtype; {@code classes.get(i)} is the label text of class
 * {@code i} as the file wrote it, and {@code classes} is empty for regression. {@code x} and {@code y} have the
 * same dtype. {@code source} names where the data came from ({@code iris.csv}, {@code builtin:iris}).
 *
 * <p>Rows may carry <b>weights</b> ({@code [n]}, finite, non-negative, of {@code x}'s dtype): Keras'
 * {@code sample_weight}, Spark ML's {@code weightCol}. Training then minimizes each batch's weighted mean loss
 * ({@code Loss.apply(output, target, weights)}) and evaluation reports the weighted loss; the other metrics stay
 * unweighted there, and {@code Evaluation.evaluateWeighted} weighs them too ({@code Evaluation.evaluateBoth} gives
 * both, as {@code train} reports them). {@link #withClassWeights} multiplies
 * them by a weight per class.
 *
 * <p>A {@code Dataset} does not copy its tensors and does not change them; the methods that derive a data set
 * ({@link #subset}, {@link #withFeatures}, {@link #withWeights}) return new ones.
 *
 * @param weights each row's weight, or empty: every row weighs 1
 */
public record Dataset(
        Tensor x,
        Tensor y,
        List<String> featureNames,
        String targetName,
        Task task,
        List<String> classes,
        String source,
        Optional<Tensor> weights) implements RowSource {

    /** Unweighted rows. */
    public Dataset(Tensor x, Tensor y, List<String> featureNames, String targetName, Task task, List<String> classes,
                   String source) {
        this(x, y, featureNames, targetName, task, classes, source, Optional.empty());
    }

    public Dataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(weights, "weights");
        featureNames = List.copyOf(featureNames);
        classes = List.copyOf(classes);
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(source, "source");
        if (x.rank() != 2) {
            throw new IllegalArgumentException("x must have shape [n, features], got " + x.shape());
        }
        int n = x.shape().dim(0);
        if (y.rank() < 1 || y.rank() > 2 || y.shape().dim(0) != n) {
            throw new IllegalArgumentException("y must have shape [" + n + "] or [" + n + ", outputs], got " + y.shape());
        }
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException("x is " + x.dtype() + " but y is " + y.dtype());
        }
        if (featureNames.size() != x.shape().dim(1)) {
            throw new IllegalArgumentException(
                    featureNames.size() + " feature names for " + x.shape().dim(1) + " feature columns");
        }
        if (task == Task.REGRESSION) {
            if (!classes.isEmpty()) {
                throw new IllegalArgumentException("a regression data set has no classes");
            }
        } else {
            if (y.rank() != 1) {
                throw new IllegalArgumentException("class indices must have shape [n], got " + y.shape());
            }
            if (classes.isEmpty()) {
                throw new IllegalArgumentException("a classification data set needs its class labels");
            }
            for (int i = 0; i < n; i++) {
                double v = y.at(i);
                if (v != Math.rint(v) || v < 0 || v >= classes.size()) {
                    throw new IllegalArgumentException("row " + i + ": class index " + v + " is not in 0.."
                            + (classes.size() - 1));
                }
            }
        }
        weights.ifPresent(w -> checkWeights(w, n, x.dtype()));
    }

    private static void checkWeights(Tensor w, int n, DType dtype) {
        if (w.rank() != 1 || w.shape().dim(0) != n) {
            throw new IllegalArgumentException("weights must have shape [" + n + "], got " + w.shape());
        }
        if (w.dtype() != dtype) {
            throw new IllegalArgumentException("x is " + dtype + " but the weights are " + w.dtype());
        }
        for (int i = 0; i < n; i++) {
            double v = w.at(i);
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("row " + i + ": weight " + v + " is not a finite number >= 0");
            }
        }
    }

    /** Number of rows (examples). */
    public int size() {
        return x.shape().dim(0);
    }

    /** Number of feature columns. */
    public int features() {
        return x.shape().dim(1);
    }

    /** The element type of {@code x} and {@code y}. */
    public DType dtype() {
        return x.dtype();
    }

    /** Number of classes; 0 for regression. */
    public int numClasses() {
        return classes.size();
    }

    /** The class index of every row (classification only). */
    public int[] labels() {
        if (!task.isClassification()) {
            throw new IllegalStateException("a regression data set has no class labels");
        }
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) y.at(i);
        }
        return out;
    }

    /** Rows per class (classification only). */
    @Override
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int label : labels()) {
            counts[label]++;
        }
        return counts;
    }

    /** A new data set with copies of the given rows, in the given order (repeats allowed). */
    @Override
    public int[] targetDims(int rows) {
        int[] dims = y.shape().dims();
        dims[0] = rows;
        return dims;
    }

    @Override
    public void gather(int[] order, int from, int to, Tensor xOut, Tensor yOut) {
        Rows.gatherInto(x, order, from, to, xOut);
        Rows.gatherInto(y, order, from, to, yOut);
    }

    public Dataset subset(int[] rows) {
        return new Dataset(Rows.gather(x, rows), Rows.gather(y, rows), featureNames, targetName, task, classes,
                source, weights.map(w -> Rows.gather(w, rows)));
    }

    /** The same data set with other features (for example standardized ones) of the same shape and dtype. */
    public Dataset withFeatures(Tensor newX) {
        if (!newX.shape().equals(x.shape())) {
            throw new IllegalArgumentException("features of shape " + newX.shape() + " for a data set of shape " + x.shape());
        }
        return new Dataset(newX, y, featureNames, targetName, task, classes, source, weights);
    }

    /** The same rows weighted by {@code rowWeights} ({@code [n]}, finite, non-negative; converted to x's dtype). */
    public Dataset withWeights(Tensor rowWeights) {
        return new Dataset(x, y, featureNames, targetName, task, classes, source,
                Optional.of(rowWeights.dtype() == dtype() ? rowWeights : rowWeights.to(dtype())));
    }

    /**
     * The same rows, each weight multiplied by the weight of the row's class: {@code w_i · perClass[y_i]}, or
     * {@code perClass[y_i]} for unweighted rows (classification only; see {@link ClassWeights#resolve}).
     *
     * @param perClass a finite weight {@code >= 0} per class index
     */
    public Dataset withClassWeights(double[] perClass) {
        if (perClass.length != numClasses()) {
            throw new IllegalArgumentException(perClass.length + " class weights for " + numClasses() + " classes");
        }
        if (!task.isClassification()) {
            throw new IllegalStateException("a regression data set has no class labels");
        }
        return withWeights(ClassWeightedRows.products(y, weights, perClass, dtype()));
    }

    /**
     * The sum of the rows' weights, added in row order in float64 (the row count when unweighted): the order a file's
     * weights are summed in as it is read ({@link DscFile#totalWeight()}), so the totals agree bit for bit.
     */
    @Override
    public double totalWeight() {
        return weights.map(Rows::sum).orElse((double) size());
    }

    /** The same data in another dtype (copies). */
    public Dataset to(DType dtype) {
        return new Dataset(x.to(dtype), y.to(dtype), featureNames, targetName, task, classes, source,
                weights.map(w -> w.to(dtype)));
    }

    /** An empty tensor of rows like {@code t}: shape {@code [0, ...]}. */
    static Tensor emptyLike(Tensor t) {
        int[] dims = t.shape().dims();
        dims[0] = 0;
        return Tensor.zeros(new Shape(dims), t.dtype());
    }

    @Override
    public String toString() {
        return "Dataset[" + source + ", " + size() + " rows, " + features() + " features, target " + targetName + ", "
                + task.label() + (task.isClassification() ? " (" + numClasses() + " classes)" : "") + ", " + dtype()
                + (weights.isPresent() ? ", weighted" : "") + "]";
    }
}
