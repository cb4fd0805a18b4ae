package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The small real data sets embedded in the jar, usable as {@code --data builtin:NAME}. Sources and licenses are
 * in {@code dev/descent/data/builtin/SOURCES.md} beside them. Each is a CSV whose target column is
 * {@code target}; class labels are the numbers the file holds ({@code "0"}, {@code "1"}, ...), with their
 * meaning in the descriptions.
 */
public final class BuiltinDatasets {

    private BuiltinDatasets() {
    }

    /** One line of {@code descent datasets}. */
    public record Info(String name, int rows, int features, Task task, int classes, String description) {

        /** {@code builtin:NAME}. */
        public String spec() {
            return Datasets.BUILTIN_PREFIX + name;
        }
    }

    private static final List<Info> INFOS = List.of(
            new Info("iris", 150, 4, Task.MULTICLASS, 3,
                    "Fisher's iris flowers: 4 measurements (cm) -> species (0 setosa, 1 versicolor, 2 virginica)"),
            new Info("wine", 178, 13, Task.MULTICLASS, 3,
                    "UCI wine: 13 chemical measurements of Italian wines -> cultivar 0, 1, 2 (scales differ 1000x)"),
            new Info("breast_cancer", 569, 30, Task.BINARY, 2,
                    "Wisconsin diagnostic breast cancer: 30 cell-nucleus features -> 0 malignant, 1 benign"),
            new Info("diabetes", 442, 10, Task.REGRESSION, 0,
                    "Efron et al. diabetes: age, sex, bmi, blood pressure, 6 serum measures -> progression after 1 year"),
            new Info("digits", 1797, 64, Task.MULTICLASS, 10,
                    "UCI handwritten digits: 8x8 images, pixels 0..16 -> digit 0..9"),
            new Info("auto_mpg", 392, 7, Task.REGRESSION, 0,
                    "Auto MPG (1970-82 cars): cylinders, displacement, horsepower, weight, ... -> miles per gallon"));

    /** The names, in the order {@code descent datasets} lists them. */
    public static List<String> names() {
        return INFOS.stream().map(Info::name).toList();
    }

    /** Rows, features, task, classes and a one-line description of each data set. */
    public static List<Info> describe() {
        return INFOS;
    }

    /** The description of {@code name}. */
    public static Info info(String name) {
        for (Info i : INFOS) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        throw new DataException("unknown built-in data set '" + name + "'; built-in data sets: "
                + String.join(", ", names()));
    }

    /**
     * Loads built-in {@code name} in {@code dtype}, with its task fixed (iris, wine, digits multiclass;
     * breast_cancer binary; diabetes, auto_mpg regression).
     *
     * @throws DataException for an unknown name, listing the valid ones
     */
    public static Dataset load(String name, DType dtype) {
        return load(name, ReadOptions.target("target").withDType(dtype));
    }

    /**
     * Loads built-in {@code name} with these options; the target is always {@code target}.
     *
     * @throws DataException for an unknown name, or a {@link ReadOptions#target()} other than {@code target} (or null)
     */
    public static Dataset load(String name, ReadOptions options) {
        return loadHashed(name, options).rows();
    }

    /** {@link #load(String, ReadOptions)} with the SHA-256 of the embedded CSV's bytes. */
    static Datasets.Hashed<Dataset> loadHashed(String name, ReadOptions options) {
        Info info = info(name);
        if (options.target() != null && !options.target().equals("target")) {
            throw new DataException(info.spec() + ": the target column of built-in data sets is 'target', not '"
                    + options.target() + "'");
        }
        ReadOptions o = options.withTarget("target");
        ReadOptions withTask = o.task() != TaskHint.AUTO ? o
                : o.withTask(info.task() == Task.REGRESSION ? TaskHint.REGRESSION : TaskHint.CLASSIFICATION);
        return read(info, in -> new Datasets.Hashed<>(CsvData.read(in.stream(), info.spec(), withTask), in.sha256()));
    }

    /**
     * Only the columns {@code featureNames} of built-in {@code name}, in that order (the target is ignored), as
     * {@link CsvData#readFeatures(InputStream, String, List, DType)} reads a file: for predicting with a model
     * trained on these features.
     *
     * @throws DataException for an unknown name, or one of {@code featureNames} that the data set lacks
     */
    public static Tensor readFeatures(String name, List<String> featureNames, DType dtype) {
        Info info = info(name);
        return read(info, in -> CsvData.readFeatures(in.stream(), info.spec(), featureNames, dtype));
    }

    /** Applies {@code reader} to the embedded CSV of {@code info}. */
    private static <T> T read(Info info, HashedInput.Reader<T> reader) {
        String resource = "builtin/" + info.name() + ".csv";
        InputStream source = BuiltinDatasets.class.getResourceAsStream(resource);
        if (source == null) {
            throw new IllegalStateException("resource " + resource + " is missing from the jar");
        }
        try (HashedInput in = new HashedInput(source)) {
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
