package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * A table of examples in memory: features {@code x} of shape {@code [n, features]} and targets {@code y}.
 *
 * <p>For {@link Task#REGRESSION}, {@code y} has shape {@code [n]} (one output, the only kind the file readers
 * make) or {@code [n, outputs]}. For classification, {@code y} has shape {@code [n]} and holds class indices
 * {@code 0 .. k-1} as whole numbers of {@code x}'s dtype; {@code classes.get(i)} is the label text of class
 * {@code i} as the file wrote it, and {@code classes} is empty for regression. {@code x} and {@code y} have the
 * same dtype. {@code source} names where the data came from ({@code iris.csv}, {@code builtin:iris}).
 *
 * <p>A {@code Dataset} does not copy its tensors and does not change them; the methods that derive a data set
 * ({@link #subset}, {@link #withFeatures}) return new ones.
 */
public record Dataset(
        Tensor x,
        Tensor y,
        List<String> featureNames,
        String targetName,
        Task task,
        List<String> classes,
        String source) implements RowSource {

    public Dataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(task, "task");
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
                source);
    }

    /** The same data set with other features (for example standardized ones) of the same shape and dtype. */
    public Dataset withFeatures(Tensor newX) {
        if (!newX.shape().equals(x.shape())) {
            throw new IllegalArgumentException("features of shape " + newX.shape() + " for a data set of shape " + x.shape());
        }
        return new Dataset(newX, y, featureNames, targetName, task, classes, source);
    }

    /** The same data in another dtype (copies). */
    public Dataset to(DType dtype) {
        return new Dataset(x.to(dtype), y.to(dtype), featureNames, targetName, task, classes, source);
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
                + task.label() + (task.isClassification() ? " (" + numClasses() + " classes)" : "") + ", " + dtype() + "]";
    }
}
