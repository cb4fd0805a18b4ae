package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

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
        writeWine(dir);
        byte[] wine = embedded("wine");
        Path train = dir.resolve("wine.csv");
        Path validation = dir.resolve("valid.csv");
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

    /** Trains on wine.csv and valid.csv in {@code dir} with a checkpoint every epoch; {@code more}: extra options. */
    private static Cli trainWine(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", dir.resolve("wine.csv").toString(),
                "--validation-data", dir.resolve("valid.csv").toString(), "--optimizer", "adam(lr=0.01)", "--standardize",
                "--checkpoint-every", "1", "--quiet"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** wine.csv (the embedded wine data) and valid.csv (its header and first ten rows) in {@code dir}. */
    private static void writeWine(Path dir) throws IOException {
        byte[] wine = embedded("wine");
        Files.write(dir.resolve("wine.csv"), wine);
        Files.writeString(dir.resolve("valid.csv"), String.join("\n",
                new String(wine, StandardCharsets.UTF_8).lines().limit(11).toList()) + "\n");
    }

    /**
     * The same options on other bytes would continue the run on data it did not start from: --resume compares the
     * checkpoint's hashes with the files' and refuses a change in either, naming the file and both hashes.
     */
    @Test
    void resume_onChangedData_isRefusedNamingTheFileAndBothHashes(@TempDir Path dir) throws Exception {
        writeWine(dir);
        Path out = dir.resolve("m");
        assertThat(trainWine(dir, "--epochs", "2", "--out", out.toString()).code()).isZero();
        for (String name : new String[] {"wine.csv", "valid.csv"}) {
            Path file = dir.resolve(name);
            byte[] original = Files.readAllBytes(file);
            // one more copy of the last row
            List<String> lines = Files.readAllLines(file);
            Files.writeString(file, String.join("\n", lines) + "\n" + lines.getLast() + "\n");
            Cli r = trainWine(dir, "--epochs", "3", "--resume", out.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("descent: error: --resume: " + file + " has changed since the checkpoint: its"
                    + " SHA-256 is now " + sha256(Files.readAllBytes(file)) + ", the checkpoint was trained on "
                    + sha256(original) + "; resume on the same data\n");
            Files.write(file, original);
        }
        assertThat(out.resolve("checkpoints/epoch-0003")).doesNotExist();
        Cli same = trainWine(dir, "--epochs", "3", "--resume", out.toString());
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(same.err()).isEqualTo("resumed from epoch 2\n");
    }

    /** A checkpoint written before model.json recorded the data's hashes resumes without the check, as before. */
    @Test
    void resume_fromACheckpointWithoutDataHashes_resumesToTheUninterruptedRunsWeights(@TempDir Path dir) throws Exception {
        writeWine(dir);
        Path whole = dir.resolve("whole");
        assertThat(trainWine(dir, "--epochs", "3", "--out", whole.toString()).code()).isZero();
        Path part = dir.resolve("part");
        assertThat(trainWine(dir, "--epochs", "2", "--out", part.toString()).code()).isZero();
        Path modelJson = part.resolve("checkpoints/epoch-0002").resolve(ModelFiles.MODEL_JSON);
        ObjectMapper json = new ObjectMapper();
        ObjectNode model = (ObjectNode) json.readTree(modelJson.toFile());
        ((ObjectNode) model.get("training")).remove(List.of("data_sha256", "validation_data_sha256", "train_rows",
                "validation_rows"));
        json.writeValue(modelJson.toFile(), model);

        Cli resumed = trainWine(dir, "--epochs", "3", "--resume", part.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).isEqualTo("resumed from epoch 2\n");
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
        assertThat(training(part).get("data_sha256").asText()).isEqualTo(sha256(embedded("wine")));
    }
}
