package dev.descent.cli;

import dev.descent.expr.BuiltinFunction;
import dev.descent.expr.BuiltinFunctions;
import dev.descent.expr.CompiledExpression;
import dev.descent.expr.Expression;
import dev.descent.optim.Minimizer;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.optim.schedule.Plateau;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.Schedules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code descent minimize F}: runs an optimizer on a function of a few variables, in float64. */
@Command(name = "minimize", mixinStandardHelpOptions = true,
        description = {"Minimizes a built-in test function or any expression with one optimizer, in float64.",
                "Prints the start, the end, the loss and the number of steps."},
        footer = {"", "Examples:",
                "  descent minimize rosenbrock --optimizer \"adam(lr=0.02)\" --steps 5000",
                "  descent minimize \"(x-3)^2+2*(y+1)^2\" --start x=0,y=0 --optimizer \"sgd(lr=0.1)\" --tol 1e-8",
                "  descent minimize parabola --optimizer \"sgd(lr=0.1)\" --steps 50 --trace parabola.csv"})
final class MinimizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "F",
            description = "a built-in function (${COMPLETION-CANDIDATES}) or an expression such as \"(1-x)^2+100*(y-x^2)^2\"",
            completionCandidates = BuiltinNames.class)
    String function;

    @Option(names = "--start", paramLabel = "x=-1.5,y=2",
            description = "the start point, naming every variable; defaults to the built-in's usual start")
    String start;

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "adam(lr=0.01)",
            description = "optimizer spec, e.g. \"sgd(lr=0.1,momentum=0.9)\" (default: ${DEFAULT-VALUE}); see 'descent explain'")
    String optimizerSpec;

    @Option(names = "--schedule", paramLabel = "SPEC",
            description = "learning-rate schedule stepped every update, e.g. \"cosine(t_max=1000)\"; plateau watches the loss at every update")
    String scheduleSpec;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000", description = "most updates to make (default: ${DEFAULT-VALUE})")
    long steps;

    @Option(names = "--tol", paramLabel = "T", defaultValue = "0",
            description = "stop once the gradient norm is at most T (default: 0, run every step)")
    double tolerance;

    @Option(names = "--trace", paramLabel = "FILE.csv", description = "write every step: step,loss,<variables>,grad_norm,lr")
    Path trace;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "draw the run: the curve with the steps on it (1 variable) or contours with the path (2 variables)")
    Path plot;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    /** Lists the built-in names for the help text. */
    static final class BuiltinNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        BuiltinNames() {
            super(BuiltinFunctions.names());
        }
    }

    /**
     * Most {@code --steps} of one run: the minimizer keeps every step (for {@code --trace} and {@code --plot}), about
     * 100 bytes each, so more would run out of memory rather than finish.
     */
    static final long MAX_STEPS = 10_000_000;

    @Override
    public Integer call() {
        if (steps < 0 || steps > MAX_STEPS) {
            throw new InputException("--steps must be between 0 and " + MAX_STEPS + ", got " + steps);
        }
        if (!(tolerance >= 0)) {
            throw new InputException("--tol must be >= 0, got " + tolerance);
        }
        Problem problem = Problem.resolve(function, start);
        if (trace != null) {
            AtomicFiles.checkFile(trace, "--trace");
        }
        if (plot != null) {
            Pictures.checkDrawable(problem, plot, "--plot");
        }
        Optimizer optimizer = Flags.parse("--optimizer", () -> Optimizers.parse(optimizerSpec));
        Schedule schedule = scheduleSpec == null ? null : Flags.parse("--schedule", () -> Schedules.parse(scheduleSpec));
        CompiledExpression f = problem.expression().compile(problem.variables());
        Minimizer.LearningRate lr = learningRate(schedule, optimizer.learningRate());
        Minimizer.Result result = Minimizer.minimize(f::valueAndGradient, problem.start(), optimizer, lr, steps, tolerance);
        if (trace != null) {
            TraceCsv.write(trace, problem.variables(), result);
        }
        if (plot != null) {
            Pictures.writePng(Pictures.landscape(problem, CompareCommand.label(optimizerSpec), result), plot, "--plot");
        }
        if (result.outcome() == Minimizer.Outcome.DIVERGED) {
            Minimizer.Step bad = result.end();
            if (bad.step() == 0) {
                // nothing diverged: the function is undefined at the start (log(x) at x=-1); a smaller rate won't help
                throw new InputException("the function is not finite at the start: " + point(problem.variables(), bad)
                        + "; give a --start where it is defined");
            }
            throw new TrainingFailedException("diverged at step " + bad.step() + ": the loss became "
                    + Numbers.human(bad.loss()) + " with lr=" + Numbers.human(bad.lr())
                    + "; try a smaller learning rate, e.g. lr=" + Numbers.human(bad.lr() / 10));
        }
        report(problem, optimizer, schedule, result);
        return ExitCodes.OK;
    }

    /**
     * The rate of each update. A plateau schedule watches the loss, one update being its epoch: it observes the
     * loss at the point each update starts from, as the trainer has it observe the metric of the weights the next
     * epoch starts from; without it, plateau would never reduce the rate.
     */
    private static Minimizer.LearningRate learningRate(Schedule schedule, double baseLr) {
        if (schedule == null) {
            return Minimizer.LearningRate.constant(baseLr);
        }
        if (schedule instanceof Plateau plateau) {
            return (t, loss) -> {
                plateau.observe(loss, baseLr);
                return plateau.lr(t, baseLr);
            };
        }
        return (t, loss) -> schedule.lr(t, baseLr);
    }

    private void report(Problem problem, Optimizer optimizer, Schedule schedule, Minimizer.Result result) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("function   " + problem.label());
        out.println("optimizer  " + optimizer.spec() + (schedule == null ? "" : "  schedule " + schedule.spec()));
        out.println("start      " + point(problem.variables(), result.start()));
        out.println("end        " + point(problem.variables(), result.end()));
        String why = switch (result.outcome()) {
            case CONVERGED -> " (converged: gradient norm <= " + Numbers.human(tolerance) + ")";
            case COMPLETED -> tolerance > 0 ? " (gradient norm still above --tol " + Numbers.human(tolerance) + ")" : "";
            case DIVERGED -> "";
        };
        out.println("steps      " + result.steps() + why);
        problem.builtin().ifPresent(b -> {
            if (b.minimumValue().isPresent()) {
                out.println("known      minimum " + Numbers.human(b.minimumValue().getAsDouble()) + " at "
                        + minimaText(b));
            } else {
                out.println("known      no minimum: the function is unbounded below");
            }
        });
        out.flush();
    }

    private static String point(List<String> variables, Minimizer.Step step) {
        StringBuilder sb = new StringBuilder();
        double[] x = step.x();
        for (int i = 0; i < x.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(variables.get(i)).append('=').append(Numbers.human(x[i]));
        }
        return sb.append("   loss=").append(Numbers.human(step.loss()))
                .append("   grad_norm=").append(Numbers.human(step.gradNorm())).toString();
    }

    private static String minimaText(BuiltinFunction b) {
        List<String> points = new ArrayList<>();
        for (List<Double> m : b.minima()) {
            points.add("(" + String.join(", ", m.stream().map(Numbers::human).toList()) + ")");
        }
        return String.join(" ", points);
    }

    /** What to minimize and from where. */
    record Problem(String label, Expression expression, List<String> variables, double[] start,
                   java.util.Optional<BuiltinFunction> builtin) {

        static Problem resolve(String function, String startText) {
            java.util.Optional<BuiltinFunction> builtin = BuiltinFunctions.get(function);
            Expression expression;
            if (builtin.isPresent()) {
                expression = builtin.get().expression();
            } else if (function.strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InputException("unknown function '" + function.strip() + "'; built-ins: "
                        + String.join(", ", BuiltinFunctions.names()) + " (or give an expression such as \"x^2+y^2\")");
            } else {
                expression = Expression.parse(function);
            }
            List<String> exprVariables = expression.variables();
            if (exprVariables.isEmpty()) {
                throw new InputException("'" + function + "' has no variables to minimize over");
            }
            String label = builtin.map(b -> b.name() + ": " + b.text()).orElse(expression.toString());
            if (startText == null) {
                if (builtin.isEmpty()) {
                    throw new InputException("--start is required for an expression: give every variable, e.g. --start "
                            + String.join(",", exprVariables.stream().map(v -> v + "=0").toList()));
                }
                double[] s = builtin.get().start().stream().mapToDouble(Double::doubleValue).toArray();
                return new Problem(label, expression, exprVariables, s, builtin);
            }
            StartPoint point = StartPoint.parse(startText, exprVariables);
            return new Problem(label, expression, point.names(), point.values(), builtin);
        }
    }
}
