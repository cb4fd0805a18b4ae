package dev.descent.cli;

import dev.descent.tensor.Parallel;
import dev.descent.train.bench.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code descent bench}: the benchmark workloads on the fused training paths, one line each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the benchmark workloads and prints one line each.",
                "Each workload warms up for --warmup seconds (one run at least), then prints the median of --repeats runs:",
                "  workload=W1 tool=descent samples_per_s=... final_loss=... threads=N",
                "W1 logistic regression/Adam, W2 MLP 784-256-128-10/SGD momentum, W3a full-batch and W3b mini-batch",
                "linear regression, GEMM float32 GFLOP/s. See benchmarks/README.md.",
                "With --scaling, one line per training workload compares 1 thread with --threads N in the same run:",
                "  workload=W2 tool=descent threads=N speedup=... host_speedup=... host_handoff_ns=... samples_per_s_1=... samples_per_s=... min=... max=...",
                "speedup is the median of the run pairs' N-thread/1-thread ratios, min and max the extreme pairs' ratios;",
                "host_speedup and host_handoff_ns say what the host gave (benchmarks/README.md, Sixth pass)."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WORKLOAD", arity = "0..*", description = "W1 W2 W3a W3b GEMM (default: all)")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "read w1_X.f32, w1_y.f32, w2_X.f32, w2_y.i32, w3_X.f32, w3_y.f32 (raw little-endian) from DIR; default: generate the same shapes from a fixed seed")
    Path dataDir;

    @Option(names = "--threads", paramLabel = "N", description = "kernel threads (default: the number of cores); results do not depend on it")
    Integer threads;

    @Option(names = "--repeats", paramLabel = "N", description = "measured repeats after the warm-up (default: ${DEFAULT-VALUE})")
    int repeats = 3;

    /** An hour: a longer warm-up is a typo (and Infinity would never end). */
    static final int MAX_WARMUP_SECONDS = 3600;

    @Option(names = "--warmup", paramLabel = "SECONDS",
            description = "run each workload this long (at least once) before measuring it (default: ${DEFAULT-VALUE})")
    double warmup = Workloads.DEFAULT_WARMUP_SECONDS;

    @Option(names = "--trainer",
            description = "train W1-W3b with the training loop of 'descent train' (batches, gradient norms, history, callbacks around the same fused gradients) instead of the bare fused loop; lines say tool=descent-train")
    boolean trainer;

    @Option(names = "--scaling",
            description = "time each training workload on 1 thread and on --threads N (default: the number of cores), alternating run by run, and print the median speed-up beside what the host gives right now: host_speedup, the speed-up of a register-only loop that shares nothing, and host_handoff_ns, how long a value written by one thread takes to reach another")
    boolean scaling;

    @Override
    public Integer call() {
        List<String> valid = scaling ? Workloads.TRAINING_NAMES : Workloads.NAMES;
        List<String> selected = workloads.isEmpty() ? valid : workloads;
        for (String w : selected) {
            if (!valid.contains(w)) {
                throw new InputException("unknown workload '" + w + "'" + (scaling ? " for --scaling" : "") + "; valid: "
                        + String.join(", ", valid));
            }
        }
        Flags.setThreads(threads);
        if (scaling && Parallel.threads() < 2) {
            throw new InputException("--scaling compares 1 thread with --threads N: N must be at least 2, got "
                    + Parallel.threads());
        }
        if (repeats < 1) {
            throw new InputException("--repeats must be >= 1, got " + repeats);
        }
        if (!(warmup >= 0 && warmup <= MAX_WARMUP_SECONDS)) {
            throw new InputException("--warmup must be between 0 and " + MAX_WARMUP_SECONDS + " seconds, got " + warmup);
        }
        Workloads runner = new Workloads(dataDir, warmup, repeats, trainer);
        try {
            runner.checkFiles(selected);
        } catch (Workloads.MissingDataException e) {
            throw new InputException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        int many = Parallel.threads();
        for (String w : selected) {
            Consumer<String> print = line -> {
                out.println(line);
                out.flush();
            };
            if (scaling) {
                runner.scaling(w, many, print);
            } else {
                runner.run(w, print);
            }
        }
        return ExitCodes.OK;
    }
}
