package dev.descent.cli;

import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.data.ReadOptions;
import dev.descent.data.TaskHint;
import dev.descent.io.ModelFiles;
import dev.descent.io.SavedModel;
import dev.descent.train.Evaluation;
import dev.descent.train.metric.Classification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code descent evaluate}: the metrics of a saved model on a data set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Prints the metrics of a saved model on a data set.",
                "loss, objective, accuracy or mse, ...; the confusion matrix for a classifier.",
                "With --json, prints one flat JSON object and nothing else."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "a model directory written by 'descent train'")
    Path modelDir;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV, LIBSVM or builtin:NAME with the target column")
    String data;

    @Option(names = "--target", paramLabel = "COL", description = "the target column (default: the model's)")
    String target;

    @Option(names = "--json", description = "print one flat JSON object")
    boolean json;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() {
        SavedModel model = ModelFiles.load(modelDir);
        Dataset d = read(model, data, target == null ? model.targetName() : target);
        Dataset prepared = SavedModels.prepare(model, d);
        Map<String, Double> m = Evaluation.evaluate(model.stack(), model.params(), model.parsedLoss(), model.penalty(), prepared);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? SavedModels.json(m) : Metrics.line(m));
        if (!json && model.task().isClassification()) {
            int[] predicted = Evaluation.predictedClasses(Evaluation.outputs(model.stack(), model.params(), prepared.x()));
            out.println();
            out.print(Classification.of(predicted, prepared.labels(), model.classes().size()).table(model.classes()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Reads labelled data with the model's feature order and class mapping imposed. */
    static Dataset read(SavedModel model, String spec, String target) {
        return Datasets.open(spec, ReadOptions.target(target).withDType(model.dtype()).withFeatures(model.featureNames())
                .withClasses(model.classes())
                .withTask(model.task().isClassification() ? TaskHint.CLASSIFICATION : TaskHint.REGRESSION));
    }
}
