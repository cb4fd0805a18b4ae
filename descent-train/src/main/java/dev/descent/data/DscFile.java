package dev.descent.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * The {@code .dsc} binary data format, read memory-mapped so that training can stream data larger than the
 * heap at disk speed ({@code descent convert data.csv data.dsc --target COL}, then {@code train --stream}).
 *
 * <h2>Layout</h2>
 * <pre>
 * bytes 0-3    "DSC1"
 * bytes 4-7    header length H, int32 little-endian
 * bytes 8..    header, UTF-8 JSON: format_version (1), rows, features, feature_names, target, task
 *              (regression|binary|multiclass), classes, x_offset, y_offset
 * x_offset     features: rows × features float32 little-endian, row-major (64-byte aligned)
 * y_offset     targets: rows float32 little-endian (class index or value)
 * </pre>
 * Features are stored row by row rather than column by column because a mini-batch gathers whole rows:
 * one contiguous read per row instead of one per column.
 *
 * <p>Values are float32 (a float64 data set is rounded once when written). A batch gathered from the file
 * holds the same values as the same rows of the data set read into memory, so training on the file gives
 * bit-identical weights for the same seed.
 */
public final class DscFile implements RowSource {

    private static final byte[] MAGIC = "DSC1".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT_VERSION = 1;
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

    private DscFile(Path path, MemorySegment data, JsonNode header) {
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
        if (rows < 0 || features < 1 || featureNames.size() != features || xOffset < 8
                || yOffset != xOffset + 4L * rows * features || data.byteSize() != yOffset + 4L * rows) {
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
            if (version != FORMAT_VERSION) {
                throw new DataException(name + ": .dsc format_version " + version + " is not supported (this descent reads "
                        + FORMAT_VERSION + ")");
            }
            return new DscFile(path, segment, json);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": file not found");
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Writes {@code data} as a {@code .dsc} file, under a temporary name renamed into place.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void write(Path path, Dataset data) {
        try (Writer w = create(path, data.size(), data.featureNames(), data.targetName(), data.task(), data.classes())) {
            w.append(data.x(), data.y());
            w.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a {@code .dsc} file of {@code rows} rows, written chunk by chunk with {@link Writer#append} and
     * renamed into place by {@link Writer#commit}; closing without committing deletes it.
     */
    public static Writer create(Path path, int rows, List<String> featureNames, String target, Task task, List<String> classes)
            throws IOException {
        return new Writer(path, rows, featureNames, target, task, classes);
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
        private long written;
        private boolean committed;

        private Writer(Path path, int rows, List<String> featureNames, String targetName, Task task, List<String> classes)
                throws IOException {
            this.target = path.toAbsolutePath();
            this.rows = rows;
            this.features = featureNames.size();
            ObjectNode header = JSON.createObjectNode();
            header.put("format_version", FORMAT_VERSION);
            header.put("rows", rows);
            header.put("features", features);
            header.set("feature_names", JSON.valueToTree(featureNames));
            header.put("target", targetName);
            header.put("task", task.label());
            header.set("classes", JSON.valueToTree(classes));
            header.put("x_offset", 0L);
            header.put("y_offset", 0L);
            byte[] probe = header.toString().getBytes(StandardCharsets.UTF_8);
            // the offsets' digits lengthen the header; 40 bytes leave room for two longs
            this.xOffset = align(8L + probe.length + 40);
            this.yOffset = xOffset + 4L * rows * features;
            header.put("x_offset", xOffset);
            header.put("y_offset", yOffset);
            byte[] text = header.toString().getBytes(StandardCharsets.UTF_8);
            this.temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            this.out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            ByteBuffer head = ByteBuffer.allocate((int) xOffset).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MAGIC).putInt(text.length).put(text);
            head.position((int) xOffset).flip();
            writeFully(out, head, 0);
        }

        /** Appends {@code x.shape()[0]} rows: features {@code x} and targets {@code y} (one per row). */
        public void append(Tensor x, Tensor y) throws IOException {
            int n = x.shape().dim(0);
            if (x.shape().dim(1) != features || y.size() != n || written + n > rows) {
                throw new IllegalArgumentException("chunk " + x.shape() + " / " + y.shape() + " does not fit a .dsc of "
                        + rows + " rows and " + features + " features (" + written + " written)");
            }
            writeFloats(out, x, xOffset + 4L * written * features);
            writeFloats(out, y, yOffset + 4L * written);
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

    /** The whole file as an in-memory float32 {@link Dataset}. */
    public Dataset readAll() {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        Tensor x = Tensor.zeros(DType.FLOAT32, rows, features);
        Tensor y = Tensor.zeros(DType.FLOAT32, rows);
        gather(order, 0, rows, x, y);
        return new Dataset(x, y, featureNames, targetName, task, classes, path.getFileName().toString());
    }
}
