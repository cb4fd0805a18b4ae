package dev.descent.cli;

/** A run that could not finish (divergence, NaN): exit code 1 with the message on one line. */
final class TrainingFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TrainingFailedException(String message) {
        super(message);
    }
}
