package dev.descent.cli;

import dev.descent.expr.BuiltinFunction;
import dev.descent.expr.CompiledExpression;
import dev.descent.optim.Minimizer;
import dev.descent.plot.Box;
import dev.descent.plot.Gif;
import dev.descent.plot.Landscape;
import dev.descent.plot.Png;
import dev.descent.plot.Trail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The glue between the commands and {@code descent-plot}: trails from trajectories, plot boxes, file writing. */
final class Pictures {

    private Pictures() {
    }

    /** Fails early, before any work, when a picture of this problem cannot be drawn or written. */
    static void checkDrawable(MinimizeCommand.Problem problem, Path file, String flag) {
        int n = problem.variables().size();
        if (n > 2) {
            throw new InputException(flag + ": can only draw functions of 1 or 2 variables; "
                    + problem.label() + " has " + n + " (" + String.join(", ", problem.variables()) + ")");
        }
        AtomicFiles.checkFile(file, flag);
    }

    /** Writes a PNG, turning I/O failures into one-line input errors naming the flag. */
    static void writePng(BufferedImage image, Path file, String flag) {
        try {
            Png.write(image, file);
        } catch (IOException e) {
            throw new InputException(flag + " " + file + ": cannot write: " + AtomicFiles.reason(e));
        }
    }

    /** Writes a GIF, turning I/O failures into one-line input errors naming the flag. */
    static void writeGif(List<BufferedImage> frames, Path file, String flag) {
        try {
            Gif.write(frames, 90, 2500, file);
        } catch (IOException e) {
            throw new InputException(flag + " " + file + ": cannot write: " + AtomicFiles.reason(e));
        }
    }

    /** The expression's variables in their own order: the axes (x first) whatever order --start named them in. */
    static List<String> axes(MinimizeCommand.Problem problem) {
        return problem.expression().variables();
    }

    /** A trajectory as a trail in axis order; for one variable the second coordinate is the loss. */
    static Trail trail(String label, MinimizeCommand.Problem problem, Minimizer.Result result) {
        List<String> axes = axes(problem);
        int ix = problem.variables().indexOf(axes.get(0));
        int iy = axes.size() > 1 ? problem.variables().indexOf(axes.get(1)) : -1;
        List<Minimizer.Step> steps = result.trajectory();
        double[] xs = new double[steps.size()];
        double[] ys = new double[steps.size()];
        double[] loss = new double[steps.size()];
        for (int k = 0; k < steps.size(); k++) {
            Minimizer.Step s = steps.get(k);
            double[] x = s.x();
            xs[k] = x[ix];
            ys[k] = iy < 0 ? s.loss() : x[iy];
            loss[k] = s.loss();
        }
        return new Trail(label, xs, ys, loss, result.outcome() == Minimizer.Outcome.DIVERGED);
    }

    /** f as a function of the axes. */
    static CompiledExpression compiled(MinimizeCommand.Problem problem) {
        return problem.expression().compile(axes(problem));
    }

    /**
     * The region to draw: a built-in's own box (grown to hold the trails when they start outside it), or one
     * around the trails for an expression.
     */
    static Box box(MinimizeCommand.Problem problem, List<Trail> trails) {
        List<double[]> points = new ArrayList<>();
        for (Trail t : trails) {
            for (int k = 0; k < t.size(); k++) {
                if (Double.isFinite(t.xs()[k]) && Double.isFinite(t.ys()[k])) {
                    points.add(new double[] {t.xs()[k], t.ys()[k]});
                }
            }
        }
        boolean oneVariable = axes(problem).size() == 1;
        if (problem.builtin().isPresent()) {
            BuiltinFunction.PlotBox b = problem.builtin().get().plotBox();
            double[] start = {trails.getFirst().xs()[0], trails.getFirst().ys()[0]};
            double x0 = Math.min(b.xMin(), start[0]);
            double x1 = Math.max(b.xMax(), start[0]);
            double y0 = oneVariable ? b.yMin() : Math.min(b.yMin(), start[1]);
            double y1 = oneVariable ? Math.max(b.yMax(), start[1]) : Math.max(b.yMax(), start[1]);
            return pad(x0, x1, y0, y1, x0 < b.xMin() || x1 > b.xMax() || y0 < b.yMin() || y1 > b.yMax() ? 0.08 : 0);
        }
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            x0 = Math.min(x0, p[0]);
            x1 = Math.max(x1, p[0]);
            y0 = Math.min(y0, p[1]);
            y1 = Math.max(y1, p[1]);
        }
        if (oneVariable) {
            // x: the visited range, symmetric room on both sides; y: the curve's range over it
            double span = Math.max(x1 - x0, 1e-3 * Math.max(1, Math.abs(x0)));
            x0 -= 0.25 * span;
            x1 += 0.25 * span;
            CompiledExpression f = compiled(problem);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int k = 0; k <= 400; k++) {
                double v = f.value(new double[] {x0 + (x1 - x0) * k / 400});
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            if (!Double.isFinite(lo)) {
                lo = y0;
                hi = y1;
            }
            return pad(x0, x1, lo, hi, 0.06);
        }
        double span = Math.max(Math.max(x1 - x0, y1 - y0), 1e-3);
        double cx = (x0 + x1) / 2;
        double cy = (y0 + y1) / 2;
        return pad(Math.min(x0, cx - span / 2), Math.max(x1, cx + span / 2), Math.min(y0, cy - span / 2),
                Math.max(y1, cy + span / 2), 0.15);
    }

    private static Box pad(double x0, double x1, double y0, double y1, double fraction) {
        double w = Math.max(x1 - x0, 1e-9);
        double h = Math.max(y1 - y0, 1e-9);
        return new Box(x0 - fraction * w, x1 + fraction * w, y0 - fraction * h, y1 + fraction * h);
    }

    /** The known minima in axis order. */
    static List<double[]> minima(MinimizeCommand.Problem problem) {
        return problem.builtin().map(b -> b.minima().stream()
                .map(m -> m.stream().mapToDouble(Double::doubleValue).toArray()).toList()).orElse(List.of());
    }

    /** The picture for {@code minimize --plot}: the curve with its steps, or contours with the path. */
    static BufferedImage landscape(MinimizeCommand.Problem problem, String optimizerLabel, Minimizer.Result result) {
        Trail trail = trail(optimizerLabel, problem, result);
        Box box = box(problem, List.of(trail));
        CompiledExpression f = compiled(problem);
        List<String> axes = axes(problem);
        String title = title(problem);
        if (axes.size() == 1) {
            return Landscape.curve(x -> f.value(new double[] {x}), box, trail, title, axes.getFirst(),
                    "f(" + axes.getFirst() + ")");
        }
        return Landscape.contour((x, y) -> f.value(new double[] {x, y}), box, trail, minima(problem), title,
                axes.get(0), axes.get(1));
    }

    /** A figure title: the built-in's name and formula, or the expression, shortened if very long. */
    static String title(MinimizeCommand.Problem problem) {
        String text = problem.builtin().map(b -> b.name() + ": " + b.text()).orElse(problem.expression().toString());
        return text.length() > 70 ? text.substring(0, 67) + "..." : text;
    }
}
