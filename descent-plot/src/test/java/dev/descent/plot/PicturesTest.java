package dev.descent.plot;

import dev.descent.train.callback.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PicturesTest {

    @TempDir
    Path dir;

    private static Trail gradientDescent(String label, double lr, int steps) {
        double[] xs = new double[steps + 1];
        double[] ys = new double[steps + 1];
        double[] loss = new double[steps + 1];
        double x = -2;
        double y = 1;
        for (int k = 0; k <= steps; k++) {
            xs[k] = x;
            ys[k] = y;
            loss[k] = x * x + 10 * y * y;
            x -= lr * 2 * x;
            y -= lr * 20 * y;
        }
        return new Trail(label, xs, ys, loss, false);
    }

    private BufferedImage writeAndRead(BufferedImage image, String name) throws IOException {
        Path file = dir.resolve(name);
        Png.write(image, file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back).as("a PNG ImageIO can read").isNotNull();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).as("no temporary files left").isEmpty();
        }
        return back;
    }

    private static void assertSlideReady(BufferedImage image) {
        assertThat(image.getWidth()).isEqualTo(Style.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Style.HEIGHT);
        assertThat(Images.distinctColours(image)).as("anti-aliased lines in several colours").isGreaterThan(50);
        assertThat(Images.inked(image)).as("not blank").isGreaterThan(0.01);
    }

    @Test
    void contourPlotWithPath() throws IOException {
        BufferedImage image = Landscape.contour((x, y) -> x * x + 10 * y * y, new Box(-2.5, 2.5, -1.5, 1.5),
                gradientDescent("sgd(lr=0.09)", 0.09, 40), List.of(new double[] {0, 0}), "quadratic", "x", "y");
        assertSlideReady(writeAndRead(image, "contour.png"));
    }

    @Test
    void curveWithSteps() throws IOException {
        double[] xs = new double[11];
        double[] ys = new double[11];
        double x = 3;
        for (int k = 0; k <= 10; k++) {
            xs[k] = x;
            ys[k] = x * x;
            x -= 0.9 * 2 * x;
        }
        BufferedImage image = Landscape.curve(v -> v * v, new Box(-4, 4, -1, 16), new Trail("sgd(lr=0.9)", xs, ys, ys, false),
                "parabola", "x", "f(x)");
        assertSlideReady(writeAndRead(image, "curve.png"));
    }

    private static Race race() {
        return new Race((x, y) -> x * x + 10 * y * y, new Box(-2.5, 2.5, -1.5, 1.5),
                List.of(gradientDescent("sgd(lr=0.01)", 0.01, 60), gradientDescent("sgd(lr=0.09)", 0.09, 60)),
                List.of(new double[] {0, 0}), OptionalDouble.of(0), "quadratic", Style.WIDTH, Style.HEIGHT);
    }

    @Test
    void raceFigure() throws IOException {
        assertSlideReady(writeAndRead(race().render(), "race.png"));
    }

    @Test
    void animatedGifHasEveryFrameAndLoops() throws IOException {
        Path gif = dir.resolve("race.gif");
        Gif.write(race().animate(12), 80, 1000, gif);
        assertThat(Gif.frameCount(gif)).isEqualTo(12);
        String bytes = new String(Files.readAllBytes(gif), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(bytes).as("the looping extension").contains("NETSCAPE2.0");
    }

    private static History history(int epochs, int perEpoch) {
        List<History.StepRecord> steps = new ArrayList<>();
        List<History.EpochRecord> records = new ArrayList<>();
        java.util.Random random = new java.util.Random(1);
        long step = 0;
        for (int e = 1; e <= epochs; e++) {
            double sum = 0;
            for (int b = 0; b < perEpoch; b++) {
                step++;
                double loss = 2 * Math.exp(-step / 300.0) * (1 + 0.3 * random.nextGaussian()) + 0.05;
                sum += loss;
                steps.add(new History.StepRecord(e, step, loss, 0.1 * Math.pow(0.9, e)));
            }
            records.add(new History.EpochRecord(e, step, Map.of("loss", sum / perEpoch, "val_loss", sum / perEpoch + 0.05 * e / epochs),
                    Map.of()));
        }
        return History.restore(steps, records);
    }

    @Test
    void costCurvesFromHistoryAndFromItsCsvAgree() throws IOException {
        History h = history(20, 50);
        BufferedImage fromMemory = CostCurves.render(HistoryData.of(h),
                CostCurves.Options.defaults("cost curves").withBestEpoch(OptionalInt.of(12)));
        assertSlideReady(writeAndRead(fromMemory, "loss.png"));

        Path csv = dir.resolve("history.csv");
        try (var w = Files.newBufferedWriter(csv)) {
            h.writeCsv(w);
        }
        HistoryData read = HistoryData.read(csv);
        assertThat(read.steps()).hasSize(1000);
        assertThat(read.epochs()).hasSize(20);
        assertThat(read.epochs().get(3).get("val_loss")).isEqualTo(h.epochs().get(3).metrics().get("val_loss"));
        for (CostCurves.Scale scale : CostCurves.Scale.values()) {
            assertSlideReady(CostCurves.render(read, CostCurves.Options.defaults("t").withScale(scale).withWindow(100)));
        }
    }

    @Test
    void movingAverageAndWindowChoice() {
        assertThat(CostCurves.movingAverage(new double[] {1, 2, 3, 4, 5}, 2)).containsExactly(1, 1.5, 2.5, 3.5, 4.5);
        assertThat(CostCurves.autoWindow(50)).isEqualTo(1);
        assertThat(CostCurves.autoWindow(500)).isEqualTo(10);
        assertThat(CostCurves.autoWindow(5000)).isEqualTo(100);
        assertThat(CostCurves.autoWindow(50_000)).isEqualTo(1000);
    }

    @Test
    void badHistoryFilesAreNamedInTheError() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b\n1,2\n");
        assertThatThrownBy(() -> HistoryData.read(bad)).hasMessageContaining("bad.csv").hasMessageContaining("step and loss");
        Files.writeString(bad, "epoch,step,loss,lr\n1,1,oops,0.1\n");
        assertThatThrownBy(() -> HistoryData.read(bad)).hasMessageContaining("line 2").hasMessageContaining("oops");
        assertThatThrownBy(() -> HistoryData.read(dir.resolve("missing.csv"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void reportEmbedsItsPictures() throws IOException {
        Report r = new Report("t <1>").keyValues(Map.of("a", "b&c")).confusion(List.of("x", "y"), new long[][] {{3, 1}, {0, 4}})
                .image("curve", race().render());
        Path file = dir.resolve("r.html");
        r.write(file);
        String html = Files.readString(file);
        assertThat(html).contains("t &lt;1&gt;", "b&amp;c", "data:image/png;base64,").doesNotContain("src=\"http");
    }
}
