package dev.descent.cli;

/** Bad input (a file, a flag value): exit code 2 with the message, which names the culprit, on one line. */
final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InputException(String message) {
        super(message);
    }

    /** With the library's rejection as the cause, for {@code --verbose}. */
    InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
