package dev.descent.bench;

import dev.descent.data.BatchSize;
import dev.descent.data.DscFile;
import dev.descent.data.RowSource;
import dev.descent.data.Task;
import dev.descent.model.Presets;
import dev.descent.model.Sequential;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.FitOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Streaming versus in-memory training, samples per second: linear regression (20 features, MSE, sgd(lr=0.05),
 * mini-batch 1024, shuffled) for one epoch over a {@code .dsc} file, either streamed (memory-mapped, batch by
 * batch) or read into the heap first. Run the streamed case with a heap far smaller than the file:
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx512m -cp benchmarks/target/benchmarks.jar dev.descent.bench.StreamBench \
 *      stream /tmp/stream/big.dsc 26000000
 * java --add-modules jdk.incubator.vector -Xmx4g -cp benchmarks/target/benchmarks.jar dev.descent.bench.StreamBench \
 *      memory /tmp/stream/small.dsc 2000000
 * </pre>
 * The file is written first (from a fixed seed, chunk by chunk, so writing needs no large heap) when it does
 * not exist. Prints {@code mode=... rows=... file_bytes=... max_heap_bytes=... samples_per_s=... final_loss=...}.
 */
public final class StreamBench {

    private static final int FEATURES = 20;

    private StreamBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !List.of("stream", "memory").contains(args[0])) {
            System.err.println("usage: StreamBench stream|memory FILE.dsc ROWS");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        int rows = Integer.parseInt(args[2]);
        if (!Files.exists(file)) {
            write(file, rows);
        }
        DscFile dsc = DscFile.open(file);
        RowSource train = args[0].equals("stream") ? dsc : dsc.readAll();
        Sequential model = Presets.linearRegression(1);
        model.compile(Optimizers.parse("sgd(lr=0.05)"), Loss.mse());
        FitOptions options = FitOptions.builder().batchSize(BatchSize.of(1024)).epochs(1).seed(1).build();
        long start = System.nanoTime();
        var history = model.fit(train, null, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "mode=%s rows=%d file_bytes=%d max_heap_bytes=%d samples_per_s=%.0f final_loss=%.6g%n",
                args[0], dsc.size(), Files.size(file), Runtime.getRuntime().maxMemory(), dsc.size() / seconds,
                history.last().get("loss"));
    }

    /** y = x·w + 0.1·noise with fixed w, written in chunks of 64k rows. */
    private static void write(Path file, int rows) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Rng rng = Rng.seeded(42);
        double[] w = IntStream.range(0, FEATURES).mapToDouble(i -> rng.nextGaussian()).toArray();
        List<String> names = IntStream.range(0, FEATURES).mapToObj(i -> "x" + i).toList();
        try (DscFile.Writer out = DscFile.create(file, rows, names, "y", Task.REGRESSION, List.of())) {
            int chunk = 1 << 16;
            for (int from = 0; from < rows; from += chunk) {
                int n = Math.min(chunk, rows - from);
                Tensor x = Tensor.zeros(DType.FLOAT32, n, FEATURES);
                Tensor y = Tensor.zeros(DType.FLOAT32, n);
                for (int i = 0; i < n; i++) {
                    double t = 0.1 * rng.nextGaussian();
                    for (int j = 0; j < FEATURES; j++) {
                        double v = rng.nextGaussian();
                        x.set(i * FEATURES + j, v);
                        t += v * w[j];
                    }
                    y.set(i, t);
                }
                out.append(x, y);
            }
            out.commit();
        }
    }
}
