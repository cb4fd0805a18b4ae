package dev.descent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.data.ClassWeights;
import dev.descent.data.Datasets;
import dev.descent.data.ReadOptions;
import dev.descent.io.ModelFiles;
import dev.descent.io.SavedModel;
import dev.descent.model.Sequential;
import dev.descent.nn.Layer;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.testkit.TensorAssert;
import dev.descent.train.Engine;
import dev.descent.train.FitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.descent.cli.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code train --sample-weight COL} and {@code --class-weight balanced|LABEL=W,...} end to end, and their errors. */
class WeightedTrainCommandTest {

    /** Eight rows: feature x, a binary class y (six 0s, two 1s) and an integer weight w, 0 among them. */
    private static final double[] X = {0, 1, 2, 3, 4, 5, 6, 7};
    private static final int[] Y = {0, 0, 0, 0, 0, 0, 1, 1};
    private static final int[] W = {1, 2, 1, 1, 0, 1, 1, 3};

    private static Path weightedCsv(Path dir) throws IOException {
        StringBuilder s = new StringBuilder("x,w,y\n");
        for (int i = 0; i < X.length; i++) {
            s.append(X[i]).append(',').append(W[i]).append(',').append(Y[i]).append('\n');
        }
        return Files.writeString(dir.resolve("weighted.csv"), s);
    }

    /** The same rows, row i written W[i] times, without the weight column. */
    private static Path duplicatedCsv(Path dir) throws IOException {
        StringBuilder s = new StringBuilder("x,y\n");
        for (int i = 0; i < X.length; i++) {
            s.append((X[i] + "," + Y[i] + "\n").repeat(W[i]));
        }
        return Files.writeString(dir.resolve("duplicated.csv"), s);
    }

    /** Logistic regression by full-batch descent in float64 on {@code data}, with {@code more} options. */
    private static String[] common(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--target", "y", "--model",
                "logistic", "--loss", "bce", "--optimizer", "sgd(lr=0.2)", "--batch-size", "full", "--dtype", "float64"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** {@link #common} for 40 epochs into {@code out}. */
    private static String[] train(Path data, Path out, String... more) {
        return concat(common(data, "--epochs", "40", "--out", out.toString()), more);
    }

    private static JsonNode metrics(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    }

    /** The model's logit k·x + b for row i. */
    private static double logit(Params p, int i) {
        return p.get("dense_1/kernel").at(0) * X[i] + p.get("dense_1/bias").at(0);
    }

    /** Binary cross-entropy of a logit, in its stable form. */
    private static double bce(double z, int t) {
        return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /**
     * Weights of k (0 among them) train like the row written k times, on a full batch in float64: the same weights,
     * and the reported loss is the weighted one.
     */
    @Test
    void sampleWeights_trainLikeDuplicatedRows(@TempDir Path dir) throws IOException {
        Path weighted = dir.resolve("weighted");
        Path repeated = dir.resolve("repeated");
        ok(train(weightedCsv(dir), weighted, "--sample-weight", "w", "--quiet"));
        ok(train(duplicatedCsv(dir), repeated, "--quiet"));
        Params a = ModelFiles.load(weighted).params();
        Params b = ModelFiles.load(repeated).params();
        for (String name : a.names()) {
            TensorAssert.assertClose(a.get(name), b.get(name), 1e-10, 1e-6);
        }
        TensorAssert.assertClose(metrics(weighted).get("loss").asDouble(), metrics(repeated).get("loss").asDouble(),
                1e-10, 0, "loss");
        assertThat(ModelFiles.load(weighted).featureNames()).containsExactly("x");
        assertThat(ModelFiles.load(weighted).training().get("sample_weight")).isEqualTo("w");
    }

    /**
     * Balanced weights are n/(k·n_c) on the training rows: 8/(2·6) = 2/3 and 8/(2·2) = 2. The reported loss and
     * val_loss are the weighted mean Σ v_i·ℓ_i / Σ v_i with v_i = w_i·c_{y_i}; accuracy and {@code evaluate} count
     * rows, {@code evaluate} with the same weights weighs both.
     */
    @Test
    void balancedClassWeights_timesSampleWeights(@TempDir Path dir) throws IOException {
        Path csv = weightedCsv(dir);
        Path balanced = dir.resolve("balanced");
        Cli run = ok(train(csv, balanced, "--sample-weight", "w", "--class-weight", "balanced",
                "--validation-data", csv.toString()));
        assertThat(run.err().lines().findFirst().orElseThrow())
                .endsWith("float64, sample weights 'w', class weights (0=0.66666667, 1=2)");
        Path explicit = dir.resolve("explicit");
        ok(train(csv, explicit, "--sample-weight", "w", "--class-weight", "1=2, 0=0.6666666666666666", "--quiet"));
        assertThat(Files.readAllBytes(explicit.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(balanced.resolve("weights.bin")));

        SavedModel model = ModelFiles.load(balanced);
        assertThat(model.training().get("class_weight")).isEqualTo("balanced");
        double[] perClass = {8.0 / 12, 2};
        double weightedSum = 0;
        double weightSum = 0;
        double plainSum = 0;
        int correct = 0;
        double weightedCorrect = 0;
        for (int i = 0; i < X.length; i++) {
            double z = logit(model.params(), i);
            double v = W[i] * perClass[Y[i]];
            weightedSum += v * bce(z, Y[i]);
            weightSum += v;
            plainSum += bce(z, Y[i]);
            boolean right = (z > 0 ? 1 : 0) == Y[i];
            correct += right ? 1 : 0;
            weightedCorrect += right ? v : 0;
        }
        JsonNode m = metrics(balanced);
        TensorAssert.assertClose(m.get("loss").asDouble(), weightedSum / weightSum, 1e-12, 0, "loss");
        // the validation rows are the training rows, weighed alike
        assertThat(m.get("val_loss").asDouble()).isEqualTo(m.get("loss").asDouble());
        assertThat(m.get("accuracy").asDouble()).isEqualTo(correct / 8.0);

        JsonNode evaluated = new ObjectMapper().readTree(ok("evaluate", "--model", balanced.toString(), "--data",
                csv.toString(), "--target", "y", "--json").out());
        TensorAssert.assertClose(evaluated.get("loss").asDouble(), plainSum / 8, 1e-12, 0, "unweighted loss");
        assertThat(evaluated.get("accuracy").asDouble()).isEqualTo(correct / 8.0);
        // evaluate with the run's weights (balanced on the same rows) gives its loss, and weighs the accuracy too
        JsonNode weighted = new ObjectMapper().readTree(ok("evaluate", "--model", balanced.toString(), "--data",
                csv.toString(), "--target", "y", "--sample-weight", "w", "--class-weight", "balanced", "--json").out());
        TensorAssert.assertClose(weighted.get("loss").asDouble(), m.get("loss").asDouble(), 1e-12, 0, "weighted loss");
        TensorAssert.assertClose(weighted.get("weight_sum").asDouble(), weightSum, 1e-12, 0, "weight_sum");
        TensorAssert.assertClose(weighted.get("accuracy").asDouble(), weightedCorrect / weightSum, 1e-12, 0, "accuracy");
    }

    /**
     * A float32 run with balanced class weights trains on the fused kernels, as unweighted runs do (before, every
     * weighted run trained on the tape): its model is the library's same run on the local engine bit for bit, and that
     * run on the tape ({@link Engine#TAPE}) to float32 precision, not bit for bit. Wine's classes (59, 71, 48 rows) and
     * breast_cancer's (212, 357) are imbalanced, so the weights are not all 1.
     */
    @ParameterizedTest
    @CsvSource({"wine, mlp(8), ce", "breast_cancer, logistic, bce"})
    void balancedClassWeights_trainOnTheFusedKernels_asOnTheTape(String data, String model, String loss,
                                                                 @TempDir Path dir) {
        Path out = dir.resolve("m");
        ok("train", "--data", "builtin:" + data, "--model", model, "--loss", loss, "--optimizer", "adam(lr=0.01)",
                "--epochs", "5", "--standardize", "--class-weight", "balanced", "--quiet", "--out", out.toString());
        Params cli = ModelFiles.load(out).params();
        Params local = library(data, model, loss, Engine.LOCAL);
        Params tape = library(data, model, loss, Engine.TAPE);
        assertThat(cli.bitEquals(local)).isTrue();
        for (String name : tape.names()) {
            TensorAssert.assertClose(cli.get(name), tape.get(name), 1e-4, 1); // weights of order 1
        }
        assertThat(cli.bitEquals(tape)).isFalse();
    }

    /** The command's run above through the library: the same data, model, defaults (batch 32, seed 0) and weights. */
    private static Params library(String data, String model, String loss, Engine engine) {
        var rows = Datasets.open("builtin:" + data, ReadOptions.target("target").withDType(DType.FLOAT32));
        Loss lossFn = Loss.parse(loss);
        int outputs = loss.equals("ce") ? rows.classes().size() : 1;
        Sequential net = new Sequential(ModelSpec.stack(model, outputs).layers().toArray(Layer[]::new))
                .dtype(DType.FLOAT32).standardize();
        net.compile(Optimizers.parse("adam(lr=0.01)"), lossFn);
        net.fit(rows, null, FitOptions.builder().epochs(5).batchSize(32).seed(0).classWeights(ClassWeights.balanced())
                .engine(engine).build());
        return net.params();
    }

    /** The weights are training settings: a resume with the same ones continues bit for bit, another is refused. */
    @Test
    void resume_keepsTheWeights_andRefusesOtherOnes(@TempDir Path dir) throws IOException {
        Path csv = weightedCsv(dir);
        String[] weights = {"--sample-weight", "w", "--class-weight", "balanced", "--checkpoint-every", "2", "--quiet"};
        Path whole = dir.resolve("whole");
        ok(concat(common(csv, "--epochs", "6", "--out", whole.toString()), weights));
        Path part = dir.resolve("part");
        ok(concat(common(csv, "--epochs", "4", "--out", part.toString()), weights));
        String[] resume = common(csv, "--epochs", "6", "--resume", part.toString(), "--checkpoint-every", "2", "--quiet");
        Cli resumed = ok(concat(resume, "--sample-weight", "w", "--class-weight", "balanced"));
        assertThat(resumed.err()).isEqualTo("resumed from epoch 4\n");
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
        assertThat(Files.readAllLines(part.resolve("history.csv"))).isEqualTo(Files.readAllLines(whole.resolve("history.csv")));

        Cli other = Cli.run(concat(resume, "--sample-weight", "w", "--class-weight", "0=1,1=3"));
        assertThat(other.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err()).isEqualTo("descent: error: --resume: the checkpoint was trained with class_weight=balanced, "
                + "this command has class_weight=0=1.0,1=3.0; resume with the same options (only --epochs and --master "
                + "may change)\n");
        Cli none = Cli.run(concat(resume, "--class-weight", "balanced"));
        assertThat(none.err()).isEqualTo("descent: error: --resume: the checkpoint was trained with sample_weight=w, "
                + "this command has no sample_weight; resume with the same options (only --epochs and --master may change)\n");
    }

    /** The library's messages (its tests cover every case) with the flag that held the value; the command's own. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--class-weight 0=1,1=1,2=1 | --class-weight: '2' is not a class of 'y'; classes: 0, 1",
            "--class-weight 1=2         | --class-weight: no weight for class '0'; every class needs one: 0, 1",
            "--class-weight 0=-1,1=1    | --class-weight: the weight of class '0' must be a finite number >= 0, got -1.0",
            "--class-weight 0=0,1=0     | weighted.csv: the training rows' weights (--class-weight 0=0,1=0) sum to 0",
            "--sample-weight weight     | weighted.csv: no column named 'weight' for the weights; columns: x, w, y",
            "--sample-weight y          | weighted.csv: the weight column 'y' is the target column",
            "--sample-weight weight --stream | weighted.csv: no column named 'weight' for the weights; columns: x, w, y",
            "--class-weight balanced --loss mse --model linear --task regression | --class-weight weighs classes: it needs a class target and a classification loss (bce, ce, hinge or squared_hinge), not --loss mse"})
    void badWeights_areOneLineErrors(String flags, String message, @TempDir Path dir) throws IOException {
        Path csv = weightedCsv(dir);
        Cli r = Cli.run(Stream.concat(Stream.of("train", "--data", csv.toString(), "--target", "y", "--epochs", "1",
                "--quiet", "--out", dir.resolve("m").toString()), Stream.of(flags.split(" "))).toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("descent: error: " + message + "\n");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void badWeightValues_nameTheFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("d.csv"), "x,w,y\n1,1,0\n2,-1,1\n");
        Cli r = Cli.run("train", "--data", csv.toString(), "--target", "y", "--sample-weight", "w", "--quiet", "--out",
                dir.resolve("m").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("descent: error: d.csv:3: column 2 (w): a weight must be >= 0, got '-1'\n");
        Path zero = Files.writeString(dir.resolve("z.csv"), "x,w,y\n1,0,0\n2,0,1\n");
        Cli z = Cli.run("train", "--data", zero.toString(), "--target", "y", "--sample-weight", "w", "--quiet", "--out",
                dir.resolve("m").toString());
        assertThat(z.err()).isEqualTo("descent: error: z.csv: the training rows' weights (--sample-weight w) sum to 0\n");
        // validation rows are weighed as the training rows are, so their file needs the column too
        Path noWeights = Files.writeString(dir.resolve("v.csv"), "x,y\n1,0\n2,1\n");
        Cli v = Cli.run("train", "--data", weightedCsv(dir).toString(), "--target", "y", "--sample-weight", "w",
                "--validation-data", noWeights.toString(), "--quiet", "--out", dir.resolve("m").toString());
        assertThat(v.err()).isEqualTo("descent: error: v.csv: no column named 'w' for the weights; columns: x, y\n");
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
