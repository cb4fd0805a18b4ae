package dev.descent.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Cost curves of a training run: the raw per-update loss (thin, light), its moving average, the per-epoch
 * training and validation loss, the learning rate on a second axis when it changes, and a vertical mark at
 * the best epoch when early stopping restored its weights.
 */
public final class CostCurves {

    /** How the y axis is scaled. */
    public enum Scale {
        /** Logarithmic when the loss spans more than two decades, else linear. */
        AUTO,
        LINEAR,
        LOG
    }

    /**
     * @param title     the figure title
     * @param window    moving-average window in updates; 0 chooses 10, 100 or 1000 from the run's length
     * @param scale     y scale
     * @param bestEpoch the epoch whose weights were restored, to mark
     * @param width     pixels
     * @param height    pixels
     */
    public record Options(String title, int window, Scale scale, OptionalInt bestEpoch, int width, int height) {

        public Options {
            if (window < 0) {
                throw new IllegalArgumentException("the moving-average window must be >= 1 (or 0 for automatic), got " + window);
            }
        }

        /** Defaults: automatic window and scale, 1200x800. */
        public static Options defaults(String title) {
            return new Options(title, 0, Scale.AUTO, OptionalInt.empty(), Style.WIDTH, Style.HEIGHT);
        }

        public Options withWindow(int w) {
            return new Options(title, w, scale, bestEpoch, width, height);
        }

        public Options withScale(Scale s) {
            return new Options(title, window, s, bestEpoch, width, height);
        }

        public Options withBestEpoch(OptionalInt e) {
            return new Options(title, window, scale, e, width, height);
        }
    }

    private CostCurves() {
    }

    /** The moving-average window for a run of {@code n} updates: 10, 100 or 1000, about a twentieth of the run or less; 1 (none) for very short runs. */
    public static int autoWindow(int n) {
        if (n >= 20_000) {
            return 1000;
        }
        if (n >= 2_000) {
            return 100;
        }
        return n >= 100 ? 10 : 1;
    }

    /** Trailing moving average; the first {@code window - 1} points average what there is so far. */
    public static double[] movingAverage(double[] values, int window) {
        double[] out = new double[values.length];
        double sum = 0;
        int count = 0;
        for (int k = 0; k < values.length; k++) {
            double v = values[k];
            if (Double.isFinite(v)) {
                sum += v;
                count++;
            }
            if (k >= window) {
                double old = values[k - window];
                if (Double.isFinite(old)) {
                    sum -= old;
                    count--;
                }
            }
            out[k] = count == 0 ? Double.NaN : sum / count;
        }
        return out;
    }

    /** Renders the cost curves. */
    public static BufferedImage render(HistoryData h, Options o) {
        return Png.render(chart(h, o));
    }

    /** The chart, for callers that want to adjust it. */
    public static XYChart chart(HistoryData h, Options o) {
        int n = h.steps().length;
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = h.steps()[k];
        }
        // batch gradient descent (one update per epoch) has no noise to smooth: a moving average would only lag
        boolean batch = h.epochs().size() == n;
        int window = o.window() == 0 ? (batch ? 1 : autoWindow(n)) : Math.min(o.window(), Math.max(1, n));
        double[] smooth = movingAverage(h.loss(), window);

        List<double[]> epochLoss = epochSeries(h, "loss");
        List<double[]> valLoss = epochSeries(h, "val_loss");
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] series : List.of(h.loss(), smooth, epochLoss.get(1), valLoss.get(1))) {
            for (double v : series) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        boolean log = switch (o.scale()) {
            case LOG -> true;
            case LINEAR -> false;
            case AUTO -> lo > 0 && hi / lo > 100;
        };
        double floor = log ? positiveMin(h.loss(), epochLoss.get(1), valLoss.get(1)) : Double.NaN;

        XYChart chart = Style.xyChart(o.width(), o.height(), o.title(), "update (step)", "loss" + (log ? " (log scale)" : ""));
        XYStyler s = chart.getStyler();
        if (log) {
            Style.logAxis(chart, Math.log10(floor), Math.log10(hi));
        }
        Style.fitTitle(chart);
        if (n > 0 && Double.isFinite(smooth[0])) {
            double y0 = log ? Math.log10(Math.max(smooth[0], floor)) : smooth[0];
            Style.xSpan(chart, 0, x[n - 1], y0);
        }
        s.setLegendPosition(Styler.LegendPosition.InsideNE);

        boolean showRaw = window > 1;
        if (showRaw) {
            XYSeries raw = chart.addSeries("loss per update", x, positive(h.loss(), log));
            raw.setLineColor(Style.RAW);
            raw.setLineStyle(Style.solid(1f));
            raw.setMarker(Style.NO_MARKER);
            XYSeries avg = chart.addSeries("moving average (" + window + " updates)", x, positive(smooth, log));
            Style.styled(avg, 0, 3f, false);
        } else {
            XYSeries per = chart.addSeries("loss per update", x, positive(h.loss(), log));
            Style.styled(per, 0, 2.5f, n <= 60);
        }
        boolean epochMarkers = h.epochs().size() <= 60;
        boolean oneUpdatePerEpoch = h.epochs().size() == n;
        if (epochLoss.get(0).length > 0 && !oneUpdatePerEpoch) {
            XYSeries e = chart.addSeries("training loss per epoch", epochLoss.get(0), positive(epochLoss.get(1), log));
            Style.styled(e, 4, 2f, epochMarkers);
        }
        if (valLoss.get(0).length > 0) {
            XYSeries v = chart.addSeries("validation loss per epoch", valLoss.get(0), positive(valLoss.get(1), log));
            Style.styled(v, 5, 2.5f, epochMarkers);
            v.setLineStyle(Style.stroke(1, 2.5f));
            v.setMarker(epochMarkers ? Style.marker(1) : Style.NO_MARKER);
        }
        if (o.bestEpoch().isPresent()) {
            int best = o.bestEpoch().getAsInt();
            double top = hi;
            double bottom = log ? floor : Math.min(lo, 0);
            h.epochs().stream().filter(e -> e.epoch() == best).findFirst().ifPresent(e -> {
                XYSeries mark = chart.addSeries("best epoch " + best + " (weights restored)",
                        new double[] {e.step(), e.step()}, positive(new double[] {bottom, top}, log));
                mark.setLineColor(Color.BLACK);
                mark.setLineStyle(Style.stroke(2, 2f));
                mark.setMarker(Style.NO_MARKER);
            });
        }
        addLearningRate(chart, x, h.lr(), log);
        return chart;
    }

    private static void addLearningRate(XYChart chart, double[] x, double[] lr, boolean log) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : lr) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (!(max > min * (1 + 1e-9)) || !(max > 0)) {
            return; // constant (or missing) rate: the legend would only repeat the command line
        }
        double[] y = positive(lr, log);
        XYSeries s = chart.addSeries("learning rate (right axis)", x, y);
        s.setYAxisGroup(1);
        s.setLineColor(Style.color(3));
        s.setLineStyle(Style.stroke(2, 2.5f));
        s.setMarker(Style.NO_MARKER);
        chart.setYAxisGroupTitle(1, "learning rate" + (log ? " (log scale)" : ""));
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    }

    /** [x (steps), y] of one epoch metric, only epochs that have it. */
    private static List<double[]> epochSeries(HistoryData h, String key) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (HistoryData.Epoch e : h.epochs()) {
            double v = e.get(key);
            if (Double.isFinite(v)) {
                xs.add((double) e.step());
                ys.add(v);
            }
        }
        return List.of(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double positiveMin(double[]... series) {
        double m = Double.POSITIVE_INFINITY;
        for (double[] s : series) {
            for (double v : s) {
                if (v > 0 && v < m) {
                    m = v;
                }
            }
        }
        return Double.isFinite(m) ? m : 1e-12;
    }

    /** For a log axis, log10 of the values, non-positive ones becoming NaN (gaps); non-finite values always do. */
    private static double[] positive(double[] values, boolean log) {
        double[] out = values.clone();
        for (int k = 0; k < out.length; k++) {
            if (!Double.isFinite(out[k]) || log && out[k] <= 0) {
                out[k] = Double.NaN;
            } else if (log) {
                out[k] = Math.log10(out[k]);
            }
        }
        return out;
    }
}
