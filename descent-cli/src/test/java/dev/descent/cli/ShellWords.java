package dev.descent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a documented command line into the words a POSIX shell would pass to the program, for the quoting the
 * docs use ({@code '...'}, {@code "..."} with backslash escapes, a backslash outside quotes), plus the notation of
 * usage lines that no shell knows:
 * <ul>
 *   <li>{@code [--window N]}: an unquoted {@code [} that opens a word and {@code ]} that ends one mark an optional
 *       part and are dropped ({@code "local[2]"} is quoted, so it keeps its brackets);</li>
 *   <li>{@code a|b} inside a word, unquoted: one of a or b ({@code --log|--linear}, {@code N|full}); a quoted
 *       {@code |} ({@code "multistep(milestones=30|80)"}) is text;</li>
 *   <li>{@code ...} and {@code <...>} (which may span words, {@code <same options>}) stand for words left out.</li>
 * </ul>
 * The line ends at an unquoted comment ({@code #} opening a word) or shell operator ({@code |} standing alone,
 * {@code ;}, {@code &&}, {@code >}), where the invocation ends.
 */
final class ShellWords {

    /** Stands for an unquoted {@code |} inside a word, where the docs offer alternatives. */
    static final char ALTERNATIVE = '\u0001';

    /** One word; {@code elided} when it stands for words left out ({@code ...}, {@code <same options>}). */
    record Word(String text, boolean elided) {

        /** The alternatives the word offers, or the word alone. */
        List<String> alternatives() {
            return List.of(text.split(String.valueOf(ALTERNATIVE), -1));
        }

        /** The word as written, with {@code |} between alternatives. */
        String shown() {
            return text.replace(ALTERNATIVE, '|');
        }
    }

    private ShellWords() {
    }

    /**
     * The words of {@code line}.
     *
     * @throws IllegalArgumentException for a quote that is not closed
     */
    static List<Word> split(String line) {
        List<Word> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean started = false;
        boolean quoted = false;
        boolean elided = false;
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (started) {
                    words.add(finish(word, quoted, elided));
                    started = false;
                    quoted = false;
                    elided = false;
                }
                continue;
            }
            if (!started && (c == '#' || c == ';' || c == '>' || c == '&' || c == '|' && endsWord(line, i + 1))) {
                return words;
            }
            if (!started && c == '[') {
                continue;
            }
            if (!started && c == '<') {
                int close = line.indexOf('>', i);
                i = close < 0 ? n : close;
                started = true;
                elided = true;
                continue;
            }
            started = true;
            switch (c) {
                case '\'' -> {
                    int close = line.indexOf('\'', i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("a ' quote is not closed");
                    }
                    word.append(line, i + 1, close);
                    i = close;
                    quoted = true;
                }
                case '"' -> {
                    i = doubleQuoted(line, i + 1, word);
                    quoted = true;
                }
                case '\\' -> {
                    if (i + 1 < n) {
                        word.append(line.charAt(++i));
                    }
                }
                case '|' -> word.append(ALTERNATIVE);
                case ';' -> {
                    words.add(finish(word, quoted, elided));
                    return words;
                }
                case ']' -> {
                    if (!endsWord(line, i + 1)) {
                        word.append(c);
                    }
                }
                default -> word.append(c);
            }
        }
        if (started) {
            words.add(finish(word, quoted, elided));
        }
        return words;
    }

    /** Appends the text of a double-quoted part that starts at {@code from}; returns the index of its closing quote. */
    private static int doubleQuoted(String line, int from, StringBuilder word) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("a \" quote is not closed");
    }

    /** Whether position {@code i} is the end of the line, a blank, or the {@code ]} of an optional part. */
    private static boolean endsWord(String line, int i) {
        return i >= line.length() || Character.isWhitespace(line.charAt(i)) || line.charAt(i) == ']';
    }

    private static Word finish(StringBuilder word, boolean quoted, boolean elided) {
        String text = word.toString();
        word.setLength(0);
        return new Word(text, elided || !quoted && text.equals("..."));
    }
}
