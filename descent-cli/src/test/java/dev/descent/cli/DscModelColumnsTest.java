package dev.descent.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static dev.descent.cli.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model's feature order and classes apply to a {@code .dsc} file as to the CSV it was converted from: {@code evaluate},
 * {@code predict} and {@code train --validation-data} (in memory and with {@code --stream}) on a file whose feature
 * columns are in another order, or which lacks a class, give what the CSV gives, byte for byte; {@code predict} reads
 * LIBSVM files too. The files are iris: {@code rev} has its four feature columns in reverse order, {@code sub} lacks
 * class 0 (so its file's classes 0, 1 are the labels 1, 2, the model's classes 1, 2).
 */
class DscModelColumnsTest {

    @TempDir
    static Path dir;

    /** A softmax model trained on iris.csv, and one trained on iris.svm (features f1..f4, target label). */
    private static Path model;
    private static Path svmModel;

    @BeforeAll
    static void files() throws IOException {
        List<String[]> rows;
        try (InputStream in = DscModelColumnsTest.class.getResourceAsStream("/dev/descent/data/builtin/iris.csv")) {
            rows = new String(in.readAllBytes()).lines().map(l -> l.split(",")).toList();
        }
        write("iris", rows, new int[] {0, 1, 2, 3, 4}, r -> true);
        write("rev", rows, new int[] {3, 2, 1, 0, 4}, r -> true);
        write("sub", rows, new int[] {0, 1, 2, 3, 4}, r -> !r[4].equals("0"));
        // the first column renamed: the model's sepal_length_cm is missing
        List<String[]> renamed = new ArrayList<>(rows);
        renamed.set(0, new String[] {"a", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "target"});
        write("ren", renamed, new int[] {0, 1, 2, 3, 4}, r -> true);
        // class 2 relabelled 7, a class the model lacks
        write("new", rows.stream().map(r -> r[4].equals("2") ? new String[] {r[0], r[1], r[2], r[3], "7"} : r).toList(),
                new int[] {0, 1, 2, 3, 4}, r -> true);
        // LIBSVM: label then 1:sepal_length ... 4:petal_width (no iris value is 0, so every index is written); and a
        // CSV of the same rows whose columns are named as LIBSVM's features, in reverse order
        Files.writeString(dir.resolve("iris.svm"), rows.stream().skip(1)
                .map(r -> r[4] + " 1:" + r[0] + " 2:" + r[1] + " 3:" + r[2] + " 4:" + r[3] + "\n").collect(Collectors.joining()));
        List<String[]> named = new ArrayList<>(rows);
        named.set(0, new String[] {"f1", "f2", "f3", "f4", "label"});
        write("frev", named, new int[] {3, 2, 1, 0, 4}, r -> true);
        for (String name : List.of("iris", "rev", "sub", "ren", "new")) {
            ok("convert", csv(name), dsc(name));
        }
        ok("convert", csv("frev"), dsc("frev"), "--target", "label");
        model = dir.resolve("m");
        ok("train", "--data", csv("iris"), "--model", "softmax", "--optimizer", "adam(lr=0.05)", "--epochs", "20", "--quiet",
                "--out", model.toString());
        svmModel = dir.resolve("svm-model");
        ok("train", "--data", dir.resolve("iris.svm").toString(), "--model", "softmax", "--optimizer", "adam(lr=0.05)",
                "--epochs", "20", "--quiet", "--out", svmModel.toString());
    }

    /** Writes {@code NAME.csv}: the header and the rows {@code keep} keeps, their columns in the order {@code columns}. */
    private static void write(String name, List<String[]> rows, int[] columns, java.util.function.Predicate<String[]> keep)
            throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            if (i == 0 || keep.test(r)) {
                for (int j = 0; j < columns.length; j++) {
                    text.append(j == 0 ? "" : ",").append(r[columns[j]]);
                }
                text.append('\n');
            }
        }
        Files.writeString(dir.resolve(name + ".csv"), text);
    }

    private static String csv(String name) {
        return dir.resolve(name + ".csv").toString();
    }

    private static String dsc(String name) {
        return dir.resolve(name + ".dsc").toString();
    }

    @ParameterizedTest
    @CsvSource({"rev, 150", "sub, 100"})
    void evaluate_onADscFile_givesTheCsvsFigures(String name, int rows) {
        assertThat(evaluate(dsc(name))).isEqualTo(evaluate(csv(name)));
        assertThat(evaluate(dsc(name), "--json")).contains("\"n\": " + rows).isEqualTo(evaluate(csv(name), "--json"));
        // the reversed columns are iris itself: the training data's figures
        if (name.equals("rev")) {
            assertThat(evaluate(dsc(name))).isEqualTo(evaluate(csv("iris")));
        }
    }

    private static String evaluate(String data, String... more) {
        return ok(concat(new String[] {"evaluate", "--model", model.toString(), "--data", data}, more)).out();
    }

    @ParameterizedTest
    @CsvSource({"rev", "sub"})
    void predict_onADscFile_writesTheCsvsPredictions(String name) throws IOException {
        assertThat(predict(model, dsc(name))).isEqualTo(predict(model, csv(name)));
        if (name.equals("rev")) {
            assertThat(predict(model, dsc(name))).isEqualTo(predict(model, csv("iris")));
        }
    }

    /** A model trained on LIBSVM features f1..f4 predicts on the LIBSVM file as on a CSV and a .dsc of the same rows. */
    @Test
    void predict_onALibsvmFile_writesTheCsvsPredictions() throws IOException {
        String fromSvm = predict(svmModel, dir.resolve("iris.svm").toString());
        assertThat(fromSvm.lines()).hasSize(151).first().isEqualTo("prediction,p_0,p_1,p_2");
        assertThat(predict(svmModel, csv("frev"))).isEqualTo(fromSvm);
        assertThat(predict(svmModel, dsc("frev"))).isEqualTo(fromSvm);
    }

    /**
     * A model trained on a CSV of LIBSVM's feature names and a target column of another name evaluates a LIBSVM file of
     * the same rows as that CSV: without --target, a LIBSVM file's label is the target (it has no column by the model's
     * target name).
     */
    @Test
    void evaluate_onALibsvmFile_takesItsLabelAsTheModelsTarget() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("iris.csv"));
        lines.set(0, "f1,f2,f3,f4,kind");
        Path named = Files.write(dir.resolve("kind.csv"), lines);
        Path kind = dir.resolve("kind-model");
        ok("train", "--data", named.toString(), "--target", "kind", "--model", "softmax", "--epochs", "5", "--quiet",
                "--out", kind.toString());
        String fromSvm = ok("evaluate", "--model", kind.toString(), "--data", dir.resolve("iris.svm").toString()).out();
        assertThat(fromSvm).startsWith("loss=")
                .isEqualTo(ok("evaluate", "--model", kind.toString(), "--data", named.toString()).out());
    }

    private static int predictions;

    private static String predict(Path m, String data) throws IOException {
        Path out = dir.resolve("p" + ++predictions + ".csv");
        ok("predict", "--model", m.toString(), "--data", data, "--out", out.toString());
        return Files.readString(out);
    }

    /**
     * {@code --validation-data} imposes the training rows' columns and classes: a .dsc validation file gives the
     * run the CSV gives (weights, history with val_loss and val_accuracy, metrics), in memory and streamed.
     */
    @ParameterizedTest
    @CsvSource({"rev, false", "sub, false", "rev, true", "sub, true"})
    void trainWithDscValidationData_runsAsWithTheCsv(String name, boolean stream) throws IOException {
        Path fromCsv = train(stream, csv(name));
        Path fromDsc = train(stream, dsc(name));
        for (String file : List.of("weights.bin", "history.csv", "metrics.json")) {
            assertThat(Files.readAllBytes(fromDsc.resolve(file))).as(file).isEqualTo(Files.readAllBytes(fromCsv.resolve(file)));
        }
        assertThat(Files.readString(fromDsc.resolve("metrics.json"))).contains("\"val_accuracy\"");
    }

    private static int runs;

    private static Path train(boolean stream, String validation) {
        Path out = dir.resolve("run" + ++runs);
        List<String> args = new ArrayList<>(List.of("train", "--data", stream ? dsc("iris") : csv("iris"), "--optimizer",
                "adam(lr=0.05)", "--epochs", "3", "--batch-size", "16", "--validation-data", validation, "--quiet",
                "--out", out.toString()));
        if (stream) {
            args.add("--stream");
        }
        ok(args.toArray(String[]::new));
        return out;
    }

    @Test
    void errors_areOneLineWithExitCode2() {
        String m = model.toString();
        String svm = dir.resolve("iris.svm").toString();
        String out = dir.resolve("refused").toString();
        String missing = "no column named 'sepal_length_cm' (a feature the model was trained on); columns: a, "
                + "sepal_width_cm, petal_length_cm, petal_width_cm, target";
        String unseen = "row 101: class '7' was not seen in training; known classes: 0, 1, 2";
        String classes = dsc("iris") + ": the target 'target' of this .dsc file holds classes (0, 1, 2), not the values of "
                + "a regression; convert the data with 'descent convert --task regression'";
        assertRefused("ren.dsc: " + missing, "evaluate", "--model", m, "--data", dsc("ren"));
        assertRefused("ren.dsc: " + missing, "predict", "--model", m, "--data", dsc("ren"), "--out", out + ".csv");
        assertRefused("ren.dsc: " + missing, "train", "--data", csv("iris"), "--validation-data", dsc("ren"), "--out", out);
        assertRefused("new.dsc: " + unseen, "evaluate", "--model", m, "--data", dsc("new"));
        assertRefused("new.dsc: " + unseen, "train", "--data", csv("iris"), "--validation-data", dsc("new"), "--out", out);
        assertRefused("new.dsc: " + unseen, "train", "--data", dsc("iris"), "--stream", "--validation-data", dsc("new"),
                "--out", out);
        assertRefused(classes, "train", "--data", dsc("iris"), "--task", "regression", "--out", out);
        assertRefused(classes, "train", "--data", dsc("iris"), "--stream", "--task", "regression", "--out", out);
        assertRefused(classes, "train", "--data", csv("iris"), "--task", "regression", "--validation-data", dsc("iris"),
                "--out", out);
        String named = "iris.svm: a LIBSVM file's features are f1, f2, ... by index, but feature 1 of the model is "
                + "'sepal_length_cm' (not f1); give a CSV file with the model's columns";
        assertRefused(named, "predict", "--model", m, "--data", svm, "--out", out + ".csv");
        assertRefused(named, "evaluate", "--model", m, "--data", svm);
        assertRefused("--target 'sepal_length_cm' is one of the model's features; its target column is 'target'",
                "evaluate", "--model", m, "--data", csv("iris"), "--target", "sepal_length_cm");
        assertThat(dir.resolve("refused.csv")).doesNotExist();
        assertThat(dir.resolve("refused")).doesNotExist();
    }

    private static void assertRefused(String message, String... args) {
        Cli r = Cli.run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent: error: " + message + "\n");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
