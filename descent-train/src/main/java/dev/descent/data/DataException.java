package dev.descent.data;

import java.io.Serial;

/**
 * A problem with input data, as one line that says where it is: {@code file:line: what} or {@code file: what},
 * for example {@code iris.csv:17: column 3 (petal_length_cm): expected a number, got 'abc'}.
 *
 * <p>Lines are numbered from 1 as a text editor shows them (the header is line 1); columns are numbered from 1
 * in file order and followed by their header name. The message never contains a line break, so a command-line
 * tool can print it as it is and exit with status 2.
 */
public final class DataException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** An error with a ready message (made one line). */
    public DataException(String message) {
        super(oneLine(message));
    }

    /** An error with a ready message (made one line) and its cause. */
    public DataException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** {@code source: message}. */
    static DataException of(String source, String message) {
        return new DataException(source + ": " + message);
    }

    /** {@code source:line: message}. */
    static DataException at(String source, long line, String message) {
        return new DataException(source + ":" + line + ": " + message);
    }

    private static String oneLine(String s) {
        return s == null ? null : s.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Quotes a value from a file for a message, shortened and with line breaks escaped. */
    static String quote(String value) {
        String v = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "'" + oneLine(v) + "'";
    }
}
