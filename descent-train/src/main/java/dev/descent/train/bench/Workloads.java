package dev.descent.train.bench;

import dev.descent.data.BatchSize;
import dev.descent.data.Dataset;
import dev.descent.data.Task;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.BinaryCrossEntropy;
import dev.descent.nn.loss.CrossEntropy;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.MeanSquaredError;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Sgd;
import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.RawKernels;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import dev.descent.train.FitOptions;
import dev.descent.train.TrainState;
import dev.descent.train.Trainer;
import dev.descent.train.callback.History;
import dev.descent.train.fast.FastLinear;
import dev.descent.train.fast.FastMlp;
import dev.descent.train.fast.LinearBackprop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The benchmark workloads of {@code descent bench} (DESIGN.md section 3): data read from raw little-endian files (so
 * every tool trains on the same bytes) or generated from a fixed seed, warm-up runs, then the median of the measured
 * repeats. Timing covers the training epochs only (shuffling and batch gathering included; loading data, building
 * the model and the final loss excluded), as in the comparison scripts.
 *
 * <p>Two loops train the same batches from the same seed: the fused loops ({@link FastLinear}, {@link FastMlp}:
 * gradient and optimizer step, nothing else), reported as {@code tool=descent}, and with {@code trainer} the
 * {@link Trainer} that {@code descent train} and {@code Sequential.fit} run (its batcher, gradient norms, history
 * and callbacks around the same fused gradients), reported as {@code tool=descent-train}.
 */
public final class Workloads {

    /** The workload names, in the order {@code descent bench} runs them. */
    public static final List<String> NAMES = List.of("W1", "W2", "W3a", "W3b", "GEMM");

    /** Warm-up time (at least one run) and measured repeats. */
    private final long warmupNanos;
    private final int repeats;
    private final Path dataDir;
    private final boolean trainer;

    /** A data file that is not there. */
    public static final class MissingDataException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingDataException(String message) {
            super(message);
        }
    }

    /**
     * @param dataDir       where the raw files are, or null to generate the data
     * @param warmupSeconds how long each workload runs before it is measured (at least one run)
     * @param repeats       measured runs; the median is reported
     * @param trainer       train W1-W3b with the {@link Trainer} instead of the bare fused loops
     */
    public Workloads(Path dataDir, double warmupSeconds, int repeats, boolean trainer) {
        this.dataDir = dataDir;
        this.trainer = trainer;
        this.warmupNanos = (long) (warmupSeconds * 1e9);
        this.repeats = repeats;
    }

    /** Checks that the files the workloads need exist; throws {@link MissingDataException} naming them. */
    public void checkFiles(List<String> workloads) {
        if (dataDir == null) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String w : workloads) {
            for (String f : files(w)) {
                if (!Files.isRegularFile(dataDir.resolve(f))) {
                    missing.add(dataDir.resolve(f).toString());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingDataException("missing data file(s): " + String.join(", ", missing)
                    + " (write them with: python3 benchmarks/compare.py --write-data " + dataDir + ")");
        }
    }

    private static List<String> files(String workload) {
        return switch (workload) {
            case "W1" -> List.of("w1_X.f32", "w1_y.f32");
            case "W2" -> List.of("w2_X.f32", "w2_y.i32");
            case "W3a", "W3b" -> List.of("w3_X.f32", "w3_y.f32");
            default -> List.of();
        };
    }

    /** Runs one workload and hands each result line to {@code out}. */
    public void run(String workload, Consumer<String> out) {
        if (workload.equals("GEMM")) {
            gemm(out);
            return;
        }
        Job job = job(workload);
        out.accept(training(workload, job.data(), job.training()));
    }

    /** The workloads that train a model, which {@link #scaling} times. */
    public static final List<String> TRAINING_NAMES = List.of("W1", "W2", "W3a", "W3b");

    /**
     * Times a training workload on one thread and on {@code threads}, alternating run by run in this process, and
     * hands {@code out} one line: the median of the run pairs' speed-ups next to what the host gave ({@link HostProbe},
     * measured after each pair: its register-only speed-up and how long a value takes to pass between two threads):
     * {@code workload=W2 tool=descent threads=2 speedup=... host_speedup=... host_handoff_ns=... samples_per_s_1=...
     * samples_per_s=...}.
     * Pairs taken back to back see the same host; runs minutes apart, as two {@code --threads} invocations are, may
     * not. Leaves the pool at {@code threads}.
     */
    public void scaling(String workload, int threads, Consumer<String> out) {
        if (!TRAINING_NAMES.contains(workload)) {
            throw new IllegalArgumentException("scaling times the training workloads " + TRAINING_NAMES + ", not " + workload);
        }
        Job job = job(workload);
        Dataset data = job.data();
        Training t = job.training();
        Parallel.setThreads(1);
        warmUp(() -> t.train(data));
        Parallel.setThreads(threads);
        warmUp(() -> t.train(data));
        HostProbe.warmUp();
        double[] one = new double[repeats];
        double[] many = new double[repeats];
        double[] speedup = new double[repeats];
        double[] host = new double[repeats];
        double[] handoff = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            Parallel.setThreads(1);
            one[i] = rate(t.train(data));
            Parallel.setThreads(threads);
            many[i] = rate(t.train(data));
            host[i] = HostProbe.speedup();
            handoff[i] = HostProbe.handoffNanos();
            speedup[i] = many[i] / one[i];
        }
        out.accept(String.format(Locale.ROOT, "workload=%s tool=%s threads=%d speedup=%.2f host_speedup=%.2f "
                        + "host_handoff_ns=%.0f samples_per_s_1=%.0f samples_per_s=%.0f min=%.2f max=%.2f",
                workload, tool(), threads, median(speedup), median(host), median(handoff), median(one), median(many),
                min(speedup), max(speedup)));
    }

    /** A training workload: its data and the loop that trains on it. */
    private record Job(Dataset data, Training training) {
    }

    private Job job(String workload) {
        return switch (workload) {
            case "W1" -> new Job(load("w1", 100, Task.BINARY), trainer ? this::w1Trainer : this::w1);
            case "W2" -> new Job(load("w2", 784, Task.MULTICLASS), trainer ? this::w2Trainer : this::w2);
            case "W3a" -> new Job(load("w3", 20, Task.REGRESSION), d -> trainer
                    ? w3Trainer(d, BatchSize.full(), 100) : w3(d, BatchSize.full(), 100));
            case "W3b" -> new Job(load("w3", 20, Task.REGRESSION), d -> trainer
                    ? w3Trainer(d, BatchSize.of(1024), 2) : w3(d, BatchSize.of(1024), 2));
            default -> throw new IllegalArgumentException("unknown workload '" + workload + "'; valid: " + String.join(", ", NAMES));
        };
    }

    /** One timed training run: samples visited, seconds, final loss. */
    private record Trained(long samples, double seconds, double loss) {
    }

    private interface Training {
        Trained train(Dataset data);
    }

    /**
     * The default warm-up: runs continue until this long has passed (and at least one run): a W1 run lasts about
     * 30 ms, shorter than C2 takes to compile its loop, and W2's two-thread path kept getting faster over its first
     * two seconds, so a fixed count of runs measured the JIT, not the kernels.
     */
    public static final double DEFAULT_WARMUP_SECONDS = 3;

    /** Runs {@code run} once, then again until the warm-up time has passed. */
    private void warmUp(Runnable run) {
        long end = System.nanoTime() + warmupNanos;
        do {
            run.run();
        } while (System.nanoTime() < end);
    }

    private String training(String name, Dataset data, Training t) {
        warmUp(() -> t.train(data));
        double[] rates = new double[repeats];
        double loss = Double.NaN;
        for (int i = 0; i < repeats; i++) {
            Trained r = t.train(data);
            rates[i] = rate(r);
            loss = r.loss();
        }
        return String.format(Locale.ROOT, "workload=%s tool=%s samples_per_s=%.0f final_loss=%.5f threads=%d min=%.0f max=%.0f",
                name, tool(), median(rates), loss, Parallel.threads(), min(rates), max(rates));
    }

    private String tool() {
        return trainer ? "descent-train" : "descent";
    }

    private static double rate(Trained r) {
        return r.samples() / r.seconds();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    private static Params zeroLinear(int d) {
        return Params.builder().put("dense_0/kernel", Tensor.zeros(new Shape(d, 1), DType.FLOAT32))
                .put("dense_0/bias", Tensor.zeros(new Shape(1), DType.FLOAT32)).build();
    }

    private Trained w1(Dataset data) {
        Params params = zeroLinear(data.features());
        Optimizer adam = new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false);
        OptimizerState state = adam.init(params);
        FastLinear fast = new FastLinear(LinearBackprop.Objective.BCE, data, params, adam, state, BatchSize.of(256), true, 0);
        long t0 = System.nanoTime();
        for (int e = 0; e < 5; e++) {
            fast.epoch(e, adam.learningRate());
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return new Trained(5L * data.size(), s, fast.loss());
    }

    private Trained w3(Dataset data, BatchSize batchSize, int epochs) {
        Params params = zeroLinear(data.features());
        Optimizer sgd = Sgd.of(0.05);
        OptimizerState state = sgd.init(params);
        FastLinear fast = new FastLinear(LinearBackprop.Objective.MSE, data, params, sgd, state, batchSize, true, 0);
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            fast.epoch(e, sgd.learningRate());
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return new Trained((long) epochs * data.size(), s, fast.loss());
    }

    private static final Stack W2 = Stack.of(Dense.of(256, Activation.RELU).withName("dense_0"),
            Dense.of(128, Activation.RELU).withName("dense_1"), Dense.of(10).withName("dense_2"));

    private static Params w2Params(Dataset data) {
        return W2.init(data.features(), DType.FLOAT32, Rng.seeded(0).fork("init"));
    }

    private Trained w2(Dataset data) {
        Params params = w2Params(data);
        Optimizer sgd = new Sgd(0.01, 0.9, 0, false, 0);
        OptimizerState state = sgd.init(params);
        FastMlp mlp = new FastMlp(data, params, sgd, state, BatchSize.of(128), true, 0);
        long t0 = System.nanoTime();
        for (int e = 0; e < 3; e++) {
            mlp.epoch(e, sgd.learningRate());
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return new Trained(3L * data.size(), s, mlp.lossAndAccuracy()[0]);
    }

    // ------------------------------------------------------------------ the same, through the Trainer

    private static final Stack LINEAR = Stack.of(Dense.of(1).withName("dense_0"));

    /** Trains {@code params} in place with the Trainer as {@code descent train} does (seed 0, shuffled); seconds. */
    private static double fit(Stack stack, Loss loss, Optimizer optimizer, Params params, Dataset data,
                              BatchSize batchSize, int epochs) {
        FitOptions options = FitOptions.builder().epochs(epochs).batchSize(batchSize).shuffle(true).seed(0).build();
        long t0 = System.nanoTime();
        Trainer.fit(new Trainer.Run(stack, optimizer, loss, Optional.empty(), data, null, options),
                TrainState.initial(params, optimizer.init(params)), new History());
        return (System.nanoTime() - t0) / 1e9;
    }

    private Trained w1Trainer(Dataset data) {
        Params params = zeroLinear(data.features());
        Optimizer adam = new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false);
        double s = fit(LINEAR, new BinaryCrossEntropy(), adam, params, data, BatchSize.of(256), 5);
        return new Trained(5L * data.size(), s, linearLoss(LinearBackprop.Objective.BCE, data, params, adam));
    }

    private Trained w3Trainer(Dataset data, BatchSize batchSize, int epochs) {
        Params params = zeroLinear(data.features());
        Optimizer sgd = Sgd.of(0.05);
        double s = fit(LINEAR, new MeanSquaredError(), sgd, params, data, batchSize, epochs);
        return new Trained((long) epochs * data.size(), s, linearLoss(LinearBackprop.Objective.MSE, data, params, sgd));
    }

    private Trained w2Trainer(Dataset data) {
        Params params = w2Params(data);
        Optimizer sgd = new Sgd(0.01, 0.9, 0, false, 0);
        double s = fit(W2, new CrossEntropy(), sgd, params, data, BatchSize.of(128), 3);
        FastMlp loss = new FastMlp(data, params, sgd, sgd.init(params), BatchSize.of(128), true, 0);
        return new Trained(3L * data.size(), s, loss.lossAndAccuracy()[0]);
    }

    /** The whole data set's loss at {@code params}, as the fused loop reports it. */
    private static double linearLoss(LinearBackprop.Objective objective, Dataset data, Params params, Optimizer optimizer) {
        return new FastLinear(objective, data, params, optimizer, optimizer.init(params), BatchSize.full(), false, 0).loss();
    }

    // ------------------------------------------------------------------ GEMM

    private void gemm(Consumer<String> out) {
        int[][] shapes = {{1024, 1024, 1024}, {128, 784, 256}, {128, 256, 128}};
        String[] names = {"GEMM-1024", "GEMM-128x784x256", "GEMM-128x256x128"};
        double peak = HostProbe.peakGflopsPerCore() * Parallel.threads();
        for (int s = 0; s < shapes.length; s++) {
            int m = shapes[s][0];
            int k = shapes[s][1];
            int n = shapes[s][2];
            float[] a = random(m * k, 1);
            float[] b = random(k * n, 2);
            float[] c = new float[m * n];
            double flop = 2.0 * m * k * n;
            warmUp(() -> RawKernels.matmul(a, b, c, m, k, n, false, false));
            double[] rates = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                int calls = 0;
                long t0 = System.nanoTime();
                long t;
                do {
                    RawKernels.matmul(a, b, c, m, k, n, false, false);
                    calls++;
                    t = System.nanoTime() - t0;
                } while (t < 500_000_000L);
                rates[i] = calls * flop / t;
            }
            double g = median(rates);
            out.accept(String.format(Locale.ROOT, "workload=%s tool=descent gflops=%.1f threads=%d peak_gflops=%.0f fraction_of_peak=%.2f",
                    names[s], g, Parallel.threads(), peak, g / peak));
        }
    }

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    // ------------------------------------------------------------------ data

    private Dataset load(String prefix, int d, Task task) {
        float[] x;
        float[] y;
        if (dataDir == null) {
            float[][] g = generate(prefix);
            x = g[0];
            y = g[1];
        } else {
            x = readFloats(dataDir.resolve(prefix + "_X.f32"));
            y = task == Task.MULTICLASS ? readInts(dataDir.resolve(prefix + "_y.i32")) : readFloats(dataDir.resolve(prefix + "_y.f32"));
        }
        if (x.length % d != 0 || x.length / d != y.length) {
            throw new IllegalArgumentException(prefix + ": " + x.length + " feature values and " + y.length
                    + " targets do not make rows of " + d + " features");
        }
        int n = y.length;
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add("x" + j);
        }
        List<String> classes = switch (task) {
            case BINARY -> List.of("0", "1");
            case MULTICLASS -> List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
            case REGRESSION -> List.of();
        };
        return new Dataset(Tensor.wrap(x, new Shape(n, d)), Tensor.wrap(y, new Shape(n)), names, "y", task, classes, prefix);
    }

    /** Bytes read per {@link FileChannel#read} call: the loaders hold one chunk besides the destination array. */
    static final int READ_CHUNK = 1 << 20;

    private static float[] readFloats(Path file) {
        return read(file, false);
    }

    private static float[] readInts(Path file) {
        return read(file, true);
    }

    /**
     * Reads a raw little-endian file of 4-byte values (float32, or int32 when {@code ints}) into a new
     * {@code float[]}, {@link #READ_CHUNK} bytes at a time through one reused heap buffer, so the peak heap is the
     * array plus one chunk.
     */
    private static float[] read(Path file, boolean ints) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size % 4 != 0 || size > 4L * Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(file + ": size " + size + " is not a whole number of 4-byte values");
            }
            int count = (int) (size / 4);
            float[] out = new float[count];
            ByteBuffer bb = ByteBuffer.allocate((int) Math.min(READ_CHUNK, size)).order(ByteOrder.LITTLE_ENDIAN);
            int done = 0;
            while (done < count) {
                bb.clear();
                bb.limit((int) Math.min(bb.capacity(), 4L * (count - done)));
                while (bb.hasRemaining()) {
                    if (ch.read(bb) < 0) {
                        throw new IllegalArgumentException(file + ": ended after " + (4L * done + bb.position())
                                + " of " + size + " bytes");
                    }
                }
                bb.flip();
                int values = bb.remaining() / 4;
                if (ints) {
                    for (int i = 0; i < values; i++) {
                        out[done + i] = bb.getInt(4 * i);
                    }
                } else {
                    bb.asFloatBuffer().get(out, done, values);
                }
                done += values;
            }
            return out;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new MissingDataException("missing data file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The same shapes as compare.py's {@code --write-data} (not the same bytes): W1 Gaussian features, labels from a
     * noisy linear rule; W2 MNIST-shaped [0, 1] features around ten class prototypes; W3 Gaussian features,
     * targets linear plus noise (MSE floor about 0.01).
     */
    private static float[][] generate(String prefix) {
        SplittableRandom r = new SplittableRandom(12345);
        return switch (prefix) {
            case "w1" -> {
                int n = 200_000;
                int d = 100;
                float[] w = gaussians(r, d, 1 / Math.sqrt(d));
                float[] x = gaussians(r, n * d, 1);
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    double z = 0;
                    for (int j = 0; j < d; j++) {
                        z += x[i * d + j] * w[j];
                    }
                    y[i] = z + 0.5 * gaussian(r) > 0 ? 1 : 0;
                }
                yield new float[][] {x, y};
            }
            case "w2" -> {
                int n = 60_000;
                int d = 784;
                float[] proto = new float[10 * d];
                for (int i = 0; i < proto.length; i++) {
                    proto[i] = (float) r.nextDouble();
                }
                float[] x = new float[n * d];
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    int c = r.nextInt(10);
                    y[i] = c;
                    for (int j = 0; j < d; j++) {
                        double v = proto[c * d + j] + 0.5 * gaussian(r);
                        x[i * d + j] = (float) Math.min(1, Math.max(0, v));
                    }
                }
                yield new float[][] {x, y};
            }
            default -> {
                int n = 1_000_000;
                int d = 20;
                float[] w = gaussians(r, d, 1);
                float[] x = gaussians(r, n * d, 1);
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    double z = 0.5;
                    for (int j = 0; j < d; j++) {
                        z += x[i * d + j] * w[j];
                    }
                    y[i] = (float) (z + 0.1 * gaussian(r));
                }
                yield new float[][] {x, y};
            }
        };
    }

    private static float[] gaussians(SplittableRandom r, int size, double scale) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (gaussian(r) * scale);
        }
        return a;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
