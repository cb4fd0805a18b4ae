package dev.descent.train.callback;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TrainingControl control = new TrainingControl();

    private void runOneEpoch(ProgressBar bar) {
        bar.onTrainBegin(new TrainingEvent.TrainBegin(20, 4, 128, 1, false), control);
        for (int b = 1; b <= 4; b++) {
            clock.addAndGet(500_000_000L);
            bar.onBatchEnd(new TrainingEvent.BatchEnd(3, b, 4, b, 0.5 / b, 0.01, 8), control);
        }
        bar.onEpochEnd(new TrainingEvent.EpochEnd(3, 4, Map.of("loss", 0.2604166, "val_loss", 0.3, "lr", 0.01,
                "accuracy", 0.9), Map.of(), null), control);
    }

    @Test
    void notATerminal_printsOnePlainLinePerEpoch() {
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, clock::get);
        runOneEpoch(bar);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("Epoch 3/20 4/4 - 2s - loss: 0.2604 - accuracy: 0.9000 - val_loss: 0.3000 - lr: 0.0100\n");
    }

    @Test
    void terminal_redrawsTheBarInPlace() {
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, clock::get);
        runOneEpoch(bar);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("\rEpoch 3/20 [===============>..............] 2/4 - 1s - loss: 0.3750");
        assertThat(text).endsWith("\rEpoch 3/20 [==============================] 4/4 - 2s - loss: 0.2604 - accuracy: 0.9000"
                + " - val_loss: 0.3000 - lr: 0.0100\u001b[K\n");
    }

    /**
     * With weighted rows the running loss is the one the epoch ends on: the updates' losses weighted by their rows'
     * total weights, so an update whose rows all weigh 0 (loss 0 by convention) does not pull it down. Losses 0.6, 0,
     * 0.3, 0.9 of weights 2, 0, 1, 3: after two updates (1.2 + 0) / 2 = 0.6 (the plain mean would show 0.3), after
     * three (1.2 + 0.3) / 3 = 0.5, after four (1.2 + 0.3 + 2.7) / 6 = 0.7, the epoch's loss.
     */
    @Test
    void terminal_weightedRows_showTheWeightedRunningLoss() {
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, clock::get);
        bar.onTrainBegin(new TrainingEvent.TrainBegin(20, 4, 128, 1, true), control);
        double[] losses = {0.6, 0, 0.3, 0.9};
        double[] weights = {2, 0, 1, 3};
        for (int b = 1; b <= 4; b++) {
            clock.addAndGet(500_000_000L);
            bar.onBatchEnd(new TrainingEvent.BatchEnd(3, b, 4, b, losses[b - 1], 0.01, weights[b - 1]), control);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("2/4 - 1s - loss: 0.6000\u001b[K");
        assertThat(text).contains("3/4 - 1s - loss: 0.5000\u001b[K");
        assertThat(text).contains("4/4 - 2s - loss: 0.7000\u001b[K");
    }
}
