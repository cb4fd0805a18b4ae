package dev.descent.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Binary tensor files ({@code weights.bin}, {@code best_params.bin}, {@code optimizer.bin}): the tensors' elements
 * in row-major order, little-endian IEEE 754 ({@code float32}: 4 bytes, {@code float64}: 8), concatenated in table
 * order with no header or padding; the JSON side holds the table and the file's size and SHA-256.
 */
final class TensorData {

    private static final int CHUNK = 1 << 16;

    /** One tensor of a table: where it starts in the file, and what it is. */
    record Entry(String name, DType dtype, Shape shape, long offset) {
        long bytes() {
            return (long) shape.size() * dtype.bytes();
        }
    }

    /** What a write produced: size and lower-case hex SHA-256. */
    record Written(long bytes, String sha256) {
    }

    private TensorData() {
    }

    /** Writes {@code tensors} to {@code file} atomically. */
    static Written write(Path file, List<Tensor> tensors) {
        MessageDigest digest = sha256();
        long[] bytes = {0};
        Atomic.write(file, raw -> {
            DigestOutputStream out = new DigestOutputStream(raw, digest);
            bytes[0] = serialize(tensors, out);
            out.flush();
        });
        return new Written(bytes[0], HexFormat.of().formatHex(digest.digest()));
    }

    /** The lower-case hex SHA-256 of the file {@link #write} makes of {@code tensors}, without writing it. */
    static String sha256(List<Tensor> tensors) {
        MessageDigest digest = sha256();
        try {
            serialize(tensors, new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        } catch (IOException e) {
            throw new UncheckedIOException("a stream that writes nowhere failed", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Writes the elements of {@code tensors} to {@code out} in the file's layout; returns the bytes written. */
    private static long serialize(List<Tensor> tensors, OutputStream out) throws IOException {
        long bytes = 0;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors) {
            if (t.dtype() == DType.FLOAT32) {
                for (float v : t.floatData()) {
                    if (buf.remaining() < 4) {
                        drain(buf, out);
                    }
                    buf.putFloat(v);
                }
            } else {
                for (double v : t.doubleData()) {
                    if (buf.remaining() < 8) {
                        drain(buf, out);
                    }
                    buf.putDouble(v);
                }
            }
            bytes += (long) t.size() * t.dtype().bytes();
        }
        drain(buf, out);
        return bytes;
    }

    private static void drain(ByteBuffer buf, OutputStream out) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    /** The JSON table entry of a tensor: name, (dtype,) shape, offset. */
    static ObjectNode entryJson(String name, Tensor t, long offset, boolean withDtype) {
        ObjectNode e = Json.object();
        e.put("name", name);
        if (withDtype) {
            e.put("dtype", t.dtype().label());
        }
        ArrayNode shape = e.putArray("shape");
        for (int d : t.shape().dims()) {
            shape.add(d);
        }
        e.put("offset", offset);
        return e;
    }

    /** The shape at {@code entry.shape}. */
    static Shape shape(Fields f, JsonNode entry, String prefix) {
        String path = Fields.path(prefix, "shape");
        ArrayNode a = f.arrayField(entry, prefix, "shape");
        int[] dims = new int[a.size()];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = f.intValue(a.get(i), path + "[" + i + "]");
            if (dims[i] < 0) {
                throw f.error("field \"" + path + "\" has a negative dimension " + dims[i]);
            }
            size *= dims[i];
            if (size > Integer.MAX_VALUE) {
                throw f.error("field \"" + path + "\": tensor too large");
            }
        }
        return new Shape(dims);
    }

    /**
     * Checks that the entries lie back to back from offset 0 and fill exactly {@code bytes}.
     *
     * @param tablePath the table's path in the JSON file, for messages
     */
    static void checkLayout(Fields f, String tablePath, List<Entry> entries, long bytes) {
        long position = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.offset() != position) {
                throw f.error("field \"" + tablePath + "[" + i + "].offset\" is " + e.offset() + ", expected " + position
                        + " (tensors are stored back to back in table order)");
            }
            position += e.bytes();
        }
        if (position != bytes) {
            throw f.error("the tensor table covers " + position + " bytes but \"bytes\" says " + bytes);
        }
    }

    /**
     * Reads the tensors of {@code entries} from {@code dir/name}, after checking its size, and checks the
     * SHA-256 of the whole file before returning anything.
     *
     * @param indexFile the JSON file that holds the table, for messages
     * @throws ModelFileException for a missing, short, long or damaged file
     */
    static List<Tensor> read(Path dir, String name, String indexFile, List<Entry> entries, long bytes, String sha256) {
        Path file = dir.resolve(name);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(name, "not found in " + dir);
        } catch (IOException e) {
            throw new ModelFileException(name, "cannot read " + file + ": " + e);
        }
        if (size != bytes) {
            throw new ModelFileException(name, size + " bytes, but " + indexFile + " says " + bytes
                    + " (the file is " + (size < bytes ? "truncated" : "too long") + " or was changed)");
        }
        MessageDigest digest = sha256();
        List<Tensor> out = new ArrayList<>(entries.size());
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), CHUNK), digest)) {
            byte[] chunk = new byte[CHUNK];
            for (Entry e : entries) {
                int n = e.shape().size();
                int width = e.dtype().bytes();
                int perChunk = CHUNK / width;
                if (e.dtype() == DType.FLOAT32) {
                    float[] data = new float[n];
                    for (int done = 0; done < n; ) {
                        int k = Math.min(perChunk, n - done);
                        in.readNBytes(chunk, 0, k * width);
                        ByteBuffer.wrap(chunk, 0, k * width).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data, done, k);
                        done += k;
                    }
                    out.add(Tensor.wrap(data, e.shape()));
                } else {
                    double[] data = new double[n];
                    for (int done = 0; done < n; ) {
                        int k = Math.min(perChunk, n - done);
                        in.readNBytes(chunk, 0, k * width);
                        ByteBuffer.wrap(chunk, 0, k * width).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(data, done, k);
                        done += k;
                    }
                    out.add(Tensor.wrap(data, e.shape()));
                }
            }
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new ModelFileException(name, "cannot read " + file + ": " + e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new ModelFileException(name, "checksum mismatch (the file is damaged or was changed): expected "
                    + sha256 + ", got " + actual);
        }
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
