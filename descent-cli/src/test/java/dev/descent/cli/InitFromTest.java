package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code train --init-from DIR}: training that starts from a saved model's weights. */
class InitFromTest {

    private static final List<String> IRIS_MLP = List.of("train", "--data", "builtin:iris", "--model", "mlp(8)",
            "--standardize", "--no-shuffle", "--quiet");

    private static Cli train(List<String> common, String... more) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** {@code out}, where a run of {@link #IRIS_MLP} with {@code more} wrote its model. */
    private static Path trained(Path out, String... more) {
        List<String> common = new ArrayList<>(IRIS_MLP);
        common.addAll(List.of("--out", out.toString()));
        Cli r = train(common, more);
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    private static JsonNode modelJson(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve(ModelFiles.MODEL_JSON).toFile());
    }

    /**
     * lr = 0 leaves every weight as it was (w − 0·g = w): the written weights.bin is the starting model's, byte for
     * byte, and model.json records where it started from: the directory and its weights' checksum.
     */
    @Test
    void zeroLearningRate_writesTheStartingWeightsAndRecordsThem(@TempDir Path dir) throws IOException {
        Path start = trained(dir.resolve("start"), "--optimizer", "adam(lr=0.01)", "--epochs", "3");
        Path out = trained(dir.resolve("out"), "--optimizer", "sgd(lr=0)", "--epochs", "2", "--init-from", start.toString());
        assertThat(Files.readAllBytes(out.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(start.resolve("weights.bin")));
        JsonNode training = modelJson(out).get("training");
        assertThat(training.get("init_from").asText()).isEqualTo(start.toString());
        assertThat(training.get("init_from_sha256").asText()).isEqualTo(modelJson(start).get("weights").get("sha256").asText());
        // the statistics were reused, not fitted again (on the same rows they would be equal anyway: see below)
        assertThat(modelJson(out).get("standardizer")).isEqualTo(modelJson(start).get("standardizer"));
    }

    /** Plain SGD without shuffling: 3 epochs, then 2 more from the saved model, are 5 epochs of one run bit for bit. */
    @Test
    void threeEpochsThenTwoMore_equalFiveInOneRun(@TempDir Path dir) throws IOException {
        Path three = trained(dir.resolve("three"), "--optimizer", "sgd(lr=0.1)", "--epochs", "3");
        Path more = trained(dir.resolve("more"), "--optimizer", "sgd(lr=0.1)", "--epochs", "2", "--init-from", three.toString());
        Path five = trained(dir.resolve("five"), "--optimizer", "sgd(lr=0.1)", "--epochs", "5");
        assertThat(Files.readAllBytes(more.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(five.resolve("weights.bin")));
    }

    /**
     * A warm-started run resumes from its checkpoints like any run, with the statistics it took from the starting model
     * (here fitted on half the rows, so fitting them again on all of them would give other weights), and ends with the
     * weights of the uninterrupted warm-started run.
     */
    @Test
    void aWarmStartedRun_resumesToTheWeightsOfTheUninterruptedRun(@TempDir Path dir) throws IOException {
        Path start = trained(dir.resolve("start"), "--optimizer", "sgd(lr=0.1)", "--epochs", "2", "--validation-split", "0.5");
        List<String> warm = new ArrayList<>(IRIS_MLP);
        warm.addAll(List.of("--optimizer", "adam(lr=0.01)", "--checkpoint-every", "2"));
        Path whole = dir.resolve("whole");
        assertThat(train(warm, "--epochs", "4", "--init-from", start.toString(), "--out", whole.toString()).code()).isZero();
        Path part = dir.resolve("part");
        assertThat(train(warm, "--epochs", "2", "--init-from", start.toString(), "--out", part.toString()).code()).isZero();
        Cli resumed = train(warm, "--epochs", "4", "--resume", part.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).isEqualTo("resumed from epoch 2\n");
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
        assertThat(modelJson(part).get("training").get("init_from_sha256"))
                .isEqualTo(modelJson(start).get("weights").get("sha256"));
        assertThat(modelJson(part).get("standardizer")).isEqualTo(modelJson(start).get("standardizer"));
    }

    /**
     * {@code --init-from} with {@code --resume} and no checkpoint yet (none written, or the run stopped before its first)
     * starts the run from the beginning from the saved model: the weights of the same command without {@code --resume},
     * bit for bit, with the same record.
     */
    @Test
    void initFromWithResume_andNoCheckpoint_startsAsTheInitFromRun(@TempDir Path dir) throws IOException {
        Path start = trained(dir.resolve("start"), "--optimizer", "adam(lr=0.01)", "--epochs", "2");
        List<String> warm = new ArrayList<>(IRIS_MLP);
        warm.addAll(List.of("--optimizer", "adam(lr=0.01)", "--epochs", "3", "--checkpoint-every", "5", "--init-from",
                start.toString()));
        Path fresh = dir.resolve("fresh");
        assertThat(train(warm, "--out", fresh.toString()).code()).isZero();
        Path resumed = dir.resolve("resumed");
        for (int run = 1; run <= 2; run++) { // the first has no directory yet, the second a finished run without checkpoints
            Cli r = train(warm, "--resume", resumed.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).isEqualTo("descent: no complete checkpoint of epoch 3 or earlier in "
                    + resumed.resolve("checkpoints") + "; starting from the beginning, from --init-from " + start + "\n");
            assertThat(Files.readAllBytes(resumed.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(fresh.resolve("weights.bin")));
            assertThat(modelJson(resumed).get("training").get("init_from_sha256"))
                    .isEqualTo(modelJson(start).get("weights").get("sha256"));
        }
        Path plain = trained(dir.resolve("plain"), "--optimizer", "adam(lr=0.01)", "--epochs", "3");
        assertThat(Files.readAllBytes(resumed.resolve("weights.bin"))).as("not a fresh initialization")
                .isNotEqualTo(Files.readAllBytes(plain.resolve("weights.bin")));
    }

    /**
     * With a checkpoint, {@code --init-from} with {@code --resume} resumes it: the saved model is not read again (here
     * it has even been replaced since), and the run ends with the uninterrupted warm-started run's weights.
     */
    @Test
    void initFromWithResume_andACheckpoint_resumesTheCheckpoint(@TempDir Path dir) throws IOException {
        Path start = trained(dir.resolve("start"), "--optimizer", "adam(lr=0.01)", "--epochs", "2");
        List<String> warm = new ArrayList<>(IRIS_MLP);
        warm.addAll(List.of("--optimizer", "adam(lr=0.01)", "--checkpoint-every", "2", "--init-from", start.toString()));
        Path whole = dir.resolve("whole");
        assertThat(train(warm, "--epochs", "4", "--out", whole.toString()).code()).isZero();
        Path part = dir.resolve("part");
        assertThat(train(warm, "--epochs", "2", "--out", part.toString()).code()).isZero();
        trained(start, "--optimizer", "sgd(lr=0.1)", "--epochs", "1", "--seed", "7");

        Cli resumed = train(warm, "--epochs", "4", "--resume", part.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).isEqualTo("resumed from epoch 2\n");
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
        for (String key : List.of("init_from", "init_from_sha256")) {
            assertThat(modelJson(part).get("training").get(key)).as(key).isEqualTo(modelJson(whole).get("training").get(key));
        }
    }

    /**
     * A resume that would change where the run started is refused: {@code --init-from} on the checkpoint of a run that
     * started fresh, or naming another directory; and {@code --resume} without {@code --init-from} and without a
     * checkpoint, on a directory whose model was trained from one, which would otherwise start from a fresh
     * initialization (the directory is left as it was).
     */
    @Test
    void resumesThatChangeTheStartingPoint_areOneLineErrors(@TempDir Path dir) throws IOException {
        Path start = trained(dir.resolve("start"), "--epochs", "1");
        Path fresh = trained(dir.resolve("fresh"), "--epochs", "1", "--checkpoint-every", "1");
        assertInputError(train(IRIS_MLP, "--epochs", "2", "--checkpoint-every", "1", "--init-from", start.toString(),
                "--resume", fresh.toString()), "--resume: the checkpoint was trained with no init_from, this command has "
                + "init_from=" + start + "; resume with the same options (only --epochs and --master may change)");

        Path warm = trained(dir.resolve("warm"), "--epochs", "1", "--checkpoint-every", "1", "--init-from", start.toString());
        Path copy = Files.createDirectory(dir.resolve("copy"));
        for (String file : List.of("model.json", "weights.bin")) {
            Files.copy(start.resolve(file), copy.resolve(file));
        }
        assertInputError(train(IRIS_MLP, "--epochs", "2", "--checkpoint-every", "1", "--init-from", copy.toString(),
                "--resume", warm.toString()), "--resume: the checkpoint was trained with init_from=" + start
                + ", this command has init_from=" + copy + "; resume with the same options (only --epochs and --master may change)");

        Path finished = trained(dir.resolve("finished"), "--epochs", "1", "--init-from", start.toString());
        byte[] weights = Files.readAllBytes(finished.resolve("weights.bin"));
        assertInputError(train(IRIS_MLP, "--epochs", "1", "--resume", finished.toString()), "--resume " + finished
                + ": no complete checkpoint of epoch 1 or earlier to resume from, and its model was trained from --init-from "
                + start + "; to start over from a saved model, give --init-from DIR (without it the run would start from a "
                + "fresh initialization)");
        assertThat(Files.readAllBytes(finished.resolve("weights.bin"))).isEqualTo(weights);
    }

    @Test
    void mismatches_andMisuse_areOneLineErrors(@TempDir Path dir) throws IOException {
        Path start = trained(dir.resolve("start"), "--epochs", "1");
        String from = start.toString();
        Path out = dir.resolve("out");
        assertInputError(Cli.run("train", "--data", "builtin:wine", "--model", "mlp(8)", "--standardize", "--init-from", from,
                "--out", out.toString()), "--init-from " + from + ": the saved model takes 4 features, the data has 13");
        assertInputError(Cli.run("train", "--data", "builtin:iris", "--model", "mlp(16)", "--standardize", "--init-from", from,
                        "--out", out.toString()),
                "--init-from " + from + ": the saved model's layers are 4-8-3 (relu, linear), this model's 4-16-3 (relu, linear)");
        assertInputError(Cli.run("train", "--data", "builtin:iris", "--model", "mlp(8)", "--init-from", from,
                "--out", out.toString()), "--init-from " + from + ": the saved model standardizes its features (its statistics"
                + " would be reused), this model does not");
        // the same four features, but two classes where the saved model has three
        Path binary = Files.writeString(dir.resolve("binary.csv"),
                "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,target\n5.1,3.5,1.4,0.2,a\n6.3,3.3,6.0,2.5,b\n");
        assertInputError(Cli.run("train", "--data", binary.toString(), "--model", "mlp(8)", "--loss", "ce", "--standardize",
                        "--init-from", from, "--out", out.toString()),
                "--init-from " + from + ": the saved model's layers are 4-8-3 (relu, linear), this model's 4-8-2 (relu, linear)");
        Path relabelled = Files.writeString(dir.resolve("relabelled.csv"),
                "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,target\n5.1,3.5,1.4,0.2,a\n6.3,3.3,6.0,2.5,b\n"
                        + "5.9,3.0,5.1,1.8,c\n");
        assertInputError(Cli.run("train", "--data", relabelled.toString(), "--model", "mlp(8)", "--standardize",
                        "--init-from", from, "--out", out.toString()),
                "--init-from " + from + ": the saved model is for multiclass classification of classes [0, 1, 2], the data is"
                        + " multiclass classification of classes [a, b, c]");
        Path missing = dir.resolve("missing");
        assertInputError(train(IRIS_MLP, "--init-from", missing.toString(), "--out", out.toString()),
                "--init-from: " + missing + ": no such model directory");
        assertThat(out).doesNotExist();
    }

    /** The weights are matched to the features by position; a renamed column is worth a warning, not a refusal. */
    @Test
    void aFeatureOfAnotherName_isWarnedAbout(@TempDir Path dir) throws IOException {
        Path start = trained(dir.resolve("start"), "--epochs", "1");
        Path csv = Files.writeString(dir.resolve("renamed.csv"),
                "sepal_length_cm,sepal_width,petal_length_cm,petal_width_cm,target\n5.1,3.5,1.4,0.2,0\n6.3,3.3,6.0,2.5,2\n"
                        + "5.9,3.0,4.1,1.3,1\n");
        Cli r = Cli.run("train", "--data", csv.toString(), "--model", "mlp(8)", "--standardize", "--epochs", "1", "--quiet",
                "--init-from", start.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("descent: warning: --init-from: feature 2 is 'sepal_width_cm' in the saved model,"
                + " 'sepal_width' in " + csv + "; the weights are matched by position\n");
    }

    /**
     * The weights are matched by position, so a column standing where the saved model had another of its features (the
     * saved columns in another order) would start from that feature's weights and standardization statistics: refused,
     * in memory and streamed, from a CSV and from a {@code .dsc} file, rather than trained from a scrambled start
     * with a warning.
     */
    @Test
    void theSavedFeaturesInAnotherOrder_areRefused(@TempDir Path dir) throws IOException {
        Path start = trained(dir.resolve("start"), "--epochs", "1");
        String iris;
        try (var in = InitFromTest.class.getResourceAsStream("/dev/descent/data/builtin/iris.csv")) {
            iris = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // the first two feature columns swapped
        Path csv = Files.writeString(dir.resolve("swapped.csv"), iris.lines().map(line -> line.split(","))
                .map(f -> String.join(",", f[1], f[0], f[2], f[3], f[4]) + "\n")
                .collect(java.util.stream.Collectors.joining()));
        Path dsc = dir.resolve("swapped.dsc");
        assertThat(Cli.run("convert", csv.toString(), dsc.toString()).code()).isZero();
        Path out = dir.resolve("out");
        String refused = "--init-from " + start + ": feature 1 of the data is 'sepal_width_cm', feature 2 of the saved "
                + "model; the weights are matched by position, so give the columns in the saved model's order";
        for (Path data : List.of(csv, dsc)) {
            List<String> args = List.of("train", "--data", data.toString(), "--model", "mlp(8)", "--standardize",
                    "--init-from", start.toString(), "--out", out.toString());
            assertInputError(train(args), refused);
            assertInputError(train(args, "--stream"), refused);
        }
        assertThat(out).doesNotExist();
    }

    private static void assertInputError(Cli r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("descent: error: " + message + "\n");
    }
}
