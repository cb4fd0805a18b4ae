package dev.descent.spark;

import java.util.Locale;

/** How the partitions of a Spark run cooperate: one exact gradient step at a time, or averaged local steps. */
public enum SparkMode {
    /**
     * Every update is local training's: the partitions' gradient sums, added, make the batch's gradient (with weighted
     * rows, their weighted sums divided by the batch's total weight).
     */
    SYNC,
    /**
     * Every partition takes local steps on its own rows, then the driver averages the parameters (with weighted rows,
     * weighing each partition by its rows' weight sum).
     */
    AVERAGING;

    /** The mode's name as the command line writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code sync} or {@code averaging}. */
    public static SparkMode parse(String text) {
        for (SparkMode m : values()) {
            if (m.label().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown Spark mode '" + text + "'; valid: sync, averaging");
    }
}
