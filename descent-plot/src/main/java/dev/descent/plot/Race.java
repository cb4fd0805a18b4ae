package dev.descent.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoubleBinaryOperator;

/**
 * An optimizer race on a function of two variables: on the left the contour plot with every optimizer's path
 * in its own colour, dash and end marker; on the right the cost against the step (log scale when the cost
 * stays positive, as {@code f - f*} when the minimum is known). {@link #animate} writes the race as frames.
 */
public final class Race {

    private final Landscape.Contours contours;
    private final List<Trail> trails;
    private final List<double[]> minima;
    private final OptionalDouble minimum;
    private final String title;
    private final int width;
    private final int height;

    /**
     * @param f       the function (for the contours)
     * @param box     the region to draw
     * @param trails  one path per optimizer, all from the same start
     * @param minima  the known global minima (may be empty)
     * @param minimum the known minimum value, to plot {@code f - f*}
     * @param title   the figure's title, e.g. {@code beale: (1.5-x+x*y)^2+...}
     */
    public Race(DoubleBinaryOperator f, Box box, List<Trail> trails, List<double[]> minima, OptionalDouble minimum,
                String title, int width, int height) {
        if (trails.isEmpty()) {
            throw new IllegalArgumentException("a race needs at least one optimizer");
        }
        this.contours = Landscape.Contours.of(f, box);
        this.trails = List.copyOf(trails);
        this.minima = List.copyOf(minima);
        this.minimum = minimum;
        this.title = title;
        this.width = width;
        this.height = height;
    }

    /** The whole race as one figure. */
    public BufferedImage render() {
        return frame(steps());
    }

    /** The race as it stood after {@code steps} updates. */
    public BufferedImage frame(int steps) {
        steps = Math.max(0, Math.min(steps, steps()));
        List<Trail> shown = new ArrayList<>();
        for (Trail t : trails) {
            shown.add(t.prefix(steps + 1));
        }
        int leftWidth = (int) Math.round(width * 0.6);
        int band = 58;
        LegendBand legend = legend();
        int legendHeight = legend.height(width);
        int panelHeight = height - band - legendHeight;
        XYChart left = Landscape.contourChart(contours, leftWidth, panelHeight, "paths on the contours of f", "x", "y");
        left.getStyler().setChartTitleFont(Style.font(java.awt.Font.PLAIN, 21));
        XYStyler ls = left.getStyler();
        ls.setLegendVisible(false);
        Landscape.addMinima(left, minima);
        for (int i = 0; i < shown.size(); i++) {
            Landscape.addTrail(left, contours.box(), shown.get(i), i, 3f, false);
        }
        Landscape.addStart(left, trails.getFirst().xs()[0], trails.getFirst().ys()[0]);

        XYChart right = costChart(shown, width - leftWidth, panelHeight, steps);
        right.getStyler().setChartTitleFont(Style.font(java.awt.Font.PLAIN, 21));
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            Style.drawTitle(g, title + (steps < steps() ? "   (step " + steps + " of " + steps() + ")" : ""), width, band);
            g.drawImage(Png.render(left), 0, band, null);
            g.drawImage(Png.render(right), leftWidth, band, null);
            legend.draw(g, band + panelHeight, width);
        } finally {
            g.dispose();
        }
        return image;
    }

    private LegendBand legend() {
        LegendBand band = new LegendBand();
        for (int i = 0; i < trails.size(); i++) {
            Trail t = trails.get(i);
            band.add(t.label() + (t.diverged() ? " (diverged)" : ""), Style.color(i), Style.stroke(i, 3f), Style.marker(i));
        }
        band.add("start", java.awt.Color.BLACK, null, new org.knowm.xchart.style.markers.Circle());
        if (!minima.isEmpty()) {
            band.add(minima.size() == 1 ? "global minimum" : "global minima", java.awt.Color.BLACK, null,
                    new org.knowm.xchart.style.markers.Cross());
        }
        return band;
    }

    private XYChart costChart(List<Trail> shown, int w, int h, int steps) {
        boolean gap = minimum.isPresent();
        double floor = Double.POSITIVE_INFINITY;
        boolean positive = true;
        for (Trail t : trails) {
            for (double v : t.loss()) {
                double c = gap ? v - minimum.getAsDouble() : v;
                if (Double.isFinite(c)) {
                    if (c <= 0) {
                        positive = gap; // an exact hit of f* is drawn at the floor; a negative loss means no log
                    } else {
                        floor = Math.min(floor, c);
                    }
                }
            }
        }
        boolean log = positive && Double.isFinite(floor);
        String yTitle = gap ? "f - f*" + (log ? " (log scale)" : "") : "f" + (log ? " (log scale)" : "");
        XYChart chart = Style.xyChart(w, h, "cost per step", "step", yTitle);
        XYStyler s = chart.getStyler();
        if (log) {
            double[] r = yRange(true, Math.max(floor, 1e-300), gap);
            Style.logAxis(chart, r == null ? 0 : Math.log10(r[0]), r == null ? 0 : Math.log10(r[1]));
        }
        s.setLegendVisible(false);
        s.setXAxisTickMarkSpacingHint(150);
        long maxSteps = trails.stream().mapToLong(t -> t.size() - 1).max().orElse(1);

        double lowFloor = log ? Math.max(floor, 1e-300) : 0;
        double[] range = yRange(log, lowFloor, gap);
        if (range != null) {
            s.setYAxisMin(log ? Math.log10(range[0]) : range[0]);
            s.setYAxisMax(log ? Math.log10(range[1]) : range[1]);
            // the x range of the whole race, in every frame: an invisible series spans it
            double y0 = log ? Math.log10(range[0]) : range[0];
            XYSeries span = chart.addSeries(" ", new double[] {0, Math.max(1, maxSteps)}, new double[] {y0, y0});
            span.setShowInLegend(false);
            span.setMarker(Style.NO_MARKER);
            span.setLineColor(new java.awt.Color(0, 0, 0, 0));
        }
        for (int i = 0; i < shown.size(); i++) {
            Trail t = shown.get(i);
            int n = t.size();
            double[] x = new double[n];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = k;
                double c = gap ? t.loss()[k] - minimum.getAsDouble() : t.loss()[k];
                y[k] = !Double.isFinite(c) ? Double.NaN : log ? Math.max(c, lowFloor) : c;
                if (range != null && Double.isFinite(y[k])) {
                    y[k] = Math.max(range[0], Math.min(range[1], y[k]));
                }
                if (log) {
                    y[k] = Math.log10(y[k]);
                }
            }
            XYSeries line = chart.addSeries(t.label() + " cost", x, y);
            Style.styled(line, i, 2.5f, false);
            line.setShowInLegend(false);
            int last = n - 1;
            while (last > 0 && !Double.isFinite(y[last])) {
                last--;
            }
            XYSeries end = chart.addSeries(t.label() + (t.diverged() ? " (diverged)" : ""),
                    new double[] {x[last]}, new double[] {y[last]});
            Style.styled(end, i, 2.5f, true);
        }
        return chart;
    }

    /** Fixed y limits, so the axis does not jump between animation frames, and runaway losses stay on the chart. */
    private double[] yRange(boolean log, double floor, boolean gap) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double start = Double.NaN;
        for (Trail t : trails) {
            start = t.loss()[0] - (gap ? minimum.getAsDouble() : 0);
            for (double v : t.loss()) {
                double c = gap ? v - minimum.getAsDouble() : v;
                if (Double.isFinite(c)) {
                    lo = Math.min(lo, log ? Math.max(c, floor) : c);
                    hi = Math.max(hi, c);
                }
            }
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return null;
        }
        if (log) {
            // keep the top within a few decades of the start, so one runaway optimizer does not squash the rest
            double top = Double.isFinite(start) && start > 0 ? Math.min(hi, start * 1e3) : hi;
            return new double[] {lo, Math.max(top, lo * 10)};
        }
        double bottom = lo;
        if (Double.isFinite(start)) {
            // losses unbounded below (a saddle): show a few times the start's scale, not the whole runaway
            double scale = Math.max(Math.abs(start), 1) * 20;
            bottom = Math.max(lo, start - scale);
        }
        double shown = Math.max(hi - bottom, 1e-12);
        return new double[] {bottom - 0.03 * shown, hi + 0.03 * shown};
    }

    /** The number of steps of the longest run. */
    public int steps() {
        return trails.stream().mapToInt(t -> t.size() - 1).max().orElse(0);
    }

    /**
     * The race as {@code frames} pictures after increasing numbers of steps, eased so the first steps, where
     * most happens, get more frames.
     */
    public List<BufferedImage> animate(int frames) {
        int total = steps();
        List<BufferedImage> out = new ArrayList<>();
        int previous = -1;
        for (int k = 0; k < frames; k++) {
            double t = frames == 1 ? 1 : (double) k / (frames - 1);
            int s = (int) Math.round(total * Math.pow(t, 1.6));
            if (s == previous && k != frames - 1) {
                s = Math.min(total, previous + 1);
            }
            previous = s;
            out.add(frame(s));
        }
        return out;
    }
}
