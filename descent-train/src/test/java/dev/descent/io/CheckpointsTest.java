package dev.descent.io;

import dev.descent.optim.AverageState;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.schedule.Plateau;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.train.TrainState;
import dev.descent.train.callback.EarlyStopping;
import dev.descent.train.callback.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointsTest {

    @TempDir
    Path out;

    private static SavedModel model(DType dtype) {
        return Fixtures.classifier(dtype, Optional.of(Fixtures.standardizer()), Optional.empty(), 5);
    }

    /** An Adam-like state: step, scalars (including non-finite ones), three slots. */
    private static OptimizerState adamState(Params params, long step) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("mu_product", 0.9135172474836409);
        scalars.put("lr_seen", 1e-300);
        scalars.put("not_finite", Double.NaN);
        scalars.put("negative_zero", -0.0);
        Map<String, Params> slots = new LinkedHashMap<>();
        slots.put("exp_avg", Fixtures.fill(params, 0.1));
        slots.put("exp_avg_sq", Fixtures.fill(params, 1e-7));
        slots.put("max_exp_avg_sq", Fixtures.fill(params, 3e-38).map(t -> t.to(DType.FLOAT64)));
        slots.put("empty", Params.builder().build());
        return OptimizerState.of(step, scalars, slots);
    }

    private static History history(int epochs, int stepsPerEpoch) {
        List<History.StepRecord> steps = new ArrayList<>();
        List<History.EpochRecord> records = new ArrayList<>();
        long step = 0;
        for (int e = 1; e <= epochs; e++) {
            for (int s = 0; s < stepsPerEpoch; s++) {
                step++;
                double loss = step == 3 ? Double.NaN : 1.0 / (step + 2);
                steps.add(new History.StepRecord(e, step, loss, step == 2 ? Double.POSITIVE_INFINITY : 0.001 * e));
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", 1.0 / 3 / e);
            metrics.put("val_loss", e == 1 ? Double.NEGATIVE_INFINITY : 0.5 / e);
            metrics.put("accuracy", 0.9);
            records.add(new History.EpochRecord(e, step, metrics, Map.of("dense_1/kernel", 4.9E-324 * e)));
        }
        return History.restore(steps, records);
    }

    private static Map<String, Object> runConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer", "adam(lr=0.001)");
        c.put("schedule", "plateau(factor=0.5,patience=2)");
        c.put("seed", 0);
        c.put("batch_size", 16);
        c.put("epochs", 20);
        c.put("shuffle", true);
        c.put("standardize", true);
        return c;
    }

    private static TrainState state(SavedModel model, int epoch, double scale) {
        Params params = Fixtures.fill(model.params(), scale);
        return new TrainState(params, adamState(params, epoch * 10L),
                Optional.of(new Plateau.State(Double.POSITIVE_INFINITY, 2, 1, epoch, 0.0005)), Optional.empty(), epoch,
                epoch * 10L);
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripIsBitIdentical(DType dtype) throws IOException {
        SavedModel model = model(dtype);
        TrainState state = state(model, 3, 0.5);
        History history = history(3, 4);
        Path dir = Checkpoints.write(out, model, state, history, runConfig());

        assertThat(dir).isEqualTo(out.resolve("checkpoints/epoch-0003"));
        assertThat(listing(out.resolve("checkpoints"))).containsExactly("epoch-0003");
        assertThat(listing(dir)).containsExactly("history.json", "model.json", "optimizer.bin", "optimizer.json",
                "train_state.json", "weights.bin");

        Checkpoint c = Checkpoints.latest(out).orElseThrow();
        assertThat(c.dir()).isEqualTo(dir);
        assertThat(c.epoch()).isEqualTo(3);
        assertThat(c.state().epoch()).isEqualTo(3);
        assertThat(c.state().step()).isEqualTo(30);
        assertThat(c.state().params().bitEquals(state.params())).isTrue();
        assertThat(c.model().params().bitEquals(state.params())).isTrue();
        assertThat(c.state().optimizerState().bitEquals(state.optimizerState())).isTrue();
        assertThat(c.state().optimizerState().slotNames()).containsExactly("exp_avg", "exp_avg_sq", "max_exp_avg_sq",
                "empty");
        assertThat(c.state().optimizerState().slot("max_exp_avg_sq").get("dense_1/kernel").dtype())
                .isEqualTo(DType.FLOAT64);
        assertThat(c.state().plateau()).isEqualTo(state.plateau());
        assertThat(c.history().steps()).isEqualTo(history.steps());
        assertThat(c.history().epochs()).isEqualTo(history.epochs());
        assertThat(new ArrayList<>(c.history().epochs().getFirst().metrics().keySet()))
                .containsExactly("loss", "val_loss", "accuracy");
        assertThat(c.runConfig()).isEqualTo(runConfig());
        assertThat(c.model().stack()).isEqualTo(model.stack());
        assertThat(c.model().standardizer()).isEqualTo(model.standardizer());
        assertThat(c.model().training()).isEqualTo(model.training());
        assertThat(c.best()).as("written without best weights").isEmpty();

        // the state's parameters are the trainer's to update: independent of the model's
        c.state().params().get("dense_1/bias").set(0, 123);
        assertThat(c.model().params().bitEquals(state.params())).isTrue();
    }

    /** Weights unlike the state's, with a negative zero and a value that is subnormal in float32. */
    private static EarlyStopping.Best best(SavedModel model, int epoch) {
        Params params = Fixtures.fill(model.params(), -0.75);
        params.get("dense_1/bias").set(0, -0.0);
        params.get("dense_1/bias").set(1, 1e-45);
        return new EarlyStopping.Best(epoch, params);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void bestWeightsRoundTripBitIdentical(DType dtype) throws IOException {
        SavedModel model = model(dtype);
        TrainState state = state(model, 5, 0.5);
        EarlyStopping.Best best = best(model, 2);
        Path dir = Checkpoints.write(out, model, state, history(5, 2), runConfig(), Optional.of(best));
        assertThat(listing(dir)).containsExactly("best_params.bin", "best_params.json", "history.json", "model.json",
                "optimizer.bin", "optimizer.json", "train_state.json", "weights.bin");

        Checkpoint c = Checkpoints.latest(out).orElseThrow();
        EarlyStopping.Best read = c.best().orElseThrow();
        assertThat(read.epoch()).isEqualTo(2);
        assertThat(read.params().bitEquals(best.params())).isTrue();
        assertThat(read.params().get("dense_1/bias").dtype()).isEqualTo(dtype);
        assertThat(c.state().params().bitEquals(state.params())).as("the current weights are not the best").isTrue();
        assertThat(Files.readString(dir.resolve("best_params.json"))).startsWith("""
                {
                  "format_version": 1,
                  "epoch": 2,
                  "weights": {
                    "file": "best_params.bin",
                """);
    }

    /** A float32 run's average: float64 tensors (a value float32 cannot hold among them) and its count. */
    private static TrainState withAverage(TrainState state, long count) {
        Params average = Fixtures.fill(state.params(), 0.25).map(t -> t.to(DType.FLOAT64));
        average.get("dense_1/bias").set(0, 1 + 0x1p-40);
        return new TrainState(state.params(), state.optimizerState(), state.plateau(),
                Optional.of(AverageState.of(count, average)), state.epoch(), state.step());
    }

    /**
     * The average and its count round-trip bit for bit in float64; the model files hold the average rounded to the
     * model's float32 (what predict and evaluate read), and the live weights, which training continues from, are kept
     * beside them.
     */
    @Test
    void averagedWeightsRoundTripBitIdenticalInFloat64_andAreTheCheckpointsModel() throws IOException {
        SavedModel model = model(DType.FLOAT32);
        TrainState state = withAverage(state(model, 5, 0.5), 7);
        Path dir = Checkpoints.write(out, model, state, history(5, 2), runConfig());
        assertThat(listing(dir)).containsExactly("average.bin", "average.json", "history.json", "live_params.bin",
                "live_params.json", "model.json", "optimizer.bin", "optimizer.json", "train_state.json", "weights.bin");
        assertThat(Files.readString(dir.resolve("average.json"))).startsWith("""
                {
                  "format_version": 1,
                  "count": 7,
                  "weights": {
                    "file": "average.bin",
                """);
        assertThat(Files.readString(dir.resolve("live_params.json"))).startsWith("""
                {
                  "format_version": 1,
                  "step": 50,
                  "weights": {
                    "file": "live_params.bin",
                """);
        assertThat(Files.readString(dir.resolve("train_state.json"))).contains("\n  \"model_weights\": \"average\",\n");

        Checkpoint c = Checkpoints.latest(out).orElseThrow();
        TrainState read = c.state();
        assertThat(read.average().orElseThrow().bitEquals(state.average().orElseThrow())).isTrue();
        assertThat(read.average().orElseThrow().average().get("dense_1/bias").at(0)).isEqualTo(1 + 0x1p-40);
        assertThat(read.params().bitEquals(state.params())).as("the live weights, not the average").isTrue();
        // 0.25·fill in float32; 1 + 2^-40 rounds to 1 in float32 (24 significant bits)
        Params rounded = state.average().orElseThrow().average().map(t -> t.to(DType.FLOAT32));
        assertThat(rounded.get("dense_1/bias").at(0)).isEqualTo(1.0);
        assertThat(c.model().params().bitEquals(rounded)).as("the model: the average in the model's dtype").isTrue();
        assertThat(ModelFiles.load(dir).params().bitEquals(rounded)).isTrue();
        assertThat(Checkpoints.load(Checkpoints.write(out, model, state(model, 6, 0.5), history(6, 2), runConfig()))
                .state().average()).as("a run without an average writes none").isEmpty();
    }

    /** An swa average that has not begun (count 0): the model is the live weights, which are also kept apart. */
    @Test
    void anAverageNotBegun_leavesTheLiveWeightsAsTheModel() {
        SavedModel model = model(DType.FLOAT64);
        TrainState state = withAverage(state(model, 2, 0.5), 0);
        Checkpoint c = Checkpoints.load(Checkpoints.write(out, model, state, history(2, 2), runConfig()));
        assertThat(c.model().params().bitEquals(state.params())).isTrue();
        assertThat(c.state().params().bitEquals(state.params())).isTrue();
        assertThat(c.state().average().orElseThrow().count()).isZero();
    }

    /**
     * A checkpoint written before model.json held the average: no model_weights key, no live_params files, and the live
     * weights in model.json (as that writer left them). It still reads back to the state it was written from.
     */
    @Test
    void anOlderAveragedCheckpoint_withTheLiveWeightsInModelJson_readsBackTheSameState() throws IOException {
        SavedModel model = model(DType.FLOAT32);
        TrainState state = withAverage(state(model, 3, 0.5), 4);
        Path dir = Checkpoints.write(out, model, state, history(3, 2), runConfig());
        Files.delete(dir.resolve("live_params.json"));
        Files.delete(dir.resolve("live_params.bin"));
        Path ts = dir.resolve("train_state.json");
        Files.writeString(ts, Files.readString(ts).replace("  \"model_weights\": \"average\",\n", ""));
        ModelFiles.save(dir, model.withParams(state.params()));

        Checkpoint c = Checkpoints.load(dir);
        assertThat(c.state().params().bitEquals(state.params())).isTrue();
        assertThat(c.state().average().orElseThrow().bitEquals(state.average().orElseThrow())).isTrue();
    }

    @Test
    void missingOrInconsistentLiveWeightsAreNamed() throws IOException {
        SavedModel model = model(DType.FLOAT32);
        Checkpoints.write(out, model, withAverage(state(model, 2, 1), 3), history(2, 1), runConfig());
        Path dir = Checkpoints.write(out, model, withAverage(state(model, 4, 1), 3), history(4, 1), runConfig());
        Path json = dir.resolve("live_params.json");
        String text = Files.readString(json);
        assertEditedFileRefused(dir, json, text.replace("\"step\": 40", "\"step\": 39"),
                "live_params.json: field \"step\" must be the checkpoint's step 40, got 39");
        Files.delete(json);
        assertThatThrownBy(() -> Checkpoints.load(dir)).hasMessage("live_params.json: not found in " + dir
                + " (model.json holds the averaged weights, training continues from these)");
        List<String> skipped = new ArrayList<>();
        assertThat(Checkpoints.latest(out, skipped::add).orElseThrow().epoch()).isEqualTo(2);
        assertThat(skipped).singleElement().asString().startsWith("epoch-0004: live_params.json: not found");

        Files.writeString(json, text);
        Path ts = dir.resolve("train_state.json");
        String state = Files.readString(ts);
        assertEditedFileRefused(dir, ts, state.replace("\"model_weights\": \"average\"", "\"model_weights\": \"mean\""),
                "train_state.json: field \"model_weights\" must be \"live\" or \"average\", got \"mean\"");
        Files.writeString(ts, state);
        Files.delete(dir.resolve("average.json"));
        assertThatThrownBy(() -> Checkpoints.load(dir))
                .hasMessage("train_state.json: field \"model_weights\" is \"average\", but the checkpoint has no average.json");
    }

    @Test
    void damagedAveragesAreNamed() throws IOException {
        SavedModel model = model(DType.FLOAT32);
        Path dir = Checkpoints.write(out, model, withAverage(state(model, 4, 1), 3), history(4, 1), runConfig());
        Path bin = dir.resolve("average.bin");
        byte[] bytes = Files.readAllBytes(bin);
        bytes[9] ^= 0x01;
        Files.write(bin, bytes);
        assertThatThrownBy(() -> Checkpoints.load(dir)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("average.bin: checksum mismatch (the file is damaged or was changed)");
        Path json = dir.resolve("average.json");
        Files.writeString(json, Files.readString(json).replace("\"count\": 3", "\"count\": -1"));
        assertThatThrownBy(() -> Checkpoints.load(dir)).hasMessage("average.json: field \"count\" must be >= 0, got -1");
    }

    /** Writes {@code edited} into {@code file} of checkpoint {@code dir}, which then fails to load with {@code message}. */
    private static void assertEditedFileRefused(Path dir, Path file, String edited, String message) throws IOException {
        Files.writeString(file, edited);
        assertThatThrownBy(() -> Checkpoints.load(dir)).hasMessage(message);
    }

    @Test
    void damagedBestWeightsAreNamedAndTheCheckpointSkipped() throws IOException {
        SavedModel model = model(DType.FLOAT32);
        Checkpoints.write(out, model, state(model, 2, 1), history(2, 1), runConfig(), Optional.of(best(model, 1)));
        Path dir = Checkpoints.write(out, model, state(model, 4, 1), history(4, 1), runConfig(), Optional.of(best(model, 3)));
        Path bin = dir.resolve("best_params.bin");
        byte[] bytes = Files.readAllBytes(bin);
        bytes[5] ^= 0x01;
        Files.write(bin, bytes);
        assertThatThrownBy(() -> Checkpoints.load(dir)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("best_params.bin: checksum mismatch (the file is damaged or was changed)");
        List<String> skipped = new ArrayList<>();
        assertThat(Checkpoints.latest(out, skipped::add).orElseThrow().epoch()).isEqualTo(2);
        assertThat(skipped).singleElement().asString().startsWith("epoch-0004: best_params.bin: checksum mismatch");

        Files.delete(bin);
        assertThatThrownBy(() -> Checkpoints.load(dir)).hasMessage("best_params.bin: not found in " + dir);

        Path json = dir.resolve("best_params.json");
        String text = Files.readString(json);
        Files.writeString(json, text.replace("\"epoch\": 3", "\"epoch\": 5"));
        assertThatThrownBy(() -> Checkpoints.load(dir))
                .hasMessage("best_params.json: field \"epoch\" must be between 1 and the checkpoint's epoch 4, got 5");
        Files.writeString(json, text.replace("\"name\": \"hidden/bias\"", "\"name\": \"hidden/gamma\""));
        assertThatThrownBy(() -> Checkpoints.load(dir)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("best_params.json: the tensor table [").hasMessageContaining("hidden/gamma");
        Files.writeString(json, "{ \"format_version\": 1, \"epoch\": 3 ");
        assertThatThrownBy(() -> Checkpoints.load(dir)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("best_params.json: ");
    }

    @Test
    void aStateWithoutPlateauOrSlotsRoundTrips() {
        SavedModel model = Fixtures.regression(DType.FLOAT64);
        TrainState state = TrainState.initial(model.params(), OptimizerState.of(0, Map.of(), Map.of()));
        Checkpoints.write(out, model, state, new History(), Map.of());
        Checkpoint c = Checkpoints.latest(out).orElseThrow();
        assertThat(c.dir().getFileName().toString()).isEqualTo("epoch-0000");
        assertThat(c.state().plateau()).isEmpty();
        assertThat(c.state().optimizerState().bitEquals(state.optimizerState())).isTrue();
        assertThat(c.history().steps()).isEmpty();
        assertThat(c.history().stopReason()).isEmpty();
        assertThat(c.runConfig()).isEmpty();
    }

    @Test
    void latestPicksTheHighestEpochNumerically() {
        SavedModel model = model(DType.FLOAT32);
        for (int epoch : new int[] {2, 10, 9999, 5, 10000}) {
            Checkpoints.write(out, model, state(model, epoch, epoch), history(1, 1), runConfig());
        }
        assertThat(Checkpoints.list(out)).extracting(p -> p.getFileName().toString())
                .containsExactly("epoch-0002", "epoch-0005", "epoch-0010", "epoch-9999", "epoch-10000");
        Checkpoint c = Checkpoints.latest(out).orElseThrow();
        assertThat(c.epoch()).isEqualTo(10000);
        assertThat(c.state().params().bitEquals(state(model, 10000, 10000).params())).isTrue();
    }

    @Test
    void temporaryAndDamagedCheckpointsAreIgnored() throws IOException {
        SavedModel model = model(DType.FLOAT32);
        Checkpoints.write(out, model, state(model, 4, 1), history(4, 2), runConfig());
        Path eight = Checkpoints.write(out, model, state(model, 8, 2), history(8, 2), runConfig());
        Path twelve = Checkpoints.write(out, model, state(model, 12, 3), history(12, 2), runConfig());

        // a checkpoint being written when the run was killed: a temporary directory, partly filled
        Path temp = Files.createDirectories(out.resolve("checkpoints/.epoch-0016.8731"));
        Files.copy(twelve.resolve("model.json"), temp.resolve("model.json"));
        Files.createDirectories(out.resolve("checkpoints/epoch-0020.tmp"));
        Files.writeString(out.resolve("checkpoints/epoch-0024"), "a file, not a directory");
        assertThat(Checkpoints.latest(out).orElseThrow().epoch()).isEqualTo(12);

        // damage the newest two: one optimizer.bin flipped, one history.json missing
        Path bin = twelve.resolve("optimizer.bin");
        byte[] bytes = Files.readAllBytes(bin);
        bytes[7] ^= 0x40;
        Files.write(bin, bytes);
        Files.delete(eight.resolve("history.json"));
        List<String> skipped = new ArrayList<>();
        Checkpoint c = Checkpoints.latest(out, skipped::add).orElseThrow();
        assertThat(c.epoch()).isEqualTo(4);
        assertThat(skipped).hasSize(2);
        assertThat(skipped.get(0)).startsWith("epoch-0012: optimizer.bin: checksum mismatch (the file is damaged or"
                + " was changed): expected ");
        assertThat(skipped.get(1)).isEqualTo("epoch-0008: history.json: not found in " + eight);
        assertThatThrownBy(() -> Checkpoints.load(twelve)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("optimizer.bin: checksum mismatch");
    }

    @Test
    void noCheckpointIsEmpty() throws IOException {
        assertThat(Checkpoints.latest(out)).isEmpty();
        Files.createDirectories(out.resolve("checkpoints/.epoch-0001.123"));
        assertThat(Checkpoints.latest(out)).isEmpty();
        assertThat(Checkpoints.list(out)).isEmpty();
    }

    @Test
    void rewritingAnEpochReplacesItWithoutLeftovers() throws IOException {
        SavedModel model = model(DType.FLOAT64);
        Checkpoints.write(out, model, state(model, 3, 1), history(3, 1), runConfig());
        TrainState second = state(model, 3, 2);
        Checkpoints.write(out, model, second, history(3, 2), runConfig());
        assertThat(listing(out.resolve("checkpoints"))).containsExactly("epoch-0003");
        Checkpoint c = Checkpoints.latest(out).orElseThrow();
        assertThat(c.state().params().bitEquals(second.params())).isTrue();
        assertThat(c.history().steps()).hasSize(6);
    }

    @Test
    void aFailedWriteLeavesNoCheckpoint() throws IOException {
        SavedModel model = model(DType.FLOAT32).withTraining(Map.of("bad", new Object()));
        assertThatThrownBy(() -> Checkpoints.write(out, model, state(model, 1, 1), history(1, 1), runConfig()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(listing(out.resolve("checkpoints"))).isEmpty();
        Map<String, Object> bad = Map.of("x", new Object());
        assertThatThrownBy(() -> Checkpoints.write(out, model(DType.FLOAT32), state(model, 1, 1), history(1, 1), bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run configuration");
        assertThat(listing(out.resolve("checkpoints"))).isEmpty();
    }

    @Test
    void inconsistentFilesAreRefused() throws IOException {
        SavedModel model = model(DType.FLOAT32);
        Path dir = Checkpoints.write(out, model, state(model, 2, 1), history(2, 1), runConfig());
        Path renamed = out.resolve("checkpoints/epoch-0007");
        Files.move(dir, renamed);
        assertThatThrownBy(() -> Checkpoints.load(renamed))
                .hasMessage("train_state.json: epoch 2 does not match the directory name epoch-0007");
        Files.move(renamed, dir);

        Path opt = dir.resolve("optimizer.json");
        String json = Files.readString(opt);
        Files.writeString(opt, json.replace("\"format_version\": 1", "\"format_version\": 2"));
        assertThatThrownBy(() -> Checkpoints.load(dir))
                .hasMessage("optimizer.json: format_version 2 is not supported (this descent reads 1)");
        Files.writeString(opt, json.replace("\"exp_avg_sq\": [", "\"exp_avg_sq2\": ["));
        assertThatThrownBy(() -> Checkpoints.load(dir))
                .hasMessage("optimizer.json: the tensor table does not list the tensors of \"slots\" in order");
        Files.writeString(opt, json);
        assertThat(Checkpoints.load(dir).epoch()).isEqualTo(2);

        Path hist = dir.resolve("history.json");
        String h = Files.readString(hist);
        Files.writeString(hist, h.replaceFirst("\"loss\": \\[ ", "\"loss\": [ 1.0, "));
        assertThatThrownBy(() -> Checkpoints.load(dir))
                .hasMessage("history.json: the columns of \"steps\" differ in length: epoch 2, step 2, loss 3, lr 2");
    }

    @Test
    void checkpointJsonFilesAreReadable() throws IOException {
        SavedModel model = model(DType.FLOAT32);
        Path dir = Checkpoints.write(out, model, state(model, 1, 1), history(1, 3), runConfig());
        assertThat(Files.readString(dir.resolve("train_state.json"))).startsWith("""
                {
                  "format_version": 1,
                  "epoch": 1,
                  "step": 10,
                  "model_weights": "live",
                  "plateau": {
                    "best": "Infinity",
                    "num_bad_epochs": 2,
                    "cooldown_counter": 1,
                    "epochs": 1,
                    "lr": 5.0E-4
                  },
                  "run_config": {
                    "optimizer": "adam(lr=0.001)",
                """);
        assertThat(Files.readString(dir.resolve("history.json"))).contains("""
                  "steps": {
                    "epoch": [ 1, 1, 1 ],
                    "step": [ 1, 2, 3 ],
                    "loss": [ 0.3333333333333333, 0.25, "NaN" ],
                    "lr": [ 0.001, "Infinity", 0.001 ]
                  },
                """);
        assertThat(Files.readString(dir.resolve("optimizer.json"))).contains("""
                  "scalars": {
                    "mu_product": 0.9135172474836409,
                    "lr_seen": 1.0E-300,
                    "not_finite": "NaN",
                    "negative_zero": -0.0
                  },
                  "slots": {
                    "exp_avg": [ "dense_1/kernel", "dense_1/bias", "hidden/kernel", "hidden/bias", \
                "dense_2/kernel", "dense_2/bias" ],
                """);
    }
}
