package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that must write the same weights, each in a fresh JVM (as the launcher starts it, with this test's class
 * path). In-process tests cannot see these: a warmed-up JVM has already compiled every kernel, and Spark allows one
 * master per JVM.
 */
class FreshJvmDeterminismTest {

    private static final List<String> DIGITS = List.of("train", "--data", "builtin:digits", "--model",
            "mlp(32,activation=tanh)", "--epochs", "8", "--standardize", "--dtype", "float64", "--quiet");

    /**
     * When the vector kernels used the Vector API's lanewise exp/log/tanh (Math per lane until C2 compiled the
     * loop, SVML after), this command wrote three different sets of weights in four fresh JVMs.
     */
    @Test
    void theSameTrainingCommandInFourFreshJvmsWritesTheSameWeights(@TempDir Path dir) throws Exception {
        byte[] first = train(dir, "run0", List.of(), DIGITS);
        for (int run = 1; run < 4; run++) {
            assertThat(train(dir, "run" + run, List.of(), DIGITS)).as("weights of run %d", run).isEqualTo(first);
        }
    }

    /** Fixed partitions and sums in partition order: Spark's results do not depend on the master. */
    @Test
    @Tag("spark")
    void sparkAveragingWritesTheSameWeightsOnOneAndOnTwoLocalCores(@TempDir Path dir) throws Exception {
        List<String> spark = Arrays.asList(Files.readAllLines(Path.of("..", "scripts", "spark-jvm-options")).stream()
                .filter(line -> !line.startsWith("#")).findFirst().orElseThrow().trim().split(" +"));
        List<String> averaging = new ArrayList<>(List.of("train", "--data", "builtin:wine", "--model", "mlp(8)",
                "--optimizer", "adam(lr=0.01)", "--batch-size", "16", "--epochs", "3", "--standardize", "--quiet",
                "--engine", "spark", "--spark-mode", "averaging", "--local-steps", "3", "--partitions", "3"));
        List<String> oneCore = new ArrayList<>(averaging);
        oneCore.addAll(List.of("--master", "local[1]"));
        List<String> twoCores = new ArrayList<>(averaging);
        twoCores.addAll(List.of("--master", "local[2]"));
        assertThat(train(dir, "two", spark, twoCores)).isEqualTo(train(dir, "one", spark, oneCore));
        assertThat(Files.readString(dir.resolve("one/metrics.json"))).contains("local[1]");
        assertThat(Files.readString(dir.resolve("two/metrics.json"))).contains("local[2]");
    }

    /** {@code args} (a train command) in a child JVM with {@code jvmOptions}; returns the weights it wrote. */
    private static byte[] train(Path dir, String name, List<String> jvmOptions, List<String> args)
            throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.descent.cli.Main"));
        command.addAll(args);
        command.addAll(List.of("--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        int code = pb.start().waitFor();
        assertThat(code).as(Files.readString(log)).isZero();
        return Files.readAllBytes(out.resolve("weights.bin"));
    }
}
