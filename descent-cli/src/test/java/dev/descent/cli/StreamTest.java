package dev.descent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTest {

    @Test
    void convertThenStream_givesTheWeightsOfInMemoryTraining(@TempDir Path dir) throws IOException {
        Path dsc = dir.resolve("digits.dsc");
        Cli convert = Cli.run("convert", "builtin:digits", dsc.toString());
        assertThat(convert.code()).as(convert.err()).isZero();
        assertThat(convert.out()).contains("1797 rows, 64 features, multiclass (10 classes)");

        String[] common = {"train", "--model", "mlp(16)", "--optimizer", "adam(lr=0.01)", "--epochs", "2", "--standardize",
                "--seed", "3", "--quiet"};
        Path memory = dir.resolve("memory");
        Path streamed = dir.resolve("streamed");
        assertThat(Cli.run(concat(common, "--data", "builtin:digits", "--out", memory.toString())).code()).isZero();
        Cli s = Cli.run(concat(common, "--data", dsc.toString(), "--stream", "--out", streamed.toString()));
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(Files.readAllBytes(streamed.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(memory.resolve("weights.bin")));
        // the final model on every row, read from the file in chunks: the same metrics as in memory
        assertThat(Files.readString(streamed.resolve("metrics.json"))).contains("\"accuracy\"")
                .isEqualTo(Files.readString(memory.resolve("metrics.json")));
    }

    @Test
    void streamingACsv_givesTheWeightsOfInMemoryTraining(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("wine.csv");
        try (var in = StreamTest.class.getResourceAsStream("/dev/descent/data/builtin/wine.csv")) {
            Files.copy(in, csv);
        }
        Path converted = dir.resolve("wine.dsc");
        assertThat(Cli.run("convert", csv.toString(), converted.toString()).code()).isZero();
        String[] common = {"train", "--optimizer", "adam(lr=0.01)", "--epochs", "3", "--standardize", "--batch-size", "8",
                "--quiet"};
        Path memory = dir.resolve("memory");
        Path streamed = dir.resolve("streamed");
        assertThat(Cli.run(concat(common, "--data", csv.toString(), "--out", memory.toString())).code()).isZero();
        Cli s = Cli.run(concat(common, "--data", csv.toString(), "--stream", "--out", streamed.toString()));
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(Files.readAllBytes(streamed.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(memory.resolve("weights.bin")));
    }

    @Test
    void streamErrors_areOneLine(@TempDir Path dir) {
        String out = dir.resolve("m").toString();
        Path dsc = dir.resolve("iris.dsc");
        assertThat(Cli.run("convert", "builtin:iris", dsc.toString()).code()).isZero();
        assertUsageError(Cli.run("train", "--data", "builtin:iris", "--stream", "--out", out), "--stream reads .dsc or .csv files");
        assertUsageError(Cli.run("train", "--data", dsc.toString(), "--stream", "--validation-split", "0.2", "--out", out),
                "--validation-split needs the rows in memory");
        assertUsageError(Cli.run("train", "--data", dsc.toString(), "--stream", "--batch-size", "full", "--out", out),
                "--batch-size full needs every row in memory");
        assertUsageError(Cli.run("train", "--data", dsc.toString(), "--stream", "--dtype", "float64", "--out", out),
                "--stream trains in float32");
        assertUsageError(Cli.run("convert", "builtin:iris", dir.resolve("iris.bin").toString()), "must end in .dsc");
    }

    private static void assertUsageError(Cli r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent: error: ").contains(fragment);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
