package dev.descent.data;

import dev.descent.tensor.DType;
import java.util.List;
import java.util.Objects;

/**
 * How to read a data file. Start from {@link #target(String)} and adjust with the {@code with...} methods.
 *
 * @param target the name of the target column (CSV); for LIBSVM files, whose target is each line's first token, only
 *     {@code label} or {@code target} (the commands' default) is accepted
 * @param task how to decide regression or classification ({@link TaskHint#AUTO} by default); a {@code .dsc} file's
 *     task was decided when it was converted, and a read asking for the other is refused
 * @param dtype the element type of the tensors ({@link DType#FLOAT32} by default)
 * @param classes the class labels to map the target onto, index by index, as a trained model saved them; empty
 *     (the default) infers them from the data. A label outside this list is an error naming the known ones.
 *     Non-empty implies classification. A {@code .dsc} file's labels are mapped onto them by label too.
 * @param features the feature columns to take, in this order, as a trained model saved them; empty (the
 *     default) takes every column but the target, in file order. With names given, other columns are ignored
 *     and a missing one is an error; the same for a {@code .dsc} file's columns. A LIBSVM file's columns are
 *     {@code f1 .. fN} by index: the names must be those, in that order, and they fix the number of features.
 * @param libsvmFeatures the number of features of a LIBSVM file; 0 (the default) takes the largest index seen
 * @param weight the column of the rows' weights (CSV; a finite number {@code >= 0} per row, not a feature), or null
 *     (the default) for unweighted rows. LIBSVM files have no such column; a {@code .dsc} file's weights are its
 *     weight column when named so ({@code convert --sample-weight}), and ignored when this is null.
 */
public record ReadOptions(
        String target, TaskHint task, DType dtype, List<String> classes, List<String> features, int libsvmFeatures,
        String weight) {

    public ReadOptions {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(dtype, "dtype");
        classes = List.copyOf(classes);
        features = List.copyOf(features);
        if (libsvmFeatures < 0) {
            throw new IllegalArgumentException("libsvmFeatures must be >= 0, got " + libsvmFeatures);
        }
        if (!classes.isEmpty() && task == TaskHint.REGRESSION) {
            throw new IllegalArgumentException("a class mapping was given for a regression task");
        }
    }

    /** Reads target column {@code target}, task {@code auto}, float32, classes and features from the data. */
    public static ReadOptions target(String target) {
        return new ReadOptions(target, TaskHint.AUTO, DType.FLOAT32, List.of(), List.of(), 0, null);
    }

    public ReadOptions withTarget(String newTarget) {
        return new ReadOptions(newTarget, task, dtype, classes, features, libsvmFeatures, weight);
    }

    public ReadOptions withTask(TaskHint newTask) {
        return new ReadOptions(target, newTask, dtype, classes, features, libsvmFeatures, weight);
    }

    public ReadOptions withDType(DType newDType) {
        return new ReadOptions(target, task, newDType, classes, features, libsvmFeatures, weight);
    }

    /** Imposes a class mapping (index to label) saved with a model; implies classification. */
    public ReadOptions withClasses(List<String> newClasses) {
        return new ReadOptions(target, newClasses.isEmpty() ? task : TaskHint.CLASSIFICATION, dtype, newClasses,
                features, libsvmFeatures, weight);
    }

    /** Takes exactly these feature columns, in this order (the names a model was trained with). */
    public ReadOptions withFeatures(List<String> newFeatures) {
        return new ReadOptions(target, task, dtype, classes, newFeatures, libsvmFeatures, weight);
    }

    public ReadOptions withLibsvmFeatures(int count) {
        return new ReadOptions(target, task, dtype, classes, features, count, weight);
    }

    /** Reads the rows' weights from column {@code column} (null: unweighted), as Spark ML's {@code weightCol}. */
    public ReadOptions withWeight(String column) {
        return new ReadOptions(target, task, dtype, classes, features, libsvmFeatures, column);
    }
}
