package dev.descent.cli;

import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.model.Sequential;
import dev.descent.plot.CostCurves;
import dev.descent.plot.CostSurface;
import dev.descent.plot.HistoryData;
import dev.descent.plot.Report;
import dev.descent.tensor.Tensor;
import dev.descent.train.Evaluation;
import dev.descent.train.callback.EarlyStopping;
import dev.descent.train.callback.History;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/** What {@code train --plot} and {@code train --report} write once training has finished. */
final class TrainPictures {

    private TrainPictures() {
    }

    /** The finished run, as the pictures need it. */
    record Run(List<String> commandLine, Map<String, Object> config, Sequential net, RowSource train, Dataset validation,
               Evaluation.Results trainMetrics, Evaluation.Results validationMetrics, History history,
               String earlyStopping, Path dir) {
    }

    /** The cost curves of the run, with the restored best epoch marked. */
    static BufferedImage costCurves(Run run) {
        HistoryData data = HistoryData.of(run.history());
        OptionalInt best = OptionalInt.empty();
        if (run.earlyStopping() != null) {
            EarlyStopping es = EarlyStopping.parse(run.earlyStopping(), run.validation() != null ? "val_loss" : "loss");
            if (es.restoreBest()) {
                best = es.bestEpoch(run.history());
            }
        }
        String name = run.dir().toAbsolutePath().normalize().getFileName() == null ? "run"
                : run.dir().toAbsolutePath().normalize().getFileName().toString();
        return CostCurves.render(data, CostCurves.Options.defaults("cost curves: " + name + " (" + shortSpec(String.valueOf(
                run.config().get("optimizer"))) + ", batch size " + run.config().get("batch_size") + ")").withBestEpoch(best));
    }

    /** {@code sgd(lr=0.1, momentum=0, ...)} shortened to {@code sgd(lr=0.1)}. */
    static String shortSpec(String spec) {
        int comma = spec.indexOf(',');
        return comma < 0 ? spec : spec.substring(0, comma) + ")";
    }

    /** {@code train --plot}: {@code <out>/loss.png}. */
    static void writePlot(Run run) {
        Pictures.writePng(costCurves(run), run.dir().resolve("loss.png"), "--plot");
    }

    /**
     * Whether {@code train --plot} can draw the run on its cost surface J(w, b): a linear model on one feature
     * with the mse loss and no penalty, the rows in memory and unweighted (J is their plain mean).
     */
    static boolean hasCostSurface(String modelSpec, dev.descent.nn.loss.Loss loss, RowSource train, double penalty) {
        return modelSpec.strip().equals("linear") && loss instanceof dev.descent.nn.loss.MeanSquaredError
                && train instanceof Dataset d && d.weights().isEmpty() && train.features() == 1 && penalty == 0;
    }

    /** The cost surface of the run's training rows (standardized as the model saw them). */
    static CostSurface costSurface(Sequential net, Dataset train) {
        Tensor x = net.standardizer().map(s -> s.apply(train.x())).orElse(train.x());
        return CostSurface.of(x.toDoubleArray(), train.y().toDoubleArray());
    }

    /**
     * The run's path of (w, b) on its cost surface J(w, b), or empty when the feature is constant (there is
     * no bowl to draw; the cost curves are still written).
     */
    static java.util.Optional<BufferedImage> costSurfaceImage(Run run, WeightPath path) {
        Dataset train = (Dataset) run.train();
        CostSurface surface;
        try {
            surface = costSurface(run.net(), train);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        String feature = train.featureNames().getFirst() + (run.net().standardizer().isPresent() ? ", standardized" : "");
        String label = shortSpec(String.valueOf(run.config().get("optimizer"))) + ", batch size " + run.config().get("batch_size");
        return java.util.Optional.of(surface.render(List.of(surface.trail(label, path.ws(), path.bs())),
                "J(w, b) = mean((w\u00b7x + b \u2212 y)\u00b2): " + train.targetName() + " on " + feature,
                "w (weight of " + train.featureNames().getFirst() + ")", "b (bias)"));
    }

    /** {@code train --plot} on a one-feature linear regression: {@code <out>/cost-surface.png}. */
    static void writeCostSurface(Run run, BufferedImage image) {
        Pictures.writePng(image, run.dir().resolve("cost-surface.png"), "--plot");
    }

    /** {@code train --report FILE.html}: one self-contained page about the run. */
    static void writeReport(Run run, Path file) {
        writeReport(run, file, java.util.Optional.empty());
    }

    /** As {@link #writeReport(Run, Path)}, with the run's path on its cost surface when there is one. */
    static void writeReport(Run run, Path file, java.util.Optional<BufferedImage> costSurface) {
        Report r = buildReport(run);
        costSurface.ifPresent(image -> r.heading("The path on the cost surface")
                .image("the weight and bias after every update, on the contour lines of the training loss J(w, b)", image));
        try {
            r.write(file);
        } catch (IOException e) {
            throw new InputException("--report " + file + ": cannot write: " + AtomicFiles.reason(e));
        }
    }

    static Report buildReport(Run run) {
        Report r = new Report("descent training report: " + run.dir().getFileName());
        List<String> args = run.commandLine();
        if (!args.isEmpty() && args.getFirst().equals("train")) {
            args = args.subList(1, args.size());
        }
        r.heading("Command line").code("descent train " + String.join(" ", args.stream().map(TrainPictures::quote).toList()));
        r.heading("Configuration").keyValues(run.config());
        r.heading("Data");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", run.train() instanceof Dataset d ? d.source() : String.valueOf(run.config().get("data")));
        data.put("task", run.train().task().toString().toLowerCase(java.util.Locale.ROOT));
        data.put("target", run.train().targetName());
        data.put("features", run.train().features() + " (" + abbreviate(String.join(", ", run.train().featureNames()), 200) + ")");
        data.put("training rows", run.train().size());
        data.put("validation rows", run.validation() == null ? 0 : run.validation().size());
        if (run.train().task().isClassification()) {
            data.put("classes", String.join(", ", run.train().classes()));
        }
        r.keyValues(data);

        r.heading("Metrics");
        // a column per set of metrics, the weighted ones beside theirs; without validation an empty one, as before
        Map<String, Map<String, Double>> columns = new LinkedHashMap<>();
        columns.put("training", run.trainMetrics().metrics());
        run.trainMetrics().weighted().ifPresent(m -> columns.put("training, weighted", m));
        columns.put(run.validation() == null ? "" : "validation", run.validationMetrics().metrics());
        run.validationMetrics().weighted().ifPresent(m -> columns.put("validation, weighted", m));
        Set<String> keys = new LinkedHashSet<>();
        columns.values().forEach(m -> keys.addAll(m.keySet()));
        List<List<String>> rows = new ArrayList<>();
        for (String k : keys) {
            List<String> row = new ArrayList<>(List.of(k));
            columns.values().forEach(m -> row.add(m.containsKey(k) ? format(k, m.get(k)) : ""));
            rows.add(row);
        }
        List<String> header = new ArrayList<>(List.of("metric"));
        header.addAll(columns.keySet());
        r.table(header, rows);
        r.paragraph("Trained " + run.history().epochs().size() + " epochs, " + run.history().steps().size() + " updates"
                + run.history().stopReason().map(s -> "; " + s).orElse("") + ".");

        Dataset shown = run.validation() != null ? run.validation() : run.train() instanceof Dataset d ? d : null;
        if (run.train().task().isClassification() && shown != null) {
            Dataset d = shown;
            r.heading("Confusion matrix (" + (run.validation() != null ? "validation" : "training") + " rows)");
            r.confusion(d.classes(), confusion(run.net(), d));
        } else if (run.train().task().isClassification()) {
            // a streamed file may be larger than memory: the report does not read it again to count
            r.paragraph("No confusion matrix: the training rows were streamed from disk (--stream) and no validation "
                    + "rows were given; give --validation-data FILE for one.");
        }
        r.heading("Cost curves");
        r.image("loss per update, its moving average, and the loss per epoch", costCurves(run));
        return r;
    }

    /** Counts of (true class, predicted class). */
    static long[][] confusion(Sequential net, Dataset d) {
        int k = d.numClasses();
        long[][] m = new long[k][k];
        Tensor out = net.predict(d.x());
        int n = d.size();
        int cols = out.size() / n;
        int[] labels = d.labels();
        for (int i = 0; i < n; i++) {
            int predicted;
            if (cols == 1) {
                predicted = out.at(i) > 0 ? 1 : 0;
            } else {
                predicted = 0;
                for (int c = 1; c < cols; c++) {
                    if (out.at(i * cols + c) > out.at(i * cols + predicted)) {
                        predicted = c;
                    }
                }
            }
            m[labels[i]][predicted]++;
        }
        return m;
    }

    private static String format(String key, double v) {
        return key.equals("n") ? Long.toString(Math.round(v)) : Numbers.human(v);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
