package dev.descent.cli;

import dev.descent.tensor.Parallel;

import java.util.function.Supplier;

/** Checks and parses option values so that a bad one is an input error naming its option. */
final class Flags {

    /**
     * Most kernel threads {@code --threads} accepts: results do not depend on the count, and each is a platform
     * thread, so tens of thousands only make a run crawl (or fail to start them).
     */
    static final int MAX_THREADS = 1024;

    private Flags() {
    }

    /**
     * The value {@code parse} makes of an option's text. The parsers of the library (optimizer, schedule, model
     * and loss specs, batch sizes, ...) say what is wrong but not which option held it; a rejection becomes
     * {@code FLAG: message}.
     */
    static <T> T parse(String flag, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new InputException(message.startsWith(flag) ? message : flag + ": " + message, e);
        }
    }

    /** The value of an option that must be zero or more, such as {@code --clip-norm}; NaN is rejected too. */
    static double atLeastZero(String flag, double value) {
        if (!(value >= 0)) {
            throw new InputException(flag + " must be >= 0, got " + value);
        }
        return value;
    }

    /** {@code --threads N}, when given: at least 1 and at most {@link #MAX_THREADS}. */
    static void setThreads(Integer threads) {
        if (threads == null) {
            return;
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new InputException("--threads must be between 1 and " + MAX_THREADS + ", got " + threads);
        }
        Parallel.setThreads(threads);
    }
}
