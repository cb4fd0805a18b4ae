package dev.descent.cli;

import dev.descent.expr.CompiledExpression;
import dev.descent.optim.Minimizer;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.plot.Box;
import dev.descent.plot.Race;
import dev.descent.plot.Style;
import dev.descent.plot.Trail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/** {@code descent compare F}: races several optimizers from one start and draws their paths and costs. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Races optimizers on a function of one or two variables from the same start, in float64.",
                "Prints each optimizer's final loss; --plot draws every path on the contour plot beside the cost",
                "curves, --animate writes the race as an animated GIF."},
        footer = {"", "Examples:",
                "  descent compare beale --plot race.png --animate race.gif",
                "  descent compare saddle --plot saddle.png",
                "  descent compare rosenbrock --optimizers \"sgd(lr=0.001);adam(lr=0.02)\" --steps 3000 --plot r.png"})
final class CompareCommand implements Callable<Integer> {

    /** The default field: one optimizer per family, with rates that show the classic picture. */
    static final List<String> DEFAULT_RACERS = List.of("sgd(lr=0.01)", "momentum(lr=0.01,beta=0.9)",
            "nesterov(lr=0.01,momentum=0.9)", "rmsprop(lr=0.01)", "adam(lr=0.05)");

    /** Default racers tuned for functions whose scale needs other rates. */
    static final Map<String, List<String>> TUNED = Map.of(
            "beale", List.of("sgd(lr=0.001)", "momentum(lr=0.005,beta=0.9)", "nesterov(lr=0.001,momentum=0.9)",
                    "rmsprop(lr=0.01)", "adam(lr=0.05)"),
            "rosenbrock", List.of("sgd(lr=0.001)", "momentum(lr=0.004,beta=0.9)", "nesterov(lr=0.0005,momentum=0.9)",
                    "rmsprop(lr=0.01)", "adam(lr=0.05)"));

    /** Default step counts per built-in. */
    static final Map<String, Long> TUNED_STEPS = Map.of("beale", 2000L, "rosenbrock", 3000L, "saddle", 250L);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "F",
            description = "a built-in function (${COMPLETION-CANDIDATES}) or an expression in one or two variables",
            completionCandidates = MinimizeCommand.BuiltinNames.class)
    String function;

    @Option(names = "--start", paramLabel = "x=-1.5,y=2", description = "the common start point; defaults to the built-in's usual start")
    String start;

    @Option(names = "--optimizers", paramLabel = "SPEC;SPEC;...",
            description = "optimizer specs separated by ';' (default: sgd, momentum, nesterov, rmsprop and adam with rates suited to F)")
    String optimizers;

    @Option(names = "--steps", paramLabel = "N", description = "updates per optimizer (default: 2000 on beale, 3000 on rosenbrock, 250 on saddle, else 500)")
    Long steps;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "contours with every path, and the cost per step")
    Path plot;

    @Option(names = "--animate", paramLabel = "FILE.gif", description = "the race as a looping animated GIF")
    Path animate;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "48", description = "frames of the animation (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() {
        MinimizeCommand.Problem problem = MinimizeCommand.Problem.resolve(function, start);
        if (plot != null) {
            Pictures.checkDrawable(problem, plot, "--plot");
        }
        if (animate != null) {
            Pictures.checkDrawable(problem, animate, "--animate");
            if (problem.variables().size() != 2) {
                throw new InputException("--animate: races are drawn on contour plots; " + problem.label()
                        + " needs 2 variables, it has " + problem.variables().size());
            }
        }
        if (frames < 2 || frames > 500) {
            throw new InputException("--frames must be in 2..500, got " + frames);
        }
        String name = problem.builtin().map(b -> b.name()).orElse("");
        long n = steps != null ? steps : TUNED_STEPS.getOrDefault(name, 500L);
        if (n < 1 || n > MinimizeCommand.MAX_STEPS) {
            throw new InputException("--steps must be between 1 and " + MinimizeCommand.MAX_STEPS + ", got " + n);
        }
        List<String> specs = optimizers != null ? split(optimizers) : TUNED.getOrDefault(name, DEFAULT_RACERS);
        List<Optimizer> racers = racers(specs);

        CompiledExpression f = problem.expression().compile(problem.variables());
        List<Trail> trails = new ArrayList<>();
        List<Minimizer.Result> results = new ArrayList<>();
        for (Optimizer opt : racers) {
            Minimizer.Result r = Minimizer.minimize(f::valueAndGradient, problem.start(), opt,
                    Minimizer.LearningRate.constant(opt.learningRate()), n, 0);
            results.add(r);
            trails.add(Pictures.trail(label(specs.get(results.size() - 1)), problem, r));
        }
        table(problem, specs, results, n);

        if (plot != null || animate != null) {
            if (problem.variables().size() == 1) {
                // one variable: each optimizer's steps on the curve would overlap; draw the costs only
                writeOneVariable(problem, trails);
            } else {
                Box box = Pictures.box(problem, trails);
                CompiledExpression g = Pictures.compiled(problem);
                OptionalDouble minimum = problem.builtin().map(b -> b.minimumValue()).orElse(OptionalDouble.empty());
                Race race = new Race((x, y) -> g.value(new double[] {x, y}), box, trails, Pictures.minima(problem), minimum,
                        Pictures.title(problem), Style.WIDTH, Style.HEIGHT);
                if (plot != null) {
                    Pictures.writePng(race.render(), plot, "--plot");
                }
                if (animate != null) {
                    Pictures.writeGif(race.animate(frames), animate, "--animate");
                }
            }
        }
        return ExitCodes.OK;
    }

    private void writeOneVariable(MinimizeCommand.Problem problem, List<Trail> trails) {
        Box box = Pictures.box(problem, trails);
        CompiledExpression g = Pictures.compiled(problem);
        Pictures.writePng(dev.descent.plot.Landscape.curves(x -> g.value(new double[] {x}), box, trails,
                Pictures.title(problem), problem.variables().getFirst()), plot, "--plot");
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        if (out.isEmpty()) {
            throw new InputException("--optimizers: give at least one optimizer spec, e.g. \"sgd(lr=0.01);adam(lr=0.05)\"");
        }
        return out;
    }

    /** The optimizers of the specs, in order; a bad one is an input error naming its place in --optimizers. */
    static List<Optimizer> racers(List<String> specs) {
        List<Optimizer> racers = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            try {
                racers.add(Optimizers.parse(specs.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InputException("--optimizers: optimizer " + (i + 1) + " '" + specs.get(i) + "': " + e.getMessage());
            }
        }
        return racers;
    }

    /** The spec as the user wrote it, without blanks: short enough for a legend. */
    static String label(String spec) {
        return spec.replaceAll("\\s+", "");
    }

    private void table(MinimizeCommand.Problem problem, List<String> racers, List<Minimizer.Result> results, long n) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("function   " + problem.label());
        out.println("start      " + String.join(", ", startText(problem)) + "   steps " + n);
        int width = Math.max(10, racers.stream().mapToInt(o -> label(o).length()).max().orElse(10));
        out.printf(Locale.ROOT, "%-" + width + "s  %-14s %s%n", "optimizer", "final loss", "end point");
        for (int i = 0; i < racers.size(); i++) {
            Minimizer.Result r = results.get(i);
            String end;
            if (r.outcome() == Minimizer.Outcome.DIVERGED) {
                end = "diverged at step " + r.steps();
            } else {
                double[] x = r.end().x();
                List<String> parts = new ArrayList<>();
                for (int k = 0; k < x.length; k++) {
                    parts.add(problem.variables().get(k) + "=" + Numbers.human(x[k]));
                }
                end = String.join(", ", parts);
            }
            out.printf(Locale.ROOT, "%-" + width + "s  %-14s %s%n", label(racers.get(i)), Numbers.human(r.end().loss()), end);
        }
        out.flush();
    }

    private static List<String> startText(MinimizeCommand.Problem problem) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < problem.start().length; k++) {
            parts.add(problem.variables().get(k) + "=" + Numbers.human(problem.start()[k]));
        }
        return parts;
    }
}
