package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.Task;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Penalty;
import dev.descent.testkit.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.descent.cli.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code evaluate --sample-weight COL --class-weight SPEC}: every metric weighted as scikit-learn's metrics with
 * {@code sample_weight}, checked by hand, against duplicated and removed rows, and the errors.
 */
class WeightedEvaluateCommandTest {

    /** Float64 round-off of sums taken in another order; the quantities are equal in exact arithmetic. */
    private static final double EXACT = 1e-12;

    @TempDir
    Path dir;

    /** {@link HandModel#save} into {@code name}. */
    private Path handModel(String name, Task task, List<String> classes, String loss, Optional<Penalty> penalty,
                           double kernel, double bias) {
        return HandModel.save(dir.resolve(name), task, classes, loss, penalty, kernel, bias);
    }

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static JsonNode json(Path model, Path data, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--json"));
        args.addAll(List.of(more));
        return new ObjectMapper().readTree(ok(args.toArray(String[]::new)).out());
    }

    /** Binary cross-entropy of logit z for class t: log(1 + e^z) − t·z. */
    private static double bce(double z, int t) {
        return Math.log1p(Math.exp(z)) - t * z;
    }

    /**
     * The logit z = x − 1.5 on five rows (x, w, class): (0, 2, a), (1, 1, b), (2, 3, b), (3, 0.5, a), (4, 0, a). It
     * predicts b where z &gt; 0, so row by row: a→a (2), b→a (1), b→b (3), a→b (0.5), a→b (0). Weighted counts: TN = 2,
     * FN = 1, TP = 3, FP = 0.5 + 0 = 0.5; Σw = 6.5. Accuracy (2 + 3)/6.5 = 10/13, precision 3/3.5 = 6/7, recall
     * 3/4, F1 = 2·(6/7)(3/4)/((6/7) + (3/4)) = (9/7)/(45/28) = 4/5; the loss Σ w·ℓ / 6.5.
     */
    @Test
    void classifier_everyMetricWeighted_byHand() throws IOException {
        Path model = handModel("logistic", Task.BINARY, List.of("a", "b"), "bce", Optional.empty(), 1, -1.5);
        Path data = csv("w.csv", "x,w,y\n0,2,a\n1,1,b\n2,3,b\n3,0.5,a\n4,0,a\n");
        JsonNode m = json(model, data, "--sample-weight", "w");
        double loss = (2 * bce(-1.5, 0) + bce(-0.5, 1) + 3 * bce(0.5, 1) + 0.5 * bce(1.5, 0)) / 6.5;
        TensorAssert.assertClose(m.get("loss").asDouble(), loss, EXACT, 0, "loss");
        TensorAssert.assertClose(m.get("objective").asDouble(), loss, EXACT, 0, "objective");
        TensorAssert.assertClose(m.get("accuracy").asDouble(), 10.0 / 13, EXACT, 0, "accuracy");
        TensorAssert.assertClose(m.get("precision").asDouble(), 6.0 / 7, EXACT, 0, "precision");
        TensorAssert.assertClose(m.get("recall").asDouble(), 0.75, EXACT, 0, "recall");
        TensorAssert.assertClose(m.get("f1").asDouble(), 0.8, EXACT, 0, "f1");
        assertThat(m.get("n").asInt()).isEqualTo(5);
        assertThat(m.get("weight_sum").asDouble()).isEqualTo(6.5);
        assertThat(m.get("sample_weight").asText()).isEqualTo("w");
        assertThat(m.has("class_weight")).isFalse();

        Cli text = ok("evaluate", "--model", model.toString(), "--data", data.toString(), "--sample-weight", "w");
        assertThat(text.out().lines().findFirst().orElseThrow())
                .isEqualTo("every metric weighted by sample weights 'w'; n counts rows, weight_sum their weights");
        assertThat(text.out()).endsWith("\n"
                + "  actual\\pred            a            b\n"
                + "            a            2          0.5\n"
                + "            b            1            3\n");
    }

    /**
     * Balanced class weights counted on the evaluated rows, as scikit-learn's {@code compute_class_weight}: n = 5,
     * k = 2, three a and two b, so a weighs 5/(2·3) = 5/6 and b 5/(2·2) = 5/4, times the sample weights of
     * {@link #classifier_everyMetricWeighted_byHand}: 5/3, 5/4, 15/4, 5/12, 0 (Σ = (20 + 15 + 45 + 5)/12 = 85/12).
     * Accuracy (5/3 + 15/4)/(85/12) = 65/85 = 13/17, precision (15/4)/(15/4 + 5/12) = 45/50 = 9/10, recall
     * (15/4)/(15/4 + 5/4) = 3/4.
     */
    @Test
    void classWeights_multiplyTheSampleWeights() throws IOException {
        Path model = handModel("logistic", Task.BINARY, List.of("a", "b"), "bce", Optional.empty(), 1, -1.5);
        Path data = csv("w.csv", "x,w,y\n0,2,a\n1,1,b\n2,3,b\n3,0.5,a\n4,0,a\n");
        JsonNode m = json(model, data, "--sample-weight", "w", "--class-weight", "balanced");
        double loss = (5.0 / 3 * bce(-1.5, 0) + 5.0 / 4 * bce(-0.5, 1) + 15.0 / 4 * bce(0.5, 1)
                + 5.0 / 12 * bce(1.5, 0)) / (85.0 / 12);
        TensorAssert.assertClose(m.get("loss").asDouble(), loss, EXACT, 0, "loss");
        TensorAssert.assertClose(m.get("accuracy").asDouble(), 13.0 / 17, EXACT, 0, "accuracy");
        TensorAssert.assertClose(m.get("precision").asDouble(), 0.9, EXACT, 0, "precision");
        TensorAssert.assertClose(m.get("recall").asDouble(), 0.75, EXACT, 0, "recall");
        TensorAssert.assertClose(m.get("weight_sum").asDouble(), 85.0 / 12, EXACT, 0, "weight_sum");
        assertThat(m.get("class_weight").asText()).isEqualTo("balanced");
        // the same weights given by label
        JsonNode given = json(model, data, "--sample-weight", "w", "--class-weight", "b=1.25,a=0.8333333333333334");
        TensorAssert.assertClose(given.get("accuracy").asDouble(), 13.0 / 17, EXACT, 0, "accuracy");
        assertThat(given.get("class_weight").asText()).isEqualTo("a=0.8333333333333334,b=1.25");
        Cli text = ok("evaluate", "--model", model.toString(), "--data", data.toString(), "--sample-weight", "w",
                "--class-weight", "balanced");
        assertThat(text.out().lines().findFirst().orElseThrow()).isEqualTo("every metric weighted by sample weights 'w', "
                + "class weights (a=0.83333333, b=1.25) (their product); n counts rows, weight_sum their weights");
    }

    /**
     * ŷ = 2x + 1 on four rows (x, w, y): (0, 1, 1), (1, 2, 2), (2, 0, 9), (3, 1, 9); residuals ŷ − y = 0, 1, −4, −2;
     * Σw = 4. MSE = (0 + 2·1 + 0·16 + 4)/4 = 1.5, MAE = (0 + 2 + 0 + 2)/4 = 1. The weighted mean target is
     * (1 + 4 + 0 + 9)/4 = 3.5 and Σw(y − 3.5)² = 6.25 + 2·2.25 + 0 + 30.25 = 41, so R² = 1 − 6/41 = 35/41. The L2
     * penalty (0.5/2)·2² = 1 makes the objective 2.5.
     */
    @Test
    void regression_everyMetricWeighted_byHand() throws IOException {
        Path model = handModel("linear", Task.REGRESSION, List.of(), "mse", Optional.of(new L2(0.5)), 2, 1);
        JsonNode m = json(model, csv("r.csv", "x,w,y\n0,1,1\n1,2,2\n2,0,9\n3,1,9\n"), "--sample-weight", "w");
        TensorAssert.assertClose(m.get("loss").asDouble(), 1.5, EXACT, 0, "loss");
        TensorAssert.assertClose(m.get("objective").asDouble(), 2.5, EXACT, 0, "objective");
        TensorAssert.assertClose(m.get("mse").asDouble(), 1.5, EXACT, 0, "mse");
        TensorAssert.assertClose(m.get("rmse").asDouble(), Math.sqrt(1.5), EXACT, 0, "rmse");
        TensorAssert.assertClose(m.get("mae").asDouble(), 1, EXACT, 0, "mae");
        TensorAssert.assertClose(m.get("r2").asDouble(), 35.0 / 41, EXACT, 0, "r2");
        assertThat(m.get("n").asInt()).isEqualTo(4);
        assertThat(m.get("weight_sum").asDouble()).isEqualTo(4);
    }

    /** Integer weights, 0 among them. */
    private static final int[] COUNTS = {2, 1, 3, 0, 1, 1, 2, 1, 0, 4, 1, 2, 1, 3, 1, 1, 2, 1, 2, 2, 0, 1, 3, 1};

    /** {@link SeededRows} of {@link #COUNTS}' length, into {@code name}. */
    private Path rows(String name, String task, int[] weights, int[] repeats) throws IOException {
        return csv(name, SeededRows.csv(11, task, COUNTS.length, weights, repeats));
    }

    /** A model trained briefly in float64 on the unweighted rows. */
    private Path trained(String task) throws IOException {
        Path out = dir.resolve("model-" + task);
        ok("train", "--data", rows("train.csv", task, null, null).toString(), "--target", "y", "--model",
                task.equals("ce") ? "mlp(4)" : task.equals("bce") ? "logistic" : "linear", "--loss", task, "--optimizer",
                "adam(lr=0.05)", "--epochs", "5", "--dtype", "float64", "--quiet", "--out", out.toString());
        return out;
    }

    /**
     * Row i weighing {@code weights[i]} gives the numbers of row i written {@code weights[i]} times (never, for 0):
     * every metric equal but for round-off (the sums run in another order), the same confusion matrix; {@code n}
     * counts the weighted file's rows, and {@code weight_sum} is the other file's row count.
     */
    private void assertWeightsActAsRepeats(String task, int[] weights) throws IOException {
        Path model = trained(task);
        Path weighted = rows("weighted.csv", task, weights, null);
        Path repeated = rows("repeated.csv", task, null, weights);
        JsonNode w = json(model, weighted, "--sample-weight", "w");
        JsonNode r = json(model, repeated);
        List<String> keys = new ArrayList<>();
        r.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (!key.equals("n")) {
                TensorAssert.assertClose(w.get(key).asDouble(), r.get(key).asDouble(), EXACT, 0, key);
            }
        }
        assertThat(w.get("n").asInt()).isEqualTo(weights.length);
        assertThat(w.get("weight_sum").asDouble()).isEqualTo(r.get("n").asDouble());
        if (!task.equals("mse")) {
            Cli weightedText = ok("evaluate", "--model", model.toString(), "--data", weighted.toString(), "--sample-weight", "w");
            Cli repeatedText = ok("evaluate", "--model", model.toString(), "--data", repeated.toString());
            // the confusion matrix, after the metric lines
            assertThat(weightedText.out().substring(weightedText.out().indexOf("\n\n")))
                    .isEqualTo(repeatedText.out().substring(repeatedText.out().indexOf("\n\n")));
        }
    }

    /** A weight of 2 on every row gives the numbers of every row written twice. */
    @ParameterizedTest
    @ValueSource(strings = {"ce", "bce", "mse"})
    void weightTwo_equalsEveryRowTwice(String task) throws IOException {
        int[] twos = new int[COUNTS.length];
        Arrays.fill(twos, 2);
        assertWeightsActAsRepeats(task, twos);
    }

    /** Integer weights from 0 to 4 give the numbers of each row written that many times. */
    @ParameterizedTest
    @ValueSource(strings = {"ce", "bce", "mse"})
    void integerWeights_equalDuplicatedRows(String task) throws IOException {
        assertWeightsActAsRepeats(task, COUNTS);
    }

    /** Weights of 0 and 1 give the numbers of the file without the rows of weight 0. */
    @ParameterizedTest
    @ValueSource(strings = {"ce", "bce", "mse"})
    void zeroWeights_equalRemovedRows(String task) throws IOException {
        int[] kept = new int[COUNTS.length];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = i % 3 == 1 ? 0 : 1;
        }
        assertWeightsActAsRepeats(task, kept);
    }

    /** Bad weights: one line naming the file (and line and column, for a value), exit code 2, nothing on stdout. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--sample-weight nope         | w.csv: no column named 'nope' for the weights; columns: x, w, y",
            "--sample-weight y            | w.csv: the weight column 'y' is the target column",
            "--sample-weight x            | w.csv: the weight column 'x' is a feature the model was trained on",
            "--sample-weight w --data neg.csv | neg.csv:3: column 2 (w): a weight must be >= 0, got '-2'",
            "--sample-weight w --data inf.csv | inf.csv:3: column 2 (w): NaN or infinite value 'inf'",
            "--sample-weight w --data nan.csv | nan.csv:2: column 2 (w): NaN or infinite value 'NaN'",
            "--sample-weight w --data zero.csv | zero.csv: the evaluated rows' weights (--sample-weight w) sum to 0",
            "--sample-weight w --class-weight a=1,b=0 --data zero-b.csv | zero-b.csv: the evaluated rows' weights "
                    + "(--sample-weight w times --class-weight a=1,b=0) sum to 0",
            "--class-weight a=1,b=1,c=1   | --class-weight: 'c' is not a class of 'y'; classes: a, b",
            "--class-weight a=1           | --class-weight: no weight for class 'b'; every class needs one: a, b",
            "--class-weight balanced --data only-a.csv | --class-weight: balanced: none of the 2 rows is of class 'b', "
                    + "so its weight n/(k*n_c) is undefined; give the weights as LABEL=WEIGHT pairs",
            "--class-weight balanced --model linear --data num.csv | --class-weight: class weights need a class target, but 'y' is a "
                    + "regression target"})
    void badWeights_areOneLineErrors(String flags, String message) throws IOException {
        handModel("logistic", Task.BINARY, List.of("a", "b"), "bce", Optional.empty(), 1, -1.5);
        handModel("linear", Task.REGRESSION, List.of(), "mse", Optional.empty(), 1, 0);
        csv("w.csv", "x,w,y\n0,1,a\n1,2,b\n");
        csv("neg.csv", "x,w,y\n0,1,a\n1,-2,b\n");
        csv("inf.csv", "x,w,y\n0,1,a\n1,inf,b\n");
        csv("nan.csv", "x,w,y\n0,NaN,a\n1,1,b\n");
        csv("zero.csv", "x,w,y\n0,0,a\n1,0,b\n");
        csv("zero-b.csv", "x,w,y\n0,0,a\n1,1,b\n");
        csv("only-a.csv", "x,w,y\n0,1,a\n1,1,a\n");
        csv("num.csv", "x,w,y\n0,1,0.5\n1,2,1.5\n");
        List<String> args = new ArrayList<>(List.of("evaluate"));
        Iterator<String> given = Stream.of(flags.split(" ")).iterator();
        String modelName = "logistic";
        String data = "w.csv";
        while (given.hasNext()) {
            String flag = given.next();
            switch (flag) {
                case "--model" -> modelName = given.next();
                case "--data" -> data = given.next();
                default -> args.add(flag);
            }
        }
        args.addAll(List.of("--model", dir.resolve(modelName).toString(), "--data", dir.resolve(data).toString()));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("descent: error: " + message + "\n");
        assertThat(r.out()).isEmpty();
    }
}
