package dev.descent.data;

/** What a data set's target is. */
public enum Task {
    /** Real-valued target(s); {@code y} holds the values. */
    REGRESSION,
    /** Two classes; {@code y} holds class indices 0 and 1. */
    BINARY,
    /** Three or more classes; {@code y} holds class indices {@code 0 .. k-1}. */
    MULTICLASS;

    /** {@code true} for {@link #BINARY} and {@link #MULTICLASS}. */
    public boolean isClassification() {
        return this != REGRESSION;
    }

    /** The task of a classification problem with {@code classes} classes (2: binary, otherwise multiclass). */
    public static Task forClasses(int classes) {
        return classes == 2 ? BINARY : MULTICLASS;
    }

    /** Lower-case name, as in files and on the command line. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
