package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code .dsc} file read into memory as {@link CsvData} reads a CSV of the same rows with the same
 * {@link ReadOptions}: the feature columns {@link ReadOptions#features()} names, in that order, and the class labels
 * mapped by label onto {@link ReadOptions#classes()}, the task following them (two of a model's three classes are a
 * multiclass target). So a model's columns and classes apply to a file converted from a CSV whose columns are in
 * another order or which lacks some classes, as they apply to that CSV. The values are the file's float32 ones, the
 * numbers a float32 read of the CSV gives, widened exactly for a float64 read, and each is copied once, from the
 * mapping into the tensor it ends in. The file's target and task are checked against the options by
 * {@link Datasets#openDsc}, which opens the file.
 */
final class DscRead {

    private DscRead() {
    }

    /** The rows of {@code file} as {@code options} ask (dtype, features and classes), with its weights when they apply. */
    static Dataset read(DscFile file, ReadOptions options) {
        List<String> names = options.features().isEmpty() ? file.featureNames() : options.features();
        Tensor x = features(file, names, options.dtype());
        Tensor y = Tensor.zeros(options.dtype(), file.size());
        file.readTargets(y);
        Optional<Tensor> w = Optional.empty();
        if (file.weighted()) {
            w = Optional.of(Tensor.zeros(options.dtype(), file.size()));
            file.readWeights(w.get());
        }
        List<String> classes = file.classes();
        Task task = file.task();
        if (!options.classes().isEmpty()) {
            relabel(file, y, options.classes());
            classes = options.classes();
            task = Task.forClasses(classes.size());
        }
        return new Dataset(x, y, names, file.targetName(), task, classes, name(file), w);
    }

    /**
     * The columns {@code names} of every row of {@code file}, in that order, as {@code dtype}: for prediction, which
     * leaves the target alone.
     *
     * @throws DataException naming the file, the first name it lacks and its columns
     */
    static Tensor features(DscFile file, List<String> names, DType dtype) {
        int[] columns = new int[names.size()];
        for (int k = 0; k < columns.length; k++) {
            columns[k] = file.featureNames().indexOf(names.get(k));
            if (columns[k] < 0) {
                List<String> all = new ArrayList<>(file.featureNames());
                all.add(file.targetName());
                throw DataException.of(name(file), "no column named " + DataException.quote(names.get(k))
                        + " (a feature the model was trained on); columns: " + CsvData.columnList(all));
            }
        }
        Tensor x = Tensor.zeros(dtype, file.size(), columns.length);
        file.readFeatures(columns, x);
        return x;
    }

    /**
     * Rewrites {@code y}, the file's class indices, as indices into {@code classes}, matching labels as a CSV's are
     * matched ({@link Targets.LabelIndex}).
     *
     * @throws DataException naming the file and the first row whose label {@code classes} lack, the label and the
     *     classes, as a CSV read does; a label of the file's that no row holds is no error, as it is none in a CSV
     */
    private static void relabel(DscFile file, Tensor y, List<String> classes) {
        Targets.LabelIndex index = Targets.LabelIndex.of(classes);
        int[] to = file.classes().stream().mapToInt(index::indexOf).toArray();
        for (int r = 0, n = file.size(); r < n; r++) {
            int c = (int) y.at(r);
            if (to[c] < 0) {
                throw DataException.of(name(file), "row " + (r + 1) + ": "
                        + Targets.unseenClass(file.classes().get(c), classes));
            }
            y.set(r, to[c]);
        }
    }

    /** How messages and {@link Dataset#source()} name the file, as a CSV's: by its file name. */
    private static String name(DscFile file) {
        return file.path().getFileName().toString();
    }
}
