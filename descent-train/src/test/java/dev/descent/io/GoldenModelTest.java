package dev.descent.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.data.Task;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Dropout;
import dev.descent.nn.Initializer;
import dev.descent.nn.loss.L2;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.descent.testkit.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model directories written once by {@link #writeGolden} and committed under
 * {@code src/test/resources/dev/descent/io/golden/}: loading them must keep working and give the stored
 * predictions, and saving them again must give the same bytes, so any change to the format is caught here.
 * A deliberate change bumps {@link ModelFiles#FORMAT_VERSION} and keeps these (old files must then be refused
 * or migrated) or regenerates them:
 * {@code mvn -o -pl descent-train test -Dtest=GoldenModelTest#writeGolden -Ddescent.io.writeGolden=$PWD/descent-train/src/test/resources/dev/descent/io/golden}.
 */
class GoldenModelTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Path golden() throws URISyntaxException {
        return Path.of(GoldenModelTest.class.getResource("golden/expected.json").toURI()).getParent();
    }

    /** The float64 classifier: dense + dropout + dense, standardizer, L2 penalty. */
    private static SavedModel classifier() {
        return Fixtures.classifier(DType.FLOAT64, Optional.of(Fixtures.standardizer()), Optional.of(new L2(1e-4)), 2024);
    }

    /** The float32 regression model. */
    private static SavedModel regression() {
        return Fixtures.regression(DType.FLOAT32);
    }

    @Test
    @EnabledIfSystemProperty(named = "descent.io.writeGolden", matches = ".+")
    void writeGolden() throws IOException {
        Path dir = Path.of(System.getProperty("descent.io.writeGolden"));
        ObjectNode expected = MAPPER.createObjectNode();
        write(dir, "float64", classifier(), Fixtures.inputs(6, Fixtures.FEATURES, 99), expected);
        write(dir, "float32", regression(), Fixtures.inputs(5, 3, 98), expected);
        Files.writeString(dir.resolve("expected.json"),
                MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n");
    }

    private static void write(Path dir, String name, SavedModel model, Tensor x, ObjectNode expected) {
        ModelFiles.save(dir.resolve(name), model);
        Tensor y = model.predict(x);
        ObjectNode e = expected.putObject(name);
        e.set("inputs", rows(x));
        e.set("outputs", rows(y));
    }

    private static ArrayNode rows(Tensor t) {
        ArrayNode rows = MAPPER.createArrayNode();
        int n = t.shape().dim(0);
        int k = t.shape().dim(1);
        for (int i = 0; i < n; i++) {
            ArrayNode row = rows.addArray();
            for (int j = 0; j < k; j++) {
                row.add(t.get(i, j));
            }
        }
        return rows;
    }

    private static Tensor tensor(JsonNode rows) {
        int n = rows.size();
        int k = rows.get(0).size();
        double[] data = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                data[i * k + j] = rows.get(i).get(j).doubleValue();
            }
        }
        return Tensor.of(data, n, k);
    }

    @Test
    void theFloat64ClassifierLoadsAsWritten() throws Exception {
        SavedModel m = ModelFiles.load(golden().resolve("float64"));
        assertThat(m.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(m.stack().layers()).containsExactly(
                new Dense("dense_1", 8, Activation.TANH, Initializer.glorotUniform(), Initializer.zeros()),
                new Dropout("dropout_1", 0.25),
                new Dense("hidden", 5, Activation.LEAKY_RELU, Initializer.uniform(0.3), Initializer.constant(0.01)),
                new Dense("dense_2", 3, Activation.LINEAR, Initializer.glorotUniform(), Initializer.zeros()));
        assertThat(m.inputFeatures()).isEqualTo(4);
        assertThat(m.task()).isEqualTo(Task.MULTICLASS);
        assertThat(m.classes()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(m.targetName()).isEqualTo("species");
        assertThat(m.featureNames()).isEqualTo(Fixtures.classifier(DType.FLOAT64, Optional.empty(), Optional.empty(), 0)
                .featureNames());
        assertThat(m.standardizer()).contains(Fixtures.standardizer());
        assertThat(m.loss()).isEqualTo("ce");
        assertThat(m.penalty()).contains(new L2(1e-4));
        assertThat(m.training()).isEqualTo(Fixtures.training());
    }

    @Test
    void theFloat32RegressionModelLoadsAsWritten() throws Exception {
        SavedModel m = ModelFiles.load(golden().resolve("float32"));
        assertThat(m.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(m.stack()).isEqualTo(regression().stack());
        assertThat(m.task()).isEqualTo(Task.REGRESSION);
        assertThat(m.loss()).isEqualTo("huber(delta=0.5)");
        assertThat(m.standardizer()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"float64", "float32"})
    void goldenModelsGiveTheStoredPredictions(String name) throws Exception {
        JsonNode expected = MAPPER.readTree(golden().resolve("expected.json").toFile()).get(name);
        SavedModel m = ModelFiles.load(golden().resolve(name));
        Tensor y = m.predict(tensor(expected.get("inputs")));
        // the same on every platform up to the kernels' summation order
        double tol = m.dtype() == DType.FLOAT64 ? 1e-12 : 1e-5;
        assertClose(y.to(DType.FLOAT64), tensor(expected.get("outputs")), tol, 1e-6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"float64", "float32"})
    void savingAGoldenModelAgainGivesTheSameBytes(String name) throws Exception {
        SavedModel m = ModelFiles.load(golden().resolve(name));
        ModelFiles.save(tmp, m);
        assertThat(Files.readAllBytes(tmp.resolve("weights.bin")))
                .isEqualTo(Files.readAllBytes(golden().resolve(name).resolve("weights.bin")));
        assertThat(text(tmp.resolve("model.json"))).isEqualTo(text(golden().resolve(name).resolve("model.json")));
    }

    private static List<String> text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    }
}
