package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.Task;
import dev.descent.io.ModelFiles;
import dev.descent.testkit.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.descent.cli.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train} with {@code --sample-weight}/{@code --class-weight} reports every metric weighted too (Keras'
 * {@code weighted_metrics}): {@code weighted} and {@code val_weighted} in metrics.json, {@code val_weighted_*} in
 * history.csv, {@code (weighted)} lines on stdout; checked by hand, against {@code evaluate}, against duplicated and
 * removed rows, and absent from unweighted runs.
 */
class TrainWeightedMetricsTest {

    /** Float64 round-off of sums taken in another order; the quantities are equal in exact arithmetic. */
    private static final double EXACT = 1e-12;

    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static JsonNode metrics(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    }

    /** The last row of {@code out}'s history.csv (the last epoch's), by column. */
    private static Map<String, String> lastEpoch(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("history.csv"));
        String[] header = lines.getFirst().split(",", -1);
        String[] cells = lines.getLast().split(",", -1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            row.put(header[i], cells[i]);
        }
        return row;
    }

    /**
     * {@link HandModel#save}: {@code --init-from} it with {@code sgd(lr=0)} trains without moving it, so the run's
     * metrics are those of known weights.
     */
    private Path handModel(Task task, List<String> classes, String loss, double kernel, double bias) {
        return HandModel.save(dir.resolve("hand-" + loss), task, classes, loss, Optional.empty(), kernel, bias);
    }

    /** {@code train} from {@code start} without moving it: full batch, float64, two epochs of {@code sgd(lr=0)}. */
    private static String[] still(Path data, Path start, Path out, String... more) {
        return Stream.concat(Stream.of("train", "--data", data.toString(), "--target", "y", "--init-from",
                start.toString(), "--optimizer", "sgd(lr=0)", "--batch-size", "full", "--epochs", "2", "--dtype",
                "float64", "--out", out.toString()), Stream.of(more)).toArray(String[]::new);
    }

    /** Binary cross-entropy of logit z for class t: log(1 + e^z) − t·z. */
    private static double bce(double z, int t) {
        return Math.log1p(Math.exp(z)) - t * z;
    }

    /** Names and values, alternately, in order. */
    private static Map<String, Double> figures(Object... namesAndValues) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
        }
        return m;
    }

    /** Each expected figure, to round-off, among {@code actual}'s cells by name (null where there is none). */
    private static void assertFigures(Map<String, Double> expected, Function<String, String> actual) {
        expected.forEach((key, value) -> {
            String cell = actual.apply(key);
            assertThat(cell).as(key).isNotNull();
            TensorAssert.assertClose(Double.parseDouble(cell), value, EXACT, 0, key);
        });
    }

    /** Each expected figure, to round-off, in an object of metrics.json. */
    private static void assertFigures(Map<String, Double> expected, JsonNode json) {
        assertFigures(expected, key -> json.has(key) ? json.get(key).asText() : null);
    }

    /**
     * The logit z = x − 1.5 predicts b where x ≥ 2. Training rows (x, w, class), class weights a = 2, b = 1, so
     * v = w·c: (0, 2, a) v 4, a→a; (1, 1, b) v 1, b→a (FN); (2, 3, b) v 3, b→b (TP); (3, 0.5, a) v 1, a→b (FP);
     * (4, 0, a) v 0, a→b (FP of weight 0). Σv = 9: accuracy (4 + 3)/9 = 7/9, precision 3/(3 + 1) = 3/4, recall
     * 3/(3 + 1) = 3/4, F1 3/4. Counting rows: 2 of 5 right, TP 1, FP 2, FN 1: precision 1/3, recall 1/2, F1
     * 2·(1/3)(1/2)/(5/6) = 2/5.
     * Validation rows, weighed alike (their own w, the same class weights): (0, 1, b) v 1, b→a (FN); (2, 2, b) v 2,
     * b→b (TP); (3, 1, a) v 2, a→b (FP). Σv = 5: accuracy 2/5, precision 2/4, recall 2/3, F1
     * 2·(1/2)(2/3)/(7/6) = 4/7. Counting rows: accuracy 1/3, precision 1/2, recall 1/2, F1 1/2.
     */
    @Test
    void classifier_weightedMetrics_byHand_trainingAndValidation() throws IOException {
        Path start = handModel(Task.BINARY, List.of("a", "b"), "bce", 1, -1.5);
        Path train = csv("w.csv", "x,w,y\n0,2,a\n1,1,b\n2,3,b\n3,0.5,a\n4,0,a\n");
        Path validation = csv("v.csv", "x,w,y\n0,1,b\n2,2,b\n3,1,a\n");
        Path out = dir.resolve("m");
        String[] weights = {"--sample-weight", "w", "--class-weight", "a=2,b=1"};
        Cli run = ok(still(train, start, out, Stream.concat(Stream.of(weights),
                Stream.of("--model", "logistic", "--loss", "bce", "--validation-data", validation.toString(), "--quiet"))
                .toArray(String[]::new)));
        assertThat(ModelFiles.load(out).params().bitEquals(ModelFiles.load(start).params())).isTrue();

        JsonNode m = metrics(out);
        double loss = (4 * bce(-1.5, 0) + bce(-0.5, 1) + 3 * bce(0.5, 1) + bce(1.5, 0)) / 9;
        double valLoss = (bce(-1.5, 1) + 2 * bce(0.5, 1) + 2 * bce(1.5, 0)) / 5;
        Map<String, Double> weightedValidation = figures("accuracy", 0.4, "precision", 0.5, "recall", 2.0 / 3,
                "f1", 4.0 / 7);
        assertFigures(figures("loss", loss, "objective", loss, "accuracy", 7.0 / 9, "precision", 0.75, "recall", 0.75,
                "f1", 0.75, "n", 5, "weight_sum", 9), m.get("weighted"));
        Map<String, Double> valWeighted = new LinkedHashMap<>(figures("loss", valLoss, "objective", valLoss));
        valWeighted.putAll(weightedValidation);
        valWeighted.putAll(figures("n", 3, "weight_sum", 5));
        assertFigures(valWeighted, m.get("val_weighted"));
        assertThat(m.get("weighted").get("n").isInt() && m.get("val_weighted").get("n").isInt()).as("n, integers")
                .isTrue();
        // the plain keys keep their meaning: the loss weighted, the other metrics counting rows
        assertFigures(figures("loss", loss, "accuracy", 0.4, "precision", 1.0 / 3, "recall", 0.5, "f1", 0.4,
                "val_loss", valLoss, "val_accuracy", 1.0 / 3, "val_f1", 0.5), m);
        assertThat(m.has("weight_sum")).isFalse();

        // every epoch's validation, weighted, in history.csv beside the plain columns; val_loss is the weighted loss
        Map<String, String> epoch = lastEpoch(out);
        Map<String, Double> perEpoch = figures("val_loss", valLoss, "val_accuracy", 1.0 / 3);
        weightedValidation.forEach((key, value) -> perEpoch.put("val_weighted_" + key, value));
        assertFigures(perEpoch, epoch::get);
        assertThat(epoch.keySet()).filteredOn(k -> k.contains("weighted")).containsExactly("val_weighted_accuracy",
                "val_weighted_f1", "val_weighted_precision", "val_weighted_recall");

        // the weighted object is what evaluate with the same weights prints, bit for bit
        JsonNode evaluated = new ObjectMapper().readTree(ok(Stream.concat(Stream.of("evaluate", "--model", out.toString(),
                "--data", train.toString(), "--json"), Stream.of(weights)).toArray(String[]::new)).out());
        evaluated.fieldNames().forEachRemaining(key -> {
            if (!key.equals("sample_weight") && !key.equals("class_weight")) {
                assertThat(m.get("weighted").get(key)).as(key).isEqualTo(evaluated.get(key));
            }
        });
        assertThat(m.get("weighted").size()).isEqualTo(evaluated.size() - 2);

        Cli loud = ok(still(train, start, dir.resolve("loud"), Stream.concat(Stream.of(weights), Stream.of("--model",
                "logistic", "--loss", "bce", "--validation-data", validation.toString())).toArray(String[]::new)));
        List<String> lines = loud.out().lines().toList();
        assertThat(lines.get(1)).startsWith("train      loss=");
        assertThat(lines.get(2)).isEqualTo("(weighted) loss=" + Numbers.human(loss) + "  objective=" + Numbers.human(loss)
                + "  accuracy=0.77777778  precision=0.75  recall=0.75  f1=0.75  n=5  weight_sum=9");
        assertThat(lines.get(3)).startsWith("validation loss=");
        assertThat(lines.get(4)).startsWith("(weighted) loss=").endsWith("accuracy=0.4  precision=0.5  recall=0.66666667  "
                + "f1=0.57142857  n=3  weight_sum=5");
        assertThat(run.out()).isEqualTo(loud.out().replace(dir.resolve("loud").toString(), out.toString()));
    }

    /**
     * ŷ = 2x + 1 on rows (x, w, y): (0, 1, 1), (1, 2, 2), (2, 0, 9), (3, 1, 9); residuals ŷ − y = 0, 1, −4, −2.
     * Weighted (Σw = 4): MSE (0 + 2·1 + 0·16 + 4)/4 = 3/2, MAE (0 + 2 + 0 + 2)/4 = 1; the weighted mean target
     * (1 + 4 + 0 + 9)/4 = 3.5 and Σw(y − 3.5)² = 6.25 + 2·2.25 + 0 + 30.25 = 41, so R² = 1 − 6/41 = 35/41. Counting
     * rows: MSE (0 + 1 + 16 + 4)/4 = 21/4, MAE 7/4, mean target 21/4, Σ(y − 21/4)² = 227/4, R² = 1 − 21/(227/4) =
     * 143/227. The loss, mse, is weighted at the top level too.
     */
    @Test
    void regression_weightedMse_byHand() throws IOException {
        Path start = handModel(Task.REGRESSION, List.of(), "mse", 2, 1);
        Path out = dir.resolve("r");
        ok(still(csv("r.csv", "x,w,y\n0,1,1\n1,2,2\n2,0,9\n3,1,9\n"), start, out, "--model", "linear", "--loss", "mse",
                "--task", "regression", "--sample-weight", "w", "--quiet"));
        JsonNode m = metrics(out);
        assertFigures(figures("loss", 1.5, "objective", 1.5, "mse", 1.5, "rmse", Math.sqrt(1.5), "mae", 1, "r2", 35.0 / 41,
                "n", 4, "weight_sum", 4), m.get("weighted"));
        assertFigures(figures("loss", 1.5, "mse", 21.0 / 4, "mae", 7.0 / 4, "r2", 143.0 / 227), m);
        // no validation, no validation figures
        assertThat(m.has("val_weighted")).isFalse();
        assertThat(Files.readAllLines(out.resolve("history.csv")).getFirst()).doesNotContain("weighted");
    }

    /** Integer weights, 2 and 0 among them. */
    private static final int[] COUNTS = {2, 1, 3, 0, 1, 1, 2, 1, 0, 2, 1, 2, 1, 3, 1, 1, 2, 1, 2, 2, 0, 1, 3, 1};

    /** {@link SeededRows} of {@link #COUNTS}' length, into {@code name}. */
    private Path rows(String name, String loss, int[] weights, int[] repeats) throws IOException {
        return csv(name, SeededRows.csv(7, loss, COUNTS.length, weights, repeats));
    }

    /**
     * A weight of 2 counts as the row written twice and a weight of 0 as no row, in training and in every weighted
     * figure: a run on the weighted rows (validated on them) ends with the weights of the run on the duplicated rows
     * up to round-off, and its {@code weighted} and {@code val_weighted} figures and history columns are the other
     * run's plain ones, but {@code n}, which counts the weighted file's rows, its {@code weight_sum} being the other's
     * {@code n}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bce", "mse"})
    void weightTwo_isADuplicatedRow_weightZero_aRemovedOne(String loss) throws IOException {
        Path weighted = rows("weighted.csv", loss, COUNTS, null);
        Path repeated = rows("repeated.csv", loss, null, COUNTS);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String model = loss.equals("bce") ? "logistic" : "linear";
        String[] common = {"--target", "y", "--model", model, "--loss", loss, "--optimizer", "sgd(lr=0.1)", "--batch-size",
                "full", "--epochs", "30", "--dtype", "float64", "--quiet"};
        ok(Stream.concat(Stream.of("train", "--data", weighted.toString(), "--validation-data", weighted.toString(),
                "--sample-weight", "w", "--out", a.toString()), Stream.of(common)).toArray(String[]::new));
        ok(Stream.concat(Stream.of("train", "--data", repeated.toString(), "--validation-data", repeated.toString(),
                "--out", b.toString()), Stream.of(common)).toArray(String[]::new));
        JsonNode wm = metrics(a);
        JsonNode plain = metrics(b);
        for (String set : List.of("", "val_")) {
            JsonNode w = wm.get(set + "weighted");
            List<String> keys = new ArrayList<>();
            w.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).contains("loss", "weight_sum", loss.equals("bce") ? "recall" : "r2");
            for (String key : keys) {
                double expected = key.equals("n") ? COUNTS.length : plain.get(set + (key.equals("weight_sum") ? "n" : key))
                        .asDouble();
                TensorAssert.assertClose(w.get(key).asDouble(), expected, 1e-9, 1e-12, set + key);
            }
        }
        Map<String, String> weightedEpoch = lastEpoch(a);
        Map<String, String> plainEpoch = lastEpoch(b);
        List<String> columns = weightedEpoch.keySet().stream().filter(k -> k.startsWith("val_weighted_")).toList();
        assertThat(columns).hasSize(4);
        for (String column : columns) {
            TensorAssert.assertClose(Double.parseDouble(weightedEpoch.get(column)),
                    Double.parseDouble(plainEpoch.get(column.replace("val_weighted_", "val_"))), 1e-9, 1e-12, column);
        }
    }

    /** Without weights, nothing is added: no weighted figures in metrics.json, history.csv or the closing lines. */
    @Test
    void unweightedRuns_haveNoWeightedFigures() throws IOException {
        Path out = dir.resolve("plain");
        Cli r = ok("train", "--data", "builtin:iris", "--model", "softmax", "--epochs", "2", "--validation-split", "0.2",
                "--out", out.toString(), "--quiet");
        List<String> keys = new ArrayList<>();
        metrics(out).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("loss", "objective", "accuracy", "n", "engine", "epochs", "val_accuracy",
                "val_loss", "val_n", "val_objective");
        assertThat(Files.readAllLines(out.resolve("history.csv")).getFirst()).doesNotContain("weight");
        assertThat(r.out()).doesNotContain("weight");
        assertThat(r.out().lines()).hasSize(3);
    }
}
