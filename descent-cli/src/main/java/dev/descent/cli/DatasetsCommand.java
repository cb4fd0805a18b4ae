package dev.descent.cli;

import dev.descent.data.BuiltinDatasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code descent datasets}: the embedded real data sets, usable as {@code --data builtin:NAME}. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = {"Lists the embedded data sets, usable as --data builtin:NAME (target column: target)."})
final class DatasetsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // the name column is as wide as the longest spec, so that the columns after it line up
        int width = BuiltinDatasets.describe().stream().mapToInt(i -> i.spec().length()).max().orElse(0);
        String row = "%-" + width + "s %6s %8s  %-26s %s%n";
        out.printf(Locale.ROOT, row, "name", "rows", "features", "task", "description");
        for (BuiltinDatasets.Info info : BuiltinDatasets.describe()) {
            String task = info.task().label() + (info.classes() > 0 ? " (" + info.classes() + " classes)" : "");
            out.printf(Locale.ROOT, row, info.spec(), info.rows(), info.features(), task, info.description());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
