package dev.descent.cli;

import java.util.Random;

/** Seeded rows for the tests of weighted rows: the same rows with a weight column, or written several times each. */
final class SeededRows {

    private SeededRows() {
    }

    /**
     * CSV text of {@code n} rows {@code x1,x2,<w,>y} drawn from {@code seed}: for {@code "ce"} three classes p, q, r,
     * for {@code "bce"} two, yes and no, for {@code "mse"} a number; row {@code i} weighs {@code weights[i]} (a
     * {@code w} column), or is written {@code repeats[i]} times (0: left out). The rows are the same whatever the
     * weights and repeats.
     */
    static String csv(long seed, String task, int n, int[] weights, int[] repeats) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(weights == null ? "x1,x2,y\n" : "x1,x2,w,y\n");
        for (int i = 0; i < n; i++) {
            double x1 = Math.round(random.nextGaussian() * 100) / 100.0;
            double x2 = Math.round(random.nextGaussian() * 100) / 100.0;
            double noise = random.nextGaussian() * 0.5;
            String y = switch (task) {
                case "ce" -> x1 + noise < -0.4 ? "p" : x2 + noise < 0.3 ? "q" : "r";
                case "bce" -> x1 - x2 + noise > 0 ? "yes" : "no";
                default -> Double.toString(Math.round((2 * x1 - x2 + noise) * 100) / 100.0);
            };
            String row = x1 + "," + x2 + (weights == null ? "" : "," + weights[i]) + "," + y + "\n";
            s.append(row.repeat(repeats == null ? 1 : repeats[i]));
        }
        return s.toString();
    }
}
