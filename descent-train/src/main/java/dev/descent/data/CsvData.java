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
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads CSV files (with FastCSV) into {@link Dataset}s.
 *
 * <p>The format: UTF-8 (a byte-order mark is skipped), comma-separated, RFC 4180 quoting, one header row that
 * names every column (names are stripped of surrounding blanks and must be distinct); empty lines are skipped.
 * Every column but the target is a numeric feature. A gzip-compressed file (such as {@code data.csv.gz}) is
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
        Table t = readTable(in, name, options.target(), options.features(), options.dtype());
        Targets.Resolved r = t.targets.resolve(options.task(), options.classes(), options.dtype());
        return new Dataset(t.x, r.y(), t.featureNames, options.target(), r.task(), r.classes(), name);
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
        return readTable(in, name, null, featureNames, dtype).x;
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

    private record Table(Tensor x, List<String> featureNames, Targets targets) {
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

    private static Table readTable(InputStream in, String name, String target, List<String> wanted, DType dtype) {
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
                            + String.join(", ", header));
                }
            }
            int[] featureCols;
            List<String> featureNames;
            if (wanted.isEmpty()) {
                featureCols = new int[header.size() - (targetIndex >= 0 ? 1 : 0)];
                featureNames = new ArrayList<>();
                for (int i = 0, k = 0; i < header.size(); i++) {
                    if (i != targetIndex) {
                        featureCols[k++] = i;
                        featureNames.add(header.get(i));
                    }
                }
                if (featureCols.length == 0) {
                    throw DataException.of(name, "no feature columns besides the target");
                }
            } else {
                featureCols = new int[wanted.size()];
                for (int k = 0; k < wanted.size(); k++) {
                    featureCols[k] = header.indexOf(wanted.get(k));
                    if (featureCols[k] < 0 || featureCols[k] == targetIndex) {
                        throw DataException.of(name, "no column named " + DataException.quote(wanted.get(k))
                                + " (a feature the model was trained on); columns: " + String.join(", ", header));
                    }
                }
                featureNames = wanted;
            }
            int width = header.size();
            int f = featureCols.length;
            Numbers.Buffer x = new Numbers.Buffer(dtype, 1024 * Math.max(1, f));
            Targets targets = new Targets(name, targetIndex < 0 ? "" : column(targetIndex, header));
            int rows = 0;
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
                rows++;
            }
            if (rows == 0) {
                throw DataException.of(name, "no rows after the header");
            }
            return new Table(x.toTensor(rows, f), featureNames, targets);
        } catch (IOException e) {
            throw DataException.of(name, describe(e));
        } catch (CsvParseException | UncheckedIOException e) {
            throw DataException.of(name, describe(e));
        }
    }

    private static String column(int index, List<String> header) {
        return "column " + (index + 1) + " (" + header.get(index) + ")";
    }
}
