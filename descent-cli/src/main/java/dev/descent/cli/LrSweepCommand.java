package dev.descent.cli;

import dev.descent.data.BatchSize;
import dev.descent.data.Dataset;
import dev.descent.model.Sequential;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.plot.LrSweep;
import dev.descent.train.callback.Callback;
import dev.descent.train.callback.History;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/**
 * {@code descent lr-sweep}: trains briefly at each of a log-spaced range of learning rates (or, with
 * {@code --range-test}, once with a rate that grows every update) and shows which rates learn, which are too
 * low and which diverge. Training goes through {@code train}'s own machinery: the rows, model, loss and fit
 * options are built by {@link TrainCommand} from the same options, sample and class weights included, so the runs
 * minimize the weighted loss and the losses shown are weighted alike.
 */
@Command(name = "lr-sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds a learning rate: trains --epochs at each of --points rates spaced evenly on a log scale from "
                + "--min to --max (the optimizer spec's lr is replaced), prints the final training loss of each and "
                + "a suggested rate, and with --plot draws loss against rate.",
                "A rate is 'diverged' when its loss is not finite or above the initial loss, 'too low' when it made less "
                        + "than 10%% of the best rate's progress (initial - final). The suggestion is the largest rate "
                        + "that made at least 95%% of the best progress.",
                "--range-test (Leslie Smith's LR range test): one run whose rate grows exponentially from --min to --max "
                        + "over the updates of --epochs epochs, stopping once the loss explodes; the suggestion is one "
                        + "tenth of the rate where the smoothed loss is lowest. An update whose rows all weigh 0 (with "
                        + "weights) measures no loss and is left off the curve."},
        footer = {"", "Examples:",
                "  descent lr-sweep --data builtin:iris --model softmax --loss ce --optimizer sgd --standardize --plot sweep.png",
                "  descent lr-sweep --data builtin:digits --model \"mlp(64)\" --loss ce --optimizer adam --standardize \\",
                "      --range-test --min 1e-6 --max 1 --plot range.png"})
final class LrSweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV, LIBSVM or builtin:NAME")
    String data;

    @Option(names = "--target", defaultValue = "target", paramLabel = "COL", description = "the target column (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--task", defaultValue = "auto", paramLabel = "TASK", description = "auto, regression or classification (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--model", paramLabel = "MODEL", description = "as for train (default: linear, logistic or softmax by task)")
    String model;

    @Option(names = "--loss", paramLabel = "LOSS", description = "as for train (default: mse, bce or ce by task)")
    String loss;

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "SPEC", description = "optimizer spec; its lr is replaced (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N|full", description = "rows per update (default: ${DEFAULT-VALUE})")
    String batchSize;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "E", description = "epochs per rate, or of the range test (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--min", defaultValue = "1e-5", paramLabel = "LR", description = "smallest rate (default: ${DEFAULT-VALUE})")
    double min;

    @Option(names = "--max", defaultValue = "10", paramLabel = "LR", description = "largest rate (default: ${DEFAULT-VALUE})")
    double max;

    /** Rates a sweep tries at most: each is a whole training run. */
    static final int MAX_POINTS = 1000;

    @Option(names = "--points", defaultValue = "12", paramLabel = "N", description = "rates to try, >= 2 (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--range-test", description = "one run with the rate growing exponentially from --min to --max per update")
    boolean rangeTest;

    @Option(names = "--standardize", description = "standardize features with statistics of the training rows")
    boolean standardize;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "seed for initialization and shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    WeightOptions weights = new WeightOptions();

    @Option(names = "--plot", paramLabel = "FILE.png", description = "draw the loss against the rate")
    Path plot;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() {
        if (!(min > 0) || !Double.isFinite(max) || !(min < max)) {
            throw new InputException("--min and --max must satisfy 0 < min < max, got --min " + min + " --max " + max);
        }
        if (!rangeTest && (points < 2 || points > MAX_POINTS)) {
            throw new InputException("--points must be between 2 and " + MAX_POINTS + " (each is a training run), got "
                    + points);
        }
        if (epochs < 1) {
            throw new InputException("--epochs must be >= 1, got " + epochs);
        }
        if (plot != null) {
            AtomicFiles.checkFile(plot, "--plot");
        }
        TrainCommand train = trainCommand();
        TrainCommand.Rows rows = train.rows();
        if (!(rows.train() instanceof Dataset)) {
            throw new InputException("lr-sweep needs the rows in memory");
        }
        // the rows as the runs weigh them: trained on, and the losses shown measured on them
        Optional<double[]> perClass = weights.perClass(rows.train());
        Dataset measured = (Dataset) weights.weighed(rows.train(), perClass, "training");
        String weighting = weights.any() ? "; weighted by " + weights.summary(rows.all(), perClass) : "";
        Optimizer base = baseOptimizer(optimizer, min);
        double initial = initialLoss(train, measured, base);
        return rangeTest ? rangeTest(train, rows, measured, base, initial, weighting)
                : sweep(train, rows, measured, base, initial, weighting);
    }

    /** A {@code train} command parsed from this command's options, quiet, so its defaults apply unchanged. */
    private TrainCommand trainCommand() {
        List<String> args = new ArrayList<>(List.of("--data", data, "--target", target, "--task", task, "--optimizer", optimizer,
                "--batch-size", batchSize, "--epochs", Integer.toString(epochs), "--seed", Long.toString(seed), "--quiet"));
        if (model != null) {
            args.addAll(List.of("--model", model));
        }
        if (loss != null) {
            args.addAll(List.of("--loss", loss));
        }
        if (standardize) {
            args.add("--standardize");
        }
        args.addAll(weights.args());
        TrainCommand train = new TrainCommand();
        try {
            new CommandLine(train).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new InputException(e.getMessage());
        }
        train.batchSize();
        return train;
    }

    /**
     * The training loss of the untrained model on the {@code measured} rows (every rate starts from the same weights:
     * same seed).
     */
    private static double initialLoss(TrainCommand train, Dataset measured, Optimizer base) {
        int epochs = train.epochs;
        train.epochs = 0;
        try {
            return fit(train, measured, base).net().evaluate(measured).get("loss");
        } finally {
            train.epochs = epochs;
        }
    }

    /** A trained model and its history. */
    private record Fitted(Sequential net, History history) {
    }

    /** A model trained on {@code rows} (the training rows, weighed as the runs weigh them) with {@code opt}. */
    private static Fitted fit(TrainCommand train, Dataset rows, Optimizer opt, Callback... extra) {
        Sequential net = train.build(rows, opt).net();
        History history = net.fit(rows, null, train.fitOptions(null, net, Map.of(), Map.of(), false, Optional.empty(), extra));
        return new Fitted(net, history);
    }

    /**
     * The optimizer spec with its lr set to {@code min} (--min), so a spec without lr ({@code sgd}) is accepted; the
     * README's command-line check parses lr-sweep's specs with it too.
     */
    static Optimizer baseOptimizer(String optimizer, double min) {
        dev.descent.optim.Spec parsed = Flags.parse("--optimizer", () -> dev.descent.optim.Spec.parse(optimizer));
        Map<String, Object> config = new LinkedHashMap<>(parsed.values());
        config.put("lr", min);
        Optimizer base = Flags.parse("--optimizer", () -> Optimizers.parse(dev.descent.optim.Spec.format(parsed.name(), config)));
        if (!base.config().containsKey("lr")) {
            throw new InputException("--optimizer " + optimizer + " has no lr to sweep");
        }
        return base;
    }

    private static Optimizer withRate(Optimizer base, double lr) {
        Map<String, Object> config = new LinkedHashMap<>(base.config());
        config.put("lr", lr);
        return Optimizers.parse(dev.descent.optim.Spec.format(base.name(), config));
    }

    private int sweep(TrainCommand train, TrainCommand.Rows rows, Dataset measured, Optimizer base, double initial,
                      String weighting) {
        warnUnusedWeights(rows);
        PrintWriter w = spec.commandLine().getOut();
        List<LrSweep.Point> results = new ArrayList<>();
        for (int k = 0; k < points; k++) {
            double lr = min * Math.pow(max / min, (double) k / (points - 1));
            Fitted run = fit(train, measured, withRate(base, lr));
            double after = Double.NaN;
            if (run.history().failure().isEmpty()) {
                after = run.net().evaluate(measured).get("loss");
            }
            results.add(new LrSweep.Point(lr, after));
        }
        double best = LrSweep.best(results);
        OptionalDouble suggested = LrSweep.suggest(results, initial);
        w.printf(Locale.ROOT, "%s, %d epochs per rate, batch size %s; initial training loss %s%s%n", base.name(), epochs,
                batchSize, Numbers.human(initial), weighting);
        w.printf(Locale.ROOT, "%-12s %-16s %s%n", "lr", "final loss", "verdict");
        for (LrSweep.Point p : results) {
            LrSweep.Verdict v = LrSweep.verdict(p.loss(), initial, best);
            boolean mark = suggested.isPresent() && suggested.getAsDouble() == p.lr();
            w.printf(Locale.ROOT, "%-12s %-16s %s%s%n", rate(p.lr()), Numbers.human(p.loss()), v, mark ? "   <- suggested" : "");
        }
        w.println(suggested.isPresent() ? "suggested lr: " + rate(suggested.getAsDouble())
                + " (the largest rate with at least 95% of the best rate's progress)"
                : "no suggestion: no rate lowered the loss; widen --min/--max or train longer (--epochs)");
        w.flush();
        if (plot != null) {
            Pictures.writePng(LrSweep.sweep(results, initial, suggested,
                    "Learning-rate sweep: " + label(base) + ", " + epochs + " epochs per rate", "training loss (" + lossName(train, rows, base) + ")"),
                    plot, "--plot");
        }
        return ExitCodes.OK;
    }

    private int rangeTest(TrainCommand train, TrainCommand.Rows rows, Dataset measured, Optimizer base, double initial,
                          String weighting) {
        int n = measured.size();
        BatchSize bs = train.batchSize();
        int perEpoch = bs.isFull() ? 1 : (n + bs.rows() - 1) / bs.rows();
        long updates = (long) perEpoch * epochs;
        if (updates < 2) {
            throw new InputException("--range-test needs at least 2 updates; raise --epochs or lower --batch-size");
        }
        warnUnusedWeights(rows);
        double gamma = Math.pow(max / min, 1.0 / (updates - 1));
        train.schedule = "exponential(gamma=" + gamma + ")";
        train.scheduleUnit = "step";
        RangeTestCurve curve = new RangeTestCurve(initial);
        int run = fit(train, measured, withRate(base, min), curve).history().steps().size();
        double[] lrs = curve.lrs();
        double[] losses = curve.losses();
        OptionalDouble suggested = lrs.length < 2 ? OptionalDouble.empty() : LrSweep.suggestFromRangeTest(lrs, losses);
        double[] smooth = LrSweep.smoothed(losses);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "range test: %s, rate from %s to %s over %d updates (%d epochs, batch size %s)%s%s%s%n",
                base.name(), Numbers.human(min), Numbers.human(max), updates, epochs, batchSize, weighting,
                run < updates ? "; stopped after " + run + " updates: the loss exploded" : "",
                curve.unmeasured() == 0 ? "" : "; " + curve.unmeasured() + " of them on rows that all weigh 0, left off the curve");
        w.printf(Locale.ROOT, "%-12s %s%n", "lr", "smoothed loss");
        int rowsShown = Math.min(12, lrs.length);
        for (int i = 0; i < rowsShown; i++) {
            int k = rowsShown == 1 ? 0 : (int) Math.round((double) i * (lrs.length - 1) / (rowsShown - 1));
            w.printf(Locale.ROOT, "%-12s %s%n", rate(lrs[k]), Numbers.human(smooth[k]));
        }
        w.println(suggested.isPresent() ? "suggested lr: " + rate(suggested.getAsDouble())
                + " (one tenth of the rate where the smoothed loss is lowest)"
                : "no suggestion: the loss never fell; lower --min or train longer (--epochs)");
        w.flush();
        if (plot != null && lrs.length >= 2) {
            Pictures.writePng(LrSweep.rangeTest(lrs, losses, suggested, "Learning-rate range test: " + label(base) + ", "
                    + lrs.length + " updates", "training loss (" + lossName(train, rows, base) + ")"), plot, "--plot");
        }
        return ExitCodes.OK;
    }

    /** The warning for a weighted {@code .dsc} file swept without {@code --sample-weight}, once the sweep is accepted. */
    private void warnUnusedWeights(TrainCommand.Rows rows) {
        WeightOptions.warnUnused(spec.commandLine().getErr(), data, rows.unusedWeight(), "sweeping");
    }

    /** A rate to three significant digits: 0.0123, 2.85, 1e-05. */
    private static String rate(double lr) {
        return dev.descent.plot.Style.tick(Double.parseDouble(String.format(Locale.ROOT, "%.3g", lr)));
    }

    private String label(Optimizer base) {
        String name = data.startsWith("builtin:") ? data.substring("builtin:".length()) : Path.of(data).getFileName().toString();
        return base.name() + " on " + name + ", batch size " + batchSize;
    }

    private static String lossName(TrainCommand train, TrainCommand.Rows rows, Optimizer base) {
        return train.build(rows.all(), base).loss().spec();
    }
}
