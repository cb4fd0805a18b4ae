package dev.descent.cli;

import dev.descent.expr.BuiltinFunction;
import dev.descent.expr.BuiltinFunctions;
import dev.descent.expr.CompiledExpression;
import dev.descent.expr.Expression;
import dev.descent.optim.Minimizer;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code descent demo}: the seeds' story in one run, on embedded real data. The power rule and the learning
 * rate on the parabola; a linear regression on diabetes by batch gradient descent; a softmax regression and
 * an MLP on digits by mini-batch descent, with progress bars and final metrics; and every optimizer racing
 * on Rosenbrock and past a saddle point. Model directories and traces go to {@code ./descent-demo/}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the guided demo on embedded real data; writes ./descent-demo/.",
                "Trains models on real data and races optimizers; writes model directories, traces, pictures and",
                "report.html into ./descent-demo/ (or --out)."})
final class DemoCommand implements Callable<Integer> {

    /** One optimizer per family, with rates that suit the race functions. */
    static final List<String> RACERS = List.of("sgd(lr=0.001)", "momentum(lr=0.001,beta=0.9)", "nesterov(lr=0.001,momentum=0.9)",
            "rmsprop(lr=0.01)", "adagrad(lr=0.5)", "adadelta(lr=1)", "adam(lr=0.02)", "adamw(lr=0.02)", "adamax(lr=0.05)",
            "nadam(lr=0.02)", "radam(lr=0.01)");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "descent-demo", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        AtomicFiles.createDirectory(out, "--out");
        PrintWriter w = spec.commandLine().getOut();

        w.println("1. The power rule: the derivative of the seeds' parabola");
        w.println("   d/dx x^2 = " + Expression.parse("x^2").derivative("x")
                + "      d/dx 2*x^4 = " + Expression.parse("2*x^4").derivative("x"));
        w.println();
        w.println("2. Walking down f(x) = x^2 from x = 3 with w = w - lr * f'(w), 30 steps");
        BuiltinFunction parabola = BuiltinFunctions.get("parabola").orElseThrow();
        for (double lr : new double[] {0.001, 0.1, 0.95, 1.1}) {
            Minimizer.Result r = run(parabola, "sgd(lr=" + lr + ")", 30);
            String verdict = lr < 0.01 ? "too low: barely moved"
                    : lr > 1 ? "too high: overshoots further every step"
                    : lr > 0.5 ? "high: zig-zags across the minimum" : "good";
            w.printf(Locale.ROOT, "   lr=%-6s x after 30 steps = %-14s (%s)%n", Numbers.human(lr),
                    Numbers.human(r.end().x()[0]), verdict);
            TraceCsv.write(out.resolve("parabola-lr-" + Numbers.human(lr) + ".csv"), parabola.variables(), r);
        }
        w.println();
        w.flush();
        train(w, "3. Linear regression on diabetes by batch gradient descent (one update per epoch)", "diabetes-linear",
                "--data", "builtin:diabetes", "--model", "linear", "--loss", "mse", "--optimizer", "sgd(lr=0.1)",
                "--batch-size", "full", "--epochs", "300", "--standardize", "--validation-split", "0.2");
        train(w, "4. Softmax regression on digits by mini-batch gradient descent (32 rows per update)", "digits-softmax",
                "--data", "builtin:digits", "--model", "softmax", "--loss", "ce", "--optimizer", "sgd(lr=0.1,momentum=0.9)",
                "--batch-size", "32", "--epochs", "15", "--standardize", "--validation-split", "0.2", "--l2", "1e-4");
        train(w, "5. A neural network (Dense 64 relu, Dense 10) on digits with Adam", "digits-mlp",
                "--data", "builtin:digits", "--model", "mlp(64,activation=relu)", "--loss", "ce", "--optimizer", "adam(lr=0.001)",
                "--batch-size", "32", "--epochs", "30", "--standardize", "--validation-split", "0.2",
                "--early-stopping", "patience=5,restore_best=true");
        race(w, "rosenbrock", 3000);
        race(w, "saddle", 200);
        DemoPictures.write(out, List.of("diabetes-linear", "digits-softmax", "digits-mlp"), w);
        w.println("Traces (step,loss,variables,grad_norm,lr) are in " + out.toAbsolutePath());
        w.flush();
        return ExitCodes.OK;
    }

    private void race(PrintWriter w, String name, long steps) {
        BuiltinFunction f = BuiltinFunctions.get(name).orElseThrow();
        w.printf(Locale.ROOT, "%s. Optimizers racing on %s = %s from %s, %d steps%n",
                name.equals("saddle") ? "7" : "6", name, f.text(), f.start(), steps);
        w.printf(Locale.ROOT, "   %-34s %-16s %s%n", "optimizer", "final loss", "end point");
        for (String racer : RACERS) {
            Minimizer.Result r = run(f, racer, steps);
            String end = r.outcome() == Minimizer.Outcome.DIVERGED ? "diverged at step " + r.steps()
                    : "(" + Numbers.human(r.end().x()[0]) + ", " + Numbers.human(r.end().x()[1]) + ")";
            w.printf(Locale.ROOT, "   %-34s %-16s %s%n", racer, Numbers.human(r.end().loss()), end);
            TraceCsv.write(out.resolve(name + "-" + racer.substring(0, racer.indexOf('(')) + ".csv"), f.variables(), r);
        }
        w.println();
    }

    /** Runs {@code descent train ARGS --out <out>/NAME} through the same command line a user types. */
    private void train(PrintWriter w, String title, String name, String... args) {
        w.println(title);
        w.flush();
        String[] full = java.util.Arrays.copyOf(args, args.length + 2);
        full[args.length] = "--out";
        full[args.length + 1] = out.resolve(name).toString();
        int code = spec.parent().commandLine().getSubcommands().get("train").execute(full);
        if (code != ExitCodes.OK) {
            throw new TrainingFailedException("the demo's training step '" + name + "' failed (exit code " + code + ")");
        }
        w.println();
    }

    private static Minimizer.Result run(BuiltinFunction f, String optimizerSpec, long steps) {
        Optimizer optimizer = Optimizers.parse(optimizerSpec);
        CompiledExpression compiled = f.expression().compile(f.variables());
        double[] start = f.start().stream().mapToDouble(Double::doubleValue).toArray();
        return Minimizer.minimize(compiled::valueAndGradient, start, optimizer,
                Minimizer.LearningRate.constant(optimizer.learningRate()), steps, 0);
    }
}
