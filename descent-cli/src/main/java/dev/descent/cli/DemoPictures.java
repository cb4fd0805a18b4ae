package dev.descent.cli;

import dev.descent.plot.CostCurves;
import dev.descent.plot.HistoryData;
import dev.descent.plot.Report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The demo's pictures and its {@code report.html}: learning rates on the parabola, races, cost curves. */
final class DemoPictures {

    private DemoPictures() {
    }

    /** Writes the PNGs and the report into {@code out}; {@code models} are the trained run directories' names. */
    static void write(Path out, List<String> models, PrintWriter w) {
        Report report = new Report("descent demo");
        report.paragraph("Everything below was computed by 'descent demo' on embedded data, in this run.");

        report.heading("The learning rate on the parabola f(x) = x^2");
        BufferedImage lr = picture(out.resolve("parabola-learning-rates.png"),
                "compare parabola --optimizers \"sgd(lr=0.02);sgd(lr=0.3);sgd(lr=0.9);sgd(lr=1.02)\" --steps 12");
        report.image("too low (0.02) barely moves; 0.3 walks down; 0.9 zig-zags across the minimum; 1.02 overshoots further each step", lr);

        report.heading("Batch, mini-batch and stochastic descent on a cost surface");
        BufferedImage surface = CostSurfaceDemo.render();
        Pictures.writePng(surface, out.resolve("cost-surface.png"), "demo");
        report.image("a linear regression's J(w, b) on diabetes bmi: batch descent walks smoothly down the bowl, "
                + "stochastic descent (one row per update) jitters, mini-batches are in between", surface);

        report.heading("Optimizers racing");
        report.image("a saddle point: plain descent stalls near the saddle, adaptive methods escape",
                picture(out.resolve("race-saddle.png"), "compare saddle"));
        report.image("Beale's function: ridges and plateaus", picture(out.resolve("race-beale.png"), "compare beale"));

        report.heading("Cost curves of the trained models");
        for (String model : models) {
            Path history = out.resolve(model).resolve("history.csv");
            try {
                BufferedImage curves = CostCurves.render(HistoryData.read(history), CostCurves.Options.defaults("cost curves: " + model));
                Pictures.writePng(curves, out.resolve(model).resolve("loss.png"), "demo");
                report.image(model, curves);
            } catch (IOException e) {
                throw new InputException("demo: cannot read " + history + ": " + e.getMessage());
            }
        }
        try {
            report.write(out.resolve("report.html"));
        } catch (IOException e) {
            throw new InputException("demo: cannot write " + out.resolve("report.html") + ": " + e.getMessage());
        }
        w.println("Pictures and report.html are in " + out.toAbsolutePath());
        w.flush();
    }

    /** Runs {@code descent compare ... --plot FILE} quietly and reads the picture back. */
    private static BufferedImage picture(Path file, String compareArgs) {
        List<String> args = new java.util.ArrayList<>(split(compareArgs));
        args.add("--plot");
        args.add(file.toString());
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        java.io.PrintStream quiet = new java.io.PrintStream(sink, true, java.nio.charset.StandardCharsets.UTF_8);
        int code = Main.run(args.toArray(String[]::new), quiet, quiet);
        if (code != ExitCodes.OK || !Files.isRegularFile(file)) {
            throw new TrainingFailedException("demo: 'descent " + compareArgs + "' failed: " + sink.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
        }
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new InputException("demo: cannot read back " + file + ": " + e.getMessage());
        }
    }

    /** Splits on blanks outside double quotes. */
    private static List<String> split(String s) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }
}
