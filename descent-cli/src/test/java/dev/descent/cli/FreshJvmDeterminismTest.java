package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command in fresh JVMs gives the same weights. In-process tests cannot see this: a warmed-up JVM has
 * already compiled every kernel. When the vector kernels used the Vector API's lanewise exp/log/tanh (Math per lane
 * until C2 compiled the loop, SVML after), this run gave three different sets of weights in four fresh JVMs.
 */
class FreshJvmDeterminismTest {

    @Test
    void theSameTrainingCommandInFourFreshJvmsWritesTheSameWeights(@TempDir Path dir) throws Exception {
        byte[] first = null;
        for (int run = 0; run < 4; run++) {
            Path out = dir.resolve("run" + run);
            int code = train(out, dir.resolve("run" + run + ".log"));
            assertThat(code).as(Files.readString(dir.resolve("run" + run + ".log"))).isZero();
            byte[] weights = Files.readAllBytes(out.resolve("weights.bin"));
            if (first == null) {
                first = weights;
            } else {
                assertThat(weights).as("weights of run %d", run).isEqualTo(first);
            }
        }
    }

    /** {@code descent train} in a child JVM with this test's class path, as the launcher starts it. */
    private static int train(Path out, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "dev.descent.cli.Main",
                "train", "--data", "builtin:digits", "--model", "mlp(32,activation=tanh)", "--epochs", "8",
                "--standardize", "--dtype", "float64", "--quiet", "--out", out.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return p.waitFor();
    }
}
