package dev.descent.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A data source opened for parsing (decompressed when it is gzip) whose bytes as stored are hashed with SHA-256
 * on their way to the parser: a model's provenance names its data without a second pass over the file. The
 * digest sits below the buffering and the decompression, so it sees every byte of the source once, in order.
 */
final class HashedInput implements Closeable {

    /** Reads a data set from the decompressed stream. */
    @FunctionalInterface
    interface Reader<T> {
        T read(HashedInput in) throws IOException;
    }

    private final DigestInputStream raw;
    private final InputStream in;

    /** Takes over {@code source}, which {@link #close} closes. */
    HashedInput(InputStream source) throws IOException {
        this.raw = new DigestInputStream(source, newDigest());
        // a parser that closes what it reads (FastCSV's reader does) must leave the source open for sha256()
        InputStream unclosable = new FilterInputStream(raw) {
            @Override
            public void close() {
            }
        };
        try {
            this.in = CsvData.maybeGunzip(new BufferedInputStream(unclosable, 1 << 16));
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** Opens {@code file}. */
    static HashedInput open(Path file) throws IOException {
        return new HashedInput(Files.newInputStream(file));
    }

    /** The bytes to parse, decompressed. */
    InputStream stream() {
        return in;
    }

    /**
     * The lower-case hex SHA-256 of every byte of the source: what the parser left unread (a gzip trailer, a last
     * buffer's worth) is read first. Call it once, after parsing.
     */
    String sha256() throws IOException {
        byte[] rest = new byte[1 << 16];
        while (raw.read(rest) >= 0) {
            // only the digest wants these bytes
        }
        return HexFormat.of().formatHex(raw.getMessageDigest().digest());
    }

    @Override
    public void close() throws IOException {
        try (raw) {
            in.close();
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
