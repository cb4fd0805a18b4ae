package dev.descent.cli;

import dev.descent.cli.DocCommandLines.DocLine;
import dev.descent.cli.ShellWords.Word;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command lines that README.md, benchmarks/README.md, benchmarks/streaming.md and docs/**.md show are read
 * against the real command tree ({@link CommandLineCheck}): flags renamed or removed in the code fail here, with
 * every mismatch listed as {@code FILE:LINE: what}. Nothing is run.
 */
class DocCommandLinesTest {

    private static final Path ROOT = Path.of("..");

    private final CommandLineCheck check = new CommandLineCheck(new CommandLine(new DescentCommand()));

    @Test
    void everyDocumentedCommandLine_isOneTheCliAccepts() throws IOException {
        List<DocLine> lines = new ArrayList<>();
        for (Path doc : docs()) {
            lines.addAll(DocCommandLines.extract(ROOT.relativize(doc).toString(), Files.readAllLines(doc)));
        }
        // the README alone shows about 60 (examples and mentions): an extraction that found few has broken
        assertThat(lines.stream().filter(l -> l.file().equals("README.md") && l.inBlock())).hasSizeGreaterThan(25);
        assertThat(lines.stream().filter(l -> l.file().equals("README.md") && !l.inBlock())).hasSizeGreaterThan(20);
        List<String> problems = lines.stream().flatMap(l -> check.problems(l).stream()).toList();
        assertThat(String.join("\n", problems)).as("documented command lines that the CLI does not accept").isEmpty();
    }

    /** The Markdown files whose command lines are checked. */
    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        for (String name : List.of("README.md", "benchmarks/README.md", "benchmarks/streaming.md")) {
            if (Files.exists(ROOT.resolve(name))) {
                docs.add(ROOT.resolve(name));
            }
        }
        if (Files.isDirectory(ROOT.resolve("docs"))) {
            try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
                files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
            }
        }
        assertThat(docs).contains(ROOT.resolve("README.md"));
        return docs;
    }

    @Test
    void extraction_takesShellBlockLinesWithContinuationsAndInlineSpansThatStartWithDescent() {
        List<String> markdown = List.of(
                "Run `./descent demo` or `descent: warning: x` or `tool=descent`.",       // 1
                "```",                                                                      // 2
                "$ ./descent derive \"2*x^4\"",                                             // 3
                "8*x^3",                                                                    // 4
                "./descent train --data d.csv \\",                                          // 5
                "    --epochs 3   # three",                                                 // 6
                "X=\"a b\" ./descent bench W1",                                             // 7
                "python3 compare.py --data-dir /tmp/descent",                               // 8
                "```",                                                                      // 9
                "```java",                                                                  // 10
                "descent train --data d.csv",                                               // 11
                "```",                                                                      // 12
                "A span over a line break: `descent plot h.csv",                            // 13
                "--log` and a lone ` backtick.",                                            // 14
                "",                                                                         // 15
                "### `descent explain` heading",                                            // 16
                "  ```bash",                                                                // 17
                "  spark-submit --class M descent.jar train --data w.csv",                  // 18
                "  ```");                                                                   // 19
        assertThat(DocCommandLines.extract("X.md", markdown)).containsExactly(
                new DocLine("X.md", 1, "./descent demo", false),
                new DocLine("X.md", 3, "./descent derive \"2*x^4\"", true),
                new DocLine("X.md", 5, "./descent train --data d.csv  --epochs 3   # three", true),
                new DocLine("X.md", 7, "X=\"a b\" ./descent bench W1", true),
                new DocLine("X.md", 13, "descent plot h.csv --log", false),
                new DocLine("X.md", 16, "descent explain", false),
                new DocLine("X.md", 18, "spark-submit --class M descent.jar train --data w.csv", true));
    }

    @Test
    void shellWords_followQuotingAndTheUsageNotation() {
        assertThat(ShellWords.split("descent a\"b c\"'d' \"x|y\" --log|--linear [--window N] ... <same options> -- # c"))
                .containsExactly(new Word("descent", false), new Word("ab cd", false), new Word("x|y", false),
                        new Word("--log" + ShellWords.ALTERNATIVE + "--linear", false), new Word("--window", false),
                        new Word("N", false), new Word("...", true), new Word("", true), new Word("--", false));
        assertThat(ShellWords.split("descent train --master \"local[2]\" | head; rm x")).containsExactly(
                new Word("descent", false), new Word("train", false), new Word("--master", false), new Word("local[2]", false));
        assertThat(ShellWords.split("descent \"\\\"q\\\"\" '...'")).containsExactly(
                new Word("descent", false), new Word("\"q\"", false), new Word("...", false));
    }

    @Test
    void check_reportsEveryMismatchWithFileAndLine() {
        assertThat(problems("descent train --data d.csv --foo --epochs", true)).containsExactly(
                "R.md:7: train has no option --foo",
                "R.md:7: train --epochs needs a value (E)");
        assertThat(problems("./descent trian --data d.csv", false)).containsExactly("R.md:7: descent has no command 'trian'");
        assertThat(problems("descent train --optimizer \"adam(lr=0.01,betaa=0.9)\" --epochs ten", false))
                .hasSize(2)
                .satisfies(p -> assertThat(p.getFirst()).startsWith("R.md:7: train --optimizer \"adam(lr=0.01,betaa=0.9)\": ")
                        .contains("betaa"))
                .satisfies(p -> assertThat(p.get(1)).isEqualTo("R.md:7: train --epochs \"ten\": expected an integer"));
        assertThat(problems("descent compare beale --optimizers \"sgd(lr=0.1);adamm(lr=1)\"", false))
                .singleElement().asString().startsWith("R.md:7: compare --optimizers \"sgd(lr=0.1);adamm(lr=1)\": "
                        + "--optimizers: optimizer 2 'adamm(lr=1)': ");
        assertThat(problems("descent derive x y", false)).containsExactly(
                "R.md:7: derive takes at most 1 positional argument, got 'x' 'y'");
        assertThat(problems("descent datasets extra", false)).containsExactly(
                "R.md:7: datasets takes no positional argument, got 'extra'");
        assertThat(problems("descent evaluate --model m --json", true)).containsExactly(
                "R.md:7: evaluate needs --data, which the line does not give");
        assertThat(problems("descent minimize --steps 5", true)).containsExactly("R.md:7: minimize needs [F], got none");
        assertThat(problems("descent plot h.csv -q", false)).containsExactly("R.md:7: plot has no option -q");
    }

    @Test
    void check_acceptsPlaceholdersAlternativesElisionsAndTheCommandsOwnReadings() {
        for (String line : List.of(
                "./descent --help",
                "./descent <command> --help",
                "descent COMMAND ...",
                "descent train --data FILE --target COL --model MODEL --loss LOSS --optimizer SPEC --out DIR",
                "descent train ... --batch-size N|full --dtype float32|float64 --no-shuffle --shuffle",
                "descent train --data d.csv --average \"ema(decay=0.999)\"|\"swa(start_epoch=N)\" --early-stopping",
                "descent train --data d.csv --class-weight balanced|\"A=2,B=0.5\" --schedule \"multistep(milestones=30|80)\"",
                "descent train --data d.csv --model \"mlp(64,32,activation=relu,dropout=0.2)\" --epochs=40 --loss \"huber(delta=1)\"",
                "descent lr-sweep --data d.csv --optimizer \"momentum(beta=0.9)\" --min 1e-4",
                "descent plot h.csv --out loss.png [--window 10|100|1000] [--log|--linear]",
                "descent bench [W1 W2 W3a W3b GEMM] [--data-dir DIR] [--threads N]",
                "descent derive \"-x^2\" --wrt x",
                "descent minimize \"$(./descent derive \"1/x\")\" --start x=2",
                "descent explain -h",
                "descent train <same options> --epochs TOTAL --resume DIR")) {
            assertThat(problems(line, true)).as(line).isEmpty();
        }
    }

    @Test
    void everySpecValuedOption_hasTheParserItsCommandUses() {
        CommandSpec top = new CommandLine(new DescentCommand()).getCommandSpec();
        List<String> missing = new ArrayList<>();
        for (CommandLine sub : top.subcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                String label = o.paramLabel();
                boolean spec = label.contains("SPEC") || label.equals("MODEL") || label.equals("LOSS");
                if (spec && OptionValueParsers.of(sub.getCommandName(), o.longestName()).isEmpty()) {
                    missing.add(sub.getCommandName() + " " + o.longestName());
                }
            }
        }
        assertThat(missing).as("spec options that OptionValueParsers does not parse").isEmpty();
    }

    private List<String> problems(String text, boolean inBlock) {
        return check.problems(new DocLine("R.md", 7, text, inBlock));
    }
}
