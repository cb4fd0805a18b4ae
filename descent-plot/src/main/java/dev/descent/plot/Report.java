package dev.descent.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML report: headings, key-value tables, tables, a confusion matrix and pictures, the
 * pictures embedded as base64 {@code data:} URIs so the one file can be mailed or opened anywhere.
 */
public final class Report {

    private final StringBuilder body = new StringBuilder();
    private final String title;

    public Report(String title) {
        this.title = title;
        body.append("<h1>").append(escape(title)).append("</h1>\n");
    }

    /** A section heading. */
    public Report heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    /** A paragraph of plain text. */
    public Report paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Preformatted text, e.g. the command line. */
    public Report code(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /** A two-column table of settings or values. */
    public Report keyValues(Map<String, ?> values) {
        body.append("<table class=\"kv\">\n");
        values.forEach((k, v) -> body.append("<tr><th>").append(escape(k)).append("</th><td>")
                .append(escape(String.valueOf(v))).append("</td></tr>\n"));
        body.append("</table>\n");
        return this;
    }

    /** A table with a header row. */
    public Report table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<tr>");
        header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            row.forEach(c -> body.append("<td>").append(escape(c)).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A confusion matrix: rows are the true classes, columns the predicted ones; the diagonal is shaded. */
    public Report confusion(List<String> classes, long[][] counts) {
        body.append("<table class=\"confusion\">\n<tr><th>true \\ predicted</th>");
        classes.forEach(c -> body.append("<th>").append(escape(c)).append("</th>"));
        body.append("</tr>\n");
        for (int i = 0; i < counts.length; i++) {
            long rowTotal = 0;
            for (long c : counts[i]) {
                rowTotal += c;
            }
            body.append("<tr><th>").append(escape(classes.get(i))).append("</th>");
            for (int j = 0; j < counts[i].length; j++) {
                double share = rowTotal == 0 ? 0 : (double) counts[i][j] / rowTotal;
                String shade = i == j
                        ? String.format(java.util.Locale.ROOT, "rgba(0,114,178,%.2f)", 0.12 + 0.6 * share)
                        : counts[i][j] == 0 ? "transparent" : String.format(java.util.Locale.ROOT, "rgba(213,94,0,%.2f)", 0.1 + 0.6 * share);
                body.append("<td style=\"background:").append(shade).append("\">").append(counts[i][j]).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A picture with a caption, embedded as a PNG data URI. */
    public Report image(String caption, BufferedImage image) {
        String data = Base64.getEncoder().encodeToString(Png.bytes(image));
        body.append("<figure><img alt=\"").append(escape(caption)).append("\" width=\"").append(image.getWidth())
                .append("\" src=\"data:image/png;base64,").append(data).append("\"><figcaption>")
                .append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    /** The whole document. */
    public String html() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title) + "</title>\n"
                + "<style>\n"
                + "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1240px;margin:2em auto;padding:0 1em;color:#222}\n"
                + "h1{font-size:1.8em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}\n"
                + "pre{background:#f5f5f5;padding:.8em;overflow-x:auto;white-space:pre-wrap}\n"
                + "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.3em .7em;text-align:right}\n"
                + "table.kv th{text-align:left;background:#fafafa}table.kv td{text-align:left}\n"
                + "figure{margin:1em 0}img{max-width:100%;height:auto;border:1px solid #eee}figcaption{color:#555}\n"
                + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    /** Writes the document atomically. */
    public void write(Path file) throws IOException {
        byte[] bytes = html().getBytes(StandardCharsets.UTF_8);
        Png.writeAtomically(file, out -> out.write(bytes));
    }

    /** HTML-escapes text. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
