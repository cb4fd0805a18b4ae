package dev.descent.cli;

import java.util.Locale;

/** Number formatting for human-readable output (files use {@link Double#toString} so they read back exactly). */
final class Numbers {

    private Numbers() {
    }

    /** Up to 8 significant digits, no trailing zeros: {@code 1}, {@code 0.5}, {@code 1.2345679e-07}. */
    static String human(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        String s = String.format(Locale.ROOT, "%.8g", v);
        String mantissa = s;
        String exponent = "";
        int e = s.indexOf('e');
        if (e >= 0) {
            mantissa = s.substring(0, e);
            exponent = s.substring(e);
        }
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }
}
