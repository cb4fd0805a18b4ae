package dev.descent.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.Standardizer;
import dev.descent.data.Task;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.L1;
import dev.descent.nn.loss.Penalty;
import dev.descent.tensor.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import dev.descent.train.callback.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.descent.testkit.TensorAssert.assertBitEquals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFilesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (boolean standardize : new boolean[] {false, true}) {
                for (Optional<Penalty> penalty : Fixtures.penalties()) {
                    out.add(Arguments.of(dtype, standardize, penalty));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, standardize={1}, penalty={2}")
    @MethodSource("variants")
    void roundTripKeepsEverythingBitForBit(DType dtype, boolean standardize, Optional<Penalty> penalty) {
        SavedModel saved = Fixtures.classifier(dtype,
                standardize ? Optional.of(Fixtures.standardizer()) : Optional.empty(), penalty, 3);
        ModelFiles.save(tmp, saved);
        SavedModel loaded = ModelFiles.load(tmp);

        assertThat(loaded.params().bitEquals(saved.params())).isTrue();
        assertThat(loaded.params().names()).isEqualTo(saved.params().names());
        assertThat(loaded.stack()).isEqualTo(saved.stack());
        assertThat(loaded.inputFeatures()).isEqualTo(saved.inputFeatures());
        assertThat(loaded.dtype()).isEqualTo(dtype);
        assertThat(loaded.standardizer()).isEqualTo(saved.standardizer());
        assertThat(loaded.featureNames()).isEqualTo(saved.featureNames());
        assertThat(loaded.targetName()).isEqualTo("species");
        assertThat(loaded.task()).isEqualTo(Task.MULTICLASS);
        assertThat(loaded.classes()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(loaded.loss()).isEqualTo("ce");
        assertThat(loaded.penalty()).isEqualTo(penalty);
        assertThat(loaded.training()).isEqualTo(saved.training());
        assertThat(new ArrayList<>(loaded.training().keySet())).isEqualTo(new ArrayList<>(saved.training().keySet()));

        Tensor x = Fixtures.inputs(17, Fixtures.FEATURES, 11);
        assertBitEquals(loaded.predict(x), saved.predict(x));
        assertBitEquals(loaded.stack().predict(x, loaded.params()), saved.stack().predict(x, saved.params()));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void regressionModelRoundTrips(DType dtype) {
        SavedModel saved = Fixtures.regression(dtype);
        ModelFiles.save(tmp, saved);
        SavedModel loaded = ModelFiles.load(tmp);
        assertThat(loaded.params().bitEquals(saved.params())).isTrue();
        assertThat(loaded.stack()).isEqualTo(saved.stack());
        assertThat(loaded.task()).isEqualTo(Task.REGRESSION);
        assertThat(loaded.classes()).isEmpty();
        assertThat(loaded.loss()).isEqualTo("huber(delta=0.5)");
        assertThat(loaded.training()).isEmpty();
        Tensor x = Fixtures.inputs(5, 3, 1);
        assertBitEquals(loaded.predict(x), saved.predict(x));
    }

    private static long[] bits(double[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Double.doubleToRawLongBits(a[i]);
        }
        return out;
    }

    @Test
    void architectureTextReadsBackToAnEqualStack() {
        Stack stack = ModelSpec.stack("mlp(16,8,activation=tanh,dropout=0.25)", 3);
        assertThat(ModelFiles.architecture(ModelFiles.architecture(stack))).isEqualTo(stack);
        assertThatThrownBy(() -> ModelFiles.architecture("[1, 2]")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("not an architecture");
    }

    @Test
    void extremeDoublesSurviveJsonExactly() throws IOException {
        Standardizer s = Fixtures.extremeStandardizer();
        SavedModel saved = Fixtures.classifier(DType.FLOAT64, Optional.of(s), Optional.of(new L1(4.9E-324)), 1);
        Map<String, Object> training = new LinkedHashMap<>(saved.training());
        training.put("tiny", 4.9E-324);
        training.put("huge", 1e300);
        training.put("negative_zero", -0.0);
        training.put("third", 1.0 / 3);
        saved = saved.withTraining(training);
        ModelFiles.save(tmp, saved);
        SavedModel loaded = ModelFiles.load(tmp);

        assertThat(bits(loaded.standardizer().orElseThrow().mean())).containsExactly(bits(s.mean()));
        assertThat(bits(loaded.standardizer().orElseThrow().std())).containsExactly(bits(s.std()));
        assertThat(Double.doubleToRawLongBits(loaded.penalty().orElseThrow().lambda()))
                .isEqualTo(Double.doubleToRawLongBits(4.9E-324));
        assertThat(Double.doubleToRawLongBits((Double) loaded.training().get("negative_zero")))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(loaded.training().get("tiny")).isEqualTo(4.9E-324);
        assertThat(loaded.training().get("huge")).isEqualTo(1e300);
        assertThat(loaded.training().get("third")).isEqualTo(1.0 / 3);
        assertThat(loaded.training().get("seed")).isEqualTo(42);
        assertThat(loaded.training().get("big")).isEqualTo(1L << 40);
        assertThat(loaded.training().get("schedule")).isNull();
        assertThat(loaded.training().get("hidden")).isEqualTo(List.of(8, 5));

        String json = Files.readString(tmp.resolve("model.json"));
        assertThat(json).contains("4.9E-324", "-0.0", "1.0E300", "0.30000000000000004", "-1.7976931348623157E308");
    }

    @Test
    void modelJsonHasTheDocumentedLayout() throws Exception {
        SavedModel saved = Fixtures.classifier(DType.FLOAT32, Optional.of(Fixtures.standardizer()),
                Optional.of(new L1(0.001)), 3);
        ModelFiles.save(tmp, saved);
        String text = Files.readString(tmp.resolve("model.json"));
        assertThat(text).startsWith("{\n  \"format_version\": 1,\n").endsWith("}\n").doesNotContain("\r");

        JsonNode json = MAPPER.readTree(text);
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("format_version", "layers", "input_features", "dtype", "feature_names",
                "target", "task", "classes", "standardizer", "loss", "penalty", "training", "weights");
        assertThat(json.get("format_version").isInt()).isTrue();
        assertThat(json.get("layers").get(0).toString()).isEqualTo("{\"type\":\"dense\",\"name\":\"dense_1\","
                + "\"units\":8,\"activation\":\"tanh\",\"kernel_initializer\":\"glorot_uniform\","
                + "\"bias_initializer\":\"zeros\"}");
        assertThat(json.get("layers").get(1).toString())
                .isEqualTo("{\"type\":\"dropout\",\"name\":\"dropout_1\",\"rate\":0.25}");
        assertThat(json.get("layers").get(2).toString()).contains("\"kernel_initializer\":\"uniform(limit=0.3)\"",
                "\"bias_initializer\":\"constant(value=0.01)\"", "\"activation\":\"leaky_relu\"");
        assertThat(json.get("dtype").asText()).isEqualTo("float32");
        assertThat(json.get("task").asText()).isEqualTo("multiclass");
        assertThat(json.get("penalty").toString()).isEqualTo("{\"type\":\"l1\",\"lambda\":0.001}");
        assertThat(json.get("standardizer").get("mean").size()).isEqualTo(4);

        JsonNode w = json.get("weights");
        byte[] bin = Files.readAllBytes(tmp.resolve("weights.bin"));
        assertThat(w.get("file").asText()).isEqualTo("weights.bin");
        assertThat(w.get("bytes").asLong()).isEqualTo(bin.length).isEqualTo(saved.params().totalSize() * 4);
        assertThat(w.get("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bin)));
        List<String> names = new ArrayList<>();
        long offset = 0;
        for (JsonNode t : w.get("tensors")) {
            names.add(t.get("name").asText());
            assertThat(t.get("offset").asLong()).isEqualTo(offset);
            Tensor p = saved.params().get(t.get("name").asText());
            assertThat(t.get("shape").toString().replace(",", ", ")).isEqualTo(p.shape().toString());
            offset += p.size() * 4L;
        }
        assertThat(names).isEqualTo(saved.params().names());
        // little-endian float32, row-major: the first kernel element is the first 4 bytes
        float first = java.nio.ByteBuffer.wrap(bin, 0, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(Float.floatToRawIntBits(first))
                .isEqualTo(Float.floatToRawIntBits(saved.params().get("dense_1/kernel").floatData()[0]));

        SavedModel f64 = Fixtures.classifier(DType.FLOAT64, Optional.empty(), Optional.empty(), 3);
        ModelFiles.save(tmp.resolve("f64"), f64);
        assertThat(Files.size(tmp.resolve("f64/weights.bin"))).isEqualTo(f64.params().totalSize() * 8);
        assertThat(MAPPER.readTree(tmp.resolve("f64/model.json").toFile()).get("standardizer").isNull()).isTrue();
    }

    // ---------------------------------------------------------------- refusals

    private void saveAndEdit(Consumer<ObjectNode> edit) throws IOException {
        ModelFiles.save(tmp, Fixtures.classifier(DType.FLOAT32, Optional.empty(), Optional.empty(), 3));
        ObjectNode json = (ObjectNode) MAPPER.readTree(tmp.resolve("model.json").toFile());
        edit.accept(json);
        Files.writeString(tmp.resolve("model.json"), MAPPER.writeValueAsString(json));
    }

    @Test
    void unknownFormatVersionIsRefusedBeforeAnythingElse() throws IOException {
        saveAndEdit(json -> {
            json.put("format_version", 7);
            json.remove("layers");
            json.put("dtype", "float16");
        });
        assertThatThrownBy(() -> ModelFiles.load(tmp)).isInstanceOf(ModelFileException.class)
                .hasMessage("model.json: format_version 7 is not supported (this descent reads 1)");
    }

    @Test
    void formatVersionMustBePresentAndAnInteger() throws IOException {
        saveAndEdit(json -> json.remove("format_version"));
        assertThatThrownBy(() -> ModelFiles.load(tmp))
                .hasMessage("model.json: missing field \"format_version\" (is this a descent file?)");
        saveAndEdit(json -> json.put("format_version", "1"));
        assertThatThrownBy(() -> ModelFiles.load(tmp))
                .hasMessage("model.json: field \"format_version\" must be an integer, got \"1\"");
        saveAndEdit(json -> json.put("format_version", 1.5));
        assertThatThrownBy(() -> ModelFiles.load(tmp))
                .hasMessage("model.json: field \"format_version\" must be an integer, got 1.5");
    }

    @Test
    void damagedWeightsAreRefused() throws IOException {
        ModelFiles.save(tmp, Fixtures.classifier(DType.FLOAT64, Optional.empty(), Optional.empty(), 3));
        String sha = MAPPER.readTree(tmp.resolve("model.json").toFile()).get("weights").get("sha256").asText();
        Path bin = tmp.resolve("weights.bin");
        byte[] bytes = Files.readAllBytes(bin);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(bin, bytes);
        assertThatThrownBy(() -> ModelFiles.load(tmp)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("weights.bin: checksum mismatch (the file is damaged or was changed): expected "
                        + sha + ", got ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void truncatedOrExtendedWeightsAreRefused() throws IOException {
        ModelFiles.save(tmp, Fixtures.classifier(DType.FLOAT32, Optional.empty(), Optional.empty(), 3));
        Path bin = tmp.resolve("weights.bin");
        byte[] bytes = Files.readAllBytes(bin);
        Files.write(bin, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("weights.bin: " + (bytes.length - 4)
                + " bytes, but model.json says " + bytes.length + " (the file is truncated or was changed)");
        Files.write(bin, java.util.Arrays.copyOf(bytes, bytes.length + 1));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessageContaining("the file is too long or was changed");
        Files.write(bin, new byte[0]);
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessageContaining("truncated");
    }

    @Test
    void missingDirectoryAndFilesAreNamed() throws IOException {
        Path none = tmp.resolve("nope");
        assertThatThrownBy(() -> ModelFiles.load(none)).isInstanceOf(ModelFileException.class)
                .hasMessage(none + ": no such model directory");
        Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> ModelFiles.load(tmp.resolve("file"))).hasMessage(tmp.resolve("file") + ": not a directory");
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("model.json: not found in " + tmp);
        ModelFiles.save(tmp, Fixtures.regression(DType.FLOAT32));
        Files.delete(tmp.resolve("weights.bin"));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("weights.bin: not found in " + tmp);
    }

    @Test
    void malformedJsonGivesLineAndColumn() throws IOException {
        ModelFiles.save(tmp, Fixtures.regression(DType.FLOAT32));
        Files.writeString(tmp.resolve("model.json"), "{\n  \"format_version\": 1,\n  \"layers\": [ oops ]\n}\n");
        assertThatThrownBy(() -> ModelFiles.load(tmp)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("model.json: malformed JSON at line 3, column ")
                .hasMessageNotContaining("\n");
        Files.writeString(tmp.resolve("model.json"), "{\"format_version\": 1, \"format_version\": 1}");
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessageStartingWith("model.json: malformed JSON at line 1")
                .hasMessageContaining("Duplicate field 'format_version'");
        Files.writeString(tmp.resolve("model.json"), "[1, 2]");
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("model.json: expected a JSON object, got [1,2]");
        Files.writeString(tmp.resolve("model.json"), "");
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("model.json: empty file, expected a JSON object");
        Files.writeString(tmp.resolve("model.json"), "{} {}");
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessageStartingWith("model.json: malformed JSON");
        // a truncated file: Jackson's note of where the array began, in its own terms, is left out
        Files.writeString(tmp.resolve("model.json"), "{\"format_version\": 1, \"layers\": [");
        assertThatThrownBy(() -> ModelFiles.load(tmp))
                .hasMessage("model.json: malformed JSON at line 1, column 34: Unexpected end-of-input: expected close marker for Array");
    }

    @Test
    void missingAndMistypedFieldsAreNamed() throws IOException {
        saveAndEdit(json -> json.remove("target"));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("model.json: missing field \"target\"");
        saveAndEdit(json -> ((ObjectNode) json.get("weights")).remove("sha256"));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("model.json: missing field \"weights.sha256\"");
        saveAndEdit(json -> json.remove("standardizer"));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("model.json: missing field \"standardizer\"");
        saveAndEdit(json -> json.put("input_features", "four"));
        assertThatThrownBy(() -> ModelFiles.load(tmp))
                .hasMessage("model.json: field \"input_features\" must be an integer, got \"four\"");
        saveAndEdit(json -> ((ObjectNode) json.get("layers").get(2)).remove("units"));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("model.json: missing field \"layers[2].units\"");
        saveAndEdit(json -> ((ObjectNode) json.get("layers").get(0)).put("activation", "swish"));
        assertThatThrownBy(() -> ModelFiles.load(tmp))
                .hasMessageStartingWith("model.json: field \"layers[0].activation\": unknown activation 'swish'");
        saveAndEdit(json -> ((ObjectNode) json.get("layers").get(0)).put("type", "conv2d"));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage(
                "model.json: field \"layers[0].type\": unknown layer type 'conv2d'; expected dense or dropout");
        saveAndEdit(json -> ((ObjectNode) json.get("layers").get(1)).put("rate", 1.5));
        assertThatThrownBy(() -> ModelFiles.load(tmp))
                .hasMessage("model.json: field \"layers[1]\": dropout rate must be in [0, 1), got 1.5");
        saveAndEdit(json -> json.put("dtype", "float16"));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage(
                "model.json: field \"dtype\": unknown dtype 'float16'; expected float32 or float64");
        saveAndEdit(json -> json.put("task", "ranking"));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessageStartingWith("model.json: field \"task\": unknown task");
        saveAndEdit(json -> json.put("loss", "triplet"));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessageStartingWith("model.json: field \"loss\": unknown loss");
        saveAndEdit(json -> ((ArrayNode) json.get("feature_names")).remove(0));
        assertThatThrownBy(() -> ModelFiles.load(tmp))
                .hasMessage("model.json: 3 feature names for 4 input features");
        saveAndEdit(json -> ((ObjectNode) json.get("weights")).put("file", "../weights.bin"));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessageContaining("must be a file name in the same directory");
    }

    @Test
    void aTensorTableThatDoesNotMatchTheArchitectureIsRefused() throws IOException {
        saveAndEdit(json -> ((ObjectNode) json.get("layers").get(0)).put("units", 9));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("model.json: tensor dense_1/kernel has shape [4, 8] "
                + "in the table, but the architecture needs [4, 9]");
        saveAndEdit(json -> ((ArrayNode) json.get("weights").get("tensors")).remove(1));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessageStartingWith("model.json: the tensor table "
                + "[dense_1/kernel, hidden/kernel, hidden/bias, dense_2/kernel, dense_2/bias] does not match the "
                + "architecture, which has [dense_1/kernel, dense_1/bias, ");
        saveAndEdit(json -> ((ObjectNode) json.get("weights").get("tensors").get(1)).put("offset", 0));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessage("model.json: field \"weights.tensors[1].offset\" is 0,"
                + " expected 128 (tensors are stored back to back in table order)");
        saveAndEdit(json -> ((ObjectNode) json.get("weights")).put("bytes", 4));
        assertThatThrownBy(() -> ModelFiles.load(tmp)).hasMessageStartingWith("model.json: the tensor table covers ");
    }

    // ---------------------------------------------------------------- atomicity

    private List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void saveLeavesNoTemporaryFilesAndReplacesAnOlderModel() throws IOException {
        Path dir = tmp.resolve("a/b/run");
        ModelFiles.save(dir, Fixtures.classifier(DType.FLOAT32, Optional.empty(), Optional.empty(), 1));
        assertThat(listing(dir)).containsExactly("model.json", "weights.bin");
        SavedModel second = Fixtures.classifier(DType.FLOAT64, Optional.empty(), Optional.empty(), 2);
        ModelFiles.save(dir, second);
        assertThat(listing(dir)).containsExactly("model.json", "weights.bin");
        assertThat(ModelFiles.load(dir).params().bitEquals(second.params())).isTrue();
    }

    @Test
    void aModelThatCannotBeSerializedWritesNothing() {
        SavedModel m = Fixtures.regression(DType.FLOAT32).withTraining(Map.of("bad", new Object()));
        assertThatThrownBy(() -> ModelFiles.save(tmp.resolve("out"), m))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the training map");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void savedModelRejectsInconsistentParts() {
        SavedModel ok = Fixtures.regression(DType.FLOAT32);
        assertThatThrownBy(() -> ok.withParams(Fixtures.regression(DType.FLOAT64).params()))
                .hasMessageContaining("is float64, the model float32");
        SavedModel cls = Fixtures.classifier(DType.FLOAT32, Optional.empty(), Optional.empty(), 1);
        assertThatThrownBy(() -> ok.withParams(cls.params())).hasMessageContaining("do not match the architecture");
        assertThatThrownBy(() -> new SavedModel(ok.stack(), 3, DType.FLOAT32, ok.params(), Optional.empty(),
                List.of("a", "b", "c"), "y", Task.BINARY, List.of(), "bce", Optional.empty(), Map.of()))
                .hasMessage("a binary model needs its class labels");
        assertThatThrownBy(() -> new SavedModel(ok.stack(), 3, DType.FLOAT32, ok.params(), Optional.empty(),
                List.of("a", "b", "c"), "y", Task.REGRESSION, List.of(), "nope", Optional.empty(), Map.of()))
                .hasMessageContaining("unknown loss");
        assertThat(SavedModel.expectedTensors(Fixtures.classifierStack(), 4)).containsExactly(
                Map.entry("dense_1/kernel", Shape.of(4, 8)), Map.entry("dense_1/bias", Shape.of(8)),
                Map.entry("hidden/kernel", Shape.of(8, 5)), Map.entry("hidden/bias", Shape.of(5)),
                Map.entry("dense_2/kernel", Shape.of(5, 3)), Map.entry("dense_2/bias", Shape.of(3)));
    }

    // ---------------------------------------------------------------- metrics and history

    @Test
    void metricsAreWrittenInAStableOrder() throws IOException {
        Map<String, Object> m = new HashMap<>();
        m.put("zeta", "last");
        m.put("n", 150);
        m.put("accuracy", 0.9533333333333334);
        m.put("loss", 0.1);
        m.put("engine", "local");
        m.put("alpha", Double.NaN);
        m.put("objective", Double.POSITIVE_INFINITY);
        m.put("r2", -0.0);
        Path file = tmp.resolve("run/metrics.json");
        ModelFiles.writeMetrics(file, m);
        assertThat(Files.readString(file)).isEqualTo("""
                {
                  "loss": 0.1,
                  "objective": "Infinity",
                  "accuracy": 0.9533333333333334,
                  "r2": -0.0,
                  "n": 150,
                  "engine": "local",
                  "alpha": "NaN",
                  "zeta": "last"
                }
                """);
        assertThat(listing(file.getParent())).containsExactly("metrics.json");
        assertThat(ModelFiles.metricsJson(new LinkedHashMap<>(m))).isEqualTo(Files.readString(file));
    }

    @Test
    void rowCountsAreWrittenAsIntegers() {
        // evaluation keeps every metric as a double; the counts must still read "n": 569, as DESIGN.md's rows
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", 2.0);
        m.put("n", 569.0);
        m.put("val_n", 30.0);
        m.put("val_loss", 3.0);
        assertThat(ModelFiles.metricsJson(m)).isEqualTo("""
                {
                  "loss": 2.0,
                  "n": 569,
                  "val_loss": 3.0,
                  "val_n": 30
                }
                """);
    }

    @Test
    void weightedMetricsAreObjectsWrittenByTheSameRules() {
        // a weighted run's metrics.json: the weighted figures as objects, keyed and written as the top level's
        Map<String, Object> weighted = new LinkedHashMap<>();
        weighted.put("weight_sum", 6.5);
        weighted.put("n", 5.0);
        weighted.put("r2", Double.NaN);
        weighted.put("loss", 0.5);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weighted", weighted);
        m.put("n", 5.0);
        m.put("loss", 0.25);
        assertThat(ModelFiles.metricsJson(m)).isEqualTo("""
                {
                  "loss": 0.25,
                  "n": 5,
                  "weighted": {
                    "loss": 0.5,
                    "r2": "NaN",
                    "n": 5,
                    "weight_sum": 6.5
                  }
                }
                """);
    }

    @Test
    void historyIsWrittenAsHistoryCsv() throws IOException {
        History h = History.restore(
                List.of(new History.StepRecord(1, 1, 0.5, 0.1), new History.StepRecord(1, 2, 0.25, 0.1)),
                List.of(new History.EpochRecord(1, 2, Map.of("loss", 0.375, "val_loss", 0.4), Map.of())));
        Path file = tmp.resolve("history.csv");
        ModelFiles.writeHistory(file, h);
        StringWriter expected = new StringWriter();
        h.writeCsv(expected);
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(listing(tmp)).containsExactly("history.csv");
    }
}
