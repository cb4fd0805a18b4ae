package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.io.Serial;
import java.util.Arrays;
import java.util.Locale;

/** Number parsing for data files, and a growable array of values. */
final class Numbers {

    private Numbers() {
    }

    /** Why a field is not a usable number; the message continues {@code "column 3 (x): "}. */
    static final class BadNumber extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        BadNumber(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses a decimal number as the file wrote it, rounded once to {@code dtype} (float32 values are parsed by
     * {@link Float#parseFloat}, not rounded twice through double). Surrounding blanks are ignored. NaN and
     * infinities (in any spelling: {@code NaN}, {@code nan}, {@code inf}, {@code -Infinity}) are refused, as are
     * Java's type suffixes ({@code 1f}, {@code 2d}).
     */
    static double parse(String field, DType dtype) throws BadNumber {
        String s = field.strip();
        if (isNonFinite(s)) {
            throw new BadNumber("NaN or infinite value " + DataException.quote(field));
        }
        if (s.isEmpty() || !plausible(s)) {
            throw new BadNumber("expected a number, got " + DataException.quote(field));
        }
        double v;
        try {
            v = dtype == DType.FLOAT32 ? Float.parseFloat(s) : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new BadNumber("expected a number, got " + DataException.quote(field));
        }
        if (!Double.isFinite(v)) {
            throw new BadNumber("value " + DataException.quote(field) + " is out of " + dtype + " range");
        }
        return v;
    }

    /** {@code true} if {@code s} (stripped) spells NaN or an infinity. */
    static boolean isNonFinite(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        return t.equals("nan") || t.equals("inf") || t.equals("infinity");
    }

    private static boolean plausible(String s) {
        char last = s.charAt(s.length() - 1);
        return (last >= '0' && last <= '9') || last == '.';
    }

    /** A growable array that stores float32 or float64 values. */
    static final class Buffer {
        private final DType dtype;
        private float[] f;
        private double[] d;
        private int size;

        Buffer(DType dtype, int capacity) {
            this.dtype = dtype;
            int c = Math.max(16, capacity);
            if (dtype == DType.FLOAT32) {
                f = new float[c];
            } else {
                d = new double[c];
            }
        }

        void add(double v) {
            int cap = f != null ? f.length : d.length;
            if (size == cap) {
                long grown = Math.min((long) cap * 2, Integer.MAX_VALUE - 16);
                if (grown <= size) {
                    throw new DataException("too many values for one tensor (over 2^31)");
                }
                if (f != null) {
                    f = Arrays.copyOf(f, (int) grown);
                } else {
                    d = Arrays.copyOf(d, (int) grown);
                }
            }
            if (f != null) {
                f[size++] = (float) v;
            } else {
                d[size++] = v;
            }
        }

        int size() {
            return size;
        }

        DType dtype() {
            return dtype;
        }

        /** The values, trimmed to size (the buffer must not be used afterwards). */
        float[] floats() {
            return f.length == size ? f : Arrays.copyOf(f, size);
        }

        /** The values, trimmed to size (the buffer must not be used afterwards). */
        double[] doubles() {
            return d.length == size ? d : Arrays.copyOf(d, size);
        }

        Tensor toTensor(int... dims) {
            Shape shape = new Shape(dims);
            return dtype == DType.FLOAT32
                    ? Tensor.wrap(floats(), shape)
                    : Tensor.wrap(doubles(), shape);
        }
    }
}
