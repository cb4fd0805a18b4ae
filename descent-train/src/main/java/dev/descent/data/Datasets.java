package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The entry point for {@code --data SPEC}: {@code builtin:NAME} (see {@link BuiltinDatasets}) or a path. Files
 * named {@code *.libsvm}, {@code *.svm} or {@code *.txt} (optionally followed by {@code .gz}) are read as LIBSVM
 * ({@link LibsvmData}); files named {@code *.dsc} are the binary format of {@code descent convert} ({@link DscFile}),
 * read as a CSV of the same rows would be read with the same {@link ReadOptions} (see {@link #openDsc}); anything
 * else, typically {@code .csv} or {@code .csv.gz}, as CSV ({@link CsvData}).
 */
public final class Datasets {

    /** The prefix of built-in data set specs. */
    public static final String BUILTIN_PREFIX = "builtin:";

    private Datasets() {
    }

    /**
     * Opens {@code spec} with target column {@code targetColumn} (may be null for a built-in, whose target is
     * {@code target}, and for LIBSVM, whose target is the label), the task hint and dtype given.
     */
    public static Dataset open(String spec, String targetColumn, TaskHint task, DType dtype) {
        return open(spec, ReadOptions.target(targetColumn).withTask(task).withDType(dtype));
    }

    /** Opens {@code spec} with target column {@code targetColumn}, task inferred, float32. */
    public static Dataset open(String spec, String targetColumn) {
        return open(spec, ReadOptions.target(targetColumn));
    }

    /**
     * Rows and the SHA-256 of the bytes they were read from, for a model's provenance (Tribuo's data source
     * provenance records its file's SHA-256 the same way), and the weights the read left out.
     *
     * @param rows the rows
     * @param sha256 lower-case hex SHA-256 of the data file as stored (compressed, for a {@code .gz}), or of the
     *     embedded CSV of a built-in data set; null for a {@code .dsc} file read by {@link #read(String, ReadOptions)}
     * @param unusedWeight the name of the weight column of a {@code .dsc} file read without asking for its weights
     *     ({@link ReadOptions#weight()} null), which the rows then do not carry; else empty. This layer prints nothing:
     *     a command says so
     */
    public record Hashed<T extends RowSource>(T rows, String sha256, Optional<String> unusedWeight) {

        /** Rows that leave no weights out. */
        public Hashed(T rows, String sha256) {
            this(rows, sha256, Optional.empty());
        }
    }

    /** Opens {@code spec} with these options. */
    public static Dataset open(String spec, ReadOptions options) {
        return read(spec, options).rows();
    }

    /**
     * Opens {@code spec} as {@link #open(String, ReadOptions)} does, with what the read found out: the SHA-256 of a
     * CSV or LIBSVM file or a built-in, taken as it is parsed (not a {@code .dsc} file's, which {@link #openHashed}
     * takes in a pass of its own), and the weight column of a {@code .dsc} file that it left out.
     */
    public static Hashed<Dataset> read(String spec, ReadOptions options) {
        return read(spec, options, false);
    }

    /**
     * Opens {@code spec} as {@link #open(String, ReadOptions)} does, with the SHA-256 of its bytes. A CSV or LIBSVM
     * file is hashed as it is parsed (SHA-256 runs at about a gigabyte a second, a few percent of parsing); a
     * {@code .dsc} file, which is memory-mapped, in a pass of its own ({@link DscFile#sha256()}).
     */
    public static Hashed<Dataset> openHashed(String spec, ReadOptions options) {
        return read(spec, options, true);
    }

    /**
     * The rows of {@code spec}, with the SHA-256 of its bytes (a {@code .dsc} file's hash, a second pass over a file
     * that may be larger than memory, only when {@code hashDsc}, else null) and the weight column it left out.
     */
    private static Hashed<Dataset> read(String spec, ReadOptions options, boolean hashDsc) {
        if (spec.startsWith(BUILTIN_PREFIX)) {
            return BuiltinDatasets.loadHashed(spec.substring(BUILTIN_PREFIX.length()), options);
        }
        Path path = existingFile(spec);
        if (isDsc(spec)) {
            Hashed<DscFile> file = openDsc(spec, path, options, hashDsc);
            return new Hashed<>(DscRead.read(file.rows(), options), file.sha256(), file.unusedWeight());
        }
        String name = path.getFileName().toString();
        try (HashedInput in = HashedInput.open(path)) {
            Dataset data = isLibsvm(spec) ? LibsvmData.read(in.stream(), name, options)
                    : CsvData.read(in.stream(), name, options);
            return new Hashed<>(data, in.sha256());
        } catch (IOException e) {
            throw DataException.of(name, CsvData.describe(e));
        }
    }

    /**
     * The {@code .dsc} file {@code spec} at {@code path}, checked against a read with {@code options} and weighed as they
     * ask ({@link #weighedAsAsked}): its target must be {@link ReadOptions#target()} (when given) and its task the one
     * {@link ReadOptions#task()} asks for, a regression target for {@link TaskHint#REGRESSION} and classes for
     * {@link TaskHint#CLASSIFICATION} (which class labels imply). A CSV target is read as either, since its text is
     * kept, but a {@code .dsc} file holds class indices or values, decided when it was converted, so the other task
     * is refused with the {@code convert --task} that gives it. The rows stay in the file: {@link #read} reads them
     * into memory with the options' columns and classes, {@code train --stream} batches them as they are.
     *
     * @param hash whether to hash the file ({@link DscFile#sha256()}, a pass over it); else the SHA-256 is null
     * @throws DataException naming {@code spec} for another target, task or weight column
     */
    public static Hashed<DscFile> openDsc(String spec, Path path, ReadOptions options, boolean hash) {
        DscFile opened = DscFile.open(path);
        DscFile file = weighedAsAsked(spec, opened, options.weight());
        if (options.target() != null && !options.target().equals(file.targetName())) {
            throw new DataException(spec + ": the target of this .dsc file is '" + file.targetName() + "', not '"
                    + options.target() + "'");
        }
        boolean classes = file.task().isClassification();
        if (options.task() == TaskHint.REGRESSION && classes || options.task() == TaskHint.CLASSIFICATION && !classes) {
            throw new DataException(spec + ": the target " + DataException.quote(file.targetName()) + " of this .dsc file "
                    + (classes ? "holds classes (" + CsvData.columnList(file.classes()) + "), not the values of a regression"
                    : "holds the values of a regression, not classes") + "; convert the data with 'descent convert --task "
                    + options.task() + "'");
        }
        return new Hashed<>(file, hash ? file.sha256() : null, unusedWeight(opened, options.weight()));
    }

    /**
     * {@code file} weighted by its weight column when {@code weight} names it, unweighted when {@code weight} is null
     * (a file's weights apply only when asked for by name, as a CSV's weight column does; {@link #unusedWeight} names
     * what that leaves out).
     *
     * @throws DataException naming {@code spec} when {@code weight} is not the file's weight column
     */
    public static DscFile weighedAsAsked(String spec, DscFile file, String weight) {
        if (weight == null) {
            return file.withoutWeights();
        }
        Optional<String> held = file.weightName();
        if (held.isEmpty()) {
            throw new DataException(spec + ": this .dsc file holds no weight column " + DataException.quote(weight)
                    + "; convert the CSV with 'descent convert --sample-weight " + weight + "'");
        }
        if (!held.get().equals(weight)) {
            throw new DataException(spec + ": the weight column of this .dsc file is " + DataException.quote(held.get())
                    + ", not " + DataException.quote(weight));
        }
        return file;
    }

    /**
     * The weight column of {@code file} (as opened) that a read asking for the weight column {@code weight} leaves out:
     * the file's, when {@code weight} is null.
     */
    public static Optional<String> unusedWeight(DscFile file, String weight) {
        return weight == null ? file.weightName() : Optional.empty();
    }

    /**
     * Only the feature columns {@code featureNames} of {@code spec}, in that order, for prediction: a CSV file or
     * {@code builtin:NAME}, whose target column may be present or not; a {@code .dsc} file, whose target is left
     * alone; a LIBSVM file, whose features are {@code f1 .. fN} by index ({@link LibsvmData#readFeatures}) and whose
     * labels are not read.
     *
     * @throws DataException for a missing file or feature column, naming it
     */
    public static Tensor readFeatures(String spec, List<String> featureNames, DType dtype) {
        if (spec.startsWith(BUILTIN_PREFIX)) {
            return BuiltinDatasets.readFeatures(spec.substring(BUILTIN_PREFIX.length()), featureNames, dtype);
        }
        Path path = existingFile(spec);
        if (isDsc(spec)) {
            return DscRead.features(DscFile.open(path), featureNames, dtype);
        }
        return isLibsvm(spec) ? LibsvmData.readFeatures(path, featureNames, dtype)
                : CsvData.readFeatures(path, featureNames, dtype);
    }

    /** {@code spec} as the path of an existing regular file. */
    private static Path existingFile(String spec) {
        Path path = Path.of(spec);
        if (!Files.isRegularFile(path)) {
            throw new DataException(spec + ": " + (Files.isDirectory(path) ? "is a directory, not a data file" : "no such file"));
        }
        return path;
    }

    /** Whether {@code spec} names a {@code .dsc} binary data file. */
    public static boolean isDsc(String spec) {
        return spec.toLowerCase(Locale.ROOT).endsWith(".dsc");
    }

    /** Whether {@code spec} names a LIBSVM file by its extension. */
    public static boolean isLibsvm(String spec) {
        String s = spec.toLowerCase(Locale.ROOT);
        if (s.endsWith(".gz")) {
            s = s.substring(0, s.length() - 3);
        }
        return s.endsWith(".libsvm") || s.endsWith(".svm") || s.endsWith(".txt");
    }
}
