package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.data.Standardizer;
import dev.descent.io.Checkpoint;
import dev.descent.io.Checkpoints;
import dev.descent.io.ModelFiles;
import dev.descent.io.SavedModel;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.testkit.ExactSolvers;
import dev.descent.train.callback.EarlyStopping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {

    /** The acceptance command, in float64 so the comparison can be tight. */
    @Test
    void diabetesLinearBatchGd_reachesTheLeastSquaresOptimum(@TempDir Path dir) {
        Path out = dir.resolve("m");
        Cli r = Cli.run("train", "--data", "builtin:diabetes", "--target", "target", "--model", "linear", "--loss", "mse",
                "--optimizer", "sgd(lr=0.1)", "--batch-size", "full", "--epochs", "2000", "--standardize", "--dtype", "float64",
                "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        SavedModel model = ModelFiles.load(out);
        Dataset data = BuiltinDatasets.load("diabetes", DType.FLOAT64);
        Dataset z = Standardizer.fit(data).apply(data);
        int n = z.size();
        int d = z.features();
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = z.x().at(i * d + j);
            }
        }
        double[] exact = ExactSolvers.leastSquares(rows, z.y().toDoubleArray());
        Tensor w = model.params().get("dense_1/kernel");
        // 2000 epochs leave the weakest direction (s1/s2 are nearly collinear) short of converged: the loss is at
        // the optimum to 1e-6 relative, the weights of the well-determined features match to 1e-3.
        double bias = model.params().get("dense_1/bias").at(0);
        assertThat(bias).isCloseTo(exact[d], org.assertj.core.data.Offset.offset(1e-9 * Math.abs(exact[d])));
        double optimumMse = 0;
        double mse = 0;
        for (int i = 0; i < n; i++) {
            double p = exact[d];
            double q = bias;
            for (int j = 0; j < d; j++) {
                p += rows[i][j] * exact[j];
                q += rows[i][j] * w.at(j);
            }
            optimumMse += Math.pow(p - z.y().at(i), 2) / n;
            mse += Math.pow(q - z.y().at(i), 2) / n;
        }
        assertThat((mse - optimumMse) / optimumMse).isBetween(0.0, 1e-4);
    }

    @Test
    void trainEvaluatePredict_roundTrip(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("iris");
        Cli r = Cli.run("train", "--data", "builtin:iris", "--model", "softmax", "--optimizer", "adam(lr=0.05)",
                "--epochs", "30", "--standardize", "--validation-split", "0.2", "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("model.json")).exists();
        assertThat(out.resolve("weights.bin")).exists();
        assertThat(Files.readAllLines(out.resolve("history.csv")).getFirst()).startsWith("epoch,step,loss,val_loss,lr,");
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(metrics.get("engine").asText()).isEqualTo("local");
        assertThat(metrics.has("val_loss")).isTrue();
        assertThat(metrics.get("n").isIntegralNumber()).isTrue();
        assertThat(metrics.get("n").asLong()).isEqualTo(120);
        assertThat(metrics.get("val_n").isIntegralNumber()).isTrue();
        assertThat(metrics.get("val_n").asLong()).isEqualTo(30);

        Cli eval = Cli.run("evaluate", "--model", out.toString(), "--data", "builtin:iris", "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonNode e = new ObjectMapper().readTree(eval.out());
        assertThat(e.get("n").isIntegralNumber()).isTrue();
        assertThat(e.get("n").asInt()).isEqualTo(150);
        assertThat(e.get("accuracy").asDouble()).isGreaterThan(0.9);

        Cli text = Cli.run("evaluate", "--model", out.toString(), "--data", "builtin:iris");
        assertThat(text.out()).startsWith("loss=").contains("actual\\pred");
        assertThat(text.out().lines().filter(l -> l.strip().startsWith("2 ")).count()).isEqualTo(1);

        Path csv = dir.resolve("iris.csv");
        Files.writeString(csv, "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n5.1,3.5,1.4,0.2\n6.3,3.3,6.0,2.5\n");
        Path predictions = dir.resolve("p.csv");
        Cli p = Cli.run("predict", "--model", out.toString(), "--data", csv.toString(), "--out", predictions.toString());
        assertThat(p.code()).as(p.err()).isZero();
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines.getFirst()).isEqualTo("prediction,p_0,p_1,p_2");
        assertThat(lines.get(1)).startsWith("0,");
        assertThat(lines.get(2)).startsWith("2,");
    }

    @Test
    void regressionPredict_writesOneColumn(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m");
        assertThat(Cli.run("train", "--data", "builtin:diabetes", "--epochs", "3", "--standardize", "--out", out.toString(),
                "--quiet").code()).isZero();
        Path predictions = dir.resolve("p.csv");
        Path csv = dir.resolve("x.csv");
        Files.writeString(csv, "age,sex,bmi,bp,s1_tc,s2_ldl,s3_hdl,s4_tch,s5_ltg,s6_glu,target\n59,2,32.1,101,157,93.2,38,4,4.8598,87,151\n");
        assertThat(Cli.run("predict", "--model", out.toString(), "--data", csv.toString(), "--out", predictions.toString()).code()).isZero();
        assertThat(Files.readAllLines(predictions)).hasSize(2).first().isEqualTo("prediction");

        // builtin:NAME works for predict as for train and evaluate; its first row is the CSV's above
        Path all = dir.resolve("all.csv");
        Cli p = Cli.run("predict", "--model", out.toString(), "--data", "builtin:diabetes", "--out", all.toString());
        assertThat(p.code()).as(p.err()).isZero();
        List<String> lines = Files.readAllLines(all);
        assertThat(lines).hasSize(443);
        assertThat(lines.get(1)).isEqualTo(Files.readAllLines(predictions).get(1));
    }

    @Test
    void historyCsv_putsValLossBeforeLr_evenWithoutValidation(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m");
        Cli r = Cli.run("train", "--data", "builtin:diabetes", "--optimizer", "sgd(lr=0.01)", "--batch-size", "full",
                "--epochs", "2", "--standardize", "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("history.csv"));
        assertThat(lines.getFirst()).startsWith("epoch,step,loss,val_loss,lr,epoch_loss,");
        assertThat(lines).hasSize(3);
        // full batch: one update per epoch, each row an epoch's last, val_loss empty, lr in the fifth column
        for (int row = 1; row <= 2; row++) {
            String[] cells = lines.get(row).split(",", -1);
            assertThat(cells[0]).isEqualTo(Integer.toString(row));
            assertThat(cells[3]).isEmpty();
            assertThat(cells[4]).isEqualTo("0.01");
            assertThat(cells[5]).isEqualTo(cells[2]);
        }
    }

    /** The newer schedules chained with 'then', counted in epochs: history.csv's lr column is each epoch's rate. */
    @Test
    void schedule_polynomialThenMultistep_setsEachEpochsRate(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m");
        Cli r = Cli.run("train", "--data", "builtin:iris", "--optimizer", "sgd(lr=0.1)", "--epochs", "5", "--standardize",
                "--batch-size", "full", "--schedule", "polynomial(total_steps=2, end_lr=0.05) then multistep(milestones=1|2, gamma=0.5)",
                "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("history.csv"));
        // one row per epoch (full batch); epochs 0-1: 0.05 + 0.05·(1 − t/2); 2-4: multistep from its own t = 0
        double[] expected = {0.1, 0.075, 0.1, 0.05, 0.025};
        assertThat(lines).hasSize(expected.length + 1);
        for (int epoch = 0; epoch < expected.length; epoch++) {
            double lr = Double.parseDouble(lines.get(epoch + 1).split(",", -1)[4]);
            assertThat(lr).as("epoch " + epoch).isCloseTo(expected[epoch], org.assertj.core.data.Offset.offset(1e-12 * expected[epoch]));
        }
    }

    /** Pixel-like features without --standardize get one warning naming the widest; standardized, or small, none. */
    @Test
    void unscaledFeatures_getOneWarningUnlessStandardized(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("small,pixel,target\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 7 * 0.1).append(',').append(i * 6 % 256).append(',').append(i % 2).append('\n');
        }
        Path data = Files.writeString(dir.resolve("pixels.csv"), csv);
        String[] common = {"train", "--data", data.toString(), "--epochs", "1", "--quiet"};

        Cli raw = Cli.run(concat(common, "--out", dir.resolve("raw").toString()));
        assertThat(raw.code()).as(raw.err()).isZero();
        assertThat(raw.err().lines()).singleElement().asString().isEqualTo("descent: warning: feature 'pixel' reaches 234;"
                + " unscaled features often stall or derail gradient descent: --standardize rescales them (with"
                + " statistics saved in the model)");
        Cli scaled = Cli.run(concat(common, "--standardize", "--out", dir.resolve("scaled").toString()));
        assertThat(scaled.err()).isEmpty();
        Cli iris = Cli.run("train", "--data", "builtin:iris", "--epochs", "1", "--quiet", "--out", dir.resolve("iris").toString());
        assertThat(iris.err()).isEmpty();
    }

    /** Also with averaged weights, whose average and count the checkpoints keep (none yet for the last swa). */
    @ParameterizedTest
    @ValueSource(strings = {"", "ema(decay=0.95)", "swa(start_epoch=3)", "swa(start_epoch=5)"})
    void resume_givesTheSameWeightsAsAnUninterruptedRun(String average, @TempDir Path dir) throws IOException {
        String[] common = {"train", "--data", "builtin:wine", "--model", "mlp(16,dropout=0.1)", "--optimizer", "adam(lr=0.01)",
                "--batch-size", "16", "--standardize", "--validation-split", "0.2", "--schedule", "cosine(t_max=6)",
                "--checkpoint-every", "2", "--quiet"};
        if (!average.isEmpty()) {
            common = concat(common, "--average", average);
        }
        Path whole = dir.resolve("whole");
        assertThat(Cli.run(concat(common, "--epochs", "6", "--out", whole.toString())).code()).isZero();

        Path part = dir.resolve("part");
        assertThat(Cli.run(concat(common, "--epochs", "4", "--out", part.toString())).code()).isZero();
        assertThat(part.resolve("checkpoints/epoch-0004")).isDirectory();
        assertThat(Checkpoints.latest(part).orElseThrow().state().average().map(a -> a.count()))
                .isEqualTo(switch (average) {
                    case "" -> Optional.empty();
                    case "ema(decay=0.95)" -> Optional.of(36L);     // every update: 4 epochs of 9 batches
                    case "swa(start_epoch=3)" -> Optional.of(2L);   // epochs 3 and 4
                    default -> Optional.of(0L);                     // not begun
                });
        Cli resumed = Cli.run(concat(common, "--epochs", "6", "--resume", part.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).isEqualTo("resumed from epoch 4\n");
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
        assertThat(Files.readAllLines(part.resolve("history.csv"))).isEqualTo(Files.readAllLines(whole.resolve("history.csv")));
    }

    /** Fewer epochs than were checkpointed: the run continues from the newest checkpoint it would have written. */
    @Test
    void resume_withFewerEpochsThanCheckpointed_endsAsTheShorterRun(@TempDir Path dir) throws IOException {
        String[] common = {"train", "--data", "builtin:iris", "--optimizer", "adam(lr=0.01)", "--standardize",
                "--checkpoint-every", "2", "--quiet"};
        Path shorter = dir.resolve("shorter");
        assertThat(Cli.run(concat(common, "--epochs", "3", "--out", shorter.toString())).code()).isZero();

        Path longer = dir.resolve("longer");
        assertThat(Cli.run(concat(common, "--epochs", "6", "--out", longer.toString())).code()).isZero();
        Cli resumed = Cli.run(concat(common, "--epochs", "3", "--resume", longer.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).isEqualTo("resumed from epoch 2\n");
        assertThat(Files.readAllBytes(longer.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(shorter.resolve("weights.bin")));
    }

    /** With each kind of setting: min_delta; a relative least change, a baseline and a warm-up; max mode. */
    @ParameterizedTest
    @ValueSource(strings = {"patience=2,min_delta=0.01", "patience=2,min_delta_relative=0.05,baseline=1,start_from_epoch=3",
            "monitor=val_accuracy,mode=max,patience=2,start_from_epoch=3"})
    void resume_withEarlyStopping_stopsAtTheSameEpochWithTheSameWeights(String spec, @TempDir Path dir) throws IOException {
        String[] common = {"train", "--data", "builtin:wine", "--model", "mlp(16)", "--optimizer", "adam(lr=0.05)",
                "--batch-size", "16", "--standardize", "--validation-split", "0.2", "--checkpoint-every", "1",
                "--early-stopping", spec, "--quiet"};
        Path whole = dir.resolve("whole");
        assertThat(Cli.run(concat(common, "--epochs", "40", "--out", whole.toString())).code()).isZero();
        List<String> wholeHistory = Files.readAllLines(whole.resolve("history.csv"));
        int stopped = Integer.parseInt(wholeHistory.getLast().split(",")[0]);
        assertThat(stopped).as("the uninterrupted run stops early").isBetween(4, 39);

        Path part = dir.resolve("part");
        int first = stopped - 2; // resumed while the patience count is already running, or just before
        assertThat(Cli.run(concat(common, "--epochs", Integer.toString(first), "--out", part.toString())).code()).isZero();
        Cli resumed = Cli.run(concat(common, "--epochs", "40", "--resume", part.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(Files.readAllLines(part.resolve("history.csv"))).isEqualTo(wholeHistory);
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
    }

    @Test
    void resume_withRestoreBest_afterTheBestEpoch_endsWithTheSameWeightsAsAnUninterruptedRun(@TempDir Path dir)
            throws IOException {
        String[] common = {"train", "--data", "builtin:wine", "--model", "mlp(16)", "--optimizer", "adam(lr=0.05)",
                "--batch-size", "16", "--standardize", "--validation-split", "0.2", "--checkpoint-every", "1",
                "--early-stopping", "patience=3,min_delta=0.01,restore_best=true", "--quiet"};
        Path whole = dir.resolve("whole");
        assertThat(Cli.run(concat(common, "--epochs", "40", "--out", whole.toString())).code()).isZero();
        List<String> wholeHistory = Files.readAllLines(whole.resolve("history.csv"));
        int stopped = Integer.parseInt(wholeHistory.getLast().split(",")[0]);
        assertThat(stopped).as("the uninterrupted run stops early").isBetween(5, 39);

        Path part = dir.resolve("part");
        int first = stopped - 1; // two epochs after the best one (stopped - 3), whose weights the checkpoint must keep
        assertThat(Cli.run(concat(common, "--epochs", Integer.toString(first), "--out", part.toString())).code()).isZero();
        Checkpoint checkpoint = Checkpoints.latest(part).orElseThrow();
        assertThat(checkpoint.epoch()).isEqualTo(first);
        EarlyStopping.Best best = checkpoint.best().orElseThrow();
        assertThat(best.epoch()).isEqualTo(stopped - 3);
        assertThat(best.params().bitEquals(checkpoint.state().params())).as("the best weights are not the last").isFalse();

        Cli resumed = Cli.run(concat(common, "--epochs", "40", "--resume", part.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).isEqualTo("resumed from epoch " + first + "\n");
        assertThat(Files.readAllLines(part.resolve("history.csv"))).isEqualTo(wholeHistory);
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
        assertThat(ModelFiles.load(part).params().bitEquals(best.params())).as("the restored weights").isTrue();
    }

    /** A checkpoint at the last epoch leaves nothing to train; the resumed run still ends with the best weights. */
    @Test
    void resume_withRestoreBest_withNoEpochLeft_stillRestoresTheBestWeights(@TempDir Path dir) throws IOException {
        Path part = dir.resolve("part");
        // a min_delta no change reaches: epoch 1 stays the best
        String[] common = {"train", "--data", "builtin:iris", "--epochs", "3", "--checkpoint-every", "1",
                "--early-stopping", "patience=10,min_delta=1000,restore_best=true", "--quiet"};
        assertThat(Cli.run(concat(common, "--out", part.toString())).code()).isZero();
        byte[] restored = Files.readAllBytes(part.resolve("weights.bin"));
        assertThat(Checkpoints.latest(part).orElseThrow().best().orElseThrow().epoch()).isEqualTo(1);

        Cli resumed = Cli.run(concat(common, "--resume", part.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).isEqualTo("resumed from epoch 3\n");
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(restored);
    }

    /**
     * The early-stopping settings are part of the run: a resume that changes them is refused. A checkpoint without
     * best weights (one written before checkpoints kept them) cannot be resumed with restore_best once the best
     * epoch is older than the checkpoint: its weights are gone.
     */
    @Test
    void resume_withRestoreBest_fromACheckpointWithoutBestWeights_isRefused(@TempDir Path dir) throws IOException {
        Path part = dir.resolve("part");
        // a min_delta no change reaches: epoch 1 stays the best
        String[] common = {"train", "--data", "builtin:iris", "--checkpoint-every", "1", "--quiet",
                "--early-stopping", "patience=10,min_delta=1000,restore_best=true"};
        assertThat(Cli.run(concat(common, "--epochs", "3", "--out", part.toString())).code()).isZero();
        Path checkpoint = part.resolve("checkpoints/epoch-0003");
        Files.delete(checkpoint.resolve(Checkpoints.BEST_PARAMS_JSON));
        Files.delete(checkpoint.resolve(Checkpoints.BEST_PARAMS_BIN));
        assertThat(Checkpoints.latest(part).orElseThrow().best()).isEmpty();

        Cli r = Cli.run(concat(common, "--epochs", "5", "--resume", part.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("descent: error: early stopping: restore_best needs the weights of the best epoch so far (1, loss ")
                .endsWith("but the checkpoint holds epoch 3's; resume without restore_best, or from a checkpoint taken at"
                        + " epoch 1");

        Cli changed = Cli.run("train", "--data", "builtin:iris", "--checkpoint-every", "1", "--quiet", "--epochs", "5",
                "--early-stopping", "patience=3", "--resume", part.toString());
        assertThat(changed.code()).isEqualTo(2);
        assertThat(changed.err().lines()).singleElement().asString().isEqualTo("descent: error: --resume: the checkpoint"
                + " was trained with early_stopping=monitor=loss,patience=10,min_delta=1000.0,restore_best=true, this"
                + " command has early_stopping=monitor=loss,patience=3,min_delta=0.0,restore_best=false; resume with"
                + " the same options (only --epochs and --master may change)");
    }

    /**
     * The run configuration records early stopping's spec, which --resume compares as text: with the first four keys
     * only it is the text checkpoints written before the later keys recorded, so that those still resume; the later
     * keys are recorded when set.
     */
    @Test
    void earlyStoppingSpec_inTheRunConfig_isAsBeforeForTheFirstFourKeys(@TempDir Path dir) {
        String[] common = {"train", "--data", "builtin:iris", "--epochs", "1", "--checkpoint-every", "1", "--quiet"};
        Path old = dir.resolve("old");
        assertThat(Cli.run(concat(common, "--early-stopping", "patience=3,min_delta=1e-4", "--out", old.toString())).code()).isZero();
        assertThat(Checkpoints.latest(old).orElseThrow().runConfig().get("early_stopping"))
                .isEqualTo("monitor=loss,patience=3,min_delta=1.0E-4,restore_best=false");
        Path later = dir.resolve("later");
        assertThat(Cli.run(concat(common, "--early-stopping", "patience=3,mode=min,start_from_epoch=2,min_delta_relative=0.01",
                "--out", later.toString())).code()).isZero();
        assertThat(Checkpoints.latest(later).orElseThrow().runConfig().get("early_stopping"))
                .isEqualTo("monitor=loss,patience=3,min_delta=0.0,restore_best=false,mode=min,start_from_epoch=2,min_delta_relative=0.01");
    }

    @Test
    void resume_announcesTheEpochAndRefusesADifferentRun(@TempDir Path dir) {
        Path part = dir.resolve("part");
        String[] common = {"train", "--data", "builtin:iris", "--epochs", "2", "--checkpoint-every", "1", "--quiet"};
        assertThat(Cli.run(concat(common, "--out", part.toString())).code()).isZero();
        Cli different = Cli.run("train", "--data", "builtin:iris", "--epochs", "3", "--seed", "5", "--resume", part.toString(), "--quiet");
        assertThat(different.code()).isEqualTo(2);
        assertThat(different.err()).contains("--resume: the checkpoint was trained with seed=0");
    }

    @Test
    void resume_fromADamagedNewestCheckpoint_warnsAndTakesTheOneBefore(@TempDir Path dir) throws IOException {
        Path part = dir.resolve("part");
        String[] common = {"train", "--data", "builtin:iris", "--checkpoint-every", "1", "--quiet"};
        assertThat(Cli.run(concat(common, "--epochs", "2", "--out", part.toString())).code()).isZero();
        Path weights = part.resolve("checkpoints/epoch-0002/weights.bin");
        byte[] bytes = Files.readAllBytes(weights);
        bytes[0] ^= 1;
        Files.write(weights, bytes);
        Cli resumed = Cli.run(concat(common, "--epochs", "3", "--resume", part.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        List<String> lines = resumed.err().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("descent: warning: skipping damaged checkpoint epoch-0002: ")
                .contains("weights.bin");
        assertThat(lines.get(1)).isEqualTo("resumed from epoch 1");
    }

    @Test
    void resume_withoutCheckpoint_startsFromTheBeginning(@TempDir Path dir) {
        Cli r = Cli.run("train", "--data", "builtin:iris", "--epochs", "1", "--resume", dir.resolve("fresh").toString(), "--quiet");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("no complete checkpoint").contains("starting from the beginning");
        assertThat(dir.resolve("fresh/model.json")).exists();
    }

    @Test
    void divergence_exitsOne(@TempDir Path dir) {
        Cli r = Cli.run("train", "--data", "builtin:diabetes", "--optimizer", "sgd(lr=100)", "--epochs", "20",
                "--out", dir.resolve("m").toString(), "--quiet");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("training failed: the loss became").contains("smaller learning rate");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void theEffectiveSettingsArePrintedBeforeTrainingUnlessQuiet(@TempDir Path dir) {
        List<String> args = List.of("train", "--data", "builtin:digits", "--model", "mlp(64,dropout=0.2)", "--loss", "ce",
                "--optimizer", "adam", "--schedule", "cosine(t_max=10)", "--epochs", "1", "--standardize", "--l2", "1e-4");
        Cli r = Cli.run(concat(args, "--out", dir.resolve("a").toString()));
        assertThat(r.code()).as(r.err()).isZero();
        // 64·64 + 64 + 64·10 + 10 parameters; the optimizer with every default written out
        assertThat(r.err()).contains("descent: mlp(64,dropout=0.2), widths 64-64-10, 4,810 parameters; loss ce; "
                + "optimizer adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, weight_decay=0, amsgrad=false) with "
                + "schedule cosine(t_max=10, eta_min=0) per epoch; batch 32, 1 epoch, seed 0, float32, l2 1.0E-4\n");
        Cli quiet = Cli.run(concat(args, "--out", dir.resolve("b").toString(), "--quiet"));
        assertThat(quiet.code()).isZero();
        assertThat(quiet.err()).doesNotContain("parameters;");
        // the clipping thresholds that are set, in the order they apply
        Cli clipped = Cli.run(concat(args, "--clip-value", "5", "--clip-norm", "1", "--out", dir.resolve("c").toString()));
        assertThat(clipped.code()).as(clipped.err()).isZero();
        assertThat(clipped.err()).contains("float32, l2 1.0E-4, clip value 5.0, clip norm 1.0\n");
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aLastUpdateThatBreaksTheWeightsFailsTheRunAndWritesNoModel(@TempDir Path dir) {
        // one full-batch step: its loss is finite (taken before the update), the update leaves the weights infinite
        Cli r = Cli.run("train", "--data", "builtin:diabetes", "--model", "linear", "--loss", "mse", "--optimizer",
                "sgd(lr=1e38)", "--batch-size", "full", "--epochs", "1", "--out", dir.resolve("m").toString(), "--quiet");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("descent: error: training failed: the weights of dense_1/kernel became Infinity "
                + "in the last update of epoch 1 (step 1, gradient norm ").contains("lr=1.0E38; try a smaller learning rate");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void badInput_getsOneLineAndExitTwo(@TempDir Path dir) throws IOException {
        String out = dir.resolve("m").toString();
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b,target\n1,2,3\n4,5\n");
        Path words = dir.resolve("words.csv");
        Files.writeString(words, "a,b,target\n1,x,3\n");
        assertUsageError(Cli.run("train", "--data", ragged.toString(), "--out", out), "ragged.csv:3");
        assertUsageError(Cli.run("train", "--data", words.toString(), "--out", out), "words.csv:2: column 2 (b)");
        assertUsageError(Cli.run("train", "--data", "builtin:irs", "--out", out), "unknown built-in data set 'irs'");
        assertUsageError(Cli.run("train", "--data", "builtin:iris", "--target", "species", "--out", out), "species");
        assertUsageError(Cli.run("train", "--data", "builtin:iris", "--model", "mlp(x)", "--out", out), "mlp");
        assertUsageError(Cli.run("train", "--data", "builtin:iris", "--loss", "mse", "--out", out), "--loss mse is for regression");
        assertUsageError(Cli.run("train", "--data", "builtin:diabetes", "--loss", "ce", "--out", out), "needs a class target");
        assertUsageError(Cli.run("train", "--data", "builtin:iris", "--batch-size", "zero", "--out", out), "batch");
        assertUsageError(Cli.run("train", "--data", "builtin:iris", "--optimizer", "adam(lr=-1)", "--out", out), "lr must be >= 0");
        assertUsageError(Cli.run("train", "--data", "builtin:iris"), "--out DIR is required");
        assertUsageError(Cli.run("train", "--data", "builtin:iris", "--dtype", "float16", "--out", out), "float32 or float64");
        assertUsageError(Cli.run("train", "--data", "builtin:iris", "--schedule-unit", "epochs", "--out", out),
                "schedule unit must be epoch or step, got 'epochs'");
        assertUsageError(Cli.run("evaluate", "--model", dir.resolve("nothing").toString(), "--data", "builtin:iris"), "nothing");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void anOutputThatCannotBeADirectory_isAnInputErrorBeforeTraining(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertUsageError(Cli.run("train", "--data", "builtin:iris", "--epochs", "1", "--out", file.toString(), "--quiet"),
                "file.txt: is a file; expected a directory");
        assertUsageError(Cli.run("train", "--data", "builtin:iris", "--epochs", "1", "--out", file.resolve("m").toString(),
                "--quiet"), "file.txt is a file, not a directory");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void anOutputFileThatCannotBeWritten_isAnInputErrorNotATrainingFailure(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m");
        // a non-empty directory where model.json should go: the rename onto it fails
        Files.createDirectories(out.resolve("model.json"));
        Files.writeString(out.resolve("model.json/keep"), "x");
        Cli r = Cli.run("train", "--data", "builtin:iris", "--epochs", "1", "--out", out.toString(), "--quiet");
        assertUsageError(r, "model.json: cannot write");
        assertThat(r.err()).doesNotContain("internal error");
    }

    @Test
    void datasets_listsTheBuiltins() {
        Cli r = Cli.run("datasets");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("builtin:iris").contains("builtin:digits").contains("builtin:diabetes")
                .contains("builtin:breast_cancer").contains("builtin:wine").contains("builtin:auto_mpg");
        // the columns line up: every row's count of rows ends where the header's "rows" ends
        List<String> lines = r.out().lines().toList();
        int rowsEnd = lines.getFirst().indexOf("rows") + "rows".length();
        assertThat(lines).hasSize(7);
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line.substring(0, rowsEnd)).as(line).matches("builtin:\\w+ +\\d+");
            assertThat(line.charAt(rowsEnd)).as(line).isEqualTo(' ');
        }
    }

    private static void assertUsageError(Cli r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent: error: ").contains(fragment);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
