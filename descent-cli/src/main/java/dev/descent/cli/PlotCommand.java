package dev.descent.cli;

import dev.descent.plot.CostCurves;
import dev.descent.plot.HistoryData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code descent plot history.csv}: the cost curves of a finished run. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draws the cost curves of a finished run from its history.csv.",
                "The loss of every update, its moving average, the training and validation loss per epoch, and the learning rate when it changes."},
        footer = {"", "Examples:",
                "  descent plot m/history.csv --out m/loss.png",
                "  descent plot m/history.csv --out loss.png --window 100 --log"})
final class PlotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HISTORY.csv", description = "a history.csv written by 'descent train'")
    Path history;

    @Option(names = "--out", paramLabel = "FILE.png", description = "the picture to write (default: loss.png beside the history)")
    Path out;

    @Option(names = "--window", paramLabel = "N", defaultValue = "auto",
            description = "moving-average window in updates, e.g. 10, 100 or 1000 (default: ${DEFAULT-VALUE}, from the run's length)")
    String window;

    @Option(names = "--log", description = "logarithmic loss axis (default: automatic, when the loss spans more than two decades)")
    boolean log;

    @Option(names = "--linear", description = "linear loss axis")
    boolean linear;

    @Option(names = "--title", paramLabel = "TEXT", description = "the figure title (default: the run's directory name)")
    String title;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() {
        int w = parseWindow(window);
        if (log && linear) {
            throw new InputException("--log and --linear cannot be combined; choose one");
        }
        if (!Files.isRegularFile(history)) {
            throw new InputException(Files.exists(history) ? history + " is not a file" : "no such file: " + history);
        }
        Path target = out != null ? out : history.toAbsolutePath().resolveSibling("loss.png");
        AtomicFiles.checkFile(target, "--out");
        HistoryData data;
        try {
            data = HistoryData.read(history);
        } catch (IOException e) {
            throw new InputException("cannot read " + history + ": " + e.getMessage());
        }
        CostCurves.Options options = CostCurves.Options.defaults(title != null ? title : defaultTitle(history)).withWindow(w)
                .withScale(log ? CostCurves.Scale.LOG : linear ? CostCurves.Scale.LINEAR : CostCurves.Scale.AUTO);
        Pictures.writePng(CostCurves.render(data, options), target, "--out");
        spec.commandLine().getOut().println("wrote " + target);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static int parseWindow(String text) {
        if (text == null || text.equals("auto")) {
            return 0;
        }
        try {
            int w = Integer.parseInt(text.strip());
            if (w >= 1) {
                return w;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InputException("--window must be a whole number of updates >= 1 (e.g. 10, 100, 1000) or auto, got '" + text + "'");
    }

    /** "cost curves: <directory name>" for a run directory's history.csv. */
    static String defaultTitle(Path history) {
        Path dir = history.toAbsolutePath().getParent();
        String name = dir == null || dir.getFileName() == null ? history.getFileName().toString() : dir.getFileName().toString();
        return "cost curves: " + name;
    }
}
