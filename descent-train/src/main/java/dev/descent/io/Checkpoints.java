package dev.descent.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.optim.AverageState;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.schedule.Plateau;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import dev.descent.train.TrainState;
import dev.descent.train.callback.EarlyStopping;
import dev.descent.train.callback.History;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Training checkpoints: {@code <out>/checkpoints/epoch-NNNN/} (the epoch count, zero-padded to four digits),
 * each written into a temporary directory {@code <out>/checkpoints/.epoch-NNNN.<random>} and then renamed, so a
 * checkpoint is either complete or absent. The files are described in the package documentation.
 *
 * <pre>{@code
 * Checkpoints.write(out, model, state, history, runConfig, tracker.best());   // every E epochs (with state's average)
 * Optional<Checkpoint> resume = Checkpoints.latest(out);                       // --resume out
 * }</pre>
 *
 * <p>A checkpoint's {@code model.json} and {@code weights.bin} hold the model as of its epoch,
 * {@link TrainState#modelParams()}: with an average (once it has begun), the averaged weights, which that epoch's
 * validation measured and which {@code descent predict} and {@code evaluate} read, as PyTorch users save an
 * {@code AveragedModel} and Keras' {@code ModelCheckpoint} saves the EMA weights swapped in. The live weights that
 * training continues from are then kept beside them ({@link #LIVE_PARAMS_JSON}).
 */
public final class Checkpoints {

    /** The directory under the output directory that holds the checkpoints. */
    public static final String DIRECTORY = "checkpoints";

    /** The optimizer state's index file. */
    public static final String OPTIMIZER_JSON = "optimizer.json";

    /** The optimizer state's slot buffers. */
    public static final String OPTIMIZER_BIN = "optimizer.bin";

    /** Epoch, step, plateau state and run configuration. */
    public static final String TRAIN_STATE_JSON = "train_state.json";

    /** The history's records. */
    public static final String HISTORY_JSON = "history.json";

    /** The best epoch's index file, present when early stopping with restore_best kept the best weights. */
    public static final String BEST_PARAMS_JSON = "best_params.json";

    /** The best epoch's parameters. */
    public static final String BEST_PARAMS_BIN = "best_params.bin";

    /** The averaged weights' count and tensor table, present when the run keeps an average. */
    public static final String AVERAGE_JSON = "average.json";

    /** The averaged weights, float64. */
    public static final String AVERAGE_BIN = "average.bin";

    /**
     * The live weights' index file, present when the run keeps an average: {@code model.json} then holds the model as
     * of the checkpoint (the average once it has begun), which predict and evaluate read, and training continues from
     * these.
     */
    public static final String LIVE_PARAMS_JSON = "live_params.json";

    /** The live weights, in the model's dtype. */
    public static final String LIVE_PARAMS_BIN = "live_params.bin";

    /**
     * The key of {@code train_state.json} that says which weights {@code model.json} holds: {@code live} (no average;
     * also what a checkpoint without the key holds) or {@code average} (the live ones are in {@link #LIVE_PARAMS_JSON}).
     */
    private static final String MODEL_WEIGHTS = "model_weights";

    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,9})");

    private Checkpoints() {
    }

    /** The directory name of the checkpoint after {@code epoch} epochs: {@code epoch-0007}. */
    public static String dirName(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        return String.format("epoch-%04d", epoch);
    }

    // ---------------------------------------------------------------- write

    /** {@link #write(Path, SavedModel, TrainState, History, Map, Optional)} without best weights. */
    public static Path write(Path outDir, SavedModel model, TrainState state, History history,
                             Map<String, Object> runConfig) {
        return write(outDir, model, state, history, runConfig, Optional.empty());
    }

    /**
     * Writes the checkpoint after {@code state.epoch()} epochs: into a temporary directory under
     * {@code outDir/checkpoints/} (created if missing), then renamed to {@code epoch-NNNN}, replacing a
     * checkpoint of the same epoch if there is one.
     *
     * @param model everything but the parameters, which are {@code state.modelParams()}: the average once it has begun
     * @param state the state to continue from, with its averaged weights when it keeps them (then its live parameters
     *              go to {@link #LIVE_PARAMS_JSON})
     * @param history the records so far
     * @param runConfig the run's configuration (plain JSON values), for the trainer to check on resume
     * @param best the best epoch so far and its weights, kept by early stopping with restore_best (see
     *             {@link EarlyStopping.Tracker#best()}), so that a resumed run can restore them at the end
     * @return the checkpoint's directory
     * @throws UncheckedIOException naming the file that could not be written
     */
    public static Path write(Path outDir, SavedModel model, TrainState state, History history,
                             Map<String, Object> runConfig, Optional<EarlyStopping.Best> best) {
        Path root = outDir.resolve(DIRECTORY);
        String name = dirName(state.epoch());
        Path target = root.resolve(name);
        // serialize the JSON first, so a bad value fails before anything touches the disk
        ObjectNode trainState = trainStateJson(state, runConfig);
        ObjectNode historyJson = historyJson(history);
        SavedModel withState = model.withParams(state.modelParams());
        Path temp = null;
        try {
            Files.createDirectories(root);
            temp = Atomic.createDirectory(root, "." + name + ".");
            ModelFiles.save(temp, withState);
            writeOptimizer(temp, state.optimizerState());
            Atomic.write(temp.resolve(TRAIN_STATE_JSON), Json.bytes(trainState));
            Atomic.write(temp.resolve(HISTORY_JSON), Json.bytes(historyJson));
            if (best.isPresent()) {
                writeParams(temp, BEST_PARAMS_JSON, BEST_PARAMS_BIN, "epoch", best.get().epoch(), best.get().params());
            }
            if (state.average().isPresent()) {
                AverageState average = state.average().get();
                writeParams(temp, AVERAGE_JSON, AVERAGE_BIN, "count", average.count(), average.average());
                writeParams(temp, LIVE_PARAMS_JSON, LIVE_PARAMS_BIN, "step", state.step(), state.params());
            }
            Path old = null;
            if (Files.exists(target)) {
                old = Atomic.freshName(root, "." + name + ".", ".old");
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            temp = null;
            if (old != null) {
                Atomic.deleteTree(old);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write the checkpoint: " + e, e);
        } finally {
            if (temp != null) {
                try {
                    Atomic.deleteTree(temp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    private static void writeOptimizer(Path dir, OptimizerState state) {
        List<Tensor> tensors = new ArrayList<>();
        ObjectNode json = Json.object();
        json.put("format_version", ModelFiles.FORMAT_VERSION);
        json.put("step", state.step());
        json.set("scalars", Json.numberMap(state.scalars()));
        ObjectNode slots = json.putObject("slots");
        ArrayNode table = Json.array();
        long offset = 0;
        for (Map.Entry<String, Params> slot : state.slots().entrySet()) {
            slots.set(slot.getKey(), Json.strings(slot.getValue().names()));
            for (Map.Entry<String, Tensor> e : slot.getValue().asMap().entrySet()) {
                Tensor t = e.getValue();
                ObjectNode entry = Json.object();
                entry.put("slot", slot.getKey());
                entry.setAll(TensorData.entryJson(e.getKey(), t, offset, true));
                table.add(entry);
                tensors.add(t);
                offset += (long) t.size() * t.dtype().bytes();
            }
        }
        TensorData.Written written = TensorData.write(dir.resolve(OPTIMIZER_BIN), tensors);
        ObjectNode data = json.putObject("data");
        data.put("file", OPTIMIZER_BIN);
        data.put("sha256", written.sha256());
        data.put("bytes", written.bytes());
        data.set("tensors", table);
        Atomic.write(dir.resolve(OPTIMIZER_JSON), Json.bytes(json));
    }

    /**
     * {@code jsonFile} (the format version, {@code field}'s value and the weights table) and {@code binFile}:
     * {@code best_params} with its epoch, {@code average} with its count, {@code live_params} with the step.
     */
    private static void writeParams(Path dir, String jsonFile, String binFile, String field, long value, Params params) {
        ObjectNode json = Json.object();
        json.put("format_version", ModelFiles.FORMAT_VERSION);
        json.put(field, value);
        json.set("weights", ModelFiles.writeWeights(dir, binFile, params));
        Atomic.write(dir.resolve(jsonFile), Json.bytes(json));
    }

    private static ObjectNode trainStateJson(TrainState state, Map<String, Object> runConfig) {
        ObjectNode json = Json.object();
        json.put("format_version", ModelFiles.FORMAT_VERSION);
        json.put("epoch", state.epoch());
        json.put("step", state.step());
        json.put(MODEL_WEIGHTS, state.average().isPresent() ? "average" : "live");
        if (state.plateau().isPresent()) {
            Plateau.State p = state.plateau().get();
            ObjectNode o = json.putObject("plateau");
            o.set("best", Json.number(p.best()));
            o.put("num_bad_epochs", p.numBadEpochs());
            o.put("cooldown_counter", p.cooldownCounter());
            o.put("epochs", p.epochs());
            o.set("lr", Json.number(p.lr()));
        } else {
            json.putNull("plateau");
        }
        json.set("run_config", Json.tree(runConfig, "the run configuration"));
        return json;
    }

    private static ObjectNode historyJson(History history) {
        ObjectNode json = Json.object();
        json.put("format_version", ModelFiles.FORMAT_VERSION);
        ObjectNode steps = json.putObject("steps");
        ArrayNode epoch = steps.putArray("epoch");
        ArrayNode step = steps.putArray("step");
        ArrayNode loss = steps.putArray("loss");
        ArrayNode lr = steps.putArray("lr");
        for (History.StepRecord s : history.steps()) {
            epoch.add(s.epoch());
            step.add(s.step());
            loss.add(Json.number(s.loss()));
            lr.add(Json.number(s.lr()));
        }
        ArrayNode epochs = json.putArray("epochs");
        for (History.EpochRecord e : history.epochs()) {
            ObjectNode o = epochs.addObject();
            o.put("epoch", e.epoch());
            o.put("step", e.step());
            o.set("metrics", Json.numberMap(e.metrics()));
            o.set("gradient_norms", Json.numberMap(e.gradientNorms()));
        }
        json.put("stop_reason", history.stopReason().orElse(null));
        json.put("failure", history.failure().orElse(null));
        return json;
    }

    // ---------------------------------------------------------------- read

    /**
     * The checkpoint directories under {@code outDir/checkpoints/} by name ({@code epoch-NNNN}), lowest epoch
     * first, without reading them; temporary directories are not listed. Empty if there is no such directory.
     */
    public static List<Path> list(Path outDir) {
        Path root = outDir.resolve(DIRECTORY);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                if (NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": cannot list: " + e, e);
        }
        out.sort(Comparator.comparingInt(Checkpoints::epochOf));
        return out;
    }

    private static int epochOf(Path dir) {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** {@link #latest(Path, Consumer)} ignoring the reasons for skipped checkpoints. */
    public static Optional<Checkpoint> latest(Path outDir) {
        return latest(outDir, skipped -> { });
    }

    /**
     * The newest complete checkpoint under {@code outDir/checkpoints/}: the highest epoch whose files all read
     * back and pass their checksums. Temporary directories are ignored; damaged checkpoints are skipped.
     *
     * @param skipped receives one line per skipped checkpoint, {@code epoch-0009: <the problem>}
     * @return empty when there is none
     */
    public static Optional<Checkpoint> latest(Path outDir, Consumer<String> skipped) {
        return latest(outDir, Integer.MAX_VALUE, skipped);
    }

    /**
     * {@link #latest(Path, Consumer)} among the checkpoints of epochs up to {@code maxEpoch}: a run resumed with fewer
     * epochs than were checkpointed continues from where the run of that length was, not past its end.
     */
    public static Optional<Checkpoint> latest(Path outDir, int maxEpoch, Consumer<String> skipped) {
        List<Path> dirs = new ArrayList<>(list(outDir));
        dirs.removeIf(dir -> epochOf(dir) > maxEpoch);
        Collections.reverse(dirs);
        for (Path dir : dirs) {
            try {
                return Optional.of(load(dir));
            } catch (ModelFileException | UncheckedIOException e) {
                skipped.accept(dir.getFileName() + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Reads one checkpoint directory; every file's format version, fields and checksums are checked.
     *
     * @throws ModelFileException one line naming the file and the problem
     */
    public static Checkpoint load(Path dir) {
        SavedModel model = ModelFiles.load(dir);
        OptimizerState optimizer = readOptimizer(dir);

        ObjectNode ts = Json.read(dir, TRAIN_STATE_JSON);
        Fields f = new Fields(TRAIN_STATE_JSON);
        f.checkFormatVersion(ts, ModelFiles.FORMAT_VERSION);
        int epoch = f.intField(ts, "", "epoch");
        long step = f.longField(ts, "", "step");
        if (epoch < 0 || step < 0) {
            throw f.error("epoch and step must be >= 0, got " + epoch + " and " + step);
        }
        int named = epochOf(dir);
        if (named >= 0 && named != epoch) {
            throw f.error("epoch " + epoch + " does not match the directory name " + dir.getFileName());
        }
        Optional<Plateau.State> plateau = Optional.empty();
        JsonNode p = f.nullable(ts, "", "plateau");
        if (p != null) {
            f.object(p, "plateau");
            plateau = Optional.of(new Plateau.State(f.doubleField(p, "plateau", "best"),
                    f.longField(p, "plateau", "num_bad_epochs"), f.longField(p, "plateau", "cooldown_counter"),
                    f.longField(p, "plateau", "epochs"), f.doubleField(p, "plateau", "lr")));
        }
        Map<String, Object> runConfig = f.plainMap(ts, "", "run_config");

        History history = readHistory(dir);
        Optional<AverageState> average = readAverage(dir, model);
        Params live = liveParams(dir, ts, f, model, average.isPresent(), step);
        TrainState state = new TrainState(live, optimizer, plateau, average, epoch, step);
        return new Checkpoint(dir, model, state, history, runConfig, readBest(dir, model, epoch));
    }

    /**
     * The weights training continues from: {@code model.json}'s (a copy) when it holds them, else those of
     * {@code live_params.json}, whose step must be the checkpoint's. A checkpoint written before model.json held the
     * average has no {@value #MODEL_WEIGHTS} key, and its model.json holds the live weights, from which it resumes as
     * it always did.
     */
    private static Params liveParams(Path dir, ObjectNode ts, Fields f, SavedModel model, boolean hasAverage, long step) {
        String holds = ts.has(MODEL_WEIGHTS) ? f.textField(ts, "", MODEL_WEIGHTS) : "live";
        return switch (holds) {
            case "live" -> model.params().copy();
            case "average" -> {
                if (!hasAverage) {
                    throw f.error("field \"" + MODEL_WEIGHTS + "\" is \"average\", but the checkpoint has no " + AVERAGE_JSON);
                }
                yield readParams(dir, LIVE_PARAMS_JSON, "step", step, step, "the checkpoint's step " + step, model,
                        model.dtype()).orElseThrow(() -> new ModelFileException(LIVE_PARAMS_JSON, "not found in " + dir
                                + " (model.json holds the averaged weights, training continues from these)")).params();
            }
            default -> throw f.error("field \"" + MODEL_WEIGHTS + "\" must be \"live\" or \"average\", got \"" + holds + "\"");
        };
    }

    /**
     * The best weights, if the checkpoint has {@code best_params.json}: they must fit the model's architecture and
     * dtype, and their epoch must be one of the checkpoint's.
     */
    private static Optional<EarlyStopping.Best> readBest(Path dir, SavedModel model, int checkpointEpoch) {
        return readParams(dir, BEST_PARAMS_JSON, "epoch", 1, checkpointEpoch,
                "between 1 and the checkpoint's epoch " + checkpointEpoch, model, model.dtype())
                .map(stored -> new EarlyStopping.Best((int) stored.value(), stored.params()));
    }

    /**
     * The averaged weights, if the checkpoint has {@code average.json}: float64 tensors that fit the model's
     * architecture, and a count of at least 0.
     */
    private static Optional<AverageState> readAverage(Path dir, SavedModel model) {
        return readParams(dir, AVERAGE_JSON, "count", 0, Long.MAX_VALUE, ">= 0", model, DType.FLOAT64)
                .map(stored -> AverageState.of(stored.value(), stored.params()));
    }

    /** What a file of {@link #writeParams} holds: its field's value and the weights. */
    private record StoredParams(long value, Params params) {
    }

    /**
     * {@code jsonFile}, if the checkpoint has it, as {@link #writeParams} wrote it: {@code field} must be in
     * [{@code min}, {@code max}] ({@code range} says so in the error), and the weights of {@code dtype} must fit the
     * model's architecture.
     */
    private static Optional<StoredParams> readParams(Path dir, String jsonFile, String field, long min, long max,
                                                     String range, SavedModel model, DType dtype) {
        if (!Files.exists(dir.resolve(jsonFile))) {
            return Optional.empty();
        }
        ObjectNode root = Json.read(dir, jsonFile);
        Fields f = new Fields(jsonFile);
        f.checkFormatVersion(root, ModelFiles.FORMAT_VERSION);
        long value = f.longField(root, "", field);
        if (value < min || value > max) {
            throw f.error("field \"" + field + "\" must be " + range + ", got " + value);
        }
        return Optional.of(new StoredParams(value, ModelFiles.readWeights(dir, f, root, model.stack(),
                model.inputFeatures(), dtype)));
    }

    private static OptimizerState readOptimizer(Path dir) {
        ObjectNode root = Json.read(dir, OPTIMIZER_JSON);
        Fields f = new Fields(OPTIMIZER_JSON);
        f.checkFormatVersion(root, ModelFiles.FORMAT_VERSION);
        long step = f.longField(root, "", "step");
        if (step < 0) {
            throw f.error("field \"step\" must be >= 0, got " + step);
        }
        Map<String, Double> scalars = f.doubleMap(root, "", "scalars");
        ObjectNode slotNames = f.objectField(root, "", "slots");
        ObjectNode data = f.objectField(root, "", "data");
        String file = ModelFiles.fileName(f, data, "data");
        String sha = f.textField(data, "data", "sha256");
        long bytes = f.longField(data, "data", "bytes");
        ArrayNode table = f.arrayField(data, "data", "tensors");

        List<TensorData.Entry> entries = new ArrayList<>();
        List<String> slotOf = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            String at = "data.tensors[" + i + "]";
            JsonNode e = f.object(table.get(i), at);
            slotOf.add(f.textField(e, at, "slot"));
            String dtype = f.textField(e, at, "dtype");
            DType type;
            try {
                type = DType.parse(dtype);
            } catch (IllegalArgumentException ex) {
                throw f.error("field \"" + at + ".dtype\": " + ex.getMessage(), ex);
            }
            entries.add(new TensorData.Entry(f.textField(e, at, "name"), type, TensorData.shape(f, e, at),
                    f.longField(e, at, "offset")));
        }
        // the table must list the slots' tensors in the order "slots" gives
        List<String> expected = new ArrayList<>();
        List<String> expectedSlot = new ArrayList<>();
        for (Map.Entry<String, JsonNode> slot : slotNames.properties()) {
            ArrayNode names = f.array(slot.getValue(), "slots." + slot.getKey());
            for (int i = 0; i < names.size(); i++) {
                expected.add(f.textValue(names.get(i), "slots." + slot.getKey() + "[" + i + "]"));
                expectedSlot.add(slot.getKey());
            }
        }
        List<String> actual = entries.stream().map(TensorData.Entry::name).toList();
        if (!expected.equals(actual) || !expectedSlot.equals(slotOf)) {
            throw f.error("the tensor table does not list the tensors of \"slots\" in order");
        }
        TensorData.checkLayout(f, "data.tensors", entries, bytes);
        List<Tensor> tensors = TensorData.read(dir, file, OPTIMIZER_JSON, entries, bytes, sha);

        Map<String, Params> slots = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, JsonNode> slot : slotNames.properties()) {
            Params.Builder b = Params.builder();
            for (int i = 0; i < slot.getValue().size(); i++, k++) {
                try {
                    b.put(entries.get(k).name(), tensors.get(k));
                } catch (IllegalArgumentException e) {
                    throw f.error("slot " + slot.getKey() + ": " + e.getMessage(), e);
                }
            }
            slots.put(slot.getKey(), b.build());
        }
        return OptimizerState.of(step, scalars, slots);
    }

    private static History readHistory(Path dir) {
        ObjectNode root = Json.read(dir, HISTORY_JSON);
        Fields f = new Fields(HISTORY_JSON);
        f.checkFormatVersion(root, ModelFiles.FORMAT_VERSION);
        ObjectNode steps = f.objectField(root, "", "steps");
        ArrayNode epoch = f.arrayField(steps, "steps", "epoch");
        ArrayNode step = f.arrayField(steps, "steps", "step");
        ArrayNode loss = f.arrayField(steps, "steps", "loss");
        ArrayNode lr = f.arrayField(steps, "steps", "lr");
        int n = epoch.size();
        if (step.size() != n || loss.size() != n || lr.size() != n) {
            throw f.error("the columns of \"steps\" differ in length: epoch " + n + ", step " + step.size() + ", loss "
                    + loss.size() + ", lr " + lr.size());
        }
        List<History.StepRecord> stepRecords = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            stepRecords.add(new History.StepRecord(f.intValue(epoch.get(i), "steps.epoch[" + i + "]"),
                    f.longValue(step.get(i), "steps.step[" + i + "]"),
                    f.doubleValue(loss.get(i), "steps.loss[" + i + "]"),
                    f.doubleValue(lr.get(i), "steps.lr[" + i + "]")));
        }
        ArrayNode epochs = f.arrayField(root, "", "epochs");
        List<History.EpochRecord> epochRecords = new ArrayList<>(epochs.size());
        for (int i = 0; i < epochs.size(); i++) {
            String at = "epochs[" + i + "]";
            JsonNode e = f.object(epochs.get(i), at);
            epochRecords.add(new History.EpochRecord(f.intField(e, at, "epoch"), f.longField(e, at, "step"),
                    Collections.unmodifiableMap(f.doubleMap(e, at, "metrics")),
                    Collections.unmodifiableMap(f.doubleMap(e, at, "gradient_norms"))));
        }
        History history = History.restore(stepRecords, epochRecords);
        JsonNode stop = f.nullable(root, "", "stop_reason");
        JsonNode failure = f.nullable(root, "", "failure");
        if (stop != null || failure != null) {
            history.finish(Optional.ofNullable(stop == null ? null : f.textValue(stop, "stop_reason")),
                    Optional.ofNullable(failure == null ? null : f.textValue(failure, "failure")));
        }
        return history;
    }
}
