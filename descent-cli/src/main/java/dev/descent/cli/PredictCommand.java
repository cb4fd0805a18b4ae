package dev.descent.cli;

import dev.descent.data.Datasets;
import dev.descent.io.ModelFiles;
import dev.descent.io.SavedModel;
import dev.descent.nn.loss.MarginLoss;
import dev.descent.tensor.Tensor;
import dev.descent.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code descent predict}: predictions of a saved model as CSV, for a CSV, {@code builtin:NAME}, {@code .dsc} or LIBSVM
 * file whose feature columns are taken by the model's names ({@code f1 .. fN} by index for LIBSVM, whose labels are
 * not read). Regression: one column {@code prediction}.
 * Classification: {@code prediction} (the class label), then {@code p_<class>} per class; a model trained on
 * {@code hinge} or {@code squared_hinge} has no probabilities (as scikit-learn's {@code LinearSVC} has no
 * {@code predict_proba}), so it writes {@code prediction} then {@code decision}, the raw output (scikit-learn's
 * {@code decision_function}: class 1 where positive).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Writes a saved model's predictions for a data file as CSV.",
                "The data: a CSV with the model's feature columns (the target column may be",
                "there or not), builtin:NAME, a .dsc file, or a LIBSVM file (labels not read)",
                "for a model trained on LIBSVM features f1..fN. The columns are taken by name,",
                "in the model's order.",
                "Regression: prediction. Classification: prediction (the class), then",
                "p_<class> per class; for a hinge or squared_hinge model prediction, then",
                "decision (the raw output; no probabilities)."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "a model directory written by 'descent train'")
    Path modelDir;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "CSV with the model's feature columns (the target column may be present), builtin:NAME, "
                    + ".dsc (see 'descent convert') or LIBSVM (.svm, .libsvm, .txt; features f1..fN, labels ignored)")
    String data;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "where to write the predictions")
    Path out;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() {
        AtomicFiles.checkFile(out, "--out");
        SavedModel model = ModelFiles.load(modelDir);
        Tensor x = Datasets.readFeatures(data, model.featureNames(), model.dtype());
        Tensor outputs = Evaluation.outputs(model.stack(), model.params(), SavedModels.prepareFeatures(model, x));
        int n = outputs.shape().dim(0);
        List<String> classes = model.classes();
        AtomicFiles.write(out, "--out", w -> {
            if (!model.task().isClassification()) {
                w.write("prediction\n");
                for (int i = 0; i < n; i++) {
                    w.write(outputs.at(i * outputs.shape().dim(1)) + "\n");
                }
                return;
            }
            boolean margin = model.parsedLoss() instanceof MarginLoss;
            // the columns after the class: the decision value of a margin model, else each class's probability
            Tensor values = margin ? outputs : outputs.shape().dim(1) == 1 ? binary(outputs.sigmoid()) : outputs.softmax(1);
            int[] predicted = Evaluation.predictedClasses(outputs);
            StringBuilder header = new StringBuilder("prediction");
            if (margin) {
                header.append(",decision");
            } else {
                classes.forEach(c -> header.append(',').append(field("p_" + c)));
            }
            w.write(header.append('\n').toString());
            int k = values.shape().dim(1);
            for (int i = 0; i < n; i++) {
                StringBuilder row = new StringBuilder(field(classes.get(predicted[i])));
                for (int c = 0; c < k; c++) {
                    row.append(',').append(values.at(i * k + c));
                }
                w.write(row.append('\n').toString());
            }
        });
        PrintWriter o = spec.commandLine().getOut();
        o.println("wrote " + n + " predictions to " + out);
        o.flush();
        return ExitCodes.OK;
    }

    /**
     * A class label as a CSV field, as RFC 4180 (and the CSV reader, {@code dev.descent.data.CsvData}) has it: quoted,
     * its quotes doubled, when it holds a comma, a quote or a line break, so that a label read from a quoted field of
     * the data reads back from the predictions as one field.
     */
    private static String field(String label) {
        boolean plain = label.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return plain ? label : '"' + label.replace("\"", "\"\"") + '"';
    }

    /** [n, 1] probabilities of class 1 as [n, 2] rows (p0, p1). */
    private static Tensor binary(Tensor p1) {
        int n = p1.shape().dim(0);
        Tensor both = Tensor.zeros(p1.dtype(), n, 2);
        for (int i = 0; i < n; i++) {
            both.set(2 * i, 1 - p1.at(i));
            both.set(2 * i + 1, p1.at(i));
        }
        return both;
    }
}
