package dev.descent.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads CSV files (with FastCSV) into {@link Dataset}s.
 *
 * <p>The format: UTF-8 (a byte-order mark is skipped), comma-separated, RFC 4180 quoting, one header row that
 * names every column (names are stripped of surrounding blanks and must be distinct); empty lines are skipped.
 * Every column but the target (and the weight column, {@link ReadOptions#weight()}, if named) is a numeric feature.
 * A weight is a finite number {@code >= 0}. A gzip-compressed file (such as {@code data.csv.gz}) is
 * recognised by its first two bytes and decompressed on the fly. Numbers are parsed once into the requested
 * dtype; NaN, infinities and empty fields are errors.
 *
 * <p>The target's task and classes follow {@link TaskHint} and, for a model's saved mapping,
 * {@link ReadOptions#classes()}; see {@link Targets} for the order of inferred classes (numeric labels sorted by
 * value, text labels sorted as {@link String#compareTo}).
 *
 * <p>Every problem is a {@link DataException} with a one-line message giving the file name, the line and the
 * column, for example {@code iris.csv:17: column 3 (petal_length_cm): expected a number, got 'abc'}.
 */
public final class CsvData {

    private CsvData() {
    }

    /** Reads {@code file} with its target column. */
    public static Dataset read(Path file, ReadOptions options) {
        try (InputStream in = open(file)) {
            return read(in, file.getFileName().toString(), options);
        } catch (IOException e) {
            throw DataException.of(file.getFileName().toString(), describe(e));
        }
    }

    /**
     * Reads a CSV stream (plain or gzip) with its target column; {@code name} names it in messages and becomes
     * the data set's {@link Dataset#source()}. Does not close {@code in}.
     */
    public static Dataset read(InputStream in, String name, ReadOptions options) {
        if (options.target() == null || options.target().isBlank()) {
            throw DataException.of(name, "no target column given");
        }
        Table t = readTable(in, name, options.target(), options.weight(), options.features(), options.dtype());
        Targets.Resolved r = t.targets.resolve(options.task(), options.classes(), options.dtype());
        return new Dataset(t.x, r.y(), t.featureNames, options.target(), r.task(), r.classes(), name,
                Optional.ofNullable(t.weights));
    }

    /**
     * Reads only the features of {@code file}, for prediction: the columns named {@code featureNames} (the
     * names a model was trained with), in that order. Other columns, the target among them if present, are
     * ignored; a missing feature column is an error that names it.
     *
     * @return a tensor of shape {@code [rows, featureNames.size()]}
     */
    public static Tensor readFeatures(Path file, List<String> featureNames, DType dtype) {
        try (InputStream in = open(file)) {
            return readFeatures(in, file.getFileName().toString(), featureNames, dtype);
        } catch (IOException e) {
            throw DataException.of(file.getFileName().toString(), describe(e));
        }
    }

    /** As {@link #readFeatures(Path, List, DType)}, from a stream. Does not close {@code in}. */
    public static Tensor readFeatures(InputStream in, String name, List<String> featureNames, DType dtype) {
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("no feature names given");
        }
        return readTable(in, name, null, null, featureNames, dtype).x;
    }

    /** The column names in the header of {@code file}, stripped. */
    public static List<String> header(Path file) {
        String name = file.getFileName().toString();
        try (InputStream in = open(file); CsvReader<CsvRecord> reader = reader(in)) {
            Iterator<CsvRecord> it = reader.iterator();
            if (!it.hasNext()) {
                throw DataException.of(name, "empty file (no header row)");
            }
            return headerNames(it.next(), name);
        } catch (IOException e) {
            throw DataException.of(name, describe(e));
        } catch (CsvParseException | UncheckedIOException e) {
            throw DataException.of(name, describe(e));
        }
    }

    // ------------------------------------------------------------------------------------------ internals

    /** The rows read: {@code weights} is null without a weight column. */
    private record Table(Tensor x, List<String> featureNames, Targets targets, Tensor weights) {
    }

    /** Opens a file, decompressing it if it starts with the gzip magic bytes. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return maybeGunzip(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    static InputStream maybeGunzip(InputStream in) throws IOException {
        InputStream b = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
        b.mark(2);
        int b0 = b.read();
        int b1 = b.read();
        b.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16);
        }
        return b;
    }

    static String describe(Throwable e) {
        Throwable c = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (c instanceof NoSuchFileException) {
            return "no such file";
        }
        if (c instanceof ZipException || c instanceof java.io.EOFException) {
            return "broken gzip data (" + c.getMessage() + ")";
        }
        String m = c.getMessage();
        return (m == null ? c.getClass().getSimpleName() : m);
    }

    private static CsvReader<CsvRecord> reader(InputStream in) {
        return CsvReader.builder()
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .skipEmptyLines(true)
                .detectBomHeader(true)
                .ofCsvRecord(in, StandardCharsets.UTF_8);
    }

    /** Columns listed in an error message whole, at most; longer headers show their first and last ones. */
    static final int LISTED_COLUMNS = 12;

    /**
     * The header's names for an error message: all of them, or for a wide file (an image's 785 pixels) the first
     * eight, the count left out and the last three, so that the message stays one readable line.
     */
    static String columnList(List<String> header) {
        int n = header.size();
        if (n <= LISTED_COLUMNS) {
            return String.join(", ", header);
        }
        return String.join(", ", header.subList(0, 8)) + ", ... (" + (n - 11) + " more), "
                + String.join(", ", header.subList(n - 3, n));
    }

    private static List<String> headerNames(CsvRecord header, String name) {
        List<String> names = new ArrayList<>(header.getFieldCount());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.getFieldCount(); i++) {
            String col = header.getField(i).strip();
            Integer prev = seen.putIfAbsent(col, i);
            if (prev != null) {
                throw DataException.at(name, header.getStartingLineNumber(), "column " + (i + 1) + " has the same name "
                        + DataException.quote(col) + " as column " + (prev + 1));
            }
            names.add(col);
        }
        return names;
    }

    private static Table readTable(InputStream in, String name, String target, String weight, List<String> wanted,
                                   DType dtype) {
        Table[] table = new Table[1];
        List<String> featureNames = scan(in, name, target, weight, wanted, dtype, Integer.MAX_VALUE,
                (x, targets, weights) -> table[0] = new Table(x, List.of(), targets, weights));
        return new Table(table[0].x, featureNames, table[0].targets, table[0].weights);
    }

    /** Receives the rows of a CSV one chunk at a time; {@code weights} is null without a weight column. */
    @FunctionalInterface
    interface ChunkSink {
        void accept(Tensor x, Targets targets, Tensor weights);
    }

    /**
     * Reads the header, then every row, checking and parsing as it goes, and hands the rows to {@code sink} in
     * chunks of {@code chunkRows}: the one reader behind in-memory loading and streaming conversion.
     *
     * @param weight the weight column, or null
     * @return the feature names
     */
    private static List<String> scan(InputStream in, String name, String target, String weight, List<String> wanted,
                                     DType dtype, int chunkRows, ChunkSink sink) {
        try (CsvReader<CsvRecord> reader = reader(in)) {
            Iterator<CsvRecord> it = reader.iterator();
            if (!it.hasNext()) {
                throw DataException.of(name, "empty file (no header row)");
            }
            List<String> header = headerNames(it.next(), name);
            int targetIndex = -1;
            if (target != null) {
                targetIndex = header.indexOf(target);
                if (targetIndex < 0) {
                    throw DataException.of(name, "no column named " + DataException.quote(target) + "; columns: "
                            + columnList(header));
                }
            }
            int weightIndex = weightColumn(header, name, weight, targetIndex);
            int[] featureCols;
            List<String> featureNames;
            if (wanted.isEmpty()) {
                featureCols = new int[header.size() - (targetIndex >= 0 ? 1 : 0) - (weightIndex >= 0 ? 1 : 0)];
                featureNames = new ArrayList<>();
                for (int i = 0, k = 0; i < header.size(); i++) {
                    if (i != targetIndex && i != weightIndex) {
                        featureCols[k++] = i;
                        featureNames.add(header.get(i));
                    }
                }
                if (featureCols.length == 0) {
                    throw DataException.of(name, "no feature columns besides the target"
                            + (weightIndex >= 0 ? " and the weights" : ""));
                }
            } else {
                featureCols = new int[wanted.size()];
                for (int k = 0; k < wanted.size(); k++) {
                    featureCols[k] = header.indexOf(wanted.get(k));
                    if (featureCols[k] >= 0 && featureCols[k] == weightIndex) {
                        throw DataException.of(name, "the weight column " + DataException.quote(weight)
                                + " is a feature the model was trained on");
                    }
                    if (featureCols[k] < 0 || featureCols[k] == targetIndex) {
                        throw DataException.of(name, "no column named " + DataException.quote(wanted.get(k))
                                + " (a feature the model was trained on); columns: " + columnList(header));
                    }
                }
                featureNames = wanted;
            }
            int width = header.size();
            int f = featureCols.length;
            String targetColumn = targetIndex < 0 ? "" : column(targetIndex, header);
            Numbers.Buffer x = new Numbers.Buffer(dtype, 1024 * Math.max(1, f));
            Targets targets = new Targets(name, targetColumn);
            Numbers.Buffer w = weightIndex < 0 ? null : new Numbers.Buffer(dtype, 1024);
            long rows = 0;
            int inChunk = 0;
            while (it.hasNext()) {
                CsvRecord rec = it.next();
                long line = rec.getStartingLineNumber();
                if (rec.getFieldCount() != width) {
                    throw DataException.at(name, line,
                            "expected " + width + " fields like the header, got " + rec.getFieldCount());
                }
                for (int col : featureCols) {
                    try {
                        x.add(Numbers.parse(rec.getField(col), dtype));
                    } catch (Numbers.BadNumber e) {
                        throw DataException.at(name, line, column(col, header) + ": " + e.getMessage());
                    }
                }
                if (targetIndex >= 0) {
                    targets.add(rec.getField(targetIndex), line);
                }
                if (w != null) {
                    w.add(weightOf(rec.getField(weightIndex), dtype, name, line, column(weightIndex, header)));
                }
                rows++;
                if (++inChunk == chunkRows) {
                    sink.accept(x.toTensor(inChunk, f), targets, w == null ? null : w.toTensor(inChunk));
                    x = new Numbers.Buffer(dtype, 1024 * Math.max(1, f));
                    targets = new Targets(name, targetColumn);
                    w = w == null ? null : new Numbers.Buffer(dtype, 1024);
                    inChunk = 0;
                }
            }
            if (rows == 0) {
                throw DataException.of(name, "no rows after the header");
            }
            if (inChunk > 0) {
                sink.accept(x.toTensor(inChunk, f), targets, w == null ? null : w.toTensor(inChunk));
            }
            return featureNames;
        } catch (IOException e) {
            throw DataException.of(name, describe(e));
        } catch (CsvParseException | UncheckedIOException e) {
            throw DataException.of(name, describe(e));
        }
    }

    /**
     * The index of the weight column {@code weight} in {@code header}, or -1 without one.
     *
     * @throws DataException when the column is missing or is the target
     */
    private static int weightColumn(List<String> header, String name, String weight, int targetIndex) {
        if (weight == null) {
            return -1;
        }
        int index = header.indexOf(weight);
        if (index < 0) {
            throw DataException.of(name, "no column named " + DataException.quote(weight) + " for the weights; columns: "
                    + columnList(header));
        }
        if (index == targetIndex) {
            throw DataException.of(name, "the weight column " + DataException.quote(weight) + " is the target column");
        }
        return index;
    }

    /** A row's weight: a finite number {@code >= 0}, else an error naming the file, line and column. */
    private static double weightOf(String field, DType dtype, String name, long line, String column) {
        double v;
        try {
            v = Numbers.parse(field, dtype);
        } catch (Numbers.BadNumber e) {
            throw DataException.at(name, line, column + ": " + e.getMessage());
        }
        if (v < 0) {
            throw DataException.at(name, line, column + ": a weight must be >= 0, got " + DataException.quote(field));
        }
        return v;
    }

    /** Most distinct target values a streaming conversion keeps while deciding the task and the classes. */
    static final int MAX_DISTINCT_TARGETS = 100_000;

    private static final int CHUNK_ROWS = 1 << 16;

    /**
     * Converts a CSV into a {@code .dsc} file without holding the rows in memory: a first pass decides the
     * task and the classes exactly as {@link #read} would (from the distinct target values), a second writes
     * the rows in chunks. The result holds the values {@code read(file, options.withDType(FLOAT32))} would, the weights of
     * {@link ReadOptions#weight()}'s column included (checked in the first pass, so a bad one leaves no file).
     *
     * @return the lower-case hex SHA-256 of the CSV's bytes as stored, taken in the first pass
     */
    public static String convertToDsc(Path file, ReadOptions options, Path dsc) {
        String name = file.getFileName().toString();
        if (options.target() == null || options.target().isBlank()) {
            throw DataException.of(name, "no target column given");
        }
        Map<String, Long> distinct = new LinkedHashMap<>();
        String[] column = new String[1];
        long[] rows = new long[1];
        boolean[] capped = new boolean[1];
        List<String> featureNames;
        String sha256;
        try (HashedInput in = HashedInput.open(file)) {
            featureNames = scan(in.stream(), name, options.target(), options.weight(), options.features(), DType.FLOAT32,
                    CHUNK_ROWS,
                    (x, t, w) -> {
                        column[0] = t.column();
                        rows[0] += t.size();
                        for (int i = 0; i < t.size(); i++) {
                            if (distinct.size() < MAX_DISTINCT_TARGETS) {
                                distinct.putIfAbsent(t.raw(i), t.line(i));
                            } else if (!distinct.containsKey(t.raw(i))) {
                                capped[0] = true;
                            }
                        }
                    });
            sha256 = in.sha256();
        } catch (IOException e) {
            throw DataException.of(name, describe(e));
        }
        Targets all = new Targets(name, column[0]);
        distinct.forEach(all::add);
        Targets.Resolved resolved = all.resolve(options.task(), options.classes(), DType.FLOAT32);
        if (capped[0] && resolved.task().isClassification()) {
            throw DataException.of(name, "more than " + MAX_DISTINCT_TARGETS + " distinct target values; is "
                    + column[0] + " really a class? (use --task regression)");
        }
        if (rows[0] > Integer.MAX_VALUE) {
            throw DataException.of(name, rows[0] + " rows; a .dsc file holds at most " + Integer.MAX_VALUE);
        }
        TaskHint exact = resolved.task().isClassification() ? TaskHint.CLASSIFICATION : TaskHint.REGRESSION;
        DscFile.Writer created;
        try {
            created = DscFile.create(dsc, (int) rows[0], featureNames, options.target(), resolved.task(), resolved.classes(),
                    options.weight());
        } catch (IOException e) {
            // the output's fault, not the input's: name it (the catch below names the CSV)
            throw new UncheckedIOException(dsc + ": cannot write: " + describe(e), e);
        }
        try (DscFile.Writer writer = created; InputStream in = open(file)) {
            scan(in, name, options.target(), options.weight(), options.features(), DType.FLOAT32, CHUNK_ROWS,
                    (x, t, w) -> {
                        try {
                            writer.append(x, t.resolve(exact, resolved.classes(), DType.FLOAT32).y(), w);
                        } catch (IOException e) {
                            throw new UncheckedIOException(new IOException(dsc + ": cannot write: " + e.getMessage(), e));
                        }
                    });
            writer.commit();
        } catch (IOException e) {
            throw DataException.of(name, describe(e));
        }
        return sha256;
    }

    private static String column(int index, List<String> header) {
        return "column " + (index + 1) + " (" + header.get(index) + ")";
    }
}
