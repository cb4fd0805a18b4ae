package dev.descent.io;

import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.model.Presets;
import dev.descent.model.Sequential;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Averages;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.train.FitOptions;
import dev.descent.train.callback.EarlyStopping;
import dev.descent.train.callback.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCheckpointTest {

    /**
     * The saved model is the best epoch's, the one its val_loss measured: with averaged weights, that epoch's average
     * (an swa average that has not begun by then: the live weights).
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "ema(decay=0.9)", "swa(start_epoch=4)"})
    void bestOnly_keepsTheModelOfTheBestEpoch(String average, @TempDir Path dir) {
        Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT64);
        Sequential model = Presets.softmaxRegression(3).dtype(DType.FLOAT64).standardize();
        model.compile(Optimizers.parse("sgd(lr=2)"), Loss.ce());   // a large rate, so val_loss goes up and down
        Path best = dir.resolve("best");
        FitOptions.Builder options = FitOptions.builder().epochs(12).validationSplit(0.3)
                .callback(new ModelCheckpoint(best, p -> model.toSaved(p.copy(), Map.of()), "val_loss", true));
        if (!average.isEmpty()) {
            options.average(Averages.parse(average));
        }
        History h = model.fit(iris, options.build());
        double bestValLoss = Arrays.stream(h.metric("val_loss")).min().orElseThrow();
        Sequential saved = Sequential.load(best);
        Dataset validation = dev.descent.data.Splits.validationSplit(iris, 0.3, 0).validation();
        assertThat(saved.evaluate(validation).get("loss")).isEqualTo(bestValLoss);
    }

    @Test
    void bestOnly_followsAnExplicitMode(@TempDir Path dir) {
        // val_loss under mode=max: the saved model is the epoch with the highest validation loss
        Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT64);
        Sequential model = Presets.softmaxRegression(3).dtype(DType.FLOAT64).standardize();
        model.compile(Optimizers.parse("sgd(lr=2)"), Loss.ce());
        Path worst = dir.resolve("worst");
        History h = model.fit(iris, FitOptions.builder().epochs(12).validationSplit(0.3)
                .callback(new ModelCheckpoint(worst, p -> model.toSaved(p.copy(), Map.of()), "val_loss", true,
                        EarlyStopping.Mode.MAX)).build());
        double highest = Arrays.stream(h.metric("val_loss")).max().orElseThrow();
        Dataset validation = dev.descent.data.Splits.validationSplit(iris, 0.3, 0).validation();
        assertThat(Sequential.load(worst).evaluate(validation).get("loss")).isEqualTo(highest);
    }
}
