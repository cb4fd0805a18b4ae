package dev.descent.expr;

import dev.descent.expr.BuiltinFunction.PlotBox;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The catalog of built-in test functions. Starting points are chosen to make each function's
 * difficulty visible to plain gradient descent: the bent valley of {@code rosenbrock}, the
 * ridge of {@code saddle}, the local minima of {@code rastrigin} and {@code quartic}.
 */
public final class BuiltinFunctions {
    private static final List<String> XY = List.of("x", "y");

    private static final Map<String, BuiltinFunction> CATALOG = new TreeMap<>();

    static {
        Stream.of(
                oneVariable("parabola", "x^2", 3, 0, 0, new PlotBox(-4, 4, -1, 16),
                        "the one-variable bowl x^2, minimum 0 at x=0"),
                oneVariable("quartic", "3*x^4+4*x^3-12*x^2", 2, -2, -32, new PlotBox(-3, 2, -35, 35),
                        "global minimum -32 at x=-2, local minimum -5 at x=1 where descent from x=2 stops"),
                twoVariables("quadratic", "x^2+10*y^2", -2, 1, List.of(List.of(0.0, 0.0)), 0, new PlotBox(-2.5, 2.5, -1.5, 1.5),
                        "a bowl ten times steeper in y than in x, so plain descent zig-zags"),
                twoVariables("rosenbrock", "(1-x)^2+100*(y-x^2)^2", -1.5, 2, List.of(List.of(1.0, 1.0)), 0, new PlotBox(-2, 2, -1, 3),
                        "a curved, flat-bottomed valley; minimum 0 at (1,1)"),
                twoVariables("beale", "(1.5-x+x*y)^2+(2.25-x+x*y^2)^2+(2.625-x+x*y^3)^2", 1, 1.5, List.of(List.of(3.0, 0.5)), 0,
                        new PlotBox(-4.5, 4.5, -4.5, 4.5), "sharp ridges and flat plateaus; minimum 0 at (3,0.5)"),
                new BuiltinFunction("saddle", "x^2-y^2", XY, List.of(-1.5, 0.001), List.of(), OptionalDouble.empty(),
                        new PlotBox(-2, 2, -2, 2),
                        "a saddle at the origin, unbounded below; the start is just off the ridge y=0 so descent can escape"),
                twoVariables("himmelblau", "(x^2+y-11)^2+(x+y^2-7)^2", 0, 0,
                        List.of(List.of(3.0, 2.0), List.of(-2.805118086952745, 3.131312518250573),
                                List.of(-3.779310253377747, -3.283185991286169), List.of(3.5844283403304917, -1.8481265269644034)),
                        0, new PlotBox(-5, 5, -5, 5), "four global minima of value 0"),
                twoVariables("booth", "(x+2*y-7)^2+(2*x+y-5)^2", 0, 0, List.of(List.of(1.0, 3.0)), 0, new PlotBox(-3, 5, -1, 7),
                        "a tilted, stretched bowl; minimum 0 at (1,3)"),
                twoVariables("rastrigin", "20+x^2-10*cos(2*pi*x)+y^2-10*cos(2*pi*y)", -2.2, 2.7, List.of(List.of(0.0, 0.0)), 0,
                        new PlotBox(-3, 3, -3, 3), "a bowl covered in local minima; global minimum 0 at the origin"),
                twoVariables("matyas", "0.26*(x^2+y^2)-0.48*x*y", -6, 2, List.of(List.of(0.0, 0.0)), 0, new PlotBox(-10, 10, -10, 10),
                        "a nearly flat valley along y=x; minimum 0 at the origin"),
                twoVariables("three_hump_camel", "2*x^2-1.05*x^4+x^6/6+x*y+y^2", -2, 1.5, List.of(List.of(0.0, 0.0)), 0,
                        new PlotBox(-2.5, 2.5, -2.5, 2.5), "two local minima beside the global minimum 0 at the origin"))
                .forEach(f -> CATALOG.put(f.name(), f));
    }

    private BuiltinFunctions() {}

    /** The function called {@code name}, if there is one. */
    public static Optional<BuiltinFunction> get(String name) {
        return Optional.ofNullable(CATALOG.get(name));
    }

    /** All names, sorted. */
    public static List<String> names() {
        return List.copyOf(CATALOG.keySet());
    }

    private static BuiltinFunction oneVariable(
            String name, String text, double start, double argmin, double min, PlotBox box, String description) {
        return new BuiltinFunction(name, text, List.of("x"), List.of(start), List.of(List.of(argmin)), OptionalDouble.of(min), box,
                description);
    }

    private static BuiltinFunction twoVariables(String name, String text, double startX, double startY,
            List<List<Double>> minima, double min, PlotBox box, String description) {
        return new BuiltinFunction(name, text, XY, List.of(startX, startY), minima, OptionalDouble.of(min), box, description);
    }
}
