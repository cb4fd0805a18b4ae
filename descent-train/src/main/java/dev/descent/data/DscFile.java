package dev.descent.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.io.TempFiles;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@code .dsc} binary data format, read memory-mapped so that training can stream data larger than the
 * heap at disk speed ({@code descent convert data.csv data.dsc --target COL}, then {@code train --stream}).
 *
 * <h2>Layout</h2>
 * <pre>
 * bytes 0-3    "DSC1"
 * bytes 4-7    header length H, int32 little-endian
 * bytes 8..    header, UTF-8 JSON: format_version (1, or 2 with a weight column), rows, features,
 *              feature_names, target, task (regression|binary|multiclass), classes, x_offset, y_offset,
 *              and in version 2 weight (the weight column's name) and w_offset
 * x_offset     features: rows × features float32 little-endian, row-major (64-byte aligned)
 * y_offset     targets: rows float32 little-endian (class index or value)
 * w_offset     version 2 only: the rows' weights, rows float32 little-endian (finite, >= 0), at y_offset + 4·rows
 * </pre>
 * Features are stored row by row rather than column by column because a mini-batch gathers whole rows:
 * one contiguous read per row instead of one per column.
 *
 * <p>Values are float32 (a float64 data set is rounded once when written). A batch gathered from the file
 * holds the same values as the same rows of the data set read into memory, so training on the file gives
 * bit-identical weights for the same seed.
 *
 * <p><b>Weights</b> ({@code descent convert --sample-weight COL}): a file may hold one weight per row, the
 * {@code --sample-weight} column of the CSV it was converted from, which is not a feature. They are float32 like
 * everything else: in-memory float32 training reads a CSV's weights into float32 too, so the file's weights are the
 * same numbers and streamed weighted training stays bit-identical to in-memory training. A weighted file is
 * {@code format_version} 2 and an unweighted one stays 1, byte for byte as before weights existed: a reader from
 * before weights (which reads version 1 only and ignores unknown header keys) refuses a weighted file with its
 * version error rather than silently training on it unweighted. The weights apply only when asked for by name
 * ({@code train --sample-weight COL}, {@link ReadOptions#weight()}); {@link #withoutWeights()} is the file's rows
 * unweighted.
 */
public final class DscFile implements RowSource {

    private static final byte[] MAGIC = "DSC1".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT_VERSION = 1;
    /** The version of a file with a weight column (the layout of {@link #FORMAT_VERSION} plus the weights). */
    private static final int WEIGHTED_VERSION = 2;
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final MemorySegment data;
    private final int rows;
    private final int features;
    private final long xOffset;
    private final long yOffset;
    private final List<String> featureNames;
    private final String targetName;
    private final Task task;
    private final List<String> classes;
    /** The weight column's name, or null: unweighted, or weights not asked for ({@link #withoutWeights()}). */
    private final String weightName;
    private final long wOffset;

    private DscFile(Path path, MemorySegment data, JsonNode header, boolean weighted) {
        this.path = path;
        this.data = data;
        this.rows = header.path("rows").asInt(-1);
        this.features = header.path("features").asInt(-1);
        this.xOffset = header.path("x_offset").asLong(-1);
        this.yOffset = header.path("y_offset").asLong(-1);
        this.featureNames = strings(header.path("feature_names"));
        this.targetName = header.path("target").asText();
        this.task = parseTask(header.path("task").asText(), path);
        this.classes = strings(header.path("classes"));
        this.weightName = weighted ? header.path("weight").asText(null) : null;
        this.wOffset = weighted ? header.path("w_offset").asLong(-1) : -1;
        long end = weighted ? wOffset + 4L * rows : yOffset + 4L * rows;
        if (rows < 0 || features < 1 || featureNames.size() != features || xOffset < 8
                || yOffset != xOffset + 4L * rows * features || (weighted && (weightName == null
                || wOffset != yOffset + 4L * rows)) || data.byteSize() != end) {
            throw new DataException(path.getFileName() + ": damaged .dsc file (header and size disagree; "
                    + data.byteSize() + " bytes)");
        }
    }

    /**
     * Opens a {@code .dsc} file for reading (memory-mapped; nothing is read until rows are gathered).
     *
     * @throws DataException naming the file when it is missing, not a .dsc file, of another version or damaged
     */
    public static DscFile open(Path path) {
        String name = path.getFileName().toString();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), Arena.ofAuto());
            if (segment.byteSize() < 8 || MemorySegment.ofArray(MAGIC).mismatch(segment.asSlice(0, 4)) != -1) {
                throw new DataException(name + ": not a .dsc file (convert a CSV with 'descent convert')");
            }
            int headerLength = segment.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4);
            if (headerLength <= 0 || 8L + headerLength > segment.byteSize()) {
                throw new DataException(name + ": damaged .dsc file (bad header length " + headerLength + ")");
            }
            byte[] header = segment.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
            JsonNode json;
            try {
                json = JSON.readTree(header);
            } catch (JsonProcessingException e) {
                // 'descent convert' wrote valid JSON, so where Jackson stopped reading says little
                throw new DataException(name + ": damaged .dsc file (its header is not valid JSON)", e);
            }
            int version = json.path("format_version").asInt(-1);
            if (version != FORMAT_VERSION && version != WEIGHTED_VERSION) {
                throw new DataException(name + ": .dsc format_version " + version + " is not supported (this descent reads "
                        + FORMAT_VERSION + " and " + WEIGHTED_VERSION + ")");
            }
            return new DscFile(path, segment, json, version == WEIGHTED_VERSION);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": file not found");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e.getMessage());
        }
    }

    /** A file opened from the same mapping: this one's {@link #weightName} replaced. */
    private DscFile(DscFile file) {
        this.path = file.path;
        this.data = file.data;
        this.rows = file.rows;
        this.features = file.features;
        this.xOffset = file.xOffset;
        this.yOffset = file.yOffset;
        this.featureNames = file.featureNames;
        this.targetName = file.targetName;
        this.task = file.task;
        this.classes = file.classes;
        this.weightName = null;
        this.wOffset = -1;
    }

    /**
     * Writes the unweighted {@code data} as a {@code .dsc} file, under a temporary name renamed into place.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     * @throws IllegalArgumentException for weighted rows, whose column needs a name ({@link #write(Path, Dataset, String)})
     */
    public static void write(Path path, Dataset data) {
        if (data.weights().isPresent()) {
            throw new IllegalArgumentException("weighted rows: name their weight column");
        }
        write(path, data, null);
    }

    /**
     * Writes {@code data} as a {@code .dsc} file with its weights as the column {@code weightName} (null for unweighted
     * rows), under a temporary name renamed into place.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void write(Path path, Dataset data, String weightName) {
        try (Writer w = create(path, data.size(), data.featureNames(), data.targetName(), data.task(), data.classes(),
                weightName)) {
            w.append(data.x(), data.y(), data.weights().orElse(null));
            w.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** {@link #create(Path, int, List, String, Task, List, String)} for a file without weights. */
    public static Writer create(Path path, int rows, List<String> featureNames, String target, Task task, List<String> classes)
            throws IOException {
        return create(path, rows, featureNames, target, task, classes, null);
    }

    /**
     * Starts a {@code .dsc} file of {@code rows} rows, written chunk by chunk with {@link Writer#append} and
     * renamed into place by {@link Writer#commit}; closing without committing deletes it.
     *
     * @param weightName the weight column's name, or null for a file without weights
     */
    public static Writer create(Path path, int rows, List<String> featureNames, String target, Task task, List<String> classes,
                                String weightName) throws IOException {
        return new Writer(path, rows, featureNames, target, task, classes, weightName);
    }

    /** Writes the rows of a new {@code .dsc} file in order, in chunks of any size. */
    public static final class Writer implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private final FileChannel out;
        private final int rows;
        private final int features;
        private final long xOffset;
        private final long yOffset;
        /** Where the weights go, or -1 without them. */
        private final long wOffset;
        private long written;
        private boolean committed;

        private Writer(Path path, int rows, List<String> featureNames, String targetName, Task task, List<String> classes,
                       String weightName) throws IOException {
            this.target = path.toAbsolutePath();
            this.rows = rows;
            this.features = featureNames.size();
            ObjectNode header = JSON.createObjectNode();
            header.put("format_version", weightName == null ? FORMAT_VERSION : WEIGHTED_VERSION);
            header.put("rows", rows);
            header.put("features", features);
            header.set("feature_names", JSON.valueToTree(featureNames));
            header.put("target", targetName);
            header.put("task", task.label());
            header.set("classes", JSON.valueToTree(classes));
            if (weightName != null) {
                header.put("weight", weightName);
            }
            header.put("x_offset", 0L);
            header.put("y_offset", 0L);
            if (weightName != null) {
                header.put("w_offset", 0L);
            }
            byte[] probe = header.toString().getBytes(StandardCharsets.UTF_8);
            // the offsets' digits lengthen the header; 20 bytes leave room for each long (two or three)
            this.xOffset = align(8L + probe.length + (weightName == null ? 40 : 60));
            this.yOffset = xOffset + 4L * rows * features;
            this.wOffset = weightName == null ? -1 : yOffset + 4L * rows;
            header.put("x_offset", xOffset);
            header.put("y_offset", yOffset);
            if (weightName != null) {
                header.put("w_offset", wOffset);
            }
            byte[] text = header.toString().getBytes(StandardCharsets.UTF_8);
            this.temp = TempFiles.createBeside(target);
            this.out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            ByteBuffer head = ByteBuffer.allocate((int) xOffset).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MAGIC).putInt(text.length).put(text);
            head.position((int) xOffset).flip();
            writeFully(out, head, 0);
        }

        /** Appends {@code x.shape()[0]} rows of a file without weights: features {@code x}, targets {@code y}. */
        public void append(Tensor x, Tensor y) throws IOException {
            append(x, y, null);
        }

        /**
         * Appends {@code x.shape()[0]} rows: features {@code x}, targets {@code y} (one per row) and, exactly when the
         * file has a weight column, their weights {@code w} (one per row; else null).
         */
        public void append(Tensor x, Tensor y, Tensor w) throws IOException {
            int n = x.shape().dim(0);
            if (x.shape().dim(1) != features || y.size() != n || written + n > rows) {
                throw new IllegalArgumentException("chunk " + x.shape() + " / " + y.shape() + " does not fit a .dsc of "
                        + rows + " rows and " + features + " features (" + written + " written)");
            }
            if ((w == null) != (wOffset < 0) || w != null && w.size() != n) {
                throw new IllegalArgumentException(wOffset < 0 ? "weights for a .dsc file without a weight column"
                        : "a weighted .dsc file needs one weight per row, got " + (w == null ? "none" : w.shape()));
            }
            writeFloats(out, x, xOffset + 4L * written * features);
            writeFloats(out, y, yOffset + 4L * written);
            if (w != null) {
                writeFloats(out, w, wOffset + 4L * written);
            }
            written += n;
        }

        /** Renames the finished file into place; every row must have been written. */
        public void commit() throws IOException {
            if (written != rows) {
                throw new IllegalStateException(written + " of " + rows + " rows written");
            }
            out.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                out.close();
                Files.deleteIfExists(temp);
            }
        }
    }

    private static long align(long offset) {
        return (offset + 63) / 64 * 64;
    }

    private static void writeFloats(FileChannel out, Tensor t, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        long at = position;
        for (int i = 0, n = t.size(); i < n; i++) {
            if (!buffer.hasRemaining()) {
                buffer.flip();
                at += writeFully(out, buffer, at);
                buffer.clear();
            }
            buffer.putFloat((float) t.at(i));
        }
        buffer.flip();
        writeFully(out, buffer, at);
    }

    /** Writes all of {@code buffer} at {@code position}; returns the bytes written. */
    private static long writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        long start = position;
        long at = position;
        while (buffer.hasRemaining()) {
            at += out.write(buffer, at);
        }
        return at - start;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    private static Task parseTask(String label, Path path) {
        for (Task t : Task.values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new DataException(path.getFileName() + ": damaged .dsc file (unknown task '" + label + "' in the header)");
    }

    public Path path() {
        return path;
    }

    @Override
    public int size() {
        return rows;
    }

    @Override
    public int features() {
        return features;
    }

    /** Always float32: the file's type. */
    @Override
    public DType dtype() {
        return DType.FLOAT32;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public String targetName() {
        return targetName;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int[] targetDims(int n) {
        return new int[] {n};
    }

    /** The weight column's name: present when the file has one and its weights apply (not {@link #withoutWeights()}). */
    public Optional<String> weightName() {
        return Optional.ofNullable(weightName);
    }

    /** Whether the rows carry the file's weights. */
    @Override
    public boolean weighted() {
        return weightName != null;
    }

    /**
     * The same rows without their weights (the file's weights apply only when asked for by name): the file itself when
     * it has none.
     */
    public DscFile withoutWeights() {
        return weightName == null ? this : new DscFile(this);
    }

    @Override
    public void gather(int[] order, int from, int to, Tensor xOut, Tensor yOut, Tensor wOut) {
        requireWeights();
        gather(order, from, to, xOut, yOut);
        float[] w = wOut.floatData();
        for (int i = from; i < to; i++) {
            w[i - from] = weight(order[i]);
        }
    }

    private void requireWeights() {
        if (weightName == null) {
            throw new IllegalStateException(path.getFileName() + ": the rows are unweighted");
        }
    }

    /** Row {@code r}'s weight, checked as {@link #checkTarget} checks targets. */
    private float weight(long r) {
        float w = data.get(FLOAT_LE, wOffset + 4L * r);
        if (!(w >= 0) || !Float.isFinite(w)) {
            throw new DataException(path.getFileName() + ": damaged .dsc file: row " + (r + 1) + " of " + rows
                    + " has weight " + w + ", not a finite number >= 0");
        }
        return w;
    }

    /** The sum of the rows' weights in file order, read from the weight column alone (the row count when unweighted). */
    @Override
    public double totalWeight() {
        if (weightName == null) {
            return rows;
        }
        double sum = 0;
        for (long r = 0; r < rows; r++) {
            sum += weight(r);
        }
        return sum;
    }

    /**
     * The total weight of these rows weighted by class ({@link ClassWeightedRows}), read from the target and weight
     * columns alone: {@code Σ w_i · perClass[y_i]} ({@code Σ perClass[y_i]} when unweighted), each product taken in
     * float64 and rounded to float32 as a gathered batch holds it, added in file order in float64. It equals the total
     * of the same rows in memory ({@link Dataset#withClassWeights}, then {@link Dataset#totalWeight()}) bit for bit.
     *
     * @param perClass a weight per class index (classification only)
     */
    public double totalWeight(double[] perClass) {
        if (!task.isClassification() || perClass.length != classes.size()) {
            throw new IllegalArgumentException(perClass.length + " class weights for " + classes.size() + " classes");
        }
        double sum = 0;
        for (long r = 0; r < rows; r++) {
            float y = data.get(FLOAT_LE, yOffset + 4L * r);
            checkTarget(r, y);
            sum += (float) ((weightName == null ? 1.0 : weight(r)) * perClass[(int) y]);
        }
        return sum;
    }

    /** Rows per class, read from the target column alone (classification only). */
    @Override
    public int[] classCounts() {
        if (!task.isClassification()) {
            throw new IllegalStateException("a regression data set has no class labels");
        }
        int[] counts = new int[classes.size()];
        for (long r = 0; r < rows; r++) {
            float y = data.get(FLOAT_LE, yOffset + 4L * r);
            checkTarget(r, y);
            counts[(int) y]++;
        }
        return counts;
    }

    @Override
    public void gather(int[] order, int from, int to, Tensor xOut, Tensor yOut) {
        float[] x = xOut.floatData();
        float[] y = yOut.floatData();
        for (int i = from; i < to; i++) {
            long r = order[i];
            if (r < 0 || r >= rows) {
                throw new IndexOutOfBoundsException("row " + r + " of " + rows);
            }
            MemorySegment.copy(data, FLOAT_LE, xOffset + 4L * r * features, x, (i - from) * features, features);
            y[i - from] = data.get(FLOAT_LE, yOffset + 4L * r);
            checkTarget(r, y[i - from]);
        }
    }

    /**
     * Fails on a target that 'descent convert' never writes (classes are stored as their indices, values are
     * finite), so that a damaged file is an error naming it rather than a run that learns from a class that does
     * not exist. One comparison per row, as rows are read: a file larger than memory is not read twice. (Features
     * are not checked here, where it would cost streaming a pass over every value; a NaN among them shows as a
     * non-finite loss.)
     */
    private void checkTarget(long row, float y) {
        if (task.isClassification() ? !(y >= 0 && y < classes.size() && y == Math.rint(y)) : !Float.isFinite(y)) {
            throw new DataException(path.getFileName() + ": damaged .dsc file: row " + (row + 1) + " of " + rows + " has target "
                    + y + (task.isClassification() ? ", not a class index in 0.." + (classes.size() - 1) : ""));
        }
    }

    /** Every row read into memory (for a full batch, or to train without {@code --stream}). */
    @Override
    public Tensor x() {
        return readAll().x();
    }

    @Override
    public Tensor y() {
        return readAll().y();
    }

    /** Every row's weight read into memory from the weight column alone, when they apply. */
    @Override
    public Optional<Tensor> weights() {
        if (weightName == null) {
            return Optional.empty();
        }
        Tensor w = Tensor.zeros(DType.FLOAT32, rows);
        readWeights(w);
        return Optional.of(w);
    }

    /** Bytes hashed at a time by {@link #sha256()}. */
    private static final long HASH_CHUNK = 1 << 20;

    /**
     * The lower-case hex SHA-256 of the whole file, header included, read from the mapping a megabyte at a time: a
     * streaming pass that holds no rows, for a model's provenance.
     */
    public String sha256() {
        MessageDigest digest = HashedInput.newDigest();
        for (long offset = 0; offset < data.byteSize(); offset += HASH_CHUNK) {
            digest.update(data.asSlice(offset, Math.min(HASH_CHUNK, data.byteSize() - offset)).asByteBuffer());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The whole file as an in-memory float32 {@link Dataset}, with the weights when they apply: the rows as they are
     * stored. {@link Datasets#open} reads it as a caller's {@link ReadOptions} ask (a model's columns and classes).
     */
    public Dataset readAll() {
        return DscRead.read(this, ReadOptions.target(targetName));
    }

    /**
     * Copies every row's feature columns {@code columns} (indices into {@link #featureNames()}), in that order, into
     * {@code x} ({@code [rows, columns.length]}, float32 or float64, which holds each float32 value exactly): the one
     * copy from the mapping into memory. The file's own columns in float32 are one bulk copy.
     */
    void readFeatures(int[] columns, Tensor x) {
        int k = columns.length;
        if (x.dtype() == DType.FLOAT32 && isEveryColumn(columns)) {
            MemorySegment.copy(data, FLOAT_LE, xOffset, x.floatData(), 0, Math.multiplyExact(rows, features));
            return;
        }
        for (int r = 0; r < rows; r++) {
            long row = xOffset + 4L * r * features;
            for (int j = 0; j < k; j++) {
                x.set(r * k + j, data.get(FLOAT_LE, row + 4L * columns[j]));
            }
        }
    }

    /** Whether {@code columns} are this file's feature columns in file order. */
    private boolean isEveryColumn(int[] columns) {
        if (columns.length != features) {
            return false;
        }
        for (int j = 0; j < features; j++) {
            if (columns[j] != j) {
                return false;
            }
        }
        return true;
    }

    /** Copies every row's target (class index or value, checked as {@link #checkTarget} does) into {@code y} ({@code [rows]}). */
    void readTargets(Tensor y) {
        for (int r = 0; r < rows; r++) {
            float v = data.get(FLOAT_LE, yOffset + 4L * r);
            checkTarget(r, v);
            y.set(r, v);
        }
    }

    /** Copies every row's weight into {@code w} ({@code [rows]}; only when the weights apply). */
    void readWeights(Tensor w) {
        requireWeights();
        for (int r = 0; r < rows; r++) {
            w.set(r, weight(r));
        }
    }
}
