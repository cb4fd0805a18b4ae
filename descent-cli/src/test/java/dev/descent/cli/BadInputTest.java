package dev.descent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's standard for bad input, held for the cases a robustness sweep found wanting: exit code 2, one line
 * {@code descent: error: ...} naming the option or file and what was expected, and nothing written.
 */
class BadInputTest {

    private static final List<String> IRIS = List.of("train", "--data", "builtin:iris", "--epochs", "1", "--quiet");

    /** Exit code 2 and exactly this one line on stderr. */
    private static void assertInputError(Cli r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("descent: error: " + message + "\n");
    }

    private static Cli train(Path out, String... more) {
        List<String> args = new ArrayList<>(IRIS);
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The library's parsers say what is wrong; the command line adds which option held it. NaN is no number. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--optimizer adam(lr=-1)      | --optimizer: adam: lr must be >= 0, got -1",
        "--optimizer adam(foo=1)      | --optimizer: unknown key 'foo' for adam; valid keys: lr, beta1, beta2, eps, weight_decay, amsgrad",
        "--optimizer adam(lr=1        | --optimizer: expected ')' at column 10 in \"adam(lr=1\"",
        "--schedule cosine(t_max=-1)  | --schedule: cosine: t_max must be >= 1, got -1",
        "--schedule-unit epochs       | --schedule-unit: schedule unit must be epoch or step, got 'epochs'",
        "--model mlp(0)               | --model: hidden width must be a positive integer, got '0'; valid: linear, logistic, softmax, mlp(64,32,activation=relu,dropout=0.2)",
        "--loss huber(delta=-1)       | --loss: huber delta must be positive, got -1.0; valid: mse, mae, huber(delta=1), bce, ce, hinge, squared_hinge",
        "--batch-size 0               | --batch-size: batch size must be 'full' or a positive integer, got '0'",
        "--dtype float16              | --dtype: unknown dtype 'float16'; expected float32 or float64",
        "--task both                  | --task: unknown task 'both'; expected auto, regression or classification",
        "--early-stopping patience=-1 | --early-stopping: patience must be >= 0, got -1",
        "--early-stopping mode=up     | --early-stopping: mode must be auto, min or max, got 'up'",
        "--early-stopping baseline=x  | --early-stopping: baseline needs a number, got 'x'",
        "--early-stopping baseline=Infinity | --early-stopping: baseline must be a finite number, got Infinity",
        "--early-stopping start_from_epoch=-2 | --early-stopping: start_from_epoch must be >= 0, got -2",
        "--early-stopping min_delta_relative=1 | --early-stopping: min_delta_relative must be in [0, 1) (0.01 is 1%), got 1.0",
        "--early-stopping min_delta=1e-3,min_delta_relative=0.01 | --early-stopping: min_delta (absolute) and min_delta_relative cannot be combined, got 0.001 and 0.01; choose one",
        "--early-stopping patients=5  | --early-stopping: unknown key 'patients'; valid keys: monitor, patience, min_delta, min_delta_relative, restore_best, mode, baseline, start_from_epoch",
        "--validation-split NaN       | --validation-split must be in [0, 1), got NaN",
        "--validation-split 0.999     | --validation-split: validation fraction 0.999 leaves no training rows of 150",
        "--validation-split 0.2 --validation-data builtin:iris | --validation-split and --validation-data cannot be combined; choose one",
        "--l2 NaN                     | --l2: lambda must be non-negative and finite, got NaN",
        "--l1 -1                      | --l1: lambda must be non-negative and finite, got -1.0",
        "--clip-norm NaN              | --clip-norm must be >= 0, got NaN",
        "--clip-value -1              | --clip-value must be >= 0, got -1.0",
        "--clip-norm-per-tensor -1    | --clip-norm-per-tensor must be >= 0, got -1.0",
        "--clip-norm-per-tensor NaN   | --clip-norm-per-tensor must be >= 0, got NaN",
        "--threads 100000             | --threads must be between 1 and 1024, got 100000",
    })
    void badTrainOption_isNamedInOneLine(String flags, String message, @TempDir Path dir) {
        Path out = dir.resolve("m");
        assertInputError(train(out, flags.strip().split(" +")), message);
        assertThat(out).doesNotExist();
    }

    @Test
    void specErrorsOfOtherCommands_nameTheOptionToo() {
        assertInputError(Cli.run("minimize", "parabola", "--optimizer", "adam(lr=-1)"), "--optimizer: adam: lr must be >= 0, got -1");
        assertInputError(Cli.run("minimize", "parabola", "--schedule", "step(step_size=0)"),
                "--schedule: step: step_size must be >= 1, got 0");
        assertInputError(Cli.run("minimize", "parabola", "--schedule", "multistep(milestones=80|30)"),
                "--schedule: multistep: milestones must be increasing, got 80|30");
        assertInputError(Cli.run("minimize", "parabola", "--schedule", "cyclic(base_lr=0.01, max_lr=0.1, gamma=0.99)"),
                "--schedule: cyclic: gamma applies only to mode=exp_range (mode is triangular), got 0.99");
        assertInputError(Cli.run("lr-sweep", "--data", "builtin:iris", "--optimizer", "adam(beta1=2)"),
                "--optimizer: adam: beta1 must be in [0, 1), got 2");
        assertInputError(Cli.run("convert", "builtin:iris", "iris.dsc", "--task", "both"),
                "--task: unknown task 'both'; expected auto, regression or classification");
    }

    @Test
    void oneClassTarget_namesTheFileAndTheColumn(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("one.csv");
        Files.writeString(csv, "a,label\n1,yes\n2,yes\n");
        Cli r = Cli.run("train", "--data", csv.toString(), "--target", "label", "--out", dir.resolve("m").toString());
        assertInputError(r, csv + ": the target 'label' has one class only ('yes'); a classifier needs at least 2 "
                + "(use --task regression for a numeric target)");
    }

    /** A LIBSVM file's target is each line's first field: a --target meant for a CSV is refused, not ignored. */
    @Test
    void aTargetColumnForALibsvmFile_isRefused(@TempDir Path dir) throws IOException {
        Path svm = Files.writeString(dir.resolve("a.svm"), "1 1:0.5\n0 1:2\n1 1:1.5\n0 1:3\n");
        String message = "a.svm: the target of a LIBSVM file is the first field of each line ('label'); it has no column "
                + "'price'";
        assertInputError(Cli.run("convert", svm.toString(), dir.resolve("a.dsc").toString(), "--target", "price"), message);
        assertInputError(Cli.run("train", "--data", svm.toString(), "--target", "price", "--out",
                dir.resolve("m").toString()), message);
        assertThat(dir.toFile().list()).containsExactly("a.svm");
    }

    /** Output paths are checked before any work: a typo does not cost a training run, and nothing is written. */
    @Test
    void unusableOutputPaths_areRefusedBeforeTraining(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        Path out = dir.resolve("m");
        assertInputError(train(file), "--out " + file + ": is a file; expected a directory");
        assertInputError(train(file.resolve("m")), "--out " + file.resolve("m") + ": " + file + " is a file, not a directory");
        assertInputError(Cli.run("train", "--data", "builtin:iris", "--resume", file.toString()),
                "--resume " + file + ": is a file; expected a directory");
        assertInputError(train(out, "--report", dir.toString()), "--report " + dir + ": is a directory; expected a file name");
        Path noDir = dir.resolve("missing").resolve("r.html");
        assertInputError(train(out, "--report", noDir.toString()),
                "--report " + noDir + ": directory " + noDir.getParent() + " does not exist");
        assertInputError(Cli.run("demo", "--out", file.toString()), "--out " + file + ": is a file; expected a directory");
        assertThat(dir.toFile().list()).containsExactly("file.txt");
    }

    @Test
    void outputFileThatIsADirectory_isNamedWithoutTheTemporaryFile(@TempDir Path dir) {
        assertInputError(Cli.run("predict", "--model", dir.resolve("none").toString(), "--data", "x.csv", "--out", dir.toString()),
                "--out " + dir + ": is a directory; expected a file name");
        assertInputError(Cli.run("minimize", "parabola", "--trace", dir.toString()),
                "--trace " + dir + ": is a directory; expected a file name");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void convertIntoAMissingDirectory_blamesTheOutputNotTheInput(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("ok.csv"), "a,target\n1,0\n2,1\n");
        Path dsc = dir.resolve("missing").resolve("ok.dsc");
        assertInputError(Cli.run("convert", csv.toString(), dsc.toString()),
                "convert: the output " + dsc + ": directory " + dsc.getParent() + " does not exist");
        Path folder = Files.createDirectory(dir.resolve("folder.dsc"));
        assertInputError(Cli.run("convert", csv.toString(), folder.toString()),
                "convert: the output " + folder + ": is a directory; expected a file name");
    }

    /** Every step of a run is kept (for --trace and --plot): a huge --steps would end in OutOfMemoryError. */
    @Test
    void hugeStepCounts_areRefused() {
        assertInputError(Cli.run("minimize", "parabola", "--steps", "99999999999"),
                "--steps must be between 0 and 10000000, got 99999999999");
        assertInputError(Cli.run("compare", "rosenbrock", "--steps", "10000001"),
                "--steps must be between 1 and 10000000, got 10000001");
    }
}
