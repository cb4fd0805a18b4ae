package dev.descent.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Circle;
import org.knowm.xchart.style.markers.Cross;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The cost surface of a linear regression with one feature and a bias, {@code J(w, b) = mean((w·x + b − y)²)},
 * drawn as contour lines around its least-squares optimum (the normal equations' solution), with descent
 * paths of {@code (w, b)} on it.
 *
 * <p>J is kept as its sufficient statistics (means, variances and the covariance of x and y), so evaluating
 * it costs the same for ten rows as for a million.
 */
public final class CostSurface {

    /** Contour levels drawn. */
    static final int LEVELS = 16;

    private final double meanX;
    private final double meanY;
    private final double varX;
    private final double varY;
    private final double covXY;

    private CostSurface(double meanX, double meanY, double varX, double varY, double covXY) {
        this.meanX = meanX;
        this.meanY = meanY;
        this.varX = varX;
        this.varY = varY;
        this.covXY = covXY;
    }

    /** The surface of the rows {@code (x[i], y[i])}; x must not be constant. */
    public static CostSurface of(double[] x, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("a cost surface needs as many x as y values, and at least one row");
        }
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        if (!(sxx > 0) || !Double.isFinite(sxx + syy + sxy)) {
            throw new IllegalArgumentException("the feature is constant (or not finite): J(w, b) has no single minimum");
        }
        return new CostSurface(mx, my, sxx / n, syy / n, sxy / n);
    }

    /** {@code J(w, b) = mean((w·x + b − y)²)}. */
    public double cost(double w, double b) {
        // with c = w·mean(x) + b − mean(y), the centred cross terms vanish
        double c = w * meanX + b - meanY;
        return w * w * varX - 2 * w * covXY + varY + c * c;
    }

    /** The minimizer {@code (w*, b*)} from the normal equations: {@code w* = cov(x,y)/var(x)}, {@code b* = ȳ − w*·x̄}. */
    public double[] optimum() {
        double w = covXY / varX;
        return new double[] {w, meanY - w * meanX};
    }

    /** The smallest cost, {@code J(w*, b*)}. */
    public double minimum() {
        double[] o = optimum();
        return Math.max(0, cost(o[0], o[1]));
    }

    /** A path of {@code (w, b)} points with the cost at each; diverged when it ends non-finite. */
    public Trail trail(String label, double[] w, double[] b) {
        double[] loss = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            loss[k] = cost(w[k], b[k]);
        }
        boolean diverged = w.length > 0 && !Double.isFinite(loss[w.length - 1]);
        return new Trail(label, w, b, loss, diverged);
    }

    /**
     * The region to draw: the optimum and every path's start with a margin, widened to take in the paths'
     * points that stay within twice the start's distance from the optimum (so a runaway path does not
     * shrink the bowl to a dot).
     */
    public Box box(List<Trail> trails) {
        double[] o = optimum();
        double x0 = o[0];
        double x1 = o[0];
        double y0 = o[1];
        double y1 = o[1];
        double reach = 0;
        for (Trail t : trails) {
            x0 = Math.min(x0, t.xs()[0]);
            x1 = Math.max(x1, t.xs()[0]);
            y0 = Math.min(y0, t.ys()[0]);
            y1 = Math.max(y1, t.ys()[0]);
            reach = Math.max(reach, Math.hypot(t.xs()[0] - o[0], t.ys()[0] - o[1]));
        }
        double limit = 2 * Math.max(reach, 1e-9);
        for (Trail t : trails) {
            for (int k = 0; k < t.size(); k++) {
                double x = t.xs()[k];
                double y = t.ys()[k];
                if (Double.isFinite(x) && Double.isFinite(y) && Math.hypot(x - o[0], y - o[1]) <= limit) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        double floor = 0.1 * Math.max(1, Math.max(Math.abs(o[0]), Math.abs(o[1])));
        double sx = Math.max(x1 - x0, floor);
        double sy = Math.max(y1 - y0, floor);
        double cx = (x0 + x1) / 2;
        double cy = (y0 + y1) / 2;
        return new Box(cx - 0.62 * sx, cx + 0.62 * sx, cy - 0.62 * sy, cy + 0.62 * sy);
    }

    /**
     * Contour levels {@code J* + (J_top − J*)·((k+1)/n)²} up to near the farthest corner: in a quadratic bowl these are evenly spaced rings,
     * where evenly spaced values would crowd at the rim.
     */
    double[] levels(Box box) {
        double min = minimum();
        // the outermost ring passes near the farthest corner, so the rings fill the whole box
        double top = 0.9 * Math.max(Math.max(cost(box.xMin(), box.yMin()), cost(box.xMin(), box.yMax())),
                Math.max(cost(box.xMax(), box.yMin()), cost(box.xMax(), box.yMax())));
        top = Math.max(top, min + 1e-12);
        double[] levels = new double[LEVELS];
        for (int k = 0; k < LEVELS; k++) {
            double t = (k + 1.0) / LEVELS;
            levels[k] = min + (top - min) * t * t;
        }
        return levels;
    }

    /**
     * The contour plot with the paths: the first path is drawn on top, thickest and darkest, later ones
     * thinner and lighter beneath it, so a noisy stochastic path does not hide a smooth batch one. Each path
     * ends in its own marker; the start is a black dot and the optimum a black cross.
     */
    public BufferedImage render(List<Trail> trails, String title, String wName, String bName) {
        if (trails.isEmpty()) {
            throw new IllegalArgumentException("a cost surface picture needs at least one path");
        }
        Box box = box(trails);
        LegendBand legend = new LegendBand();
        for (int i = 0; i < trails.size(); i++) {
            Trail t = trails.get(i);
            legend.add(t.label() + " (" + (t.size() - 1) + " updates" + (t.diverged() ? ", diverged" : "") + ")",
                    color(i), width(i) > 0 ? Style.solid(width(i) + 0.8f) : null, Style.marker(i));
        }
        legend.add("start", Color.BLACK, null, new Circle());
        legend.add("optimum (normal equations)", Color.BLACK, null, new Cross());
        int legendHeight = legend.height(Style.WIDTH);
        Landscape.Contours contours = Landscape.Contours.of(this::cost, box, levels(box));
        XYChart chart = Landscape.contourChart(contours, Style.WIDTH, Style.HEIGHT - legendHeight, title, wName, bName);
        chart.getStyler().setLegendVisible(false);
        Style.fitTitle(chart);
        for (int i = trails.size() - 1; i >= 0; i--) {
            addPath(chart, box, trails.get(i), i);
        }
        double[] o = optimum();
        XYSeries opt = chart.addSeries("optimum", new double[] {o[0]}, new double[] {o[1]});
        opt.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        opt.setMarker(new Cross());
        opt.setMarkerColor(Color.BLACK);
        Landscape.addStart(chart, trails.getFirst().xs()[0], trails.getFirst().ys()[0]);
        chart.getStyler().setMarkerSize(10);
        BufferedImage image = new BufferedImage(Style.WIDTH, Style.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, Style.WIDTH, Style.HEIGHT);
            g.drawImage(Png.render(chart), 0, 0, null);
            legend.draw(g, Style.HEIGHT - legendHeight, Style.WIDTH);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void addPath(XYChart chart, Box box, Trail trail, int i) {
        int n = trail.size();
        while (n > 1 && !(Double.isFinite(trail.xs()[n - 1]) && Double.isFinite(trail.ys()[n - 1]))) {
            n--;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = box.clampX(trail.xs()[k]);
            y[k] = box.clampY(trail.ys()[k]);
        }
        XYSeries line = chart.addSeries(trail.label() + " path", x, y);
        line.setShowInLegend(false);
        // a short path shows each update as a dot (the steps shrink as the slope flattens); a long noisy one
        // is drawn see-through, so where it lingers shows darker
        line.setMarker(n <= 80 ? new Circle() : Style.NO_MARKER);
        line.setMarkerColor(color(i));
        Color c = color(i);
        line.setLineColor(n > 2000 ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 150) : c);
        line.setLineStyle(new BasicStroke(width(i), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        XYSeries end = chart.addSeries(trail.label(), new double[] {x[n - 1]}, new double[] {y[n - 1]});
        end.setShowInLegend(false);
        end.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        end.setMarker(Style.marker(i));
        end.setMarkerColor(color(i));
    }

    /** Dark blue, vermillion, light orange, then the rest of the palette: dark to light. */
    private static Color color(int i) {
        int[] order = {0, 5, 1, 2, 3, 6};
        return Style.color(order[Math.floorMod(i, order.length)]);
    }

    private static float width(int i) {
        return Math.max(1.1f, 3.4f - 1.1f * i);
    }
}
