package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code --loss hinge} and {@code squared_hinge}: a linear SVM trained, evaluated and used from the command line. */
class HingeLossCommandTest {

    /**
     * A linear SVM on breast cancer. The training loss in metrics.json is checked against the hinge loss computed
     * here from predict's decision values, and the predicted classes against the sign of those values.
     */
    @Test
    void linearSvmOnBreastCancer_classifiesWellAndPredictsDecisionValues(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("svm");
        Cli r = Cli.run("train", "--data", "builtin:breast_cancer", "--model", "linear", "--loss", "hinge",
                "--optimizer", "sgd(lr=0.01)", "--epochs", "20", "--standardize", "--validation-split", "0.2",
                "--dtype", "float64", "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        // a linear SVM separates this data set to about 98% (scikit-learn's LinearSVC: 0.98-0.99 on held-out rows)
        assertThat(metrics.get("accuracy").asDouble()).isGreaterThan(0.96);
        assertThat(metrics.get("val_accuracy").asDouble()).isGreaterThan(0.95);

        Path predictions = dir.resolve("p.csv");
        Cli p = Cli.run("predict", "--model", out.toString(), "--data", "builtin:breast_cancer", "--out", predictions.toString());
        assertThat(p.code()).as(p.err()).isZero();
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines.getFirst()).isEqualTo("prediction,decision");
        Dataset data = BuiltinDatasets.load("breast_cancer", DType.FLOAT64);
        int[] labels = data.labels();
        double hinge = 0;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            String[] fields = lines.get(i + 1).split(",");
            double f = Double.parseDouble(fields[1]);
            assertThat(fields[0]).isEqualTo(f > 0 ? "1" : "0");
            double y = 2 * labels[i] - 1;
            hinge += Math.max(0, 1 - y * f) / labels.length;
            correct += fields[0].equals(Integer.toString(labels[i])) ? 1 : 0;
        }
        Cli eval = Cli.run("evaluate", "--model", out.toString(), "--data", "builtin:breast_cancer", "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonNode all = new ObjectMapper().readTree(eval.out());
        // the decision values went through text exactly (Double.toString), so only the order of the sums differs
        assertThat(all.get("loss").asDouble()).isCloseTo(hinge, within(1e-12 * hinge));
        assertThat(all.get("accuracy").asDouble()).isEqualTo((double) correct / labels.length);
        JsonNode model = new ObjectMapper().readTree(out.resolve("model.json").toFile());
        assertThat(model.get("loss").asText()).isEqualTo("hinge");
    }

    @Test
    void squaredHinge_withoutModel_trainsALinearModel(@TempDir Path dir) {
        Cli r = Cli.run("train", "--data", "builtin:breast_cancer", "--loss", "squared_hinge", "--optimizer", "adam(lr=0.01)",
                "--epochs", "5", "--standardize", "--out", dir.resolve("m").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("descent: linear, widths 30-1, 31 parameters; loss squared_hinge;");
        assertThat(r.out()).containsPattern("train +loss=\\S+ +objective=\\S+ +accuracy=0\\.9[6-9]");
    }

    @Test
    void marginLosses_needTwoClasses(@TempDir Path dir) {
        assertInputError(Cli.run("train", "--data", "builtin:iris", "--loss", "hinge", "--out", dir.resolve("a").toString()),
                "--loss hinge needs 2 classes, 'target' has 3 (use --loss ce)");
        assertInputError(Cli.run("train", "--data", "builtin:diabetes", "--loss", "squared_hinge", "--out",
                        dir.resolve("b").toString()),
                "--loss squared_hinge needs a class target, but 'target' in builtin:diabetes looks like a regression target"
                        + " (use --task classification to force classes)");
        assertInputError(Cli.run("train", "--data", "builtin:breast_cancer", "--loss", "hinge", "--model", "softmax",
                        "--out", dir.resolve("c").toString()),
                "--model: softmax needs at least 2 classes, got 1");
        assertThat(dir.toFile().list()).isEmpty();
    }

    private static void assertInputError(Cli r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("descent: error: " + message + "\n");
    }
}
