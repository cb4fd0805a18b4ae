package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path dir;

    /** Writes {@code values} as raw little-endian float32, the format compare.py writes. */
    private static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        Files.write(file, buf.array());
    }

    /** 640 rows of 100 features, labelled by the sign of the first five. */
    private void writeW1() throws IOException {
        int n = 640;
        int d = 100;
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) r.nextGaussian();
                z += j < 5 ? x[i * d + j] : 0;
            }
            y[i] = z > 0 ? 1f : 0f;
        }
        writeFloats(dir.resolve("w1_X.f32"), x);
        writeFloats(dir.resolve("w1_y.f32"), y);
    }

    private static final Pattern W1_LINE = Pattern.compile(
            "workload=W1 tool=(descent|descent-train) samples_per_s=(\\d+) final_loss=([0-9.]+) threads=2 min=\\d+ max=\\d+");

    @Test
    void w1OnSmallRawFilesPrintsItsLineWithAFiniteLossBelowTheStartingOne() throws IOException {
        writeW1();

        Cli cli = Cli.run("bench", "W1", "--data-dir", dir.toString(), "--threads", "2", "--repeats", "1", "--warmup", "0");

        assertThat(cli.code()).as(cli.err()).isZero();
        Matcher m = W1_LINE.matcher(cli.lastLine());
        assertThat(m.matches()).as(cli.lastLine()).isTrue();
        assertThat(m.group(1)).isEqualTo("descent");
        assertThat(Long.parseLong(m.group(2))).isPositive();
        // Zero weights start at log 2 = 0.693; five epochs of Adam at 1e-3 on a separable rule go below it.
        assertThat(Double.parseDouble(m.group(3))).isLessThan(0.69);
    }

    /**
     * The Trainer visits the same batches from the same seed, and its fused gradient of a gathered batch is the fused
     * loop's of the same rows read in place: the same final loss.
     */
    @Test
    void theTrainersW1EndsWhereTheFusedLoopEnds() throws IOException {
        writeW1();

        Cli fused = Cli.run("bench", "W1", "--data-dir", dir.toString(), "--threads", "2", "--repeats", "1", "--warmup", "0");
        Cli trainer = Cli.run("bench", "W1", "--trainer", "--data-dir", dir.toString(), "--threads", "2", "--repeats",
                "1", "--warmup", "0");

        assertThat(trainer.code()).as(trainer.err()).isZero();
        Matcher f = W1_LINE.matcher(fused.lastLine());
        Matcher t = W1_LINE.matcher(trainer.lastLine());
        assertThat(f.matches() && t.matches()).as(trainer.lastLine()).isTrue();
        assertThat(t.group(1)).isEqualTo("descent-train");
        assertThat(Long.parseLong(t.group(2))).isPositive();
        assertThat(t.group(3)).isEqualTo(f.group(3));
    }

    private static final Pattern SCALING_LINE = Pattern.compile("workload=W1 tool=descent threads=2 speedup=([0-9.]+) "
            + "host_speedup=([0-9.]+) host_handoff_ns=([0-9]+) samples_per_s_1=(\\d+) samples_per_s=(\\d+) min=([0-9.]+) max=([0-9.]+)");

    /** One pair of runs: its speed-up is its two rates' ratio, and the pool is left at the thread count asked for. */
    @Test
    void scalingComparesOneThreadWithTheThreadsAskedForInOneLine() throws IOException {
        writeW1();

        Cli cli = Cli.run("bench", "W1", "--scaling", "--data-dir", dir.toString(), "--threads", "2", "--repeats", "1",
                "--warmup", "0");

        assertThat(cli.code()).as(cli.err()).isZero();
        Matcher m = SCALING_LINE.matcher(cli.lastLine());
        assertThat(m.matches()).as(cli.lastLine()).isTrue();
        double speedup = Double.parseDouble(m.group(1));
        double ratio = Double.parseDouble(m.group(5)) / Double.parseDouble(m.group(4));
        assertThat(speedup).isCloseTo(ratio, org.assertj.core.data.Offset.offset(0.0051));
        assertThat(m.group(6)).isEqualTo(m.group(1));
        assertThat(m.group(7)).isEqualTo(m.group(1));
        assertThat(Double.parseDouble(m.group(2))).isPositive();
        assertThat(Double.parseDouble(m.group(3))).isPositive();
        assertThat(dev.descent.tensor.Parallel.threads()).isEqualTo(2);
    }

    @Test
    void scalingTimesTrainingWorkloadsOnMoreThanOneThread() {
        Cli gemm = Cli.run("bench", "GEMM", "--scaling", "--threads", "2");
        assertThat(gemm.code()).isEqualTo(2);
        assertThat(gemm.err().strip())
                .isEqualTo("descent: error: unknown workload 'GEMM' for --scaling; valid: W1, W2, W3a, W3b");
        Cli one = Cli.run("bench", "W1", "--scaling", "--threads", "1");
        assertThat(one.code()).isEqualTo(2);
        assertThat(one.err().strip())
                .isEqualTo("descent: error: --scaling compares 1 thread with --threads N: N must be at least 2, got 1");
    }

    @Test
    void anUnknownWorkloadIsAUsageErrorNamingTheValidOnes() {
        Cli cli = Cli.run("bench", "W9");
        assertThat(cli.code()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("descent: error: unknown workload 'W9'; valid: W1, W2, W3a, W3b, GEMM");
    }

    @Test
    void missingDataFilesAreNamed() {
        Cli cli = Cli.run("bench", "W3a", "--data-dir", dir.toString());
        assertThat(cli.code()).isEqualTo(2);
        assertThat(cli.err()).startsWith("descent: error: ").contains("w3_X.f32").doesNotContain("\tat ");
    }

    @Test
    void filesThatDoNotMakeWholeRowsAreAnInputError() throws IOException {
        writeFloats(dir.resolve("w3_X.f32"), new float[41]); // 41 values: not rows of 20 features
        writeFloats(dir.resolve("w3_y.f32"), new float[2]);
        Cli cli = Cli.run("bench", "W3a", "--data-dir", dir.toString(), "--repeats", "1", "--warmup", "0");
        assertThat(cli.code()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo(
                "descent: error: w3: 41 feature values and 2 targets do not make rows of 20 features");
    }

    @Test
    void threadsAndRepeatsMustBePositive() {
        Cli threads = Cli.run("bench", "GEMM", "--threads", "0");
        assertThat(threads.code()).isEqualTo(2);
        assertThat(threads.err().strip()).isEqualTo("descent: error: --threads must be between 1 and 1024, got 0");
        Cli repeats = Cli.run("bench", "GEMM", "--repeats", "0");
        assertThat(repeats.code()).isEqualTo(2);
        assertThat(repeats.err().strip()).isEqualTo("descent: error: --repeats must be >= 1, got 0");
        Cli warmup = Cli.run("bench", "GEMM", "--warmup", "-1");
        assertThat(warmup.code()).isEqualTo(2);
        assertThat(warmup.err().strip()).isEqualTo("descent: error: --warmup must be between 0 and 3600 seconds, got -1.0");
        Cli forever = Cli.run("bench", "GEMM", "--warmup", "Infinity");
        assertThat(forever.code()).isEqualTo(2);
        assertThat(forever.err().strip()).isEqualTo("descent: error: --warmup must be between 0 and 3600 seconds, got Infinity");
    }
}
