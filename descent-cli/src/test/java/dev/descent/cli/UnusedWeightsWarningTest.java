package dev.descent.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.descent.cli.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A weighted {@code .dsc} file read without {@code --sample-weight} is read unweighted, and every command that reads one
 * says so in one warning per file, once it has accepted its inputs: never with the flag, never for an unweighted file,
 * and not at all when it refuses the run.
 */
class UnusedWeightsWarningTest {

    @TempDir
    Path dir;

    /** Eight rows of one feature, classes a and b, weights w; converted with its weights, and copied for validation. */
    private Path weighted;
    private Path validation;
    /** Four rows without weights, converted to a file without a weight column. */
    private Path plain;
    /** A logistic model of feature x, for evaluate. */
    private Path model;
    /** Output paths handed out, each a new one. */
    private int outputs;

    @BeforeEach
    void files() throws IOException {
        Path csv = Files.writeString(dir.resolve("w.csv"), "x,w,y\n0,1,a\n1,2,b\n2,0.5,a\n3,1,b\n4,3,a\n5,1,b\n6,2,a\n7,1,b\n");
        weighted = dir.resolve("weighted.dsc");
        ok("convert", csv.toString(), weighted.toString(), "--target", "y", "--sample-weight", "w");
        validation = Files.copy(weighted, dir.resolve("valid.dsc"));
        plain = dir.resolve("plain.dsc");
        ok("convert", Files.writeString(dir.resolve("p.csv"), "x,y\n0,a\n1,b\n2,a\n3,b\n").toString(), plain.toString(),
                "--target", "y");
        model = dir.resolve("model");
        ok("train", "--data", plain.toString(), "--target", "y", "--epochs", "1", "--quiet", "--out", model.toString());
    }

    /**
     * {@code command} with {@code {W}} the weighted file (or {@code data}), {@code {V}} the weighted validation file (or
     * {@code valid}), {@code {M}} the model and {@code {O}} a fresh output path.
     */
    private String[] args(String command, Path data, Path valid, String... more) {
        List<String> args = new ArrayList<>();
        for (String word : command.split(" ")) {
            args.add(switch (word) {
                case "{W}" -> data.toString();
                case "{V}" -> valid.toString();
                case "{M}" -> model.toString();
                case "{O}" -> dir.resolve("out-" + ++outputs).toString();
                case "{O}.dsc" -> dir.resolve("out-" + ++outputs + ".dsc").toString();
                default -> word;
            });
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private String warning(Path file, String doing) {
        return "descent: warning: " + file + " holds sample weights 'w'; " + doing + " unweighted (give --sample-weight w "
                + "to use them)\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "train --data {W} --target y --epochs 1 --quiet --out {O}                                         | training  |",
            "train --data {W} --target y --epochs 1 --quiet --stream --batch-size 4 --out {O}                 | training  |",
            "train --data {W} --target y --epochs 1 --quiet --validation-data {V} --out {O}                   | training  | validating",
            "train --data {W} --target y --epochs 1 --quiet --stream --batch-size 4 --validation-data {V} --out {O} | training | validating",
            "lr-sweep --data {W} --target y --points 2 --epochs 1                                             | sweeping  |",
            "lr-sweep --data {W} --target y --range-test --batch-size 2 --epochs 1                            | sweeping  |",
            "evaluate --model {M} --data {W}                                                                  | evaluating |",
            "convert {W} {O}.dsc --target y                                                                   | converting |"})
    void weightedDsc_withoutTheFlag_warnsOncePerFile_withItOrUnweighted_not(String command, String doing,
                                                                          String validating) {
        Cli r = ok(args(command.strip(), weighted, validation));
        assertThat(r.err()).isEqualTo(warning(weighted, doing) + (validating == null ? "" : warning(validation, validating)));
        assertThat(ok(args(command.strip(), weighted, validation, "--sample-weight", "w")).err()).isEmpty();
        assertThat(ok(args(command.strip(), plain, plain)).err()).isEmpty();
    }

    /**
     * A run refused for another reason prints its error alone, whether it is found before the files are read (a bad
     * {@code --epochs}), while they are (a wrong {@code --target}), or after (a loss that does not fit the target, a
     * validation split with {@code --stream}, a bad {@code --checkpoint-every}, a range test too short, a class
     * without a weight).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "train --data {W} --target y --epochs -1 --quiet --out {O}                | --epochs must be >= 0, got -1",
            "train --data {W} --target z --quiet --out {O}                            | {W}: the target of this .dsc file is 'y', not 'z'",
            "train --data {W} --target z --stream --quiet --out {O}                   | {W}: the target of this .dsc file is 'y', not 'z'",
            "train --data {W} --target y --loss mse --validation-data {V} --quiet --out {O} | --loss mse is for regression, but 'y' in {W} has 2 classes (use --loss ce, bce or hinge, or --task regression)",
            "train --data {W} --target y --stream --validation-split 0.5 --quiet --out {O} | --validation-split needs the rows in memory; with --stream give --validation-data FILE",
            "train --data {W} --target y --checkpoint-every -1 --quiet --out {O}      | --checkpoint-every must be >= 0, got -1",
            "lr-sweep --data {W} --target y --range-test --batch-size full --epochs 1 | --range-test needs at least 2 updates; raise --epochs or lower --batch-size",
            "lr-sweep --data {W} --target y --loss mse                                | --loss mse is for regression, but 'y' in {W} has 2 classes (use --loss ce, bce or hinge, or --task regression)",
            "evaluate --model {M} --data {W} --class-weight a=1                       | --class-weight: no weight for class 'b'; every class needs one: a, b",
            "convert {W} {O}.dsc --target z                                           | {W}: the target of this .dsc file is 'y', not 'z'"})
    void refusedRun_printsTheErrorAndNoWarning(String command, String message) {
        Cli r = Cli.run(args(command.strip(), weighted, validation));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("descent: error: " + message.replace("{W}", weighted.toString()) + "\n");
    }
}
