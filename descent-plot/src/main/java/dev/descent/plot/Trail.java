package dev.descent.plot;

/**
 * A descent path to draw: the points an optimizer visited (index 0 the start) and the loss at each.
 *
 * @param label the legend text, e.g. the optimizer's spec
 * @param xs    first coordinate per step
 * @param ys    second coordinate per step (for a function of one variable: the function value)
 * @param loss  the loss per step
 * @param diverged whether the run blew up (the last point holds non-finite values)
 */
public record Trail(String label, double[] xs, double[] ys, double[] loss, boolean diverged) {

    public Trail {
        if (xs.length != ys.length || xs.length != loss.length || xs.length == 0) {
            throw new IllegalArgumentException("a trail needs as many xs, ys and losses, and at least one point");
        }
    }

    /** Number of points (steps + 1). */
    public int size() {
        return xs.length;
    }

    /** The first {@code n} points (at least 1). */
    public Trail prefix(int n) {
        int k = Math.max(1, Math.min(n, size()));
        return new Trail(label, java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k),
                java.util.Arrays.copyOf(loss, k), diverged && k == size());
    }
}
