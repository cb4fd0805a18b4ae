package dev.descent.cli;

import dev.descent.expr.Expression;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code descent derive EXPR [--wrt x]}: the simplified symbolic derivative, printed in the expression
 * language itself so it can be fed back to {@code minimize}.
 */
@Command(name = "derive", mixinStandardHelpOptions = true,
        description = {"Prints the simplified symbolic derivative of an expression.",
                "With one variable (or --wrt) the derivative is printed alone on the last line; "
                        + "with several variables and no --wrt, the gradient, one line per variable: d/dx = ..."},
        footer = {"", "Examples:", "  descent derive \"x^2\"            prints 2*x",
                "  descent derive \"2*x^4\"          prints 8*x^3",
                "  descent derive \"(1-x)^2+100*(y-x^2)^2\" --wrt y"})
final class DeriveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPR", description = "the expression, e.g. \"2*x^4\"")
    String expression;

    @Option(names = "--wrt", paramLabel = "VAR", description = "the variable to differentiate with respect to")
    String wrt;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() {
        Expression f = Expression.parse(expression);
        List<String> variables = f.variables();
        PrintWriter out = spec.commandLine().getOut();
        if (wrt != null) {
            if (!variables.contains(wrt)) {
                throw new IllegalArgumentException("--wrt " + wrt + ": the expression has no variable '" + wrt + "'"
                        + (variables.isEmpty() ? " (it has none)" : " (it has " + String.join(", ", variables) + ")"));
            }
            out.println(f.derivative(wrt));
        } else if (variables.size() <= 1) {
            out.println(variables.isEmpty() ? "0" : f.derivative(variables.getFirst()).toString());
        } else {
            for (Map.Entry<String, Expression> partial : f.gradient().entrySet()) {
                out.println("d/d" + partial.getKey() + " = " + partial.getValue());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
