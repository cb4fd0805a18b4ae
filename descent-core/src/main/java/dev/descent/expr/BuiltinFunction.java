package dev.descent.expr;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A named test function for optimizers: its expression text, where to start, where the answer is
 * and which region to draw.
 *
 * @param name          catalog key, e.g. {@code rosenbrock}
 * @param text          expression-language text
 * @param variables     the variable names, equal to {@code expression().variables()}
 * @param start         the default starting point, one coordinate per variable
 * @param minima        every global minimum point; empty when the function is unbounded below
 * @param minimumValue  the global minimum value; empty when the function is unbounded below
 * @param plotBox       the region worth drawing
 * @param description   one line for humans
 */
public record BuiltinFunction(
        String name,
        String text,
        List<String> variables,
        List<Double> start,
        List<List<Double>> minima,
        OptionalDouble minimumValue,
        PlotBox plotBox,
        String description) {

    /**
     * A drawing region. For two variables it spans x and y; for one variable, {@code x} is the
     * variable and {@code y} the function value.
     */
    public record PlotBox(double xMin, double xMax, double yMin, double yMax) {}

    /** Validates that the text parses and that every point has one coordinate per variable. */
    public BuiltinFunction {
        variables = List.copyOf(variables);
        start = List.copyOf(start);
        minima = minima.stream().map(List::copyOf).toList();
        List<String> parsed = Expression.parse(text).variables();
        if (!parsed.equals(variables)) {
            throw new IllegalArgumentException(name + ": variables " + variables + " but the text uses " + parsed);
        }
        int dimension = variables.size();
        if (start.size() != dimension || minima.stream().anyMatch(m -> m.size() != dimension)) {
            throw new IllegalArgumentException(name + ": every point needs " + dimension + " coordinates");
        }
    }

    /** The parsed {@link #text()}. */
    public Expression expression() {
        return Expression.parse(text);
    }
}
