package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.descent.cli.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code train --stream} with {@code --sample-weight} and {@code --class-weight}: the weights carried from a CSV into the
 * temporary {@code .dsc} file or stored in one by {@code convert --sample-weight}, trained bit for bit as in memory.
 */
class StreamWeightsTest {

    /**
     * wine.csv (178 rows, 13 features, 3 classes) with a weight column {@code w} after the features: row i weighs
     * {@code (7i mod 5) · 0.3}, so 0 among them and values such as 0.3 that float32 rounds.
     */
    private static Path weightedWine(Path dir, String name) throws IOException {
        List<String> lines;
        try (InputStream in = StreamWeightsTest.class.getResourceAsStream("/dev/descent/data/builtin/wine.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int cut = line.lastIndexOf(',');
            String weight = i == 0 ? "w" : String.valueOf((7 * (i - 1) % 5) * 3 / 10.0);
            s.append(line, 0, cut).append(',').append(weight).append(line.substring(cut)).append('\n');
        }
        return Files.writeString(dir.resolve(name), s);
    }

    /** An MLP by Adam on mini-batches of 16, standardized, for {@code epochs} epochs, with {@code more} options. */
    private static String[] common(Path data, int epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--model", "mlp(8)",
                "--optimizer", "adam(lr=0.01)", "--batch-size", "16", "--epochs", String.valueOf(epochs), "--standardize",
                "--seed", "4", "--quiet"));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    /** {@link #common} for 3 epochs into {@code out}. */
    private static String[] train(Path data, Path out, String... more) {
        return common(data, 3, concat(new String[] {"--out", out.toString()}, more));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<String> split(String flags) {
        return flags.isBlank() ? List.of() : List.of(flags.strip().split(" "));
    }

    /**
     * The streaming guarantee, kept for weighted runs: the CSV in memory, the CSV streamed (its weight column carried
     * into the temporary file) and a weighted {@code .dsc} file streamed give the same weights.bin byte for byte, and
     * the same history (training loss weighted per batch, validation loss weighted over the weighted validation file),
     * on 1 and 2 threads.
     */
    @ParameterizedTest(name = "{0}, {1} threads")
    @CsvSource(delimiter = '|', value = {
            "--sample-weight w                         | 1",
            "--sample-weight w                         | 2",
            "--class-weight balanced                   | 1",
            "--class-weight balanced                   | 2",
            "--sample-weight w --class-weight balanced | 1",
            "--sample-weight w --class-weight balanced | 2"})
    void streamedWeightedTraining_equalsInMemoryTraining_bitForBit(String flags, int threads, @TempDir Path dir)
            throws IOException {
        Path csv = weightedWine(dir, "wine.csv");
        Path validation = weightedWine(dir, "valid.csv");
        List<String> sampleWeight = flags.contains("--sample-weight") ? List.of("--sample-weight", "w") : List.of();
        Path dsc = dir.resolve("wine.dsc");
        Cli convert = ok(concat(new String[] {"convert", csv.toString(), dsc.toString()},
                concat(new String[] {"--target", "target"}, sampleWeight.toArray(String[]::new))));
        assertThat(convert.out()).contains("178 rows, " + (sampleWeight.isEmpty() ? 14 : 13) + " features")
                .contains(sampleWeight.isEmpty() ? "(3 classes)\n" : "(3 classes), weights 'w'\n");
        String[] more = concat(split(flags).toArray(String[]::new), "--threads", String.valueOf(threads),
                "--validation-data", validation.toString());

        Path memory = dir.resolve("memory");
        ok(concat(train(csv, memory), more));
        Path fromCsv = dir.resolve("csv-streamed");
        ok(concat(train(csv, fromCsv, "--stream"), more));
        Path fromDsc = dir.resolve("dsc-streamed");
        Cli d = ok(concat(train(dsc, fromDsc, "--stream"), more));
        assertThat(d.err()).isEmpty();

        byte[] weights = Files.readAllBytes(memory.resolve("weights.bin"));
        List<String> history = Files.readAllLines(memory.resolve("history.csv"));
        for (Path streamed : List.of(fromCsv, fromDsc)) {
            assertThat(Files.readAllBytes(streamed.resolve("weights.bin"))).as(streamed.toString()).isEqualTo(weights);
            assertThat(Files.readAllLines(streamed.resolve("history.csv"))).as(streamed.toString()).isEqualTo(history);
        }
        assertThat(history.get(0)).contains("val_loss");
        // the final training loss, read from the file in chunks, is the weighted one in-memory training reports (up to
        // the float32 rounding of its chunks' means)
        JsonNode expected = metrics(memory);
        for (Path streamed : List.of(fromCsv, fromDsc)) {
            JsonNode got = metrics(streamed);
            assertThat(got.get("loss").asDouble()).isCloseTo(expected.get("loss").asDouble(),
                    within(1e-6 * expected.get("loss").asDouble()));
            assertThat(got.get("accuracy")).isEqualTo(expected.get("accuracy"));
            // and the training rows' weighted figures, as in memory: weighted accuracy and weight_sum, to float64 sums
            for (String key : List.of("accuracy", "weight_sum")) {
                assertThat(got.get("weighted").get(key).asDouble()).as(key)
                        .isCloseTo(expected.get("weighted").get(key).asDouble(), within(1e-12 * 178));
            }
            assertThat(got.get("val_weighted")).isEqualTo(expected.get("val_weighted"));
        }
        // and the weights matter: unweighted, the same rows train other weights
        Path unweighted = dir.resolve("unweighted");
        ok(concat(train(csv, unweighted), "--threads", String.valueOf(threads)));
        assertThat(Files.readAllBytes(unweighted.resolve("weights.bin"))).isNotEqualTo(weights);
    }

    private static JsonNode metrics(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    }

    /** A streamed weighted run resumed from its checkpoint ends bit for bit like the uninterrupted one. */
    @Test
    void streamedWeightedRun_resumesBitForBit_andRefusesOtherWeights(@TempDir Path dir) throws IOException {
        Path csv = weightedWine(dir, "wine.csv");
        String[] weights = {"--stream", "--sample-weight", "w", "--class-weight", "balanced", "--checkpoint-every", "1"};
        Path whole = dir.resolve("whole");
        ok(common(csv, 4, concat(weights, "--out", whole.toString())));
        Path part = dir.resolve("part");
        ok(common(csv, 2, concat(weights, "--out", part.toString())));
        String[] resume = common(csv, 4, "--resume", part.toString());
        Cli resumed = ok(concat(resume, weights));
        assertThat(resumed.err()).isEqualTo("resumed from epoch 2\n");
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
        assertThat(Files.readAllLines(part.resolve("history.csv"))).isEqualTo(Files.readAllLines(whole.resolve("history.csv")));

        Cli other = Cli.run(concat(resume, "--stream", "--sample-weight", "w", "--class-weight", "0=1,1=2,2=3"));
        assertThat(other.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err()).startsWith("descent: error: --resume: the checkpoint was trained with "
                + "class_weight=balanced, this command has class_weight=0=1.0,1=2.0,2=3.0;");
    }

    /** A weighted file's weights apply only when asked for: without --sample-weight it trains unweighted, and says so. */
    @Test
    void weightedDscWithoutSampleWeight_trainsUnweighted_withAWarning(@TempDir Path dir) throws IOException {
        Path csv = weightedWine(dir, "wine.csv");
        Path dsc = dir.resolve("wine.dsc");
        ok("convert", csv.toString(), dsc.toString(), "--sample-weight", "w");
        Path unweighted = dir.resolve("unweighted");
        Cli r = ok(train(dsc, unweighted, "--stream"));
        assertThat(r.err()).isEqualTo("descent: warning: " + dsc + " holds sample weights 'w'; training unweighted (give "
                + "--sample-weight w to use them)\n");
        // the same rows in memory, read from the file without its weights
        Path memory = dir.resolve("memory");
        ok(train(dsc, memory));
        assertThat(Files.readAllBytes(unweighted.resolve("weights.bin")))
                .isEqualTo(Files.readAllBytes(memory.resolve("weights.bin")));
    }

    /**
     * convert checks the weights as train does, naming the file, line and column, and leaves no file behind; train
     * refuses a weight column the .dsc file does not hold and weights that sum to 0.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative    | x,w,y\\n1,1,0\\n2,-1,1\\n | d.csv:3: column 2 (w): a weight must be >= 0, got '-1'",
            "non-numeric | x,w,y\\n1,abc,0\\n       | d.csv:2: column 2 (w): expected a number, got 'abc'",
            "empty       | x,w,y\\n1,,0\\n          | d.csv:2: column 2 (w): expected a number, got ''",
            "infinite    | x,w,y\\n1,Infinity,0\\n  | d.csv:2: column 2 (w): NaN or infinite value 'Infinity'",
            "missing     | x,v,y\\n1,1,0\\n         | d.csv: no column named 'w' for the weights; columns: x, v, y"})
    void convertWeightErrors_nameTheFileLineAndColumn(String what, String content, String message, @TempDir Path dir)
            throws IOException {
        Path csv = Files.writeString(dir.resolve("d.csv"), content.strip().replace("\\n", "\n"));
        Cli r = Cli.run("convert", csv.toString(), dir.resolve("d.dsc").toString(), "--target", "y", "--sample-weight", "w");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("descent: error: " + message + "\n");
        assertThat(dir.toFile().list()).containsExactly("d.csv");
        // train --stream on the CSV reads it through the same conversion
        Cli t = Cli.run("train", "--data", csv.toString(), "--target", "y", "--stream", "--sample-weight", "w", "--quiet",
                "--out", dir.resolve("m").toString());
        assertThat(t.err()).isEqualTo("descent: error: " + message + "\n");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void streamWeightRefusals_areOneLineErrors(@TempDir Path dir) throws IOException {
        Path csv = weightedWine(dir, "wine.csv");
        Path weighted = dir.resolve("weighted.dsc");
        ok("convert", csv.toString(), weighted.toString(), "--sample-weight", "w");
        Path plain = dir.resolve("plain.dsc");
        ok("convert", csv.toString(), plain.toString());
        Path out = dir.resolve("m");
        assertUsageError(Cli.run(train(weighted, out, "--stream", "--sample-weight", "v")),
                weighted + ": the weight column of this .dsc file is 'w', not 'v'");
        assertUsageError(Cli.run(train(plain, out, "--stream", "--sample-weight", "w")),
                plain + ": this .dsc file holds no weight column 'w'; convert the CSV with 'descent convert "
                        + "--sample-weight w'");
        Path zero = Files.writeString(dir.resolve("z.csv"), "x,w,y\n1,0,0\n2,0,1\n");
        assertUsageError(Cli.run("train", "--data", zero.toString(), "--target", "y", "--stream", "--sample-weight", "w",
                "--quiet", "--out", out.toString()), "z.csv: the training rows' weights (--sample-weight w) sum to 0");
        assertUsageError(Cli.run("train", "--data", zero.toString(), "--target", "y", "--stream", "--class-weight", "0=0,1=0",
                "--quiet", "--out", out.toString()), "z.csv: the training rows' weights (--class-weight 0=0,1=0) sum to 0");
        assertThat(out).doesNotExist();
    }

    private static void assertUsageError(Cli r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("descent: error: " + message + "\n");
    }
}
