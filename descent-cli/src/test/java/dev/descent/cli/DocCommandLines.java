package dev.descent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code descent} command lines that a Markdown file shows. How it decides what is an invocation:
 * <ul>
 *   <li>In a fenced code block ({@code ```} or {@code ~~~}) with no language or a shell one (bash, sh, shell,
 *       console), each line, joined with the lines a trailing {@code \} continues and without a {@code $ } prompt,
 *       is one when it starts with {@code descent} or {@code ./descent} and a word after it, after any
 *       {@code NAME=value} environment settings; so is a {@code spark-submit} or {@code java} line that runs
 *       {@code descent.jar}. Output lines ({@code workload=W1 tool=descent ...}) and other programs' lines do not
 *       start so. Blocks in other languages (the Java examples) are skipped.</li>
 *   <li>Outside code blocks, an inline code span (which may run over a line break inside its paragraph) is one
 *       when its text starts the same way: {@code `descent train`} is, {@code `descent: warning: ...`} (a
 *       message, no blank after {@code descent}) and {@code `tool=descent`} are not.</li>
 * </ul>
 */
final class DocCommandLines {

    /** One command line: where it starts, its text, and whether it stands in a code block (a whole example). */
    record DocLine(String file, int line, String text, boolean inBlock) {

        /** {@code FILE:LINE}, as the test's messages start. */
        String where() {
            return file + ":" + line;
        }
    }

    private static final Set<String> SHELL_LANGUAGES = Set.of("", "bash", "sh", "shell", "console");

    private static final String ENV = "(?:[A-Za-z_][A-Za-z0-9_]*=(?:\"[^\"]*\"|'[^']*'|\\S*)\\s+)*";

    private static final Pattern INVOCATION = Pattern.compile(
            ENV + "(?:\\./)?descent\\s+\\S.*|(?:spark-submit|java)\\s.*descent\\.jar\\s+\\S.*", Pattern.DOTALL);

    private static final Pattern FENCE = Pattern.compile("\\s*(`{3,}|~{3,})\\s*([^`\\s]*).*");

    private DocCommandLines() {
    }

    /** The command lines of a Markdown file's {@code lines}, named {@code file} in what they report. */
    static List<DocLine> extract(String file, List<String> lines) {
        List<DocLine> found = new ArrayList<>();
        int paragraph = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            var fence = FENCE.matcher(line);
            boolean heading = line.stripLeading().startsWith("#");
            if (paragraph >= 0 && (line.isBlank() || fence.matches() || heading)) {
                spans(file, lines, paragraph, i, found);
                paragraph = -1;
            }
            if (fence.matches()) {
                i = block(file, lines, i, fence.group(1), fence.group(2), found);
            } else if (heading) {
                spans(file, lines, i, i + 1, found);
            } else if (!line.isBlank() && paragraph < 0) {
                paragraph = i;
            }
        }
        if (paragraph >= 0) {
            spans(file, lines, paragraph, lines.size(), found);
        }
        return found;
    }

    /** Reads the code block that opens at line {@code open}; returns the index of its closing fence. */
    private static int block(String file, List<String> lines, int open, String fence, String language, List<DocLine> found) {
        boolean shell = SHELL_LANGUAGES.contains(language.toLowerCase(java.util.Locale.ROOT));
        int i = open + 1;
        while (i < lines.size() && !isClosing(lines.get(i), fence)) {
            int start = i;
            StringBuilder text = new StringBuilder(lines.get(i).strip());
            while (text.toString().endsWith("\\") && i + 1 < lines.size() && !isClosing(lines.get(i + 1), fence)) {
                text.setLength(text.length() - 1);
                text.append(' ').append(lines.get(++i).strip());
            }
            String command = text.toString().startsWith("$ ") ? text.substring(2) : text.toString();
            if (shell && INVOCATION.matcher(command).matches()) {
                found.add(new DocLine(file, start + 1, command, true));
            }
            i++;
        }
        return i;
    }

    private static boolean isClosing(String line, String fence) {
        String s = line.strip();
        return s.startsWith(fence) && s.chars().allMatch(c -> c == fence.charAt(0));
    }

    /** The command lines among the code spans of the paragraph of lines {@code from} (inclusive) to {@code to}. */
    private static void spans(String file, List<String> lines, int from, int to, List<DocLine> found) {
        String text = String.join("\n", lines.subList(from, to));
        int i = 0;
        while ((i = text.indexOf('`', i)) >= 0) {
            int run = runLength(text, i);
            int close = closingRun(text, i + run, run);
            if (close < 0) {
                i += run;
                continue;
            }
            String span = text.substring(i + run, close).replace('\n', ' ').strip();
            if (INVOCATION.matcher(span).matches()) {
                int line = from + 1 + (int) text.substring(0, i).chars().filter(c -> c == '\n').count();
                found.add(new DocLine(file, line, span, false));
            }
            i = close + run;
        }
    }

    private static int runLength(String text, int i) {
        int j = i;
        while (j < text.length() && text.charAt(j) == '`') {
            j++;
        }
        return j - i;
    }

    /** The start of the next run of exactly {@code run} backticks from {@code from}, or -1 (CommonMark's rule). */
    private static int closingRun(String text, int from, int run) {
        int i = from;
        while ((i = text.indexOf('`', i)) >= 0) {
            int length = runLength(text, i);
            if (length == run) {
                return i;
            }
            i += length;
        }
        return -1;
    }
}
