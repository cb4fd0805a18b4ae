package dev.descent.cli;

import dev.descent.cli.DocCommandLines.DocLine;
import dev.descent.cli.ShellWords.Word;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Checks a documented command line against the real picocli command tree: the subcommand exists, every
 * {@code --flag} and {@code -x} is an option of it (and shown by its {@code --help}), an option that takes a value
 * has one, numbers are numbers and specs parse with the command's own parser ({@link OptionValueParsers}), and the
 * positional arguments fit. A whole example (a code-block line with nothing left out) must also give the required
 * options and positional arguments; a mention in prose need not, and may end with an option that takes a value to
 * name it ({@code `descent evaluate --sample-weight`}).
 */
final class CommandLineCheck {

    /**
     * A value that stands for one: an upper-case name ({@code N}, {@code SPEC}, {@code FILE.csv}), one with
     * {@code ...}, or a spec with such a name for a value ({@code swa(start_epoch=N)}).
     */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "[A-Z][A-Z0-9_]*(\\.[a-z0-9]+)?|.*\\.\\.\\..*|.*=[A-Z][A-Z0-9_]*([,)].*)?");

    private final CommandSpec top;

    CommandLineCheck(CommandLine cli) {
        this.top = cli.getCommandSpec();
    }

    /** Every mismatch of {@code doc} with the command tree, each {@code FILE:LINE: what}. */
    List<String> problems(DocLine doc) {
        List<Word> words;
        try {
            words = ShellWords.split(doc.text());
        } catch (IllegalArgumentException e) {
            return List.of(doc.where() + ": " + e.getMessage() + " in '" + doc.text() + "'");
        }
        Line line = new Line(doc, words, new ArrayList<>());
        int i = programIndex(words) + 1;
        CommandSpec command = top;
        List<Word> positionals = new ArrayList<>();
        Set<OptionSpec> given = new HashSet<>();
        boolean optionsEnded = false;
        for (; i < words.size(); i++) {
            Word w = words.get(i);
            if (!optionsEnded && !w.elided() && w.text().equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && !w.elided() && isOption(command, w.text())) {
                i = option(line, command, i, given);
            } else if (positionals.isEmpty() && !w.elided() && command.subcommands().containsKey(w.text())) {
                command = command.subcommands().get(w.text()).getCommandSpec();
            } else if (command == top) {
                if (!w.elided() && !PLACEHOLDER.matcher(w.text()).matches()) {
                    line.report("descent has no command '" + w.shown() + "'");
                }
                return line.problems();
            } else if (!w.elided()) {
                positionals.add(w);
            }
        }
        // --help and --version stand alone; an example that elides words need not give every required one
        boolean whole = doc.inBlock() && words.stream().noneMatch(Word::elided)
                && given.stream().noneMatch(o -> o.usageHelp() || o.versionHelp());
        checkPositionals(line, command, positionals, whole);
        if (whole) {
            for (OptionSpec o : command.options()) {
                if (o.required() && !given.contains(o)) {
                    line.report(command.name() + " needs " + o.longestName() + ", which the line does not give");
                }
            }
        }
        return line.problems();
    }

    /** The problems found on one line, and where it stands. */
    private record Line(DocLine doc, List<Word> words, List<String> problems) {
        void report(String problem) {
            problems.add(doc.where() + ": " + problem);
        }
    }

    private static int programIndex(List<Word> words) {
        for (int i = 0; i < words.size(); i++) {
            String t = words.get(i).text();
            if (t.equals("descent") || t.equals("./descent") || t.endsWith("descent.jar")) {
                return i;
            }
        }
        throw new IllegalStateException("no descent program in " + words);
    }

    /** Whether {@code t} is read as an option: {@code --x}, or {@code -x} that is neither a number nor an expression. */
    private static boolean isOption(CommandSpec command, String t) {
        if (t.startsWith("--")) {
            return t.length() > 2;
        }
        if (t.length() < 2 || t.charAt(0) != '-' || LeadingMinus.isNumber(t)) {
            return false;
        }
        return !(LeadingMinus.EXPRESSION_COMMANDS.contains(command.name()) && LeadingMinus.isExpression(command, t));
    }

    /** Checks the option word at {@code i} (each of its alternatives) and its value; returns the last index used. */
    private static int option(Line line, CommandSpec command, int i, Set<OptionSpec> given) {
        List<Word> words = line.words();
        boolean valueNeeded = false;
        List<OptionSpec> valued = new ArrayList<>();
        String inlineValue = null;
        for (String alternative : words.get(i).alternatives()) {
            int eq = alternative.startsWith("--") ? alternative.indexOf('=') : -1;
            String name = eq < 0 ? alternative : alternative.substring(0, eq);
            OptionSpec o = find(command, name);
            if (o == null) {
                line.report(command.name() + " has no option " + name);
                continue;
            }
            given.add(o);
            if (o.hidden()) {
                line.report(command.name() + " " + name + " is hidden from 'descent " + command.name() + " --help'");
            }
            if (o.arity().max() == 0) {
                continue;
            }
            valued.add(o);
            valueNeeded |= o.arity().min() > 0;
            if (eq >= 0) {
                inlineValue = alternative.substring(eq + 1);
            }
        }
        if (valued.isEmpty()) {
            return i;
        }
        Word value;
        if (inlineValue != null) {
            value = new Word(inlineValue, false);
        } else if (i + 1 < words.size() && !looksLikeOption(command, words.get(i + 1))) {
            value = words.get(++i);
        } else {
            // prose names an option by a span that ends with it (`descent evaluate --sample-weight`); an example gives its value
            boolean named = !line.doc().inBlock() && i + 1 == words.size();
            if (valueNeeded && !named) {
                line.report(command.name() + " " + valued.getFirst().longestName() + " needs a value ("
                        + valued.getFirst().paramLabel() + ")");
            }
            return i;
        }
        if (!value.elided()) {
            for (OptionSpec o : valued) {
                checkValue(line, command, o, value);
            }
        }
        return i;
    }

    /** The option named {@code name} (a {@code --no-} name included), or the one a {@code -xyz} cluster starts with. */
    private static OptionSpec find(CommandSpec command, String name) {
        OptionSpec o = command.findOption(name);
        if (o == null) {
            o = command.negatedOptionsMap().get(name);
        }
        if (o == null && !name.startsWith("--") && name.length() > 2) {
            // a cluster of one-letter options, as picocli reads -hV: each but a value-taking last one must exist
            for (int j = 1; j < name.length(); j++) {
                OptionSpec letter = command.findOption(name.charAt(j));
                if (letter == null) {
                    return null;
                }
                o = letter;
                if (letter.arity().max() > 0) {
                    break;
                }
            }
        }
        return o;
    }

    private static boolean looksLikeOption(CommandSpec command, Word w) {
        String t = w.text();
        return !w.elided() && (t.startsWith("--") || t.startsWith("-") && find(command, t) != null);
    }

    /** Each alternative of the value that is not a placeholder must read as the command reads it. */
    private static void checkValue(Line line, CommandSpec command, OptionSpec o, Word value) {
        Consumer<String> parser = OptionValueParsers.of(command.name(), o.longestName()).orElse(null);
        for (String alternative : value.alternatives()) {
            if (PLACEHOLDER.matcher(alternative).matches()) {
                continue;
            }
            String problem = null;
            try {
                number(o.typeInfo().getType(), alternative);
                if (parser != null) {
                    parser.accept(alternative);
                }
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                line.report(command.name() + " " + o.longestName() + " \"" + alternative + "\": " + problem);
            }
        }
    }

    /** Parses {@code text} as the option's number type, as picocli would convert it; other types pass. */
    private static void number(Class<?> type, String text) {
        if (type == int.class || type == Integer.class) {
            parseOrSay(() -> Integer.parseInt(text), "an integer");
        } else if (type == long.class || type == Long.class) {
            parseOrSay(() -> Long.parseLong(text), "an integer");
        } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            parseOrSay(() -> Double.parseDouble(text), "a number");
        }
    }

    private static void parseOrSay(Runnable parse, String what) {
        try {
            parse.run();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + what);
        }
    }

    private static void checkPositionals(Line line, CommandSpec command, List<Word> given, boolean whole) {
        List<PositionalParamSpec> params = command.positionalParameters();
        long most = 0;
        int least = 0;
        for (PositionalParamSpec p : params) {
            most += p.arity().max();
            least += p.arity().min();
        }
        List<String> shown = given.stream().map(w -> "'" + w.shown() + "'").toList();
        if (given.size() > most) {
            line.report(command.name() + (most == 0 ? " takes no positional argument"
                    : " takes at most " + most + " positional argument" + (most == 1 ? "" : "s")) + ", got " + String.join(" ", shown));
        } else if (whole && given.size() < least) {
            line.report(command.name() + " needs " + params.stream().map(PositionalParamSpec::paramLabel).toList()
                    + ", got " + (shown.isEmpty() ? "none" : String.join(" ", shown)));
        }
    }
}
