package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * model.json's provenance of the data (as Tribuo records a data source's): the source as given, the SHA-256 of its
 * bytes, the training and validation row counts and the seed. Every hash is checked against one computed here from
 * the file's bytes.
 */
class DataProvenanceTest {

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] embedded(String name) throws IOException {
        try (InputStream in = DataProvenanceTest.class.getResourceAsStream("/dev/descent/data/builtin/" + name + ".csv")) {
            return in.readAllBytes();
        }
    }

    private static JsonNode training(Path model) throws IOException {
        return new ObjectMapper().readTree(model.resolve(ModelFiles.MODEL_JSON).toFile()).get("training");
    }

    @Test
    void builtinWithAValidationSplit_recordsTheEmbeddedCsvsHashAndBothRowCounts(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m");
        Cli r = Cli.run("train", "--data", "builtin:iris", "--epochs", "1", "--validation-split", "0.2", "--seed", "7",
                "--checkpoint-every", "1", "--quiet", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String hash = sha256(embedded("iris"));
        for (Path model : new Path[] {out, out.resolve("checkpoints/epoch-0001")}) {
            JsonNode t = training(model);
            assertThat(t.get("data").asText()).isEqualTo("builtin:iris");
            assertThat(t.get("data_sha256").asText()).isEqualTo(hash);
            // 150 rows, a fifth of them (stratified: 10 of each class) held out
            assertThat(t.get("train_rows").asInt()).isEqualTo(120);
            assertThat(t.get("validation_rows").asInt()).isEqualTo(30);
            assertThat(t.get("seed").asLong()).isEqualTo(7);
            assertThat(t.has("validation_data_sha256")).isFalse();
        }
    }

    @Test
    void csvFiles_recordTheTrainingAndValidationFilesHashes(@TempDir Path dir) throws Exception {
        byte[] wine = embedded("wine");
        Path train = Files.write(dir.resolve("wine.csv"), wine);
        // the validation file: the header and the first ten rows
        String firstRows = String.join("\n", new String(wine, java.nio.charset.StandardCharsets.UTF_8).lines().limit(11).toList()) + "\n";
        Path validation = Files.writeString(dir.resolve("valid.csv"), firstRows);
        Path out = dir.resolve("m");
        Cli r = Cli.run("train", "--data", train.toString(), "--validation-data", validation.toString(), "--epochs", "1",
                "--standardize", "--quiet", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode t = training(out);
        assertThat(t.get("data").asText()).isEqualTo(train.toString());
        assertThat(t.get("data_sha256").asText()).isEqualTo(sha256(wine));
        assertThat(t.get("validation_data").asText()).isEqualTo(validation.toString());
        assertThat(t.get("validation_data_sha256").asText()).isEqualTo(sha256(Files.readAllBytes(validation)));
        assertThat(t.get("train_rows").asInt()).isEqualTo(178);
        assertThat(t.get("validation_rows").asInt()).isEqualTo(10);
    }

    /** --stream hashes the file given: a .dsc file in a streaming pass, a CSV in its conversion's first pass. */
    @Test
    void streamedFiles_recordTheGivenFilesHash(@TempDir Path dir) throws Exception {
        Path csv = Files.write(dir.resolve("wine.csv"), embedded("wine"));
        Path dsc = dir.resolve("wine.dsc");
        assertThat(Cli.run("convert", csv.toString(), dsc.toString()).code()).isZero();
        for (Path data : new Path[] {csv, dsc}) {
            Path out = dir.resolve("m-" + data.getFileName());
            Cli r = Cli.run("train", "--data", data.toString(), "--stream", "--epochs", "1", "--quiet", "--out", out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode t = training(out);
            assertThat(t.get("data_sha256").asText()).as(data.toString()).isEqualTo(sha256(Files.readAllBytes(data)));
            assertThat(t.get("train_rows").asInt()).isEqualTo(178);
            assertThat(t.get("validation_rows").asInt()).isZero();
        }
    }
}
