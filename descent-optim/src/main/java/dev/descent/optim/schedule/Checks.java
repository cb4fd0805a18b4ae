package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.List;

/** Hyper-parameter checks with one-line messages naming the key and the value. */
final class Checks {

    private Checks() {
    }

    static IllegalArgumentException invalid(String schedule, String key, String rule, double v) {
        return new IllegalArgumentException(schedule + ": " + key + " " + rule + ", got " + Spec.formatNumber(v));
    }

    static double atLeastZero(String schedule, String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw invalid(schedule, key, "must be >= 0", v);
        }
        return v;
    }

    static double positive(String schedule, String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw invalid(schedule, key, "must be > 0", v);
        }
        return v;
    }

    static long atLeast(String schedule, String key, long v, long min) {
        if (v < min) {
            throw invalid(schedule, key, "must be >= " + min, v);
        }
        return v;
    }

    static String oneOf(String schedule, String key, String v, String... choices) {
        if (!List.of(choices).contains(v)) {
            throw new IllegalArgumentException(schedule + ": " + key + " must be one of " + String.join(", ", choices)
                    + ", got '" + v + "'");
        }
        return v;
    }

    static void checkStep(String schedule, long t) {
        if (t < 0) {
            throw new IllegalArgumentException(schedule + ": step t must be >= 0, got " + t);
        }
    }
}
