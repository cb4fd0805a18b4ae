package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.io.Checkpoint;
import dev.descent.io.Checkpoints;
import dev.descent.io.ModelFiles;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import dev.descent.train.TrainState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code descent train --average}: end to end, early stopping, resume checks, and the errors (resuming bit for bit is
 * tested with {@link TrainCommandTest}'s other resumes).
 */
class TrainAverageTest {

    private static final String[] WINE = {"train", "--data", "builtin:wine", "--model", "mlp(16)", "--optimizer",
            "adam(lr=0.01)", "--batch-size", "16", "--standardize", "--validation-split", "0.2", "--dtype", "float64"};

    /**
     * The saved model is the average, and metrics.json describes it: evaluate on the saved model gives its numbers, the
     * last epoch's val_loss (measured on the average) is its val_loss, and the run differs from one without averaging.
     */
    @Test
    void ema_endToEnd_savesTheAverageThatMetricsAndValidationDescribe(@TempDir Path dir) throws IOException {
        Path m = dir.resolve("m");
        Cli r = Cli.run(concat(WINE, "--epochs", "5", "--average", "ema(decay=0.9)", "--out", m.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("; batch 16, 5 epochs, seed 0, float64, average ema(decay=0.9)\n");

        JsonNode metrics = new ObjectMapper().readTree(m.resolve("metrics.json").toFile());
        assertThat(metrics.get("average").asText()).isEqualTo("ema(decay=0.9)");
        assertThat(ModelFiles.load(m).training().get("average")).isEqualTo("ema(decay=0.9)");
        Cli evaluated = Cli.run("evaluate", "--model", m.toString(), "--data", "builtin:wine", "--json");
        JsonNode all = new ObjectMapper().readTree(evaluated.out());
        assertThat(all.get("n").asInt()).isEqualTo(178);
        double rows = metrics.get("n").asDouble() + metrics.get("val_n").asDouble();
        // the saved model's mean loss over all rows is the row-weighted mean of its train and validation losses
        double pooled = (metrics.get("loss").asDouble() * metrics.get("n").asDouble()
                + metrics.get("val_loss").asDouble() * metrics.get("val_n").asDouble()) / rows;
        assertThat(all.get("loss").asDouble()).isCloseTo(pooled, org.assertj.core.data.Offset.offset(1e-12));

        List<String> history = Files.readAllLines(m.resolve("history.csv"));
        List<String> header = Arrays.asList(history.getFirst().split(","));
        String[] last = history.getLast().split(",");
        assertThat(Double.parseDouble(last[header.indexOf("val_loss")])).isEqualTo(metrics.get("val_loss").asDouble());

        Path plain = dir.resolve("plain");
        assertThat(Cli.run(concat(WINE, "--epochs", "5", "--out", plain.toString(), "--quiet")).code()).isZero();
        assertThat(Files.readAllBytes(m.resolve("weights.bin"))).isNotEqualTo(Files.readAllBytes(plain.resolve("weights.bin")));
    }

    /**
     * restore_best with an average restores the best epoch's average; resumed from a checkpoint of the best epoch
     * itself, the run takes that epoch's average from the checkpoint's average (not its live weights) and ends as the
     * uninterrupted run.
     */
    @Test
    void restoreBest_withAnAverage_restoresTheBestEpochsAverage_alsoAcrossAResume(@TempDir Path dir) throws IOException {
        // no change beats a min_delta of 1000: epoch 1 stays the best
        String[] common = concat(WINE, "--average", "ema(decay=0.9)", "--checkpoint-every", "1", "--early-stopping",
                "patience=10,min_delta=1000,restore_best=true", "--quiet");
        Path whole = dir.resolve("whole");
        assertThat(Cli.run(concat(common, "--epochs", "3", "--out", whole.toString())).code()).isZero();
        Checkpoint first = Checkpoints.load(whole.resolve("checkpoints/epoch-0001"));
        assertThat(ModelFiles.load(whole).params().bitEquals(first.state().modelParams())).as("epoch 1's average").isTrue();
        assertThat(ModelFiles.load(whole).params().bitEquals(first.state().params())).as("not its live weights").isFalse();

        Path part = dir.resolve("part");
        assertThat(Cli.run(concat(common, "--epochs", "1", "--out", part.toString())).code()).isZero();
        Cli resumed = Cli.run(concat(common, "--epochs", "3", "--resume", part.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
    }

    /**
     * A checkpoint's model is the average as of its epoch, the model that epoch's validation measured. A linear model
     * trained by plain full-batch SGD takes one update per epoch, and averaging does not change training, so the live
     * weights w_1, w_2, w_3 are the models of unaveraged runs of 1, 2 and 3 epochs; the EMA recursion by hand, a_1 = w_1,
     * a_t = a_{t-1} + 0.25·(w_t − a_{t-1}) (decay 0.75: torch.lerp's form for a weight below 1/2), gives each
     * checkpoint's weights bit for bit. The checkpoint's state keeps w_t; evaluate on the checkpoint reports the
     * val_loss history.csv recorded at that epoch, and predict on it gives a_w·x + a_b.
     */
    @Test
    void aCheckpointsModel_isTheAverageAsOfItsEpoch_forPredictAndEvaluate(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("line.csv"), "x,target\n1,3\n2,5\n3,7.5\n4,9\n");
        String[] common = {"train", "--data", csv.toString(), "--model", "linear", "--loss", "mse", "--optimizer",
                "sgd(lr=0.05)", "--batch-size", "full", "--dtype", "float64", "--validation-data", csv.toString(), "--quiet"};
        List<Params> live = new ArrayList<>();
        for (int epochs = 1; epochs <= 3; epochs++) {
            Path plain = dir.resolve("plain-" + epochs);
            assertThat(Cli.run(concat(common, "--epochs", Integer.toString(epochs), "--out", plain.toString())).code()).isZero();
            live.add(ModelFiles.load(plain).params());
        }
        Path m = dir.resolve("m");
        Cli r = Cli.run(concat(common, "--epochs", "3", "--average", "ema(decay=0.75)", "--checkpoint-every", "1",
                "--out", m.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> history = Files.readAllLines(m.resolve("history.csv"));
        int valLoss = Arrays.asList(history.getFirst().split(",")).indexOf("val_loss");

        Params average = live.getFirst();
        for (int epoch = 1; epoch <= 3; epoch++) {
            Params w = live.get(epoch - 1);
            if (epoch > 1) {
                average = lerp(average, w, 0.25);
            }
            Path checkpoint = m.resolve(Checkpoints.DIRECTORY).resolve(Checkpoints.dirName(epoch));
            assertThat(ModelFiles.load(checkpoint).params().bitEquals(average)).as("epoch %d's model", epoch).isTrue();
            TrainState state = Checkpoints.load(checkpoint).state();
            assertThat(state.params().bitEquals(w)).as("epoch %d's live weights", epoch).isTrue();
            Cli evaluated = Cli.run("evaluate", "--model", checkpoint.toString(), "--data", csv.toString(), "--json");
            assertThat(evaluated.code()).as(evaluated.err()).isZero();
            // one update per epoch: history.csv's row `epoch` is that epoch's last (and only) update
            assertThat(new ObjectMapper().readTree(evaluated.out()).get("loss").asDouble())
                    .isEqualTo(Double.parseDouble(history.get(epoch).split(",")[valLoss]));
        }
        assertThat(average.bitEquals(live.getLast())).as("the average is not the live weights").isFalse();
        assertThat(ModelFiles.load(m).params().bitEquals(average)).as("the final model, the same average").isTrue();

        Path last = m.resolve("checkpoints/epoch-0003");
        Path predictions = dir.resolve("p.csv");
        Cli predicted = Cli.run("predict", "--model", last.toString(), "--data", csv.toString(), "--out", predictions.toString());
        assertThat(predicted.code()).as(predicted.err()).isZero();
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines.getFirst()).isEqualTo("prediction");
        double kernel = average.get(average.names().get(0)).at(0);
        double bias = average.get(average.names().get(1)).at(0);
        for (int x = 1; x <= 4; x++) {
            double expected = kernel * x + bias;
            // one product and one sum: at most one rounding apart from the kernel's order of operations
            assertThat(Double.parseDouble(lines.get(x))).isCloseTo(expected, org.assertj.core.data.Offset.offset(
                    4 * Math.ulp(expected)));
        }
    }

    /**
     * Resumed from a checkpoint whose model is the average (not the live weights it continues from), a run ends bit
     * for bit as the uninterrupted one, on 1 or 2 threads (the uninterrupted run on 1): weights, history, and the
     * checkpoints it writes after the resume.
     */
    @ParameterizedTest
    @CsvSource({"'ema(decay=0.9)', 1", "'ema(decay=0.9)', 2", "'swa(start_epoch=1)', 1", "'swa(start_epoch=1)', 2"})
    void resume_fromACheckpointHoldingTheAverage_endsAsTheUninterruptedRun(String average, int threads, @TempDir Path dir)
            throws IOException {
        int before = Parallel.threads();
        try {
            String[] common = {"train", "--data", "builtin:wine", "--model", "mlp(32)", "--optimizer", "adam(lr=0.01)",
                    "--batch-size", "64", "--standardize", "--validation-split", "0.2", "--average", average,
                    "--checkpoint-every", "2", "--quiet"};
            Path whole = dir.resolve("whole");
            assertThat(Cli.run(concat(common, "--epochs", "4", "--threads", "1", "--out", whole.toString())).code()).isZero();
            Path part = dir.resolve("part");
            String t = Integer.toString(threads);
            assertThat(Cli.run(concat(common, "--epochs", "2", "--threads", t, "--out", part.toString())).code()).isZero();
            Checkpoint at2 = Checkpoints.load(part.resolve("checkpoints/epoch-0002"));
            assertThat(at2.model().params().bitEquals(at2.state().modelParams())).isTrue();
            assertThat(at2.model().params().bitEquals(at2.state().params())).as("the average, not the live weights").isFalse();

            Cli resumed = Cli.run(concat(common, "--epochs", "4", "--threads", t, "--resume", part.toString()));
            assertThat(resumed.code()).as(resumed.err()).isZero();
            assertThat(resumed.err()).isEqualTo("resumed from epoch 2\n");
            assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
            assertThat(Files.readAllLines(part.resolve("history.csv"))).isEqualTo(Files.readAllLines(whole.resolve("history.csv")));
            for (String file : List.of("weights.bin", "live_params.bin", "average.bin", "optimizer.bin")) {
                assertThat(Files.readAllBytes(part.resolve("checkpoints/epoch-0004").resolve(file))).as(file)
                        .isEqualTo(Files.readAllBytes(whole.resolve("checkpoints/epoch-0004").resolve(file)));
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /**
     * A checkpoint written before checkpoints held the average as their model (the live weights in model.json, no
     * live_params files, no model_weights key) still resumes to the uninterrupted run's weights.
     */
    @Test
    void anOlderCheckpoint_withTheLiveWeightsAsItsModel_stillResumesBitForBit(@TempDir Path dir) throws IOException {
        String[] common = concat(WINE, "--average", "ema(decay=0.9)", "--checkpoint-every", "2", "--quiet");
        Path whole = dir.resolve("whole");
        assertThat(Cli.run(concat(common, "--epochs", "4", "--out", whole.toString())).code()).isZero();
        Path part = dir.resolve("part");
        assertThat(Cli.run(concat(common, "--epochs", "2", "--out", part.toString())).code()).isZero();
        // rewrite the checkpoint as the earlier writer left it
        Path checkpoint = part.resolve("checkpoints/epoch-0002");
        Checkpoint written = Checkpoints.load(checkpoint);
        Files.delete(checkpoint.resolve(Checkpoints.LIVE_PARAMS_JSON));
        Files.delete(checkpoint.resolve(Checkpoints.LIVE_PARAMS_BIN));
        Path trainState = checkpoint.resolve(Checkpoints.TRAIN_STATE_JSON);
        Files.writeString(trainState, Files.readString(trainState).replace("  \"model_weights\": \"average\",\n", ""));
        ModelFiles.save(checkpoint, written.model().withParams(written.state().params()));

        Cli resumed = Cli.run(concat(common, "--epochs", "4", "--resume", part.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
    }

    @Test
    void resume_withAnotherAverage_orWithoutOne_isRefused(@TempDir Path dir) {
        Path part = dir.resolve("part");
        String[] common = {"train", "--data", "builtin:iris", "--checkpoint-every", "1", "--quiet"};
        assertThat(Cli.run(concat(common, "--epochs", "2", "--average", "ema", "--out", part.toString())).code()).isZero();
        Cli other = Cli.run(concat(common, "--epochs", "3", "--average", "ema(decay=0.99)", "--resume", part.toString()));
        assertUsageError(other, "--resume: the checkpoint was trained with average=ema(decay=0.999), this command has "
                + "average=ema(decay=0.99)");
        assertUsageError(Cli.run(concat(common, "--epochs", "3", "--resume", part.toString())),
                "--resume: the checkpoint was trained with average=ema(decay=0.999), this command has no average");

        Path plain = dir.resolve("plain");
        assertThat(Cli.run(concat(common, "--epochs", "2", "--out", plain.toString())).code()).isZero();
        assertUsageError(Cli.run(concat(common, "--epochs", "3", "--average", "swa(start_epoch=1)", "--resume",
                plain.toString())), "--resume: the checkpoint was trained with no average, this command has "
                + "average=swa(start_epoch=1)");
    }

    /** Stopped early, or run for fewer epochs (to be resumed later), before an swa average begins: a warning. */
    @Test
    void swa_endingBeforeItsStartEpoch_warnsThatTheModelIsTheLastWeights(@TempDir Path dir) {
        // epoch 1 is the best and nothing beats it by 1000: with patience 1 the run stops after epoch 2
        Cli r = Cli.run("train", "--data", "builtin:iris", "--epochs", "10", "--average", "swa(start_epoch=5)",
                "--early-stopping", "patience=1,min_delta=1000", "--out", dir.resolve("m").toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("descent: warning: --average swa(start_epoch=5): training ended after epoch 2, "
                + "before the average began; the model holds the last weights\n");
        Cli shorter = Cli.run("train", "--data", "builtin:iris", "--epochs", "3", "--average", "swa(start_epoch=5)",
                "--out", dir.resolve("s").toString(), "--quiet");
        assertThat(shorter.code()).isZero();
        assertThat(shorter.err()).contains("training ended after epoch 3, before the average began");
    }

    @Test
    void badAverages_getOneLineAndExitTwo(@TempDir Path dir) {
        String out = dir.resolve("m").toString();
        String[][] cases = {
                {"polyak", "--average: unknown average 'polyak'; valid: ema, swa"},
                {"ema(momentum=0.9)", "--average: unknown key 'momentum' for ema; valid keys: decay"},
                {"ema(decay=1)", "--average: ema: decay must be in [0, 1), got 1"},
                {"swa", "--average: swa needs start_epoch, e.g. swa(start_epoch=75)"},
                {"swa(start_epoch=0)", "--average: swa: start_epoch must be >= 1, got 0"},
                {"ema(decay=0.9", "--average: expected ')' at column 14 in \"ema(decay=0.9\""}};
        for (String[] c : cases) {
            assertUsageError(Cli.run("train", "--data", "builtin:iris", "--average", c[0], "--out", out), c[1]);
        }
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void explain_emaAndSwa() {
        Cli ema = Cli.run("explain", "ema");
        assertThat(ema.code()).isZero();
        assertThat(ema.out()).contains("get_ema_multi_avg_fn", "decay = 0.999", "use_ema", "optax");
        assertThat(Cli.run("explain", "swa").out()).contains("Izmailov", "start_epoch = (required)");
    }

    /** torch.lerp(a, w, weight) for a weight below 1/2, a + weight·(w − a), element by element in float64. */
    private static Params lerp(Params a, Params w, double weight) {
        Params.Builder out = Params.builder();
        for (String name : a.names()) {
            Tensor t = a.get(name).copy();
            for (int i = 0; i < t.size(); i++) {
                t.set(i, t.at(i) + weight * (w.get(name).at(i) - t.at(i)));
            }
            out.put(name, t);
        }
        return out.build();
    }

    private static void assertUsageError(Cli r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent: error: ").contains(fragment);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
