package dev.descent.cli;

import java.util.Map;
import java.util.StringJoiner;

/** One line of metrics for humans: {@code loss=0.1234 accuracy=0.9700 n=360}. */
final class Metrics {

    private Metrics() {
    }

    static String line(Map<String, Double> metrics) {
        StringJoiner j = new StringJoiner("  ");
        metrics.forEach((k, v) -> j.add(k + "=" + (k.equals("n") ? Long.toString(Math.round(v)) : Numbers.human(v))));
        return j.toString();
    }
}
