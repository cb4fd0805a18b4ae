package dev.descent.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Circle;
import org.knowm.xchart.style.markers.Cross;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Choosing a learning rate: the final training loss after a short run at each of a log-spaced range of rates
 * (a sweep), or the loss of one run whose rate grows every update (Leslie Smith's range test), against the
 * rate on a log axis.
 *
 * <p>The sweep's verdicts: a rate <em>diverged</em> when its final loss is not finite or above the initial
 * loss; it is <em>too low</em> when it made less than {@value #TOO_LOW} of the best rate's progress
 * ({@code initial − final}). The suggested rate is the largest rate that made at least {@value #NEAR_BEST}
 * of the best rate's progress: as fast as is safe, without riding the edge of divergence.
 */
public final class LrSweep {

    /** Below this fraction of the best progress a rate counts as too low. */
    public static final double TOO_LOW = 0.1;
    /** The suggested rate makes at least this fraction of the best progress. */
    public static final double NEAR_BEST = 0.95;
    /** The range test's smoothing: an exponential moving average of the loss with this factor (bias-corrected). */
    public static final double SMOOTHING = 0.9;

    private static final Color LOW_BAND = new Color(150, 150, 150, 70);
    private static final Color DIVERGED_BAND = new Color(213, 94, 0, 60);

    /** What a rate did. */
    public enum Verdict {
        TOO_LOW("too low"), LEARNS("learns"), DIVERGED("diverged");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** One rate of a sweep and the training loss after its run. */
    public record Point(double lr, double loss) {
    }

    private LrSweep() {
    }

    /** The best (smallest) finite final loss, or NaN when every rate diverged. */
    public static double best(List<Point> points) {
        return points.stream().mapToDouble(Point::loss).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    /** The verdict on one rate's final loss. */
    public static Verdict verdict(double loss, double initial, double best) {
        if (!Double.isFinite(loss) || loss > initial) {
            return Verdict.DIVERGED;
        }
        double bestProgress = initial - best;
        return bestProgress > 0 && initial - loss < TOO_LOW * bestProgress ? Verdict.TOO_LOW : Verdict.LEARNS;
    }

    /** The suggested rate (see the class comment), or empty when no rate made progress. */
    public static OptionalDouble suggest(List<Point> points, double initial) {
        double best = best(points);
        if (!(best < initial)) {
            return OptionalDouble.empty();
        }
        double suggested = Double.NaN;
        for (Point p : points) {
            if (verdict(p.loss(), initial, best) == Verdict.LEARNS && initial - p.loss() >= NEAR_BEST * (initial - best)
                    && !(p.lr() <= suggested)) {
                suggested = p.lr();
            }
        }
        return Double.isNaN(suggested) ? OptionalDouble.empty() : OptionalDouble.of(suggested);
    }

    /** The sweep's picture: final loss against the rate, the too-low and diverged regions shaded. */
    public static BufferedImage sweep(List<Point> points, double initial, OptionalDouble suggested, String title, String yTitle) {
        if (points.size() < 2) {
            throw new IllegalArgumentException("a sweep needs at least two rates");
        }
        double best = best(points);
        double headroom = Double.isFinite(best) ? initial + 0.25 * Math.max(initial - best, 0.05 * Math.abs(initial)) : 2 * Math.abs(initial);
        double top = headroom > 0 ? headroom : 1;
        LegendBand legend = new LegendBand().add("initial loss", Style.color(7), Style.stroke(1, 2f), null)
                .add("final training loss after each run", Style.color(0), Style.solid(3f), new Circle());
        if (points.stream().anyMatch(p -> !(Double.isFinite(p.loss()) && p.loss() < top))) {
            legend.add("diverged (loss off the chart)", Style.color(5), null, new Cross());
        }
        suggested.ifPresent(lr -> legend.add(suggestionLabel(lr), Color.BLACK, Style.stroke(3, 2.5f), null));
        int legendHeight = legend.height(Style.WIDTH);
        XYChart chart = Style.xyChart(Style.WIDTH, Style.HEIGHT - legendHeight, title, "learning rate (log scale)", yTitle);
        XYStyler s = chart.getStyler();
        s.setXAxisLogarithmic(true);
        s.setXAxisTickLabelsFormattingFunction(Style::tick);
        double step = points.size() > 1 ? Math.sqrt(points.get(1).lr() / points.get(0).lr()) : 2;
        double x0 = points.getFirst().lr() / step;
        double x1 = points.getLast().lr() * step;
        double bottom = Math.min(0, Double.isFinite(best) ? best : 0);
        s.setXAxisMin(x0);
        s.setXAxisMax(x1);
        s.setYAxisMin(bottom);
        s.setYAxisMax(top);
        s.setLegendVisible(false);
        Style.fitTitle(chart);

        // shaded bands: each rate owns the span half a grid step either side of it
        for (Verdict v : new Verdict[] {Verdict.TOO_LOW, Verdict.DIVERGED}) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Point p : points) {
                // strictly increasing x (XChart's areas need it): the band steps inside each rate's span
                double lo = p.lr() / step * (1 + 1e-9);
                double hi = p.lr() * step * (1 - 1e-9);
                boolean in = verdict(p.loss(), initial, best) == v;
                xs.add(lo);
                ys.add(in ? top : bottom);
                xs.add(hi);
                ys.add(in ? top : bottom);
            }
            if (!ys.contains(top)) {
                continue;
            }
            labelBand(chart, v, points, initial, best, step, top - 0.035 * (top - bottom));
            XYSeries band = chart.addSeries(v.toString() + " band",
                    xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray());
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            band.setFillColor(v == Verdict.TOO_LOW ? LOW_BAND : DIVERGED_BAND);
            band.setLineColor(new Color(0, 0, 0, 0));
            band.setLineStyle(new BasicStroke(0f));
            band.setMarker(Style.NO_MARKER);
            band.setShowInLegend(false);
        }

        XYSeries start = chart.addSeries("initial loss", new double[] {x0, x1}, new double[] {initial, initial});
        start.setLineColor(Style.color(7));
        start.setLineStyle(Style.stroke(1, 2f));
        start.setMarker(Style.NO_MARKER);

        List<Double> fx = new ArrayList<>();
        List<Double> fy = new ArrayList<>();
        List<Double> dx = new ArrayList<>();
        for (Point p : points) {
            if (verdict(p.loss(), initial, best) == Verdict.DIVERGED && !(Double.isFinite(p.loss()) && p.loss() < top)) {
                dx.add(p.lr());
            } else {
                fx.add(p.lr());
                fy.add(p.loss());
            }
        }
        if (!fx.isEmpty()) {
            XYSeries loss = chart.addSeries("final training loss", fx.stream().mapToDouble(Double::doubleValue).toArray(),
                    fy.stream().mapToDouble(Double::doubleValue).toArray());
            Style.styled(loss, 0, 3f, true);
            loss.setMarker(new Circle());
        }
        if (!dx.isEmpty()) {
            double[] y = new double[dx.size()];
            java.util.Arrays.fill(y, top - 0.1 * (top - bottom));
            XYSeries off = chart.addSeries("diverged (off the chart)", dx.stream().mapToDouble(Double::doubleValue).toArray(), y);
            off.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            off.setMarker(new Cross());
            off.setMarkerColor(Style.color(5));
        }
        suggested.ifPresent(lr -> addSuggestion(chart, lr, bottom, top));
        s.setMarkerSize(12);
        return compose(chart, legend);
    }

    /** The range test's picture: the loss of each update (light) and its moving average (dark) against the rate. */
    public static BufferedImage rangeTest(double[] lrs, double[] losses, OptionalDouble suggested, String title, String yTitle) {
        if (lrs.length != losses.length || lrs.length < 2) {
            throw new IllegalArgumentException("a range test needs at least two updates, one rate and one loss each");
        }
        double[] smooth = smoothed(losses);
        double min = Double.POSITIVE_INFINITY;
        for (double v : smooth) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
            }
        }
        double first = smooth[0];
        double top = Double.isFinite(first) ? Math.max(first, min) * 1.3 : 1;
        double bottom = Double.isFinite(min) ? Math.max(Math.min(0, min), min - 0.2 * (top - min)) : 0;
        LegendBand legend = new LegendBand().add("loss of each update", Style.RAW, Style.solid(2f), null)
                .add("its moving average (factor " + SMOOTHING + ", bias-corrected)", Style.color(0), Style.solid(3f), null);
        suggested.ifPresent(lr -> legend.add(suggestionLabel(lr), Color.BLACK, Style.stroke(3, 2.5f), null));
        int legendHeight = legend.height(Style.WIDTH);
        XYChart chart = Style.xyChart(Style.WIDTH, Style.HEIGHT - legendHeight, title,
                "learning rate (log scale, growing every update)", yTitle);
        XYStyler s = chart.getStyler();
        s.setXAxisLogarithmic(true);
        s.setXAxisTickLabelsFormattingFunction(Style::tick);
        s.setYAxisMin(bottom);
        s.setYAxisMax(top);
        s.setLegendVisible(false);
        Style.fitTitle(chart);
        XYSeries raw = chart.addSeries("loss of each update", lrs, clamp(losses, bottom, top));
        raw.setLineColor(Style.RAW);
        raw.setLineStyle(Style.solid(1.2f));
        raw.setMarker(Style.NO_MARKER);
        XYSeries avg = chart.addSeries("moving average (factor " + SMOOTHING + ")", lrs, clamp(smooth, bottom, top));
        Style.styled(avg, 0, 3f, false);
        suggested.ifPresent(lr -> addSuggestion(chart, lr, bottom, top));
        return compose(chart, legend);
    }

    /** The bias-corrected exponential moving average of the losses; non-finite from the first non-finite loss on. */
    public static double[] smoothed(double[] losses) {
        MovingAverage average = new MovingAverage();
        double[] out = new double[losses.length];
        for (int k = 0; k < losses.length; k++) {
            out[k] = average.add(losses[k]);
        }
        return out;
    }

    /**
     * The range test's moving average of the losses, one loss at a time (fastai's {@code Recorder.smooth_loss}):
     * {@code a_k = β·a_{k−1} + (1 − β)·ℓ_k} from {@code a_0 = 0}, reported bias-corrected as {@code a_k/(1 − β^k)},
     * β = {@link #SMOOTHING} (fastai's default is 0.98, whose memory of about 50 updates is as long as a small data
     * set's whole test); NaN from the first non-finite loss on.
     */
    public static final class MovingAverage {
        private double avg;
        private int count;
        private boolean broken;

        /** Adds the next loss; returns the average so far. */
        public double add(double loss) {
            broken |= !Double.isFinite(loss);
            avg = SMOOTHING * avg + (1 - SMOOTHING) * loss;
            count++;
            return broken ? Double.NaN : avg / (1 - Math.pow(SMOOTHING, count));
        }
    }

    /**
     * The range test's suggestion: one tenth of the rate where the smoothed loss is lowest (the loss still
     * falls steadily there, well before it turns up), or empty when it never fell below its start.
     */
    public static OptionalDouble suggestFromRangeTest(double[] lrs, double[] losses) {
        double[] smooth = smoothed(losses);
        int best = -1;
        for (int k = 0; k < smooth.length; k++) {
            if (Double.isFinite(smooth[k]) && (best < 0 || smooth[k] < smooth[best])) {
                best = k;
            }
        }
        return best <= 0 || !(smooth[best] < smooth[0]) ? OptionalDouble.empty() : OptionalDouble.of(lrs[best] / 10);
    }

    private static void addSuggestion(XYChart chart, double lr, double bottom, double top) {
        XYSeries line = chart.addSeries(suggestionLabel(lr), new double[] {lr, lr}, new double[] {bottom, top});
        line.setLineColor(Color.BLACK);
        line.setLineStyle(Style.stroke(3, 2.5f));
        line.setMarker(Style.NO_MARKER);
    }

    private static String suggestionLabel(double lr) {
        return "suggested rate " + Style.tick(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", lr)));
    }

    /** The chart above, the legend band below. */
    private static BufferedImage compose(XYChart chart, LegendBand legend) {
        BufferedImage image = new BufferedImage(Style.WIDTH, Style.HEIGHT, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, Style.WIDTH, Style.HEIGHT);
            g.drawImage(Png.render(chart), 0, 0, null);
            legend.draw(g, chart.getHeight(), Style.WIDTH);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Names a shaded band in the band itself, centred over its rates (on the log axis) near the top. */
    private static void labelBand(XYChart chart, Verdict v, List<Point> points, double initial, double best, double step, double y) {
        double lo = Double.NaN;
        double hi = Double.NaN;
        for (Point p : points) {
            if (verdict(p.loss(), initial, best) == v) {
                lo = Double.isNaN(lo) ? p.lr() / step : lo;
                hi = p.lr() * step;
            }
        }
        String text = v == Verdict.TOO_LOW ? "too low: < " + pct(TOO_LOW) + " of the best progress" : "diverged";
        org.knowm.xchart.AnnotationText label = new org.knowm.xchart.AnnotationText(text, Math.sqrt(lo * hi), y, false);
        chart.addAnnotation(label);
    }

    private static double[] clamp(double[] v, double lo, double hi) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = Double.isFinite(v[k]) ? Math.max(lo, Math.min(hi, v[k])) : Double.NaN;
        }
        return out;
    }

    private static String pct(double f) {
        return Math.round(f * 100) + "%";
    }
}
