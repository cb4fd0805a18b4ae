package dev.descent.expr;

import java.io.Serial;

/**
 * Expression text that does not parse. The message is one line naming the problem, the 1-based
 * column and the input, e.g. {@code expected ')' at column 5 in "(1-x"}; the end of the input is
 * column {@code length + 1}.
 */
public final class ExpressionException extends IllegalArgumentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int column;

    ExpressionException(String problem, int column, String input, String hint) {
        super(problem + " at column " + column + " in \"" + oneLine(input) + "\"" + hint);
        this.column = column;
    }

    /** The 1-based column of the problem; the input's length + 1 means its end. */
    public int column() {
        return column;
    }

    // Blanking control characters keeps the message on one line without moving any column.
    private static String oneLine(String input) {
        return input.replaceAll("\\p{Cntrl}", " ");
    }
}
