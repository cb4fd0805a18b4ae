package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.io.ModelFiles;
import dev.descent.io.SavedModel;
import dev.descent.tensor.DType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.descent.testkit.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train --engine spark}: both modes end to end on a local master, unweighted and with sample and class weights,
 * resumed from checkpoints, and the engine flags' errors.
 */
class SparkTrainCommandTest {

    private static final List<String> IRIS = List.of("train", "--data", "builtin:iris", "--model", "mlp(8)", "--optimizer",
            "adam(lr=0.01)", "--batch-size", "16", "--epochs", "4", "--standardize", "--dtype", "float64", "--quiet");

    private static Cli train(Path out, String... more) {
        List<String> args = new ArrayList<>(IRIS);
        args.addAll(List.of("--out", out.toString()));
        return run(args, more);
    }

    private static JsonNode metrics(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
    }

    @Test
    @Tag("spark")
    void syncOnALocalMasterGivesLocalTrainingsWeightsAndRecordsTheEngine(@TempDir Path dir) throws IOException {
        Cli local = train(dir.resolve("local"));
        Cli spark = train(dir.resolve("spark"), "--engine", "spark", "--master", "local[2]");
        assertThat(local.code()).as(local.err()).isZero();
        assertThat(spark.code()).as(spark.err()).isZero();

        SavedModel a = ModelFiles.load(dir.resolve("local"));
        SavedModel b = ModelFiles.load(dir.resolve("spark"));
        a.params().asMap().forEach((name, t) -> assertClose(b.params().get(name), t, 1e-9, 1e-3));
        JsonNode m = metrics(dir.resolve("spark"));
        assertThat(m.get("engine").asText()).isEqualTo("spark");
        assertThat(m.get("spark_master").asText()).isEqualTo("local[2]");
        assertThat(m.get("spark_mode").asText()).isEqualTo("sync");
        assertThat(m.get("spark_partitions").asInt()).isEqualTo(TrainCommand.DEFAULT_PARTITIONS);
        assertThat(metrics(dir.resolve("local")).get("engine").asText()).isEqualTo("local");
        assertThat(metrics(dir.resolve("local")).has("spark_master")).isFalse();
    }

    @Test
    @Tag("spark")
    void averagingTrainsAndRecordsItsModeAndLocalSteps(@TempDir Path dir) throws IOException {
        Cli r = train(dir.resolve("avg"), "--engine", "spark", "--master", "local[2]", "--spark-mode", "averaging",
                "--local-steps", "2", "--partitions", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("trained 4 epochs, 20 updates");
        JsonNode m = metrics(dir.resolve("avg"));
        assertThat(m.get("spark_mode").asText()).isEqualTo("averaging");
        assertThat(m.get("spark_local_steps").asInt()).isEqualTo(2);
        assertThat(m.get("spark_partitions").asInt()).isEqualTo(3);
        // learning (SparkTrainingTest checks convergence): below chance's loss ln 3 and above chance's accuracy 1/3
        assertThat(m.get("loss").asDouble()).isLessThan(Math.log(3));
        assertThat(m.get("accuracy").asDouble()).isGreaterThan(0.6);
    }

    @Test
    @Tag("spark")
    void averagingResumedFromACheckpointEndsWithTheUninterruptedRunsWeights(@TempDir Path dir) throws IOException {
        String[] spark = {"--engine", "spark", "--master", "local[2]", "--spark-mode", "averaging", "--local-steps", "3",
                "--checkpoint-every", "2"};
        List<String> common = new ArrayList<>(List.of("train", "--data", "builtin:wine", "--model", "mlp(8)", "--optimizer",
                "adam(lr=0.01)", "--batch-size", "16", "--standardize", "--quiet"));
        common.addAll(List.of(spark));
        Path whole = dir.resolve("whole");
        Path part = dir.resolve("part");
        assertThat(run(common, "--epochs", "4", "--out", whole.toString()).code()).isZero();
        assertThat(run(common, "--epochs", "2", "--out", part.toString()).code()).isZero();
        Cli resumed = run(common, "--epochs", "4", "--resume", part.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).isEqualTo("resumed from epoch 2\n");
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
    }

    /** A checkpoint resumes on the engine, mode and partitions it was written with; only the master may change. */
    @Test
    @Tag("spark")
    void aResumeThatChangesTheEngineOrItsPartitionsIsRefused(@TempDir Path dir) {
        Path part = dir.resolve("part");
        assertThat(train(part, "--engine", "spark", "--master", "local[2]", "--partitions", "2", "--checkpoint-every", "2")
                .code()).isZero();
        List<String> resume = new ArrayList<>(IRIS);
        resume.addAll(List.of("--resume", part.toString()));
        Cli partitions = run(resume, "--engine", "spark", "--master", "local[2]", "--partitions", "3");
        assertThat(partitions.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(partitions.err().strip()).isEqualTo("descent: error: --resume: the checkpoint was trained with"
                + " spark_partitions=2, this command has spark_partitions=3; resume with the same options (only --epochs"
                + " and --master may change)");
        Cli local = run(resume);
        assertThat(local.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(local.err().strip()).startsWith("descent: error: --resume: the checkpoint was trained with engine=spark,"
                + " this command has no engine;");
        Cli master = run(resume, "--engine", "spark", "--master", "local[1]", "--partitions", "2");
        assertThat(master.code()).as(master.err()).isZero();
    }

    /**
     * Iris made imbalanced (its rows 1-70 and 101-110: 50, 20 and 10 of each class) with a weight column {@code w} of
     * 0 to 3, so that sample weights and balanced class weights both differ from 1.
     */
    private static Path weightedIris(Path dir) throws IOException {
        Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT64);
        StringBuilder csv = new StringBuilder(String.join(",", iris.featureNames()) + ",w,target\n");
        int[] rows = IntStream.concat(IntStream.range(0, 70), IntStream.range(100, 110)).toArray();
        for (int i = 0; i < rows.length; i++) {
            for (int f = 0; f < iris.features(); f++) {
                csv.append(iris.x().get(rows[i], f)).append(',');
            }
            csv.append((i * 7) % 4).append(',').append(iris.classes().get((int) iris.y().at(rows[i]))).append('\n');
        }
        return Files.writeString(dir.resolve("weighted-iris.csv"), csv);
    }

    /**
     * {@link #IRIS}'s run for {@code epochs} on {@link #weightedIris} with its sample weights and balanced class
     * weights, and {@code more} options.
     */
    private static List<String> weightedRun(Path csv, int epochs, List<String> more) {
        List<String> args = new ArrayList<>(IRIS);
        args.set(args.indexOf("builtin:iris"), csv.toString());
        args.set(args.indexOf("--epochs") + 1, Integer.toString(epochs));
        args.addAll(List.of("--sample-weight", "w", "--class-weight", "balanced"));
        args.addAll(more);
        return args;
    }

    /**
     * Sample and class weights on the Spark engine: the weights, the weighted loss, objective and validation loss of
     * metrics.json and the accuracies follow local training's weighted run to a sum's rounding (1e-9 in float64, as
     * unweighted above), and the model records its weights as a local run does.
     */
    @Test
    @Tag("spark")
    void syncWithSampleAndClassWeightsFollowsLocalWeightedTraining(@TempDir Path dir) throws IOException {
        List<String> common = weightedRun(weightedIris(dir), 4, List.of("--validation-split", "0.25"));
        Cli local = run(common, "--out", dir.resolve("local").toString());
        Cli spark = run(common, "--out", dir.resolve("spark").toString(), "--engine", "spark", "--master", "local[2]");
        assertThat(local.code()).as(local.err()).isZero();
        assertThat(spark.code()).as(spark.err()).isZero();

        SavedModel a = ModelFiles.load(dir.resolve("local"));
        SavedModel b = ModelFiles.load(dir.resolve("spark"));
        a.params().asMap().forEach((name, t) -> assertClose(b.params().get(name), t, 1e-9, 1e-3));
        assertThat(b.training().get("sample_weight")).isEqualTo("w");
        assertThat(b.training().get("class_weight")).isEqualTo("balanced");
        JsonNode l = metrics(dir.resolve("local"));
        JsonNode s = metrics(dir.resolve("spark"));
        for (String key : List.of("loss", "objective", "val_loss")) {
            assertClose(s.get(key).asDouble(), l.get(key).asDouble(), 1e-9, 0, key);
        }
        for (String key : List.of("accuracy", "val_accuracy", "n")) {
            assertThat(s.get(key).asDouble()).as(key).isEqualTo(l.get(key).asDouble());
        }
        assertThat(s.get("engine").asText()).isEqualTo("spark");
    }

    /** Weighted runs resume on either mode as local ones do: bit for bit, history included. */
    @ParameterizedTest
    @ValueSource(strings = {"sync", "averaging"})
    @Tag("spark")
    void aWeightedRunResumedFromACheckpointEndsWithTheUninterruptedRunsWeights(String mode, @TempDir Path dir)
            throws IOException {
        Path csv = weightedIris(dir);
        List<String> spark = new ArrayList<>(List.of("--engine", "spark", "--master", "local[2]", "--spark-mode", mode,
                "--checkpoint-every", "2"));
        if (mode.equals("averaging")) {
            spark.addAll(List.of("--local-steps", "2"));
        }
        Path whole = dir.resolve("whole");
        Path part = dir.resolve("part");
        assertThat(run(weightedRun(csv, 4, spark), "--out", whole.toString()).code()).isZero();
        assertThat(run(weightedRun(csv, 2, spark), "--out", part.toString()).code()).isZero();
        Cli resumed = run(weightedRun(csv, 4, spark), "--resume", part.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).isEqualTo("resumed from epoch 2\n");
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
        assertThat(Files.readAllLines(part.resolve("history.csv"))).isEqualTo(Files.readAllLines(whole.resolve("history.csv")));
    }

    private static Cli run(List<String> common, String... more) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--master local[2]                                        | --master needs --engine spark",
        "--spark-mode sync                                        | --spark-mode needs --engine spark",
        "--local-steps 2                                          | --local-steps needs --engine spark",
        "--partitions 2                                           | --partitions needs --engine spark",
        "--engine yarn                                            | unknown --engine 'yarn'; valid: local, spark",
        "--engine spark --spark-mode async                        | unknown --spark-mode 'async'; valid: sync, averaging",
        "--engine spark --spark-mode averaging --local-steps 0    | --local-steps must be >= 1, got 0",
        "--engine spark --local-steps 3                           | --local-steps needs --spark-mode averaging (sync takes one step at a time)",
        "--engine spark --partitions 0                            | --partitions must be >= 1, got 0",
        "--engine spark --master foo://x                          | --master: 'foo://x' is not a Spark master URL; expected local, local[N], local[*], local[N,F], local-cluster[N,C,M], spark://HOST:PORT, yarn or k8s://URL",
        "--engine spark --master local[0]                         | --master: 'local[0]' is not a Spark master URL; expected local, local[N], local[*], local[N,F], local-cluster[N,C,M], spark://HOST:PORT, yarn or k8s://URL",
    })
    void badEngineFlagsAreOneLineUsageErrors(String flags, String message, @TempDir Path dir) {
        Cli r = train(dir.resolve("m"), flags.strip().split(" +"));
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("descent: error: " + message);
    }

    @Test
    void streamingAndSparkAreRefused(@TempDir Path dir) {
        Cli r = Cli.run("train", "--data", "builtin:iris", "--stream", "--engine", "spark", "--out", dir.resolve("m").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).startsWith("descent: error: --stream cannot be combined with --engine spark");
    }
}
