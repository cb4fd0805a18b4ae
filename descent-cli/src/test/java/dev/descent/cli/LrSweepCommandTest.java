package dev.descent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

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
