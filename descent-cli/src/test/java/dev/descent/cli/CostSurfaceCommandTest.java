package dev.descent.cli;

import dev.descent.data.BatchSize;
import dev.descent.plot.CostSurface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** train --plot's cost-surface.png, the weight path it records, and the demo's three descents. */
class CostSurfaceCommandTest {

    @TempDir
    Path dir;

    private Path oneFeatureCsv() throws IOException {
        double[][] rows = CostSurfaceDemo.column("builtin:diabetes", "bmi");
        StringBuilder csv = new StringBuilder("bmi,target\n");
        for (int i = 0; i < rows[0].length; i++) {
            csv.append(rows[0][i] * 4.4 + 26.4).append(',').append(rows[1][i] * 77 + 152).append('\n');
        }
        Path file = dir.resolve("bmi.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void trainPlotDrawsTheCostSurfaceForAOneFeatureLinearRegression() throws IOException {
        Path out = dir.resolve("m");
        Cli r = Cli.run("train", "--data", oneFeatureCsv().toString(), "--target", "target", "--model", "linear", "--loss", "mse",
                "--optimizer", "sgd(lr=0.1)", "--batch-size", "full", "--epochs", "50", "--standardize", "--quiet",
                "--out", out.toString(), "--plot", "--report", dir.resolve("report.html").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("report.html"))).contains("The path on the cost surface");
        BufferedImage image = ImageIO.read(out.resolve("cost-surface.png").toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(800);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < 800; y += 3) {
            for (int x = 0; x < 1200; x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("not blank").isGreaterThan(50);
        assertThat(out.resolve("loss.png")).exists();
    }

    @Test
    void trainPlotOnManyFeaturesDrawsNoCostSurface() {
        Path out = dir.resolve("m");
        Cli r = Cli.run("train", "--data", "builtin:diabetes", "--target", "target", "--model", "linear", "--loss", "mse",
                "--optimizer", "sgd(lr=0.1)", "--batch-size", "full", "--epochs", "3", "--standardize", "--quiet",
                "--out", out.toString(), "--plot");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("loss.png")).exists();
        assertThat(out.resolve("cost-surface.png")).doesNotExist();
    }

    @Test
    void theBatchPathStartsAtTheInitialWeightsAndEndsAtTheOptimum() {
        double[][] rows = CostSurfaceDemo.column("builtin:diabetes", "bmi");
        WeightPath untrained = CostSurfaceDemo.descend(rows[0], rows[1], BatchSize.full(), 0.1, 0, 7);
        WeightPath batch = CostSurfaceDemo.descend(rows[0], rows[1], BatchSize.full(), 0.1, 200, 7);
        assertThat(untrained.size()).isEqualTo(1);
        assertThat(batch.size()).as("the start and one point per update").isEqualTo(201);
        assertThat(batch.ws()[0]).isEqualTo(untrained.ws()[0]);
        assertThat(batch.bs()[0]).isEqualTo(untrained.bs()[0]);
        double[] optimum = CostSurface.of(rows[0], rows[1]).optimum();
        assertThat(batch.ws()[200]).isCloseTo(optimum[0], within(1e-4));
        assertThat(batch.bs()[200]).isCloseTo(optimum[1], within(1e-4));

        WeightPath stochastic = CostSurfaceDemo.descend(rows[0], rows[1], BatchSize.of(1), 0.05, 2, 7);
        assertThat(stochastic.size()).isEqualTo(2 * rows[0].length + 1);
        assertThat(stochastic.ws()[0]).isEqualTo(untrained.ws()[0]);
    }
}
