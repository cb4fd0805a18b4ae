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
        bar.onTrainBegin(new TrainingEvent.TrainBegin(20, 4, 128, 1), control);
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
}
