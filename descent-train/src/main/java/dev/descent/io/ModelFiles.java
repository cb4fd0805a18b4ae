package dev.descent.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.Standardizer;
import dev.descent.data.Task;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Dropout;
import dev.descent.nn.Initializer;
import dev.descent.nn.Layer;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.L1;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.Penalty;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import dev.descent.train.callback.History;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and writes a model directory ({@code model.json} + {@code weights.bin}) and the run's
 * {@code metrics.json} and {@code history.csv}. The formats are described field by field in the package
 * documentation. Every file is written atomically (temporary file in the same directory, then renamed).
 *
 * <pre>{@code
 * ModelFiles.save(out, model);
 * SavedModel again = ModelFiles.load(out);                    // bit-identical parameters
 * }</pre>
 */
public final class ModelFiles {

    /** The version of {@code model.json} (and of the checkpoint files) this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** The index file of a model directory. */
    public static final String MODEL_JSON = "model.json";

    /** The parameter data of a model directory. */
    public static final String WEIGHTS_BIN = "weights.bin";

    /**
     * The keys of {@code metrics.json} in the order they are written; other keys follow in alphabetical order.
     */
    public static final List<String> METRIC_ORDER = List.of("loss", "objective", "accuracy", "precision", "recall",
            "f1", "mse", "rmse", "mae", "r2", "n", "engine", "spark_master", "spark_mode");

    private ModelFiles() {
    }

    // ---------------------------------------------------------------- save

    /**
     * Writes {@code weights.bin}, then {@code model.json}, into {@code dir} (created if missing), each
     * atomically; other files in {@code dir} are left alone.
     *
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     * @throws IllegalArgumentException when a {@code training} value is not plain JSON
     */
    public static void save(Path dir, SavedModel model) {
        ObjectNode json = modelJson(model);
        json.set("weights", writeWeights(dir, WEIGHTS_BIN, model.params()));
        Atomic.write(dir.resolve(MODEL_JSON), Json.bytes(json));
    }

    /**
     * Writes {@code params} to {@code dir/file} atomically and returns the JSON object that describes it, the
     * {@code weights} field of {@code model.json}: {@code {"file", "sha256", "bytes", "tensors"}}. Checkpoints
     * store their best weights the same way, so {@link #readWeights} reads both.
     */
    static ObjectNode writeWeights(Path dir, String file, Params params) {
        List<Tensor> tensors = new ArrayList<>(params.asMap().values());
        TensorData.Written written = TensorData.write(dir.resolve(file), tensors);
        ObjectNode weights = Json.object();
        weights.put("file", file);
        weights.put("sha256", written.sha256());
        weights.put("bytes", written.bytes());
        ArrayNode table = weights.putArray("tensors");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            table.add(TensorData.entryJson(e.getKey(), e.getValue(), offset, false));
            offset += (long) e.getValue().size() * e.getValue().dtype().bytes();
        }
        return weights;
    }

    /**
     * The SHA-256 that {@code weights.bin} has when it holds {@code params}: for a loaded model, the checksum its
     * {@code model.json} records (loading checked the file against it). A warm-started model records its starting
     * point's this way.
     */
    public static String weightsSha256(Params params) {
        return TensorData.sha256(new ArrayList<>(params.asMap().values()));
    }

    /** The layers as model.json writes them. */
    private static ArrayNode layersJson(Stack stack) {
        ArrayNode layers = Json.array();
        for (Layer layer : stack.layers()) {
            ObjectNode l = layers.addObject();
            switch (layer) {
                case Dense d -> {
                    l.put("type", "dense");
                    l.put("name", d.name());
                    l.put("units", d.units());
                    l.put("activation", d.activation().specName());
                    l.put("kernel_initializer", d.kernelInitializer().spec());
                    l.put("bias_initializer", d.biasInitializer().spec());
                }
                case Dropout d -> {
                    l.put("type", "dropout");
                    l.put("name", d.name());
                    l.set("rate", Json.number(d.rate()));
                }
            }
        }
        return layers;
    }

    /**
     * The architecture of {@code stack} as text: model.json's {@code layers} object, which
     * {@link #architecture(String)} reads back to an equal stack. For a process that rebuilds the model
     * elsewhere (a cluster's executors) without the weights.
     */
    public static String architecture(Stack stack) {
        ObjectNode json = Json.object();
        json.set("layers", layersJson(stack));
        return Json.text(json);
    }

    /** The stack of an {@link #architecture(Stack)} text. */
    public static Stack architecture(String text) {
        Fields f = new Fields("architecture");
        try {
            return layers(f, (ObjectNode) Json.MAPPER.readTree(text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
            throw f.error("not an architecture: " + e.getMessage(), e);
        }
    }

    /** model.json without the weights table. */
    private static ObjectNode modelJson(SavedModel m) {
        ObjectNode json = Json.object();
        json.put("format_version", FORMAT_VERSION);
        json.set("layers", layersJson(m.stack()));
        json.put("input_features", m.inputFeatures());
        json.put("dtype", m.dtype().label());
        json.set("feature_names", Json.strings(m.featureNames()));
        json.put("target", m.targetName());
        json.put("task", m.task().label());
        json.set("classes", Json.strings(m.classes()));
        if (m.standardizer().isPresent()) {
            ObjectNode s = json.putObject("standardizer");
            s.set("mean", Json.numbers(m.standardizer().get().mean()));
            s.set("std", Json.numbers(m.standardizer().get().std()));
        } else {
            json.putNull("standardizer");
        }
        json.put("loss", m.loss());
        if (m.penalty().isPresent()) {
            ObjectNode p = json.putObject("penalty");
            p.put("type", switch (m.penalty().get()) {
                case L1 ignored -> "l1";
                case L2 ignored -> "l2";
            });
            p.set("lambda", Json.number(m.penalty().get().lambda()));
        } else {
            json.putNull("penalty");
        }
        json.set("training", Json.tree(m.training(), "the training map"));
        return json;
    }

    // ---------------------------------------------------------------- load

    /**
     * Reads a model directory. {@code format_version} is checked before anything else; then every field, the
     * tensor table against the architecture, and {@code weights.bin}'s size and SHA-256.
     *
     * @throws ModelFileException one line naming the file and the problem
     */
    public static SavedModel load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelFileException(dir.toString(), Files.exists(dir) ? "not a directory" : "no such model directory");
        }
        ObjectNode root = Json.read(dir, MODEL_JSON);
        Fields f = new Fields(MODEL_JSON);
        f.checkFormatVersion(root, FORMAT_VERSION);

        Stack stack = layers(f, root);
        int inputFeatures = f.intField(root, "", "input_features");
        if (inputFeatures <= 0) {
            throw f.error("field \"input_features\" must be positive, got " + inputFeatures);
        }
        DType dtype = parse(f, "dtype", f.textField(root, "", "dtype"), DType::parse);
        List<String> featureNames = f.stringList(root, "", "feature_names");
        String target = f.textField(root, "", "target");
        Task task = parse(f, "task", f.textField(root, "", "task"), ModelFiles::task);
        List<String> classes = f.stringList(root, "", "classes");
        Optional<Standardizer> standardizer = Optional.empty();
        JsonNode s = f.nullable(root, "", "standardizer");
        if (s != null) {
            f.object(s, "standardizer");
            double[] mean = f.doubleArray(s, "standardizer", "mean");
            double[] std = f.doubleArray(s, "standardizer", "std");
            standardizer = Optional.of(parse(f, "standardizer", null, ignored -> new Standardizer(mean, std)));
        }
        String loss = f.textField(root, "", "loss");
        parse(f, "loss", loss, Loss::parse);
        Optional<Penalty> penalty = Optional.empty();
        JsonNode p = f.nullable(root, "", "penalty");
        if (p != null) {
            f.object(p, "penalty");
            String type = f.textField(p, "penalty", "type");
            double lambda = f.doubleField(p, "penalty", "lambda");
            penalty = Optional.of(parse(f, "penalty", null, ignored -> switch (type) {
                case "l1" -> new L1(lambda);
                case "l2" -> new L2(lambda);
                default -> throw new IllegalArgumentException("type must be l1 or l2, got '" + type + "'");
            }));
        }
        Map<String, Object> training = f.plainMap(root, "", "training");

        Params params = readWeights(dir, f, root, stack, inputFeatures, dtype);
        try {
            return new SavedModel(stack, inputFeatures, dtype, params, standardizer, featureNames, target, task, classes,
                    loss, penalty, training);
        } catch (IllegalArgumentException e) {
            throw f.error(e.getMessage(), e);
        }
    }

    private static Task task(String label) {
        for (Task t : Task.values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + label + "'; expected regression, binary or multiclass");
    }

    /** Applies {@code parser}, turning its IllegalArgumentException into one naming {@code field}. */
    private static <T> T parse(Fields f, String field, String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw f.error("field \"" + field + "\": " + e.getMessage(), e);
        }
    }

    private static Stack layers(Fields f, ObjectNode root) {
        ArrayNode array = f.arrayField(root, "", "layers");
        if (array.isEmpty()) {
            throw f.error("field \"layers\" is empty");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "layers[" + i + "]";
            JsonNode l = f.object(array.get(i), at);
            String type = f.textField(l, at, "type");
            String name = f.textField(l, at, "name");
            if (name.isBlank()) {
                throw f.error("field \"" + at + ".name\" is empty");
            }
            layers.add(switch (type) {
                case "dense" -> {
                    int units = f.intField(l, at, "units");
                    Activation activation = parse(f, at + ".activation", f.textField(l, at, "activation"),
                            Activation::parse);
                    Initializer kernel = parse(f, at + ".kernel_initializer", f.textField(l, at, "kernel_initializer"),
                            Initializer::parse);
                    Initializer bias = parse(f, at + ".bias_initializer", f.textField(l, at, "bias_initializer"),
                            Initializer::parse);
                    yield parse(f, at, null, ignored -> new Dense(name, units, activation, kernel, bias));
                }
                case "dropout" -> {
                    double rate = f.doubleField(l, at, "rate");
                    yield parse(f, at, null, ignored -> new Dropout(name, rate));
                }
                default -> throw f.error("field \"" + at + ".type\": unknown layer type '" + type
                        + "'; expected dense or dropout");
            });
        }
        return parse(f, "layers", null, ignored -> new Stack(layers));
    }

    /**
     * The parameters described by {@code root.weights} (as {@link #writeWeights} writes it), read from the file it
     * names in {@code dir}; the tensor table must be exactly the architecture's, and every problem is reported
     * against {@code f}'s file.
     */
    static Params readWeights(Path dir, Fields f, ObjectNode root, Stack stack, int inputFeatures, DType dtype) {
        ObjectNode w = f.objectField(root, "", "weights");
        String file = fileName(f, w, "weights");
        String sha = f.textField(w, "weights", "sha256");
        long bytes = f.longField(w, "weights", "bytes");
        ArrayNode table = f.arrayField(w, "weights", "tensors");
        List<TensorData.Entry> entries = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            String at = "weights.tensors[" + i + "]";
            JsonNode e = f.object(table.get(i), at);
            entries.add(new TensorData.Entry(f.textField(e, at, "name"), dtype, TensorData.shape(f, e, at),
                    f.longField(e, at, "offset")));
        }
        Map<String, Shape> expected = SavedModel.expectedTensors(stack, inputFeatures);
        List<String> names = entries.stream().map(TensorData.Entry::name).toList();
        if (!names.equals(new ArrayList<>(expected.keySet()))) {
            throw f.error("the tensor table " + names + " does not match the architecture, which has "
                    + expected.keySet());
        }
        for (TensorData.Entry e : entries) {
            if (!e.shape().equals(expected.get(e.name()))) {
                throw f.error("tensor " + e.name() + " has shape " + e.shape() + " in the table, but the architecture"
                        + " needs " + expected.get(e.name()));
            }
        }
        TensorData.checkLayout(f, "weights.tensors", entries, bytes);
        List<Tensor> tensors = TensorData.read(dir, file, f.file, entries, bytes, sha);
        Params.Builder b = Params.builder();
        for (int i = 0; i < entries.size(); i++) {
            b.put(entries.get(i).name(), tensors.get(i));
        }
        return b.build();
    }

    /** {@code object.file}: a plain file name in the same directory. */
    static String fileName(Fields f, JsonNode object, String prefix) {
        String file = f.textField(object, prefix, "file");
        if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.equals(".") || file.equals("..")) {
            throw f.error("field \"" + prefix + ".file\" must be a file name in the same directory, got '" + file + "'");
        }
        return file;
    }

    // ---------------------------------------------------------------- metrics and history

    /**
     * The JSON object of {@code metrics.json} and {@code evaluate --json}: keys in {@link #METRIC_ORDER},
     * then the others alphabetically; row counts ({@code n}, {@code val_n}) as integers, other doubles written exactly, non-finite ones as the strings {@code "NaN"},
     * {@code "Infinity"}, {@code "-Infinity"}; a map value (a weighted run's {@code weighted} metrics) as an object
     * written by the same rules. Pretty-printed, ending in a newline.
     *
     * @throws IllegalArgumentException when a value is not a plain JSON value
     */
    public static String metricsJson(Map<String, ?> metrics) {
        return Json.text(metricsObject(metrics));
    }

    private static ObjectNode metricsObject(Map<String, ?> metrics) {
        Map<String, Object> rest = new TreeMap<>(metrics);
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : METRIC_ORDER) {
            if (rest.containsKey(key)) {
                ordered.put(key, rest.remove(key));
            }
        }
        ordered.putAll(rest);
        ObjectNode json = Json.object();
        ordered.forEach((k, v) -> json.set(k, isRowCount(k, v) ? LongNode.valueOf(((Number) v).longValue())
                : v instanceof Double d ? Json.number(d)
                : v instanceof Float x ? Json.number(x)
                : v instanceof Map<?, ?> m ? metricsObject(stringKeys(m)) : Json.tree(v, "metric " + k)));
        return json;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /**
     * Whether {@code key} is a row count ({@code n}, {@code val_n}, ...) holding a whole number: evaluation keeps
     * every metric as a double, but a count is written as the integer it is ({@code "n": 150}, not {@code 150.0}).
     */
    private static boolean isRowCount(String key, Object value) {
        return (key.equals("n") || key.endsWith("_n")) && value instanceof Double d && d == Math.rint(d)
                && Math.abs(d) < 0x1p53;
    }

    /** Writes {@link #metricsJson} to {@code file} atomically (its directory is created if missing). */
    public static void writeMetrics(Path file, Map<String, ?> metrics) {
        Atomic.write(file, metricsJson(metrics).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code history.csv} ({@link History#writeCsv}) to {@code file} atomically. */
    public static void writeHistory(Path file, History history) {
        Atomic.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            history.writeCsv(w);
            w.flush();
        });
    }

}
