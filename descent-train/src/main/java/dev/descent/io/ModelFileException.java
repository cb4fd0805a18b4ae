package dev.descent.io;

/**
 * A model file or checkpoint that cannot be read: missing, malformed, of an unknown format version, damaged, or
 * inconsistent. The message is one line, {@code <file>: <what is wrong>}, for example
 * {@code weights.bin: checksum mismatch (the file is damaged or was changed): expected ..., got ...}.
 */
public final class ModelFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The file (or directory) the problem is in, as named in the message. */
    private final String file;

    /**
     * @param file the file or directory, as it should appear in the message ({@code model.json})
     * @param problem what is wrong, one line
     */
    public ModelFileException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** As {@link #ModelFileException(String, String)}, keeping the underlying cause. */
    public ModelFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file or directory the message names. */
    public String file() {
        return file;
    }
}
