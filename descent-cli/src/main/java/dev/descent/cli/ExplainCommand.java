package dev.descent.cli;

import dev.descent.optim.schedule.Schedules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code descent explain NAME}: an optimizer's or schedule's equations, defaults, paper and how namesakes differ. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Prints an optimizer's or schedule's equations, defaults and paper.",
                "Also where other libraries' namesakes differ (epsilon placement, momentum form, defaults)."},
        footer = {"", "Examples:", "  descent explain adam", "  descent explain sgd", "  descent explain cosine"})
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "an optimizer or schedule name")
    String name;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() {
        String text = Schedules.explainAny(name);
        spec.commandLine().getOut().println(text.stripTrailing());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
