package dev.descent.data;

import java.util.Locale;

/**
 * How to decide the {@link Task} of a data set read from a file.
 *
 * <p>{@link #AUTO}: a target column whose values are all integers (like {@code 3} or {@code 3.0}) with at most
 * {@value #AUTO_MAX_CLASSES} distinct values, or that holds any text that is not a number, is a classification
 * target; anything else is a regression target. Say {@link #REGRESSION} for an integer target with few values
 * that is really a quantity (a count of rooms), {@link #CLASSIFICATION} for a numeric label with more classes.
 */
public enum TaskHint {
    AUTO,
    REGRESSION,
    CLASSIFICATION;

    /** The most distinct integer values an {@link #AUTO} target may have and still be read as classes. */
    public static final int AUTO_MAX_CLASSES = 20;

    /**
     * Parses {@code auto}, {@code regression} or {@code classification} (case-insensitive).
     *
     * @throws IllegalArgumentException a one-line message naming the accepted values
     */
    public static TaskHint parse(String text) {
        for (TaskHint h : values()) {
            if (h.name().equalsIgnoreCase(text.strip())) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown task '" + text + "'; expected auto, regression or classification");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
