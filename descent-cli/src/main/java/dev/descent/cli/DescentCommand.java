package dev.descent.cli;

import picocli.CommandLine.Command;

/** The top-level {@code descent} command; each subcommand is its own class. */
@Command(name = "descent", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Gradient descent on the JVM: minimize functions, train models, and see how they got there.",
                "Exit codes: 0 success, 1 training failed (divergence, NaN), 2 usage or input error."},
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class, DatasetsCommand.class,
                ConvertCommand.class, MinimizeCommand.class, CompareCommand.class, PlotCommand.class, LrSweepCommand.class, DeriveCommand.class,
                ExplainCommand.class, BenchCommand.class},
        footer = {"", "Run 'descent COMMAND --help' for a command's options."})
final class DescentCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** No command is a usage error (exit 2), as DESIGN.md's exit codes have it; {@code --help} is the way to ask. */
    @Override
    public void run() {
        throw new InputException("missing a command (" + String.join(", ", spec.subcommands().keySet())
                + "); 'descent --help' describes them");
    }
}
