package dev.descent.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static dev.descent.cli.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same rows give the same run whichever way they come in: iris as a CSV, a gzip CSV, a LIBSVM file, a {@code .dsc}
 * file (in memory and streamed) and {@code builtin:iris}, trained with the same options, write the same weights.bin,
 * history.csv and metrics.json, byte for byte (the options that read the data differently included: the task, the
 * type, standardization, class weights, the validation split, full batches and the file order). A {@code .dsc} file
 * holds float32 values, so a float64 run on it is the CSV's only for values that float32 holds exactly: digits' pixels.
 */
class InputPathsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws IOException {
        String iris;
        try (InputStream in = InputPathsTest.class.getResourceAsStream("/dev/descent/data/builtin/iris.csv")) {
            iris = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("iris.csv"), iris);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("iris.csv.gz")))) {
            out.write(iris.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        // label 1:sepal_length ... 4:petal_width, each value written as the CSV writes it (no iris value is 0)
        Files.writeString(dir.resolve("iris.svm"), iris.lines().skip(1).map(line -> line.split(","))
                .map(f -> f[4] + " 1:" + f[0] + " 2:" + f[1] + " 3:" + f[2] + " 4:" + f[3] + "\n")
                .collect(Collectors.joining()));
        ok("convert", file("iris.csv"), file("iris.dsc"));
        ok("convert", file("iris.csv"), file("iris-regression.dsc"), "--task", "regression");
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static int runs;

    /** The directory of a {@code train} run on {@code data} with {@code options}. */
    private static Path train(String data, String options, String... more) {
        Path out = dir.resolve("run" + ++runs);
        List<String> args = new ArrayList<>(List.of("train", "--data", data, "--model", "mlp(8)", "--optimizer",
                "adam(lr=0.05)", "--epochs", "3", "--seed", "7", "--quiet", "--out", out.toString()));
        args.addAll(Arrays.asList(options.split(" ")));
        if (!options.contains("--batch-size")) {
            args.addAll(List.of("--batch-size", "16"));
        }
        args.addAll(List.of(more));
        ok(args.stream().filter(a -> !a.isEmpty()).toArray(String[]::new));
        return out;
    }

    private static void assertSameRun(Path actual, Path expected, String what) throws IOException {
        for (String f : List.of("weights.bin", "history.csv", "metrics.json")) {
            assertThat(Files.readAllBytes(actual.resolve(f))).as(what + ": " + f)
                    .isEqualTo(Files.readAllBytes(expected.resolve(f)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--standardize --class-weight balanced --validation-split 0.2", "--dtype float64",
            "--batch-size full --no-shuffle --standardize", "--task regression --standardize"})
    void everyFormat_givesTheCsvsRun(String options) throws IOException {
        boolean regression = options.contains("regression");
        boolean float64 = options.contains("float64");
        boolean full = options.contains("full");
        Path csv = train(file("iris.csv"), options);
        assertSameRun(train(file("iris.csv.gz"), options), csv, "gzip CSV");
        assertSameRun(train(file("iris.svm"), options), csv, "LIBSVM");
        assertSameRun(train("builtin:iris", options), csv, "builtin");
        String dsc = file(regression ? "iris-regression.dsc" : "iris.dsc");
        if (!float64) {
            assertSameRun(train(dsc, options), csv, ".dsc");
        }
        if (!float64 && !full && !options.contains("split")) {
            assertSameRun(train(dsc, options, "--stream"), csv, ".dsc streamed");
            assertSameRun(train(file("iris.csv"), options, "--stream"), csv, "CSV streamed");
        }
    }

    /** Digits' pixels are whole numbers, which float32 holds exactly: a float64 run on the .dsc file is the CSV's. */
    @ParameterizedTest
    @ValueSource(strings = {"--dtype float64", "--dtype float64 --standardize"})
    void aFloat64RunOnADscFileOfExactValues_isTheCsvsRun(String options) throws IOException {
        Path digits = dir.resolve("digits.csv");
        if (!Files.exists(digits)) {
            try (InputStream in = InputPathsTest.class.getResourceAsStream("/dev/descent/data/builtin/digits.csv")) {
                Files.copy(in, digits);
            }
            ok("convert", digits.toString(), file("digits.dsc"));
        }
        assertSameRun(train(file("digits.dsc"), options), train(digits.toString(), options), "float64 .dsc");
    }
}
