package dev.descent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.io.ModelFiles;
import dev.descent.tensor.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code train --clip-norm-per-tensor C}: each parameter's gradient clipped to L2 norm C on its own. */
class ClipNormPerTensorCommandTest {

    /**
     * Four rows whose features sum to zero by column, so that the first full-batch gradient of the mean squared error
     * has a closed form in the initial kernel (w1, w2), whatever it is, with the bias starting at 0. Residuals
     * r = x·w − y: (w1 − 10, −w1 + 10, w2 − 5, −w2 + 4). Then
     * <ul>
     *   <li>∂/∂w = (2/4)·Σ r·x = ((w1 − 10) + (w1 − 10), (w2 − 5) + (w2 − 4))/2 = (w1 − 10, w2 − 4.5), of norm about
     *       11 for the Glorot-initialized |w| ≤ 1.42: above C = 1, so scaled by 1/(‖∂/∂w‖ + 1e-6);</li>
     *   <li>∂/∂b = (2/4)·Σ r = (0 + 0 − 1)/2 = −0.5, of norm 0.5: under C, so untouched.</li>
     * </ul>
     */
    private static final String DATA = "x1,x2,y\n1,0,10\n-1,0,-10\n0,1,5\n0,-1,-4\n";

    private static List<String> train(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--target", "y", "--task",
                "regression", "--model", "linear", "--loss", "mse", "--optimizer", "sgd(lr=0.1)", "--batch-size",
                "full", "--dtype", "float64", "--quiet"));
        args.addAll(List.of(more));
        return args;
    }

    private static Cli run(List<String> args) {
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void oneFullBatchStep_clipsTheKernelsGradientAndLeavesTheBiasOne(@TempDir Path dir) throws IOException {
        Path data = Files.writeString(dir.resolve("four.csv"), DATA);
        Path start = dir.resolve("start");
        assertThat(run(train(data, "--epochs", "0", "--out", start.toString())).code()).isZero();
        Path step = dir.resolve("step");
        Cli r = run(train(data, "--epochs", "1", "--clip-norm-per-tensor", "1", "--out", step.toString()));
        assertThat(r.code()).as(r.err()).isZero();

        Params w0 = ModelFiles.load(start).params();
        Params w1 = ModelFiles.load(step).params();
        double k1 = w0.get("dense_1/kernel").at(0);
        double k2 = w0.get("dense_1/kernel").at(1);
        assertThat(w0.get("dense_1/bias").at(0)).isZero();
        double g1 = k1 - 10;
        double g2 = k2 - 4.5;
        double coef = 1 / (Math.hypot(g1, g2) + 1e-6);
        assertThat(coef).isLessThan(0.1);
        // w ← w − lr·coef·g, b ← b − lr·(−0.5); the kernel's sums run in another order than these, hence 1e-14
        assertThat(w1.get("dense_1/kernel").at(0)).isCloseTo(k1 - 0.1 * coef * g1, within(1e-14));
        assertThat(w1.get("dense_1/kernel").at(1)).isCloseTo(k2 - 0.1 * coef * g2, within(1e-14));
        assertThat(w1.get("dense_1/bias").at(0)).isCloseTo(0.05, within(1e-15));
        assertThat(new ObjectMapper().readTree(step.resolve(ModelFiles.MODEL_JSON).toFile()).get("training")
                .get("clip_norm_per_tensor").asDouble()).isEqualTo(1.0);
    }

    /** The setting is part of the run: a resume keeps it bit for bit and refuses a change in either direction. */
    @Test
    void resume_continuesBitForBit_andRefusesAChangedThreshold(@TempDir Path dir) throws IOException {
        Path data = Files.writeString(dir.resolve("four.csv"), DATA);
        Path whole = dir.resolve("whole");
        assertThat(run(train(data, "--epochs", "3", "--clip-norm-per-tensor", "1", "--out", whole.toString())).code())
                .isZero();
        Path part = dir.resolve("part");
        assertThat(run(train(data, "--epochs", "2", "--clip-norm-per-tensor", "1", "--checkpoint-every", "1", "--out",
                part.toString())).code()).isZero();

        Cli changed = run(train(data, "--epochs", "3", "--clip-norm-per-tensor", "2", "--resume", part.toString()));
        assertThat(changed.code()).isEqualTo(2);
        assertThat(changed.err()).isEqualTo("descent: error: --resume: the checkpoint was trained with "
                + "clip_norm_per_tensor=1.0, this command has clip_norm_per_tensor=2.0; resume with the same options "
                + "(only --epochs and --master may change)\n");
        Cli dropped = run(train(data, "--epochs", "3", "--resume", part.toString()));
        assertThat(dropped.code()).isEqualTo(2);
        assertThat(dropped.err()).contains("clip_norm_per_tensor=1.0, this command has no clip_norm_per_tensor;");

        Cli resumed = run(train(data, "--epochs", "3", "--clip-norm-per-tensor", "1", "--resume", part.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).isEqualTo("resumed from epoch 2\n");
        assertThat(Files.readAllBytes(part.resolve("weights.bin"))).isEqualTo(Files.readAllBytes(whole.resolve("weights.bin")));
    }
}
