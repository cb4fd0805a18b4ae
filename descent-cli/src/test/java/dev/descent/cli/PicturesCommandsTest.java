package dev.descent.cli;

import dev.descent.plot.Gif;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** compare, plot, minimize --plot, train --plot/--report: files, exit codes, one-line errors. */
class PicturesCommandsTest {

    @TempDir
    Path dir;

    private static BufferedImage png(Path file) throws IOException {
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
        return image;
    }

    @Test
    void compareDrawsTheRaceAndAnimatesIt() throws IOException {
        Path plot = dir.resolve("race.png");
        Path gif = dir.resolve("race.gif");
        Cli r = Cli.run("compare", "saddle", "--steps", "60", "--plot", plot.toString(), "--animate", gif.toString(), "--frames", "10");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sgd(lr=0.01)", "adam(lr=0.05)", "final loss");
        png(plot);
        assertThat(Gif.frameCount(gif)).isEqualTo(10);
    }

    @Test
    void compareOnOneVariableDrawsTheCurve() throws IOException {
        Path plot = dir.resolve("p.png");
        Cli r = Cli.run("compare", "parabola", "--optimizers", "sgd(lr=0.1); sgd(lr=0.9)", "--steps", "10", "--plot", plot.toString());
        assertThat(r.code()).as(r.err()).isZero();
        png(plot);
    }

    @Test
    void compareNamesTheBadOptimizer() {
        Cli r = Cli.run("compare", "beale", "--optimizers", "sgd(lr=0.01);adamm(lr=0.1)", "--steps", "5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("descent: error: --optimizers: optimizer 2 'adamm(lr=0.1)'")
                .contains("unknown optimizer").doesNotContain("\n");
    }

    @Test
    void compareRejectsAnimationsOfCurvesAndMissingDirectories() {
        Cli r = Cli.run("compare", "parabola", "--animate", dir.resolve("a.gif").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--animate");
        Cli missing = Cli.run("compare", "beale", "--steps", "5", "--plot", dir.resolve("no/such/dir/x.png").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void minimizePlotsOneAndTwoVariables() throws IOException {
        Path one = dir.resolve("one.png");
        Path two = dir.resolve("two.png");
        assertThat(Cli.run("minimize", "parabola", "--optimizer", "sgd(lr=0.9)", "--steps", "20", "--plot", one.toString()).code()).isZero();
        assertThat(Cli.run("minimize", "(x-1)^2+3*(y+2)^2", "--start", "y=1,x=-1", "--optimizer", "sgd(lr=0.1)", "--steps", "50",
                "--plot", two.toString()).code()).isZero();
        png(one);
        png(two);
        Cli three = Cli.run("minimize", "x^2+y^2+z^2", "--start", "x=1,y=1,z=1", "--plot", dir.resolve("3.png").toString());
        assertThat(three.code()).isEqualTo(2);
        assertThat(three.err()).contains("1 or 2 variables");
    }

    @Test
    void plotCommandDrawsAHistoryAndRejectsBadInput() throws IOException {
        Path model = dir.resolve("m");
        Cli train = Cli.run("train", "--data", "builtin:iris", "--model", "softmax", "--loss", "ce", "--optimizer", "sgd(lr=0.1)",
                "--epochs", "15", "--batch-size", "16", "--validation-split", "0.2", "--standardize", "--quiet", "--out", model.toString(),
                "--plot", "--report", dir.resolve("report.html").toString());
        assertThat(train.code()).as(train.err()).isZero();
        png(model.resolve("loss.png"));
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Confusion matrix", "data:image/png;base64,", "descent train --data builtin:iris");

        Path out = dir.resolve("curves.png");
        Cli plot = Cli.run("plot", model.resolve("history.csv").toString(), "--out", out.toString(), "--window", "10", "--log");
        assertThat(plot.code()).as(plot.err()).isZero();
        png(out);

        Cli missing = Cli.run("plot", dir.resolve("nope.csv").toString(), "--out", out.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("descent: error: no such file: " + dir.resolve("nope.csv"));
        Cli window = Cli.run("plot", model.resolve("history.csv").toString(), "--window", "zero");
        assertThat(window.code()).isEqualTo(2);
        assertThat(window.err()).contains("--window").contains("'zero'");
        Path notHistory = dir.resolve("x.csv");
        Files.writeString(notHistory, "a,b\n1,2\n");
        Cli wrong = Cli.run("plot", notHistory.toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("not a history file");
    }

    /** A streamed classifier without validation rows has no rows in memory to count: the report says so. */
    @Test
    void aStreamedRunsReportSaysWhyItHasNoConfusionMatrix() throws IOException {
        Path report = dir.resolve("streamed.html");
        Path dsc = dir.resolve("iris.dsc");
        assertThat(Cli.run("convert", "builtin:iris", dsc.toString()).code()).isZero();
        Cli train = Cli.run("train", "--data", dsc.toString(), "--model", "softmax", "--epochs", "1", "--stream", "--quiet",
                "--out", dir.resolve("streamed").toString(), "--report", report.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(Files.readString(report)).doesNotContain("Confusion matrix (")
                .contains("No confusion matrix: the training rows were streamed from disk (--stream) and no validation "
                        + "rows were given; give --validation-data FILE for one.");
    }

    /**
     * Opens a report in headless Chromium and checks that every picture decoded: a script in the page
     * records each image's natural width, and --dump-dom prints the result.
     */
    @Test
    void reportImagesLoadInAHeadlessBrowser() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium),
                "cannot run: /usr/bin/chromium is not installed (apt-get install -y chromium); the report's images are not checked in a browser");
        Path model = dir.resolve("m");
        Path report = dir.resolve("report.html");
        Cli train = Cli.run("train", "--data", "builtin:iris", "--epochs", "5", "--quiet", "--out", model.toString(), "--report", report.toString());
        assertThat(train.code()).as(train.err()).isZero();
        String html = Files.readString(report);
        String probe = "<script>window.addEventListener('load',()=>{const i=[...document.images];"
                + "document.body.setAttribute('data-images',i.length+':'+i.filter(x=>x.complete&&x.naturalWidth>0).length);});</script>";
        Path page = dir.resolve("probe.html");
        Files.writeString(page, html.replace("</body>", probe + "</body>"));
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("data-images=\"(\\d+):(\\d+)\"").matcher(dom);
        assertThat(m.find()).as("the probe ran in the page").isTrue();
        assertThat(Integer.parseInt(m.group(1))).isPositive();
        assertThat(m.group(2)).as("every image loaded").isEqualTo(m.group(1));
    }
}
