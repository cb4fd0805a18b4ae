package dev.descent.cli;

import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.data.LibsvmData;
import dev.descent.data.ReadOptions;
import dev.descent.data.TaskHint;
import dev.descent.io.ModelFiles;
import dev.descent.io.SavedModel;
import dev.descent.train.Evaluation;
import dev.descent.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code descent evaluate}: the metrics of a saved model on a data set. With {@code --sample-weight} or
 * {@code --class-weight} every metric is weighted ({@link Evaluation#evaluateWeighted}), the confusion matrix too.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Prints the metrics of a saved model on a data set.",
                "loss, objective, accuracy or mse, ...; the confusion matrix for a classifier.",
                "With --sample-weight or --class-weight, every metric and the confusion matrix are weighted "
                        + "(as scikit-learn's metrics with sample_weight); n still counts rows, weight_sum their weights.",
                "With --json, prints one flat JSON object and nothing else."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "a model directory written by 'descent train'")
    Path modelDir;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV, LIBSVM, .dsc or builtin:NAME with the target column; the model's feature columns are "
                    + "taken by name and its classes by label")
    String data;

    @Option(names = "--target", paramLabel = "COL", description = "the target column (default: the model's)")
    String target;

    @Mixin
    WeightOptions weights = new WeightOptions();

    @Option(names = "--json", description = "print one flat JSON object")
    boolean json;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() {
        SavedModel model = ModelFiles.load(modelDir);
        if (target != null && model.featureNames().contains(target)) {
            throw new InputException("--target '" + target + "' is one of the model's features; its target column is '"
                    + model.targetName() + "'");
        }
        // without --target, the model's target column; a LIBSVM file has none by name, its label is the target
        String column = target != null ? target : Datasets.isLibsvm(data) ? LibsvmData.TARGET : model.targetName();
        Datasets.Hashed<Dataset> read = read(model, data, column, weights.sampleWeight);
        Dataset d = read.rows();
        Optional<double[]> perClass = weights.perClass(d);
        Dataset prepared = SavedModels.prepare(model, (Dataset) weights.weighed(d, perClass, "evaluated"));
        WeightOptions.warnUnused(spec.commandLine().getErr(), data, read.unusedWeight(), "evaluating");
        // with weights, the metrics end in weight_sum
        Map<String, Double> m = Evaluation.evaluateWeighted(model.stack(), model.params(), model.parsedLoss(),
                model.penalty(), prepared);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>(m);
            weights.record(all);
            out.println(SavedModels.json(all));
        } else {
            if (weights.any()) {
                boolean both = weights.sampleWeight != null && perClass.isPresent();
                out.println("every metric weighted by " + weights.summary(d, perClass) + (both ? " (their product)" : "")
                        + "; n counts rows, weight_sum their weights");
            }
            out.println(Metrics.line(m));
            if (model.task().isClassification()) {
                Tensor outputs = Evaluation.outputs(model.stack(), model.params(), prepared.x());
                out.println();
                out.print(Evaluation.classification(outputs, prepared).table(model.classes(), Numbers::human));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Reads labelled data with the model's feature order and class mapping imposed, and the weight column, if any; the
     * read also names the weight column of a {@code .dsc} file that it left out.
     */
    static Datasets.Hashed<Dataset> read(SavedModel model, String spec, String target, String weight) {
        return Datasets.read(spec, ReadOptions.target(target).withDType(model.dtype()).withFeatures(model.featureNames())
                .withClasses(model.classes()).withWeight(weight)
                .withTask(model.task().isClassification() ? TaskHint.CLASSIFICATION : TaskHint.REGRESSION));
    }
}
