package dev.descent.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Circle;
import org.knowm.xchart.style.markers.Cross;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Function landscapes with descent paths on them: a curve for a function of one variable, contour lines for a
 * function of two, each with the start, the end and the known minima marked.
 */
public final class Landscape {

    /** Contour levels drawn by default. */
    public static final int LEVELS = 22;
    /** Grid samples per axis for contouring. */
    public static final int GRID = 181;

    private static final Color START = new Color(0x111111);

    private Landscape() {
    }

    /** The contour lines of {@code f} on {@code box}, as precomputed series data to add to charts. */
    public record Contours(Box box, double[] levels, List<double[][]> lines) {

        /** Samples and contours {@code f} on {@code box}. */
        public static Contours of(DoubleBinaryOperator f, Box box) {
            Grid grid = Grid.sample(f, box.xMin(), box.xMax(), box.yMin(), box.yMax(), GRID, GRID);
            return of(grid, box, MarchingSquares.levels(grid, LEVELS));
        }

        /** Samples {@code f} on {@code box} and contours it at the given levels. */
        public static Contours of(DoubleBinaryOperator f, Box box, double[] levels) {
            return of(Grid.sample(f, box.xMin(), box.xMax(), box.yMin(), box.yMax(), GRID, GRID), box, levels);
        }

        private static Contours of(Grid grid, Box box, double[] levels) {
            List<double[][]> lines = new ArrayList<>();
            for (double level : levels) {
                List<MarchingSquares.Segment> segments = MarchingSquares.contour(grid, level);
                double[] x = new double[segments.size() * 3];
                double[] y = new double[segments.size() * 3];
                int k = 0;
                for (MarchingSquares.Segment s : segments) {
                    x[k] = s.x1();
                    y[k++] = s.y1();
                    x[k] = s.x2();
                    y[k++] = s.y2();
                    x[k] = Double.NaN; // breaks the line between segments
                    y[k++] = Double.NaN;
                }
                lines.add(new double[][] {x, y});
            }
            return new Contours(box, levels, lines);
        }
    }

    /** A chart of the contour lines alone, the axes fixed to the box. */
    public static XYChart contourChart(Contours contours, int width, int height, String title, String xName, String yName) {
        XYChart chart = Style.xyChart(width, height, title, xName, yName);
        XYStyler s = chart.getStyler();
        Box box = contours.box();
        s.setXAxisMin(box.xMin());
        s.setXAxisMax(box.xMax());
        s.setYAxisMin(box.yMin());
        s.setYAxisMax(box.yMax());
        s.setPlotGridLinesVisible(false);
        s.setPlotContentSize(1.0);
        int n = contours.lines().size();
        for (int k = 0; k < n; k++) {
            double[][] line = contours.lines().get(k);
            if (line[0].length == 0) {
                continue;
            }
            XYSeries series = chart.addSeries("level " + k, line[0], line[1]);
            series.setShowInLegend(false);
            series.setMarker(Style.NO_MARKER);
            series.setLineColor(levelColor(n == 1 ? 0 : (double) k / (n - 1)));
            series.setLineStyle(Style.solid(1.3f));
        }
        return chart;
    }

    /** Contour colour from dark slate blue (low) to pale grey-blue (high): readable in grayscale, quiet under paths. */
    static Color levelColor(double t) {
        int r = (int) Math.round(40 + t * (200 - 40));
        int g = (int) Math.round(70 + t * (208 - 70));
        int b = (int) Math.round(130 + t * (222 - 130));
        return new Color(r, g, b);
    }

    /** Marks the known minima with black crosses (one legend entry). */
    public static void addMinima(XYChart chart, List<double[]> minima) {
        if (minima.isEmpty()) {
            return;
        }
        double[] x = minima.stream().mapToDouble(m -> m[0]).toArray();
        double[] y = minima.stream().mapToDouble(m -> m[1]).toArray();
        XYSeries s = chart.addSeries(minima.size() == 1 ? "global minimum" : "global minima", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(new Cross());
        s.setMarkerColor(Color.BLACK);
    }

    /** Marks the common start point of the paths. */
    public static void addStart(XYChart chart, double x, double y) {
        XYSeries s = chart.addSeries("start", new double[] {x}, new double[] {y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(new Circle());
        s.setMarkerColor(START);
    }

    /**
     * Draws a path in the {@code index}-th style: the line (no legend entry) and, at its end, the marker,
     * whose legend entry shows line style and marker together.
     */
    public static void addTrail(XYChart chart, Box box, Trail trail, int index, float width) {
        addTrail(chart, box, trail, index, width, true);
    }

    /** As {@link #addTrail(XYChart, Box, Trail, int, float)}, choosing whether the trail gets a legend entry. */
    public static void addTrail(XYChart chart, Box box, Trail trail, int index, float width, boolean inLegend) {
        addTrail(chart, box, trail, index, width, inLegend, index);
    }

    /** As above, with the colour of palette entry {@code colorIndex} instead of {@code index}'s. */
    static void addTrail(XYChart chart, Box box, Trail trail, int index, float width, boolean inLegend, int colorIndex) {
        int n = lastFinite(trail);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = box.clampX(trail.xs()[k]);
            y[k] = box.clampY(trail.ys()[k]);
        }
        XYSeries line = chart.addSeries(trail.label() + " path", x, y);
        Style.styled(line, index, width, false);
        line.setLineColor(Style.color(colorIndex));
        line.setShowInLegend(false);
        XYSeries end = chart.addSeries(trail.label(), new double[] {x[n - 1]}, new double[] {y[n - 1]});
        Style.styled(end, index, width, true);
        end.setLineColor(Style.color(colorIndex));
        end.setMarkerColor(Style.color(colorIndex));
        end.setShowInLegend(inLegend);
    }

    private static int lastFinite(Trail t) {
        int n = t.size();
        while (n > 1 && !(Double.isFinite(t.xs()[n - 1]) && Double.isFinite(t.ys()[n - 1]))) {
            n--;
        }
        return n;
    }

    /**
     * A function of two variables: contour lines, the path from start (black dot) to end, the known minima.
     */
    public static BufferedImage contour(DoubleBinaryOperator f, Box box, Trail trail, List<double[]> minima,
                                        String title, String xName, String yName) {
        LegendBand legend = new LegendBand()
                .add(trail.label() + " (" + (trail.size() - 1) + " steps" + (trail.diverged() ? ", diverged" : "") + ")",
                        Style.color(5), Style.stroke(0, 3f), Style.marker(0))
                .add("start", START, null, new Circle());
        if (!minima.isEmpty()) {
            legend.add(minima.size() == 1 ? "global minimum" : "global minima", Color.BLACK, null, new Cross());
        }
        int legendHeight = legend.height(Style.WIDTH);
        XYChart chart = contourChart(Contours.of(f, box), Style.WIDTH, Style.HEIGHT - legendHeight, title, xName, yName);
        chart.getStyler().setLegendVisible(false);
        addMinima(chart, minima);
        addTrail(chart, box, trail, 0, 3f, true, 5);
        addStart(chart, trail.xs()[0], trail.ys()[0]);
        BufferedImage image = new BufferedImage(Style.WIDTH, Style.HEIGHT, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
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

    /**
     * A function of one variable: the curve f(x) over the box, and the steps drawn on it as points joined by
     * lines, with the start and the end marked.
     */
    public static BufferedImage curve(DoubleUnaryOperator f, Box box, Trail trail, String title, String xName, String yName) {
        return curves(f, box, List.of(trail), title, xName, yName);
    }

    /** As {@link #curve}, with several runs on one curve, each in its own colour, dash and marker. */
    public static BufferedImage curves(DoubleUnaryOperator f, Box box, List<Trail> trails, String title, String xName) {
        return curves(f, box, trails, title, xName, "f(" + xName + ")");
    }

    private static BufferedImage curves(DoubleUnaryOperator f, Box box, List<Trail> trails, String title, String xName,
                                        String yName) {
        XYChart chart = Style.xyChart(Style.WIDTH, Style.HEIGHT, title, xName, yName);
        XYStyler s = chart.getStyler();
        s.setXAxisMin(box.xMin());
        s.setXAxisMax(box.xMax());
        s.setYAxisMin(box.yMin());
        s.setYAxisMax(box.yMax());
        s.setPlotContentSize(1.0);
        double[] xs = Grid.linspace(box.xMin(), box.xMax(), 800);
        double[] ys = new double[xs.length];
        for (int k = 0; k < xs.length; k++) {
            double v = f.applyAsDouble(xs[k]);
            ys[k] = Double.isFinite(v) ? box.clampY(v) : Double.NaN;
        }
        XYSeries curve = chart.addSeries(yName, xs, ys);
        curve.setLineColor(new Color(0x555555));
        curve.setLineStyle(Style.solid(2.5f));
        curve.setMarker(Style.NO_MARKER);

        int longest = 0;
        for (int i = 0; i < trails.size(); i++) {
            Trail trail = trails.get(i);
            int n = lastFinite(trail);
            longest = Math.max(longest, n);
            double[] px = new double[n];
            double[] py = new double[n];
            for (int k = 0; k < n; k++) {
                px[k] = box.clampX(trail.xs()[k]);
                py[k] = box.clampY(trail.ys()[k]);
            }
            // one style per run; with a single run, the vivid vermillion rather than the curve-like blue
            int style = trails.size() == 1 ? 5 : i;
            XYSeries steps = chart.addSeries(trail.label() + " (" + (trail.size() - 1) + " steps"
                    + (trail.diverged() ? ", diverged" : "") + ")", px, py);
            steps.setLineColor(Style.color(style));
            steps.setLineStyle(Style.stroke(trails.size() == 1 ? 1 : i, 2f));
            steps.setMarkerColor(Style.color(style));
            steps.setMarker(n <= 300 ? Style.marker(i) : Style.NO_MARKER);
        }
        s.setMarkerSize(longest <= 60 ? 10 : 6);
        addStart(chart, box.clampX(trails.getFirst().xs()[0]), box.clampY(trails.getFirst().ys()[0]));
        s.setLegendPosition(Styler.LegendPosition.InsideN);
        return Png.render(chart);
    }
}
