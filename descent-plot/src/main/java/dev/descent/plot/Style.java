package dev.descent.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Circle;
import org.knowm.xchart.style.markers.Diamond;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.Square;
import org.knowm.xchart.style.markers.TriangleDown;
import org.knowm.xchart.style.markers.TriangleUp;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

/**
 * The house style of every figure: 1200x800 pixels, fonts readable on a lecture slide, and series that stay
 * apart in grayscale because each differs in colour lightness, line dash and marker, not in hue alone.
 */
public final class Style {

    /** Default figure width in pixels. */
    public static final int WIDTH = 1200;
    /** Default figure height in pixels. */
    public static final int HEIGHT = 800;

    /** The series colours: Okabe-Ito hues ordered so neighbours differ in lightness too. */
    private static final Color[] PALETTE = {
            new Color(0x0072B2), // blue (dark)
            new Color(0xE69F00), // orange (light)
            new Color(0x009E73), // bluish green (mid)
            new Color(0xCC79A7), // reddish purple (light-mid)
            new Color(0x000000), // black
            new Color(0xD55E00), // vermillion (mid-dark)
            new Color(0x56B4E9), // sky blue (light)
            new Color(0x7F7F7F), // grey
    };

    private static final float[][] DASHES = {
            null,                    // solid
            {14f, 7f},               // dashed
            {3f, 5f},                // dotted
            {14f, 5f, 3f, 5f},       // dash-dot
            {24f, 8f},               // long dash
            {8f, 4f, 3f, 4f, 3f, 4f}, // dash-dot-dot
            {6f, 6f},                // short dash
            {2f, 3f},                // fine dots
    };

    private static final Marker[] MARKERS = {new Circle(), new Square(), new Diamond(), new TriangleUp(), new TriangleDown(),
            new Circle(), new Square(), new Diamond()};

    /** A light grey for raw, noisy data drawn under its smoothed version. */
    public static final Color RAW = new Color(150, 150, 150, 140);
    /** Text colour. */
    public static final Color INK = new Color(0x222222);

    private Style() {
    }

    /** The {@code i}-th series colour (cycles). */
    public static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** The {@code i}-th line style at {@code width} pixels (cycles; 0 is solid). */
    public static BasicStroke stroke(int i, float width) {
        float[] dash = DASHES[Math.floorMod(i, DASHES.length)];
        if (dash == null) {
            return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }
        float[] scaled = dash.clone();
        for (int k = 0; k < scaled.length; k++) {
            scaled[k] *= Math.max(1f, width / 2f);
        }
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, scaled, 0f);
    }

    /** The {@code i}-th marker (cycles). */
    public static Marker marker(int i) {
        return MARKERS[Math.floorMod(i, MARKERS.length)];
    }

    /** A solid line of this width. */
    public static BasicStroke solid(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** The font of this size (a sans-serif that every JDK has). */
    public static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    /** An XY chart in the house style. */
    public static XYChart xyChart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x888888));
        s.setPlotBorderVisible(true);
        s.setChartTitleBoxBackgroundColor(Color.WHITE);
        s.setChartTitleBoxBorderColor(Color.WHITE);
        s.setChartTitleFont(font(Font.BOLD, 26));
        s.setChartFontColor(INK);
        s.setAxisTitleFont(font(Font.PLAIN, 21));
        s.setAxisTickLabelsFont(font(Font.PLAIN, 17));
        s.setAxisTickLabelsColor(INK);
        s.setAxisTitlePadding(10);
        s.setAxisTickPadding(6);
        s.setPlotGridLinesColor(new Color(0xE3E3E3));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setLegendFont(font(Font.PLAIN, 17));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 225));
        s.setLegendBorderColor(new Color(0xAAAAAA));
        s.setLegendSeriesLineLength(44);
        s.setLegendPadding(8);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setAnnotationTextFont(font(Font.PLAIN, 17));
        s.setAnnotationTextFontColor(INK);
        s.setChartPadding(14);
        s.setPlotMargin(0);
        s.setMarkerSize(9);
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
        s.setSeriesColors(PALETTE);
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setXAxisTickMarkSpacingHint(110);
        s.setYAxisTickMarkSpacingHint(70);
        s.setXAxisTickLabelsFormattingFunction(Style::tick);
        s.setYAxisTickLabelsFormattingFunction(Style::tick);
        return chart;
    }

    /**
     * Makes the y axis logarithmic by the caller plotting {@code log10} of its values: the tick labels show
     * {@code 10^v}. Unlike XChart's own log axis this keeps a few well-spaced ticks over many decades.
     */
    public static void logAxis(XYChart chart) {
        logAxis(chart, 0, 0);
    }

    /**
     * As {@link #logAxis(XYChart)}, knowing the plotted range {@code log10Min..log10Max}: over two decades or
     * more, only whole decades are labelled; otherwise every tick, to two significant digits.
     */
    public static void logAxis(XYChart chart, double log10Min, double log10Max) {
        double decades = log10Max - log10Min;
        if (decades >= 1.5) {
            // about one tick per decade or fewer, so the ticks land on whole decades
            int plot = (int) (chart.getHeight() * 0.8);
            chart.getStyler().setYAxisTickMarkSpacingHint(Math.max(60, (int) (plot / decades * 0.9)));
        }
        chart.getStyler().setYAxisTickLabelsFormattingFunction(v -> {
            if (v == null || v.isNaN()) {
                return "";
            }
            boolean whole = Math.abs(v - Math.rint(v)) < 1e-6;
            double value = Math.pow(10, whole ? Math.rint(v) : v);
            return whole ? tick(value) : new java.math.BigDecimal(value).round(new java.math.MathContext(2))
                    .stripTrailingZeros().toPlainString();
        });
    }

    /**
     * Makes the x axis span {@code x0..x1} with round tick values: adds an invisible series over the span
     * (XChart places ticks at the data themselves when a chart's x values are all equally spaced, such as
     * step numbers, which gives labels like 1, 66, 131).
     */
    public static void xSpan(XYChart chart, double x0, double x1, double y) {
        XYSeries span = chart.addSeries("\u200b", new double[] {x0, x0, x1}, new double[] {y, y, y});
        span.setShowInLegend(false);
        span.setMarker(NO_MARKER);
        span.setLineColor(new Color(0, 0, 0, 0));
        span.setLineStyle(new BasicStroke(0f));
    }

    /** Shrinks the chart's title font until the title fits the chart's width. */
    public static void fitTitle(XYChart chart) {
        java.awt.image.BufferedImage scratch = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = scratch.createGraphics();
        try {
            Font f = chart.getStyler().getChartTitleFont();
            while (f.getSize() > 12 && g.getFontMetrics(f).stringWidth(chart.getTitle()) > chart.getWidth() - 40) {
                f = f.deriveFont((float) f.getSize() - 1);
            }
            chart.getStyler().setChartTitleFont(f);
        } finally {
            g.dispose();
        }
    }

    /** A figure title centred in a band at the top of a composed figure. */
    public static void drawTitle(java.awt.Graphics2D g, String text, int width, int band) {
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        int size = 26;
        java.awt.FontMetrics fm;
        do {
            g.setFont(font(Font.BOLD, size));
            fm = g.getFontMetrics();
            size--;
        } while (fm.stringWidth(text) > width - 40 && size > 12);
        g.setColor(INK);
        g.drawString(text, (width - fm.stringWidth(text)) / 2, (band + fm.getAscent() - fm.getDescent()) / 2 + 4);
    }

    /** Applies the {@code i}-th colour, dash and (when {@code markers}) marker to a series. */
    public static XYSeries styled(XYSeries series, int i, float width, boolean markers) {
        series.setLineColor(color(i));
        series.setLineStyle(stroke(i, width));
        series.setMarkerColor(color(i));
        series.setMarker(markers ? marker(i) : NO_MARKER);
        return series;
    }

    /** No marker. */
    public static final Marker NO_MARKER = new org.knowm.xchart.style.markers.None();

    /** A tick label: short, without trailing zeros, scientific for very large or small values. */
    public static String tick(Double v) {
        if (v == null || v.isNaN()) {
            return "";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e5 || a < 1e-3) {
            String s = String.format(java.util.Locale.ROOT, "%.1e", v);
            return s.replace(".0e", "e").replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        }
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
