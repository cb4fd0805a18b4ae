package dev.descent.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The temporary file of a write that is renamed into place, in its target's directory (so the rename stays on one file
 * system) and named {@code .<name>.<random>.tmp} as {@link Atomic}'s. It is created with the default permissions, which
 * the umask governs, not the owner-only ones of {@link Files#createTempFile}, which the renamed output would keep: a
 * {@code .dsc} file or predictions must be readable as any other file their user writes.
 */
public final class TempFiles {

    private TempFiles() {
    }

    /** Creates the empty temporary file for {@code target}, whose directory must exist. */
    public static Path createBeside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        while (true) {
            try {
                return Files.createFile(Atomic.freshName(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp"));
            } catch (FileAlreadyExistsException e) {
                // lost a race for the name: draw another
            }
        }
    }
}
