package dev.descent.cli;

import dev.descent.optim.schedule.Schedules;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MinimizeCommandTest {

    @Test
    void rosenbrockWithAdam_reachesOneOne() {
        Cli r = Cli.run("minimize", "rosenbrock", "--optimizer", "adam(lr=0.02)", "--steps", "5000", "--trace", "/dev/null");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("end        x=1, y=1").contains("steps      5000");
    }

    @Test
    void trace_hasHeaderStartRowAndExactNumbers(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("t.csv");
        Cli r = Cli.run("minimize", "parabola", "--optimizer", "sgd(lr=0.1)", "--steps", "3", "--trace", trace.toString());
        assertThat(r.code()).isZero();
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("step,loss,x,grad_norm,lr");
        assertThat(lines.get(1)).isEqualTo("0,9.0,3.0,6.0,0.1");
        // x1 = 3 - 0.1*6 = 2.4 exactly as Java computes it
        double x1 = 3.0 - 0.1 * 6.0;
        assertThat(lines.get(2)).isEqualTo("1," + (x1 * x1) + "," + x1 + "," + (2 * x1) + ",0.1");
        assertThat(dir.toFile().list()).containsExactly("t.csv");
    }

    @Test
    void startOrder_setsTraceColumnOrder(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("t.csv");
        Cli.run("minimize", "x^2+10*y^2", "--start", "y=1,x=-1", "--steps", "1", "--trace", trace.toString());
        assertThat(Files.readAllLines(trace).getFirst()).isEqualTo("step,loss,y,x,grad_norm,lr");
    }

    @Test
    void tolerance_stopsEarly() {
        Cli r = Cli.run("minimize", "quadratic", "--optimizer", "sgd(lr=0.05)", "--steps", "100000", "--tol", "1e-8");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("converged: gradient norm <= 1e-08");
    }

    @Test
    void divergence_exitsOneAndSuggestsASmallerRate() {
        Cli r = Cli.run("minimize", "parabola", "--optimizer", "sgd(lr=10)", "--steps", "10000");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("descent: error: diverged at step ").contains("smaller learning rate");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    /**
     * The trace's lr column of {@code parabola} minimized with {@code sgd(lr=BASE)} and a schedule: row 0 holds
     * update 0's rate, row k ≥ 1 update k − 1's.
     */
    private static double[] lrColumn(Path dir, double base, String schedule, int steps) throws IOException {
        Path trace = dir.resolve("t.csv");
        Cli r = Cli.run("minimize", "parabola", "--optimizer", "sgd(lr=" + base + ")", "--schedule", schedule,
                "--steps", Integer.toString(steps), "--trace", trace.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("  schedule " + Schedules.parse(schedule).spec());
        List<String> lines = Files.readAllLines(trace);
        return lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1))).toArray();
    }

    private static void assertRates(double[] actual, double... updateRates) {
        double[] expected = new double[updateRates.length + 1];
        expected[0] = updateRates[0];
        System.arraycopy(updateRates, 0, expected, 1, updateRates.length);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("row " + i).isCloseTo(expected[i], Offset.offset(1e-12 * expected[i]));
        }
    }

    @Test
    void schedule_multistep_dropsTheTracedRateAtEachMilestone(@TempDir Path dir) throws IOException {
        assertRates(lrColumn(dir, 0.1, "multistep(milestones=2|4, gamma=0.5)", 6), 0.1, 0.1, 0.05, 0.05, 0.025, 0.025);
    }

    @Test
    void schedule_inverseTime_tracesSparksOneOverSqrtI(@TempDir Path dir) throws IOException {
        assertRates(lrColumn(dir, 0.3, "inverse_time(decay_rate=1, power=0.5)", 4),
                0.3, 0.3 / Math.sqrt(2), 0.3 / Math.sqrt(3), 0.15);
    }

    @Test
    void schedule_polynomialThenWarmup_tracesBothInTurn(@TempDir Path dir) throws IOException {
        // (1 − t/4)² from 0.1 to 0.01, then warmup restarted at its own t = 0
        assertRates(lrColumn(dir, 0.1, "polynomial(total_steps=4, power=2, end_lr=0.01) then warmup(steps=2)", 7),
                0.1, 0.01 + 0.09 * 0.5625, 0.01 + 0.09 * 0.25, 0.01 + 0.09 * 0.0625, 0.05, 0.1, 0.1);
    }

    @Test
    void schedule_cosineRestarts_restartsAtTheTracedCycleEnds(@TempDir Path dir) throws IOException {
        double r = Math.sqrt(0.5);   // cos(π/4); cycles [0, 2), [2, 6), [6, 14)
        assertRates(lrColumn(dir, 0.1, "cosine_restarts(t_0=2, t_mult=2)", 7),
                0.1, 0.05, 0.1, 0.1 * (1 + r) / 2, 0.05, 0.1 * (1 - r) / 2, 0.1);
    }

    @Test
    void schedule_cyclic_tracesTheTriangleAndIgnoresTheOptimizersRate(@TempDir Path dir) throws IOException {
        assertRates(lrColumn(dir, 0.5, "cyclic(base_lr=0.01, max_lr=0.05, step_size_up=2)", 6), 0.01, 0.03, 0.05, 0.03, 0.01, 0.03);
    }

    /** sgd(lr=1) bounces on x² between ±3 forever; plateau must see the stalled loss and halve the rate, landing on 0. */
    @Test
    void schedule_plateau_watchesTheLossOfEveryUpdate(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("t.csv");
        Cli r = Cli.run("minimize", "parabola", "--optimizer", "sgd(lr=1)", "--schedule", "plateau(factor=0.5, patience=1)",
                "--steps", "5", "--trace", trace.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // update 0 sees 9 (best), 1 sees 9 (bad 1), 2 sees 9 (bad 2 > 1: lr 0.5), x = 3 − 0.5·6 = 0
        assertThat(Files.readAllLines(trace)).containsExactly("step,loss,x,grad_norm,lr",
                "0,9.0,3.0,6.0,1.0", "1,9.0,-3.0,6.0,1.0", "2,9.0,3.0,6.0,1.0",
                "3,0.0,0.0,0.0,0.5", "4,0.0,0.0,0.0,0.5", "5,0.0,0.0,0.0,0.5");
        assertThat(r.out()).contains("end        x=0");
    }

    @Test
    void badInput_getsOneLineAndExitTwo() {
        assertUsageError(Cli.run("minimize", "rosenbrok"), "unknown function 'rosenbrok'; built-ins: ");
        assertUsageError(Cli.run("minimize", "rosenbrock", "--optimizer", "adamm"), "unknown optimizer 'adamm'");
        assertUsageError(Cli.run("minimize", "rosenbrock", "--optimizer", "adam(lr2=1)"), "unknown key 'lr2'");
        assertUsageError(Cli.run("minimize", "rosenbrock", "--optimizer", "adam(lr=-0.1)"), "lr must be >= 0");
        assertUsageError(Cli.run("minimize", "rosenbrock", "--start", "x=1"), "--start: missing y");
        assertUsageError(Cli.run("minimize", "rosenbrock", "--start", "x=1,z=2"), "no variable 'z'");
        assertUsageError(Cli.run("minimize", "rosenbrock", "--start", "x1,y=2"), "--start: expected name=value pairs");
        assertUsageError(Cli.run("minimize", "rosenbrock", "--start", "x=a,y=2"), "--start: x needs a finite number");
        assertUsageError(Cli.run("minimize", "(1-x)^2+", "--start", "x=0"), "at column 9");
        assertUsageError(Cli.run("minimize", "x^2+y^2"), "--start is required");
        assertUsageError(Cli.run("minimize", "log(x)", "--start", "x=-1", "--optimizer", "sgd(lr=0.1)"),
                "the function is not finite at the start: x=-1   loss=NaN");
        assertUsageError(Cli.run("minimize", "parabola", "--steps", "-1"), "--steps must be between 0 and 10000000, got -1");
        assertUsageError(Cli.run("minimize", "parabola", "--steps", "ten"), "--steps");
        assertUsageError(Cli.run("minimize", "parabola", "--trace", "/nonexistent/dir/t.csv"), "--trace");
    }

    private static void assertUsageError(Cli r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent: error: ").contains(fragment);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    }
}
