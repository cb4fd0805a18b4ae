package dev.descent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --start} value: {@code x=-1.5,y=2}, naming exactly the expression's variables in any order (a
 * bare number is accepted for a function of one variable).
 */
record StartPoint(List<String> names, double[] values) {

    static StartPoint parse(String text, List<String> variables) {
        String trimmed = text.strip();
        if (variables.size() == 1 && !trimmed.contains("=")) {
            return new StartPoint(variables, new double[] {number(trimmed, variables.getFirst(), text)});
        }
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (String part : trimmed.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--start: expected name=value pairs like " + example(variables) + ", got '" + text + "'");
            }
            String name = part.substring(0, eq).strip();
            if (!variables.contains(name)) {
                throw new InputException("--start: the function has no variable '" + name + "'; its variables are "
                        + String.join(", ", variables));
            }
            if (names.contains(name)) {
                throw new InputException("--start: variable '" + name + "' given twice");
            }
            names.add(name);
            values.add(number(part.substring(eq + 1).strip(), name, text));
        }
        List<String> missing = variables.stream().filter(v -> !names.contains(v)).toList();
        if (!missing.isEmpty()) {
            throw new InputException("--start: missing " + String.join(", ", missing) + "; give every variable, e.g. "
                    + example(variables));
        }
        return new StartPoint(names, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double number(String token, String name, String text) {
        try {
            double v = Double.parseDouble(token);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the context
        }
        throw new InputException("--start: " + name + " needs a finite number, got '" + token + "' in '" + text + "'");
    }

    private static String example(List<String> variables) {
        return String.join(",", variables.stream().map(v -> v + "=0").toList());
    }
}
