package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the LIBSVM / SVMlight text format into a dense {@link Dataset}.
 *
 * <p>Each non-blank line is {@code label index:value index:value ...}: the label first, then features by
 * 1-based index in strictly increasing order; absent features are 0. Text after {@code #} is a comment; blank
 * lines are skipped. The number of features is {@link ReadOptions#libsvmFeatures()}, else the size of
 * {@link ReadOptions#features()}, else the largest index in the file; features are named {@code f1 .. fN} after
 * their index, and the target {@code label}. Features imposed by name (a model's, {@link ReadOptions#features()})
 * must be those names in that order: a model trained on a CSV's columns is refused rather than given the file's
 * columns by position. The label goes through the same task inference as a CSV target
 * ({@link TaskHint}; {@code +1}/{@code -1} labels are classes {@code -1} and {@code 1}, in that order). A file may
 * be gzip-compressed. Ranking ({@code qid:}) files are not supported.
 *
 * <p>Errors name the file, the line and the token (counted from 1, the label being token 1), for example
 * {@code a.svm:3: token 2 ('4'): expected index:value}.
 */
public final class LibsvmData {

    private LibsvmData() {
    }

    /** The name of a LIBSVM file's target, each line's first field. */
    public static final String TARGET = "label";

    /**
     * The target names a LIBSVM read accepts: its own, and {@code target}, the commands' default and the built-in data
     * sets' target, which a command asks for when no {@code --target} was given.
     */
    static final Set<String> TARGET_NAMES = Set.of(TARGET, "target");

    /** Reads {@code file}. */
    public static Dataset read(Path file, ReadOptions options) {
        try (InputStream in = CsvData.open(file)) {
            return read(in, file.getFileName().toString(), options);
        } catch (IOException e) {
            throw DataException.of(file.getFileName().toString(), CsvData.describe(e));
        }
    }

    /**
     * Reads a stream (plain or gzip); {@code name} names it in messages. Does not close {@code in}.
     *
     * @throws DataException for a target column other than {@code label} or the commands' default {@code target}
     *     ({@link #TARGET_NAMES}): the target is each line's first field, and another name was meant for another file
     */
    public static Dataset read(InputStream in, String name, ReadOptions options) {
        if (options.target() != null && !TARGET_NAMES.contains(options.target())) {
            throw DataException.of(name, "the target of a LIBSVM file is the first field of each line ('label'); it has "
                    + "no column " + DataException.quote(options.target()));
        }
        if (options.weight() != null) {
            throw DataException.of(name, "a LIBSVM file has no named columns, so no weight column "
                    + DataException.quote(options.weight()) + "; weights need a CSV file");
        }
        checkFeatureNames(name, options.features());
        Parsed p = parse(in, name, options.libsvmFeatures() > 0 ? options.libsvmFeatures() : options.features().size(),
                options.dtype());
        Targets.Resolved r = p.targets.resolve(options.task(), options.classes(), options.dtype());
        return new Dataset(p.x, r.y(), featureNames(p.x.shape().dim(1)), TARGET, r.task(), r.classes(), name);
    }

    /**
     * Only the features of {@code file}, for prediction with a model trained on the features {@code featureNames},
     * which must be a LIBSVM file's own names {@code f1 .. fN}: an index beyond N is an error, and the labels (which
     * every line starts with) are not read.
     *
     * @return a tensor of shape {@code [rows, featureNames.size()]}
     * @throws DataException naming the file, for a model trained on other features or a bad line
     */
    public static Tensor readFeatures(Path file, List<String> featureNames, DType dtype) {
        String name = file.getFileName().toString();
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("no feature names given");
        }
        checkFeatureNames(name, featureNames);
        try (InputStream in = CsvData.open(file)) {
            return parse(in, name, featureNames.size(), dtype).x;
        } catch (IOException e) {
            throw DataException.of(name, CsvData.describe(e));
        }
    }

    /**
     * Refuses features imposed by name ({@link ReadOptions#features()}, a model's) other than a LIBSVM file's
     * {@code f1 .. fN}: the file's columns have no other names, and taking them by position would give a model
     * trained on a CSV's columns numbers that mean something else.
     */
    private static void checkFeatureNames(String name, List<String> wanted) {
        List<String> own = featureNames(wanted.size());
        for (int k = 0; k < wanted.size(); k++) {
            if (!wanted.get(k).equals(own.get(k))) {
                throw DataException.of(name, "a LIBSVM file's features are f1, f2, ... by index, but feature " + (k + 1)
                        + " of the model is " + DataException.quote(wanted.get(k)) + " (not " + own.get(k)
                        + "); give a CSV file with the model's columns");
            }
        }
    }

    /** A LIBSVM file's feature names: {@code f1 .. fN}. */
    private static List<String> featureNames(int n) {
        List<String> names = new ArrayList<>(n);
        for (int j = 1; j <= n; j++) {
            names.add("f" + j);
        }
        return names;
    }

    /** The dense features of a file and its labels, unresolved. */
    private record Parsed(Tensor x, Targets targets) {
    }

    /**
     * Parses every line into dense features ({@code fixed} of them, or when 0 the largest index seen) and the labels.
     */
    private static Parsed parse(InputStream in, String name, int fixed, DType dtype) {
        List<int[]> indices = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        Targets targets = new Targets(name, TARGET);
        int maxIndex = 0;
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(CsvData.maybeGunzip(in), StandardCharsets.UTF_8));
            String text;
            long line = 0;
            while ((text = r.readLine()) != null) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                int hash = text.indexOf('#');
                String body = (hash >= 0 ? text.substring(0, hash) : text).strip();
                if (body.isEmpty()) {
                    continue;
                }
                String[] tokens = body.split("\\s+");
                targets.add(tokens[0], line);
                int[] idx = new int[tokens.length - 1];
                double[] val = new double[tokens.length - 1];
                int previous = 0;
                for (int t = 1; t < tokens.length; t++) {
                    String tok = tokens[t];
                    String where = "token " + (t + 1) + " (" + DataException.quote(tok) + "): ";
                    int colon = tok.indexOf(':');
                    if (colon <= 0 || colon == tok.length() - 1) {
                        throw DataException.at(name, line, where + "expected index:value");
                    }
                    int index;
                    try {
                        index = Integer.parseInt(tok.substring(0, colon));
                    } catch (NumberFormatException e) {
                        index = -1;
                    }
                    if (index < 1) {
                        throw DataException.at(name, line, where + "the index must be an integer >= 1");
                    }
                    if (index <= previous) {
                        throw DataException.at(name, line, where + "indices must increase (previous was " + previous + ")");
                    }
                    if (fixed > 0 && index > fixed) {
                        throw DataException.at(name, line, where + "index " + index + " is beyond the " + fixed
                                + " features");
                    }
                    try {
                        val[t - 1] = Numbers.parse(tok.substring(colon + 1), dtype);
                    } catch (Numbers.BadNumber e) {
                        throw DataException.at(name, line, where + e.getMessage());
                    }
                    idx[t - 1] = index;
                    previous = index;
                }
                maxIndex = Math.max(maxIndex, previous);
                indices.add(idx);
                values.add(val);
            }
        } catch (IOException e) {
            throw DataException.of(name, CsvData.describe(e));
        } catch (UncheckedIOException e) {
            throw DataException.of(name, CsvData.describe(e));
        }
        int n = indices.size();
        if (n == 0) {
            throw DataException.of(name, "no examples (the file is empty)");
        }
        int f = fixed > 0 ? fixed : maxIndex;
        if (f == 0) {
            throw DataException.of(name, "no features in any line");
        }
        if ((long) n * f > Integer.MAX_VALUE - 16) {
            throw DataException.of(name, n + " rows of " + f + " features are too many for one dense tensor");
        }
        Tensor x = Tensor.zeros(new Shape(n, f), dtype);
        for (int i = 0; i < n; i++) {
            int[] idx = indices.get(i);
            double[] val = values.get(i);
            for (int k = 0; k < idx.length; k++) {
                x.set(i * f + idx[k] - 1, val[k]);
            }
        }
        return new Parsed(x, targets);
    }
}
