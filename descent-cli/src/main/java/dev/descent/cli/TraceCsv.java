package dev.descent.cli;

import dev.descent.optim.Minimizer;

import java.nio.file.Path;
import java.util.List;

/** The {@code --trace} file: {@code step,loss,<variables>,grad_norm,lr}, row 0 the start, exact doubles. */
final class TraceCsv {

    private TraceCsv() {
    }

    static void write(Path file, List<String> variables, Minimizer.Result result) {
        AtomicFiles.write(file, "--trace", out -> {
            out.write("step,loss," + String.join(",", variables) + ",grad_norm,lr\n");
            for (Minimizer.Step s : result.trajectory()) {
                StringBuilder row = new StringBuilder().append(s.step()).append(',').append(s.loss());
                for (double v : s.x()) {
                    row.append(',').append(v);
                }
                row.append(',').append(s.gradNorm()).append(',').append(s.lr()).append('\n');
                out.write(row.toString());
            }
        });
    }
}
