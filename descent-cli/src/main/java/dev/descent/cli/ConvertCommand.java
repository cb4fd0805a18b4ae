package dev.descent.cli;

import dev.descent.data.CsvData;
import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.data.DscFile;
import dev.descent.data.ReadOptions;
import dev.descent.data.TaskHint;
import dev.descent.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code descent convert SOURCE FILE.dsc --target COL [--sample-weight COL]}: the binary format that
 * {@code train --stream} reads, with the rows' weights when a weight column is named. The source is a CSV (streamed
 * through), a LIBSVM file, {@code builtin:NAME} or another {@code .dsc} file (read whole).
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Converts a data set into the .dsc binary format for --stream.",
                "A CSV, LIBSVM file, builtin:NAME or another .dsc file becomes float32,",
                "memory-mapped rows, read batch by batch by 'descent train --stream' so the",
                "data need not fit in the heap. A CSV is converted in two streaming passes",
                "(constant memory); other sources are read whole (a .dsc file is copied, with",
                "its weights when --sample-weight names its weight column).",
                "--sample-weight COL stores that column as the rows' weights (not a feature);",
                "train uses them with the same --sample-weight COL (a weighted file is",
                "format_version 2)."},
        footer = {"", "Examples:",
                "  descent convert data.csv data.dsc --target y",
                "  descent convert survey.csv survey.dsc --target y --sample-weight w",
                "  descent train --data survey.dsc --stream --target y --sample-weight w --out m"})
final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "a .csv, .csv.gz, LIBSVM file, builtin:NAME or .dsc file")
    String source;

    @Parameters(index = "1", paramLabel = "FILE.dsc", description = "the file to write")
    Path target;

    @Option(names = "--target", defaultValue = "target", paramLabel = "COL", description = "the target column (default: ${DEFAULT-VALUE})")
    String targetColumn;

    @Option(names = "--task", defaultValue = "auto", paramLabel = "TASK", description = "auto, regression or classification (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--sample-weight", paramLabel = "COL", description = "store this column as the rows' weights "
            + "(a number >= 0 per row; not a feature), for train --stream --sample-weight COL")
    String sampleWeight;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    /** A CSV file on disk (streamed through), as opposed to a built-in, LIBSVM or .dsc source (read whole). */
    static boolean isCsvFile(String source) {
        return !source.startsWith(Datasets.BUILTIN_PREFIX) && !Datasets.isLibsvm(source) && !Datasets.isDsc(source);
    }

    @Override
    public Integer call() {
        if (!Datasets.isDsc(target.toString())) {
            throw new InputException("convert: the output " + target + " must end in .dsc");
        }
        AtomicFiles.checkFile(target, "convert: the output");
        ReadOptions options = ReadOptions.target(targetColumn).withTask(Flags.parse("--task", () -> TaskHint.parse(task)))
                .withDType(DType.FLOAT32).withWeight(sampleWeight);
        Optional<String> unusedWeight = Optional.empty();
        try {
            if (isCsvFile(source)) {
                CsvData.convertToDsc(Path.of(source), options, target);
            } else {
                Datasets.Hashed<Dataset> read = Datasets.read(source, options);
                DscFile.write(target, read.rows(), sampleWeight);
                unusedWeight = read.unusedWeight();
            }
        } catch (UncheckedIOException e) {
            throw new InputException(e.getMessage());
        }
        WeightOptions.warnUnused(spec.commandLine().getErr(), source, unusedWeight, "converting");
        DscFile written = DscFile.open(target);
        spec.commandLine().getOut().printf("wrote %s: %d rows, %d features, %s%s%n", target, written.size(), written.features(),
                written.task().label() + (written.task().isClassification() ? " (" + written.classes().size() + " classes)" : ""),
                written.weightName().map(w -> ", weights '" + w + "'").orElse(""));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
