package dev.descent.cli;

import dev.descent.data.BatchSize;
import dev.descent.data.Batcher;
import dev.descent.data.Datasets;
import dev.descent.data.ReadOptions;
import dev.descent.nn.ModelSpec;
import dev.descent.plot.LrSweep;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
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

    /**
     * A range test on rows of which class weights leave some mini-batches weightless: 24 rows, every third (8) of class
     * yes at x = 1, the others of class no at x = −1, no weighing 0; batches of 3, shuffled, so some batches hold no
     * yes row. Such a batch has loss 0 and a zero gradient, so plain SGD leaves the weights where they are, and it is
     * no point of the curve. Every batch with a yes row has the loss ℓ(z) = log(1 + e^−z) of z = w + b (its yes rows
     * all share x = 1), and SGD moves w and b by −lr·(σ(z) − 1) each. So the curve is that of this one-number descent
     * over the measured batches only, at the rates min·γ^t of their updates t (γ = (max/min)^(1/23)), started from the
     * model's initial weights: the test computes it in float64 and holds the printed moving average (float32
     * training) and suggestion to it. The zeros once faked a minimum and, as the lowest loss, stopped the run at the
     * next measured batch.
     */
    @Test
    void rangeTest_leavesWeightlessBatchesOffTheCurve() throws IOException {
        StringBuilder s = new StringBuilder("x,y\n");
        for (int i = 0; i < 24; i++) {
            s.append(i % 3 == 1 ? "1,yes\n" : "-1,no\n");
        }
        Path data = Files.writeString(dir.resolve("some-weightless.csv"), s);
        double min = 0.01;
        double max = 1;
        Cli r = Cli.run("lr-sweep", "--data", data.toString(), "--target", "y", "--model", "logistic", "--loss", "bce",
                "--optimizer", "sgd", "--batch-size", "3", "--epochs", "3", "--min", "0.01", "--max", "1",
                "--class-weight", "no=0,yes=1", "--range-test");
        assertThat(r.code()).as(r.err()).isZero();

        Params initial = ModelSpec.stack("logistic", 1).init(1, DType.FLOAT32, Rng.seeded(0).fork("init"));
        double w = initial.get("dense_1/kernel").at(0);
        double b = initial.get("dense_1/bias").at(0);
        Batcher batcher = Batcher.of(Datasets.open(data.toString(), ReadOptions.target("y")), BatchSize.of(3), 0);
        double gamma = Math.pow(max / min, 1.0 / 23);
        List<Double> lrs = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        int weightless = 0;
        boolean measuredAfterWeightless = false;
        for (int epoch = 0, t = 0; epoch < 3; epoch++) {
            int[] order = batcher.order(epoch);
            for (int from = 0; from < 24; from += 3, t++) {
                double lr = min * Math.pow(gamma, t);
                if (order[from] % 3 != 1 && order[from + 1] % 3 != 1 && order[from + 2] % 3 != 1) {
                    weightless++;
                    continue;
                }
                measuredAfterWeightless |= weightless > 0;
                double z = w + b;
                lrs.add(lr);
                losses.add(Math.log1p(Math.exp(-z)));
                double g = 1 / (1 + Math.exp(-z)) - 1;
                w -= lr * g;
                b -= lr * g;
            }
        }
        assertThat(weightless).as("weightless batches").isPositive();
        assertThat(measuredAfterWeightless).isTrue();

        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("range test: sgd, rate from 0.01 to 1 over 24 updates (3 epochs, batch "
                + "size 3); weighted by class weights (no=0, yes=1); " + weightless + " of them on rows that all weigh 0, "
                + "left off the curve");
        double[] smooth = LrSweep.smoothed(losses.stream().mapToDouble(Double::doubleValue).toArray());
        List<String> table = lines.subList(2, lines.size() - 1);
        assertThat(table).hasSize(12);
        for (int i = 0; i < 12; i++) {
            int k = (int) Math.round(i * (lrs.size() - 1) / 11.0);
            String[] cells = table.get(i).trim().split("\\s+");
            TensorAssert.assertClose(Double.parseDouble(cells[0]), lrs.get(k), 5e-3, 0, "rate " + i);
            TensorAssert.assertClose(Double.parseDouble(cells[1]), smooth[k], 1e-5, 0, "smoothed loss " + i);
        }
        // the loss falls all the way: the smoothed curve is lowest at its last point
        Matcher suggested = Pattern.compile("^suggested lr: (\\S+) ").matcher(lines.getLast());
        assertThat(suggested.find()).as(lines.getLast()).isTrue();
        TensorAssert.assertClose(Double.parseDouble(suggested.group(1)), lrs.getLast() / 10, 5e-3, 0, "suggested lr");
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
