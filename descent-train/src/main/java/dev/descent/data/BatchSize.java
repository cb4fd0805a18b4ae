package dev.descent.data;

/**
 * Rows per gradient step: {@link #full()} for batch gradient descent (one step per epoch over every row),
 * {@code of(1)} for stochastic gradient descent, {@code of(N)} for mini-batches. A size larger than the data
 * set means one batch of all rows, as in Keras.
 */
public record BatchSize(int rows) {

    private static final BatchSize FULL = new BatchSize(0);

    /** @param rows rows per batch, or 0 for {@link #full()} */
    public BatchSize {
        if (rows < 0) {
            throw new IllegalArgumentException("batch size must be 'full' or a positive integer, got " + rows);
        }
    }

    /** All rows in one batch: batch gradient descent. */
    public static BatchSize full() {
        return FULL;
    }

    /** {@code rows} rows per batch ({@code >= 1}); 1 is stochastic gradient descent. */
    public static BatchSize of(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("batch size must be 'full' or a positive integer, got " + rows);
        }
        return new BatchSize(rows);
    }

    /**
     * Parses {@code full} or a positive integer, as {@code --batch-size} takes it.
     *
     * @throws IllegalArgumentException one line naming the accepted values
     */
    public static BatchSize parse(String text) {
        String s = text.strip();
        if (s.equalsIgnoreCase("full")) {
            return FULL;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return new BatchSize(n);
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("batch size must be 'full' or a positive integer, got '" + text + "'");
    }

    public boolean isFull() {
        return rows == 0;
    }

    /** Rows in a (non-last) batch for a data set of {@code n} rows: {@code min(rows, n)}, or {@code n} if full. */
    public int rowsPerBatch(int n) {
        return isFull() ? n : Math.min(rows, n);
    }

    /**
     * Batches in one epoch over {@code n} rows: {@code ceil(n / size)}, or {@code floor(n / size)} with
     * {@code dropLast} (which drops a last, smaller batch); 0 for {@code n = 0}.
     */
    public int batchesPerEpoch(int n, boolean dropLast) {
        if (n == 0) {
            return 0;
        }
        int b = rowsPerBatch(n);
        return dropLast ? n / b : (n + b - 1) / b;
    }

    /** {@code full} or the number, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return isFull() ? "full" : Integer.toString(rows);
    }
}
