package dev.descent.data;

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
import java.util.ArrayList;
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
        this.task = parseTask(header.path("task").asText());
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
            JsonNode json = JSON.readTree(header);
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
        ObjectNode header = JSON.createObjectNode();
        header.put("format_version", FORMAT_VERSION);
        header.put("rows", data.size());
        header.put("features", data.features());
        header.set("feature_names", JSON.valueToTree(data.featureNames()));
        header.put("target", data.targetName());
        header.put("task", data.task().label());
        header.set("classes", JSON.valueToTree(data.classes()));
        header.put("x_offset", 0L);
        header.put("y_offset", 0L);
        byte[] probe = header.toString().getBytes(StandardCharsets.UTF_8);
        // offsets are written with a fixed width so the header's length does not depend on them
        long xOffset = align(8L + probe.length + 40);
        long yOffset = xOffset + 4L * data.size() * data.features();
        header.put("x_offset", xOffset);
        header.put("y_offset", yOffset);
        byte[] text = header.toString().getBytes(StandardCharsets.UTF_8);
        Path target = path.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer head = ByteBuffer.allocate((int) xOffset).order(ByteOrder.LITTLE_ENDIAN);
                head.put(MAGIC).putInt(text.length).put(text);
                head.position((int) xOffset).flip();
                writeFully(out, head);
                writeFloats(out, data.x());
                writeFloats(out, data.y());
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write failed already; report that
                }
            }
            throw new UncheckedIOException(path + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static long align(long offset) {
        return (offset + 63) / 64 * 64;
    }

    private static void writeFloats(FileChannel out, Tensor t) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0, n = t.size(); i < n; i++) {
            if (!buffer.hasRemaining()) {
                buffer.flip();
                writeFully(out, buffer);
                buffer.clear();
            }
            buffer.putFloat((float) t.at(i));
        }
        buffer.flip();
        writeFully(out, buffer);
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    private static Task parseTask(String label) {
        for (Task t : Task.values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new DataException("unknown task '" + label + "' in .dsc header");
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
