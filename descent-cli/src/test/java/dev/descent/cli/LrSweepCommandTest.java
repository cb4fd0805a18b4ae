package dev.descent.cli;

import dev.descent.testkit.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** lr-sweep: the sweep's table and picture, the range test, and one-line usage errors. */
class LrSweepCommandTest {

    @TempDir
    Path dir;

    private static void slide(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file + " is a PNG").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(800);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < 800; y += 3) {
            for (int x = 0; x < 1200; x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("not blank").isGreaterThan(50);
    }

    @Test
    void sweepPrintsATableAndASuggestionAndDrawsTheCurve() throws IOException {
        Path plot = dir.resolve("sweep.png");
        Cli r = Cli.run("lr-sweep", "--data", "builtin:iris", "--model", "softmax", "--loss", "ce", "--optimizer", "sgd",
                "--standardize", "--min", "1e-5", "--max", "1000", "--points", "9", "--epochs", "2", "--plot", plot.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("initial training loss", "too low", "learns", "diverged", "suggested lr: ");
        assertThat(r.out().lines().filter(l -> l.matches("^[0-9].*(too low|learns|diverged).*"))).hasSize(9);
        slide(plot);
    }

    @Test
    void rangeTestGrowsTheRateEveryUpdate() throws IOException {
        Path plot = dir.resolve("range.png");
        Cli r = Cli.run("lr-sweep", "--data", "builtin:iris", "--model", "softmax", "--loss", "ce", "--optimizer", "momentum(lr=0.1)",
                "--standardize", "--batch-size", "8", "--epochs", "3", "--min", "1e-4", "--max", "10", "--range-test",
                "--plot", plot.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("range test: momentum, rate from 0.0001 to 10 over 57 updates", "suggested lr: ");
        slide(plot);
    }

    /** Integer weights, 0 among them. */
    private static final int[] COUNTS = {2, 1, 3, 0, 1, 1, 2, 1, 0, 4, 1, 2, 1, 3, 1, 1, 2, 1, 2, 2, 0, 1, 3, 1};

    /** Seeded rows {@code x1,x2,<w,>y} of classes no and yes; row i weighs weights[i], or is written repeats[i] times. */
    private Path rows(String name, int[] weights, int[] repeats) throws IOException {
        Random random = new Random(5);
        StringBuilder s = new StringBuilder(weights == null ? "x1,x2,y\n" : "x1,x2,w,y\n");
        for (int i = 0; i < COUNTS.length; i++) {
            double x1 = Math.round(random.nextGaussian() * 100) / 100.0;
            double x2 = Math.round(random.nextGaussian() * 100) / 100.0;
            String y = x1 - x2 + random.nextGaussian() * 0.7 > 0 ? "yes" : "no";
            String row = x1 + "," + x2 + (weights == null ? "" : "," + weights[i]) + "," + y + "\n";
            s.append(row.repeat(repeats == null ? 1 : repeats[i]));
        }
        return Files.writeString(dir.resolve(name), s);
    }

    /** Whether row i of {@link #rows} is of class yes (the rows are the same whatever their weights). */
    private boolean[] isYes() throws IOException {
        List<String> lines = Files.readAllLines(rows("classes.csv", null, null));
        boolean[] yes = new boolean[COUNTS.length];
        for (int i = 0; i < yes.length; i++) {
            yes[i] = lines.get(i + 1).endsWith(",yes");
        }
        return yes;
    }

    private static Cli sweep(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("lr-sweep", "--data", data.toString(), "--target", "y", "--model",
                "logistic", "--loss", "bce", "--optimizer", "momentum(beta=0.9)", "--min", "0.001", "--max", "3"));
        args.addAll(List.of(more));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    /**
     * The losses a sweep or range test prints: the initial training loss (sweep), then each table row's loss; the
     * rows' rates and verdicts are {@code shape}.
     */
    private record Curve(List<Double> losses, List<String> shape) {
        static Curve of(String out) {
            List<Double> losses = new ArrayList<>();
            List<String> shape = new ArrayList<>();
            Matcher initial = Pattern.compile("initial training loss ([^;\\s]+)").matcher(out);
            if (initial.find()) {
                losses.add(Double.parseDouble(initial.group(1)));
            }
            for (String line : out.lines().toList()) {
                Matcher row = Pattern.compile("^([0-9]\\S*)\\s+(\\S+)\\s*(.*)$").matcher(line);
                if (row.matches()) {
                    losses.add(Double.parseDouble(row.group(2)));
                    shape.add(row.group(1) + " " + row.group(3));
                }
            }
            return new Curve(losses, shape);
        }

        /** The same rates, verdicts and suggestion, and the same losses to float32 round-off. */
        void assertSameAs(Curve other) {
            assertThat(shape).isEqualTo(other.shape);
            assertThat(losses).hasSameSizeAs(other.losses).hasSizeGreaterThan(4);
            for (int i = 0; i < losses.size(); i++) {
                TensorAssert.assertClose(losses.get(i), other.losses.get(i), 1e-5, 0, "loss " + i);
            }
        }
    }

    /**
     * Weights of 1 change nothing: the same curve as without weights (mini-batches, shuffled). The weighted runs
     * train on the tape and the others on the fused kernels, whose float32 roundings differ.
     */
    @Test
    void unitWeights_giveTheUnweightedCurve() throws IOException {
        int[] ones = new int[COUNTS.length];
        Arrays.fill(ones, 1);
        Cli weighted = sweep(rows("ones.csv", ones, null), "--sample-weight", "w", "--batch-size", "8", "--points", "6");
        Cli plain = sweep(rows("plain.csv", null, null), "--batch-size", "8", "--points", "6");
        assertThat(weighted.out().lines().findFirst().orElseThrow()).endsWith("; weighted by sample weights 'w'");
        Curve.of(weighted.out()).assertSameAs(Curve.of(plain.out()));
    }

    /**
     * The runs minimize the weighted loss and show it: with full batches, sample weights times class weights (no=1,
     * yes=2) give the curve of row i written COUNTS[i]·c(y_i) times, in the sweep and in the range test (whose
     * losses are the batches'). Standardization would differ (its statistics count rows), so there is none.
     */
    @Test
    void weights_giveTheCurveOfDuplicatedRows() throws IOException {
        boolean[] yes = isYes();
        int[] repeats = new int[COUNTS.length];
        for (int i = 0; i < repeats.length; i++) {
            repeats[i] = COUNTS[i] * (yes[i] ? 2 : 1);
        }
        Path weighted = rows("weighted.csv", COUNTS, null);
        Path duplicated = rows("duplicated.csv", null, repeats);
        String[] weights = {"--sample-weight", "w", "--class-weight", "no=1,yes=2"};
        Cli sweep = sweep(weighted, concat(weights, "--batch-size", "full", "--points", "6", "--epochs", "4"));
        assertThat(sweep.out().lines().findFirst().orElseThrow())
                .endsWith("; weighted by sample weights 'w', class weights (no=1, yes=2)");
        Curve.of(sweep.out()).assertSameAs(Curve.of(sweep(duplicated, "--batch-size", "full", "--points", "6", "--epochs",
                "4").out()));
        String[] range = {"--batch-size", "full", "--epochs", "12", "--range-test"};
        Curve.of(sweep(weighted, concat(weights, range)).out()).assertSameAs(Curve.of(sweep(duplicated, range).out()));
        // unweighted, the same rows draw another curve
        assertThat(Curve.of(sweep(rows("plain.csv", null, null), "--batch-size", "full", "--points", "6", "--epochs",
                "4").out()).losses().getFirst()).isNotCloseTo(Curve.of(sweep.out()).losses().getFirst(), within(1e-3));
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void badRangesAreOneLineUsageErrors() {
        String[][] bad = {
                {"--points", "1"},
                {"--points", "100000000"},
                {"--min", "0"},
                {"--min", "10", "--max", "1"},
                {"--max", "NaN"},
                {"--epochs", "0"},
                {"--optimizer", "nosuch"},
                {"--batch-size", "0"},
                {"--plot", "/no/such/dir/x.png"},
        };
        for (String[] extra : bad) {
            String[] args = new String[6 + extra.length];
            System.arraycopy(new String[] {"lr-sweep", "--data", "builtin:iris", "--model", "softmax", "--standardize"}, 0, args, 0, 6);
            System.arraycopy(extra, 0, args, 6, extra.length);
            Cli r = Cli.run(args);
            assertThat(r.code()).as(String.join(" ", extra) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(String.join(" ", extra)).hasSize(1);
        }
    }
}
