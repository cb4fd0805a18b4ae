package dev.descent.cli;

import dev.descent.io.TempFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes output files under a temporary name and renames them into place, so nothing is left half written. */
final class AtomicFiles {

    /** What writes the file's content. */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Fails unless {@code file} can be written as a file: it is not a directory, and its directory exists. Commands
     * call it before any work, so that a typo in an output path does not cost a whole run.
     *
     * @param flag the option that named the file, for the error message (e.g. {@code --trace})
     * @throws InputException naming the flag and the file
     */
    static void checkFile(Path file, String flag) {
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new InputException(flag + " " + file + ": is a directory; expected a file name");
        }
        Path dir = target.getParent();
        if (dir == null || !Files.exists(dir)) {
            throw new InputException(flag + " " + file + ": directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException(flag + " " + file + ": " + dir + " is a file, not a directory");
        }
    }

    /**
     * Fails unless {@code dir} can be an output directory: it is a directory or can be created as one (whatever part
     * of it exists is a directory).
     *
     * @throws InputException naming the flag and the directory
     */
    static void checkDirectory(Path dir, String flag) {
        Path d = dir.toAbsolutePath();
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new InputException(flag + " " + dir + ": is a file; expected a directory");
        }
        while (d != null && !Files.exists(d)) {
            d = d.getParent();
        }
        if (d != null && !Files.isDirectory(d)) {
            throw new InputException(flag + " " + dir + ": " + d + " is a file, not a directory");
        }
    }

    /** Creates the output directory {@code dir} (and its parents) if missing. */
    static void createDirectory(Path dir, String flag) {
        checkDirectory(dir, flag);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException(flag + " " + dir + ": cannot create the directory: " + reason(e));
        }
    }

    /**
     * Writes {@code file} atomically.
     *
     * @param flag the option that named the file, for the error message (e.g. {@code --trace})
     * @throws InputException naming the flag and the file when it cannot be written
     */
    static void write(Path file, String flag, Content content) {
        checkFile(file, flag);
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            temp = TempFiles.createBeside(target);
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new InputException(flag + " " + file + ": cannot write: " + reason(e));
        } catch (UncheckedIOException e) {
            deleteQuietly(temp);
            throw new InputException(flag + " " + file + ": cannot write: " + reason(e.getCause()));
        }
    }

    /**
     * What went wrong, without the file names: the message names the file already, and the one the system
     * refused may be a temporary one ({@code .name123.tmp}) that the user never asked for.
     */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write already failed; that error is the one to report
            }
        }
    }
}
