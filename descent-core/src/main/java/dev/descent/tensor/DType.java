package dev.descent.tensor;

/**
 * Element type of a {@link Tensor}.
 *
 * <p>{@link #FLOAT32} is the default for training (half the memory traffic of float64, twice the SIMD
 * width); {@link #FLOAT64} is the default for {@code minimize} and for tests that compare against exact
 * values.
 */
public enum DType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

    private final String label;
    private final int bytes;

    DType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The name used on the command line and in files: {@code float32} or {@code float64}. */
    public String label() {
        return label;
    }

    /**
     * Parses {@code float32} or {@code float64}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static DType parse(String text) {
        for (DType t : values()) {
            if (t.label.equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + text + "'; expected float32 or float64");
    }

    @Override
    public String toString() {
        return label;
    }
}
