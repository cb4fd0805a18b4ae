package dev.descent.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * Contour lines of a sampled function by marching squares: for each grid cell, the level's crossings on the
 * cell's edges (found by linear interpolation) are joined by a segment. The two ambiguous saddle cells are
 * resolved by the value at the cell's centre. Cells touching a non-finite value are skipped.
 */
public final class MarchingSquares {

    /** One segment of a contour line, from (x1, y1) to (x2, y2). */
    public record Segment(double x1, double y1, double x2, double y2) {
    }

    private MarchingSquares() {
    }

    /** Every segment of the contour {@code f = level}. */
    public static List<Segment> contour(Grid grid, double level) {
        double[] xs = grid.xs();
        double[] ys = grid.ys();
        double[][] v = grid.values();
        List<Segment> out = new ArrayList<>();
        for (int j = 0; j + 1 < ys.length; j++) {
            for (int i = 0; i + 1 < xs.length; i++) {
                double a = v[j][i];         // bottom left
                double b = v[j][i + 1];     // bottom right
                double c = v[j + 1][i + 1]; // top right
                double d = v[j + 1][i];     // top left
                if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(d))) {
                    continue;
                }
                int index = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
                if (index == 0 || index == 15) {
                    continue;
                }
                double x0 = xs[i];
                double x1 = xs[i + 1];
                double y0 = ys[j];
                double y1 = ys[j + 1];
                // crossing points on the four edges: bottom, right, top, left
                double[] bottom = {lerp(x0, x1, a, b, level), y0};
                double[] right = {x1, lerp(y0, y1, b, c, level)};
                double[] top = {lerp(x0, x1, d, c, level), y1};
                double[] left = {x0, lerp(y0, y1, a, d, level)};
                switch (index) {
                    case 1, 14 -> add(out, left, bottom);
                    case 2, 13 -> add(out, bottom, right);
                    case 3, 12 -> add(out, left, right);
                    case 4, 11 -> add(out, right, top);
                    case 6, 9 -> add(out, bottom, top);
                    case 7, 8 -> add(out, left, top);
                    case 5, 10 -> {
                        boolean centreAbove = (a + b + c + d) / 4 > level;
                        // index 5: a and c above. If the centre is above, the above-region connects a and c,
                        // so the lines cut off the corners b and d.
                        boolean cutBd = (index == 5) == centreAbove;
                        if (cutBd) {
                            add(out, bottom, right);
                            add(out, left, top);
                        } else {
                            add(out, left, bottom);
                            add(out, right, top);
                        }
                    }
                    default -> throw new AssertionError(index);
                }
            }
        }
        return out;
    }

    private static double lerp(double p0, double p1, double v0, double v1, double level) {
        double t = (level - v0) / (v1 - v0);
        return p0 + t * (p1 - p0);
    }

    private static void add(List<Segment> out, double[] p, double[] q) {
        out.add(new Segment(p[0], p[1], q[0], q[1]));
    }

    /**
     * Contour levels worth drawing: {@code n} levels between a low and a high quantile of the sampled values,
     * spaced geometrically above the minimum when the values span orders of magnitude (Rosenbrock, Beale),
     * evenly otherwise.
     */
    public static double[] levels(Grid grid, int n) {
        double[] sorted = grid.sortedFiniteValues();
        if (sorted.length == 0) {
            return new double[0];
        }
        double min = sorted[0];
        double hi = quantile(sorted, 0.97);
        double mid = quantile(sorted, 0.5);
        double[] out = new double[n];
        if (hi <= min) {
            return new double[] {min};
        }
        boolean geometric = (hi - min) > 20 * (mid - min) || (mid - min) > 0 && (hi - min) / (mid - min) > 8;
        if (geometric) {
            double lo = Math.max((hi - min) * 1e-4, quantile(sorted, 0.002) - min);
            lo = Math.max(lo, (hi - min) * 1e-6);
            for (int k = 0; k < n; k++) {
                out[k] = min + lo * Math.pow((hi - min) / lo, (double) k / (n - 1));
            }
        } else {
            double lo = quantile(sorted, 0.0);
            for (int k = 0; k < n; k++) {
                out[k] = lo + (hi - lo) * (k + 0.5) / n;
            }
        }
        return out;
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
