package dev.descent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lets an expression argument start with a minus sign: {@code descent derive "-x^2"}, or
 * {@code descent minimize "$(descent derive "1/x")"} (whose derivative, {@code -1/x^2}, starts with one).
 *
 * <p>picocli takes any argument that starts with {@code -} and is not a number for an option, so
 * {@code "-x^2"} was refused as an unknown one. For the commands whose positional argument is an expression,
 * an argument that starts with a single {@code -}, is no option of the command, and is not an option's value
 * is moved behind {@code --}, where picocli reads it as the positional argument it is. Unknown long options
 * ({@code --wtr}) stay where they are, so they are still reported as unknown options.
 */
final class LeadingMinus {

    /** The commands whose positional argument is an expression. */
    static final Set<String> EXPRESSION_COMMANDS = Set.of("derive", "minimize", "compare");

    private LeadingMinus() {
    }

    /**
     * {@code args} with every expression that starts with {@code -} moved behind {@code --}; the same array when
     * there is none, the command is not one of {@link #EXPRESSION_COMMANDS}, or {@code --} is already given.
     */
    static String[] moveExpressions(CommandLine top, String[] args) {
        if (args.length < 2 || !EXPRESSION_COMMANDS.contains(args[0]) || List.of(args).contains("--")) {
            return args;
        }
        CommandSpec command = top.getSubcommands().get(args[0]).getCommandSpec();
        List<String> kept = new ArrayList<>(List.of(args[0]));
        List<String> expressions = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            OptionSpec option = command.findOption(a);
            if (option != null) {
                kept.add(a);
                if (takesValue(option) && i + 1 < args.length) {
                    kept.add(args[++i]);
                }
            } else if (isExpression(command, a)) {
                expressions.add(a);
            } else {
                kept.add(a);
            }
        }
        if (expressions.isEmpty()) {
            return args;
        }
        kept.add("--");
        kept.addAll(expressions);
        return kept.toArray(String[]::new);
    }

    private static boolean takesValue(OptionSpec option) {
        return option.arity().max() > 0 && !option.typeInfo().isBoolean();
    }

    /**
     * Whether {@code a}, which is no option of {@code command}, is an expression with a leading minus: one dash
     * then something other than a number (picocli reads negative numbers as values already) or a cluster of
     * the command's one-letter options ({@code -hV}). The README's command-line check reads its examples so too.
     */
    static boolean isExpression(CommandSpec command, String a) {
        if (a.length() < 2 || a.charAt(0) != '-' || a.charAt(1) == '-' || isNumber(a)) {
            return false;
        }
        for (int i = 1; i < a.length(); i++) {
            if (command.findOption(a.charAt(i)) == null) {
                return true;
            }
        }
        return false;
    }

    static boolean isNumber(String a) {
        try {
            Double.parseDouble(a);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
