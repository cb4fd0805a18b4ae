package dev.descent.model;

import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.data.DscFile;
import dev.descent.data.RowSource;
import dev.descent.data.Splits;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.train.FitOptions;
import dev.descent.train.callback.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FitOptions#validationSplit()} means the same on every {@code fit}: the same rows held out, drawn with the
 * seed, whichever overload takes the training rows; refused where there is nothing to split (streamed rows) or the
 * validation rows are given as well, rather than silently ignored (it used to be ignored by every overload that takes
 * a validation argument, so a run asked for validation trained on every row and reported none).
 */
class FitValidationSplitTest {

    private static final Dataset IRIS = BuiltinDatasets.load("iris", DType.FLOAT64);

    private static FitOptions.Builder options() {
        return FitOptions.builder().epochs(3).batchSize(16).seed(5);
    }

    private static Sequential model(DType dtype) {
        Sequential m = Presets.softmaxRegression(3).dtype(dtype).standardize();
        m.compile(Optimizers.parse("sgd(lr=0.1, momentum=0.9)"), Loss.ce());
        return m;
    }

    /** A model fitted by {@code fit} and its history. */
    private record Fitted(Sequential model, History history) {
    }

    private static Fitted fitted(Function<Sequential, History> fit) {
        Sequential m = model(DType.FLOAT64);
        return new Fitted(m, fit.apply(m));
    }

    @Test
    void aSplit_holdsOutTheSameRowsOnEveryOverload() {
        Splits.TrainValidation split = Splits.validationSplit(IRIS, 0.2, 5);
        Fitted byHand = fitted(m -> m.fit(split.train(), split.validation(), options().build()));
        FitOptions withSplit = options().validationSplit(0.2).build();
        Fitted[] overloads = {
            fitted(m -> m.fit(IRIS, withSplit)),
            fitted(m -> m.fit(IRIS, null, withSplit)),
            fitted(m -> m.fit((RowSource) IRIS, null, withSplit)),
            fitted(m -> m.fit(IRIS.x(), IRIS.y(), withSplit)),
        };
        assertThat(byHand.history().metric("val_loss")).hasSize(3).doesNotContain(Double.NaN);
        for (int k = 0; k < overloads.length; k++) {
            assertThat(overloads[k].model().params().bitEquals(byHand.model().params())).as("overload %d", k).isTrue();
            assertThat(overloads[k].history().metric("val_loss")).as("overload %d", k)
                    .containsExactly(byHand.history().metric("val_loss"));
            assertThat(overloads[k].history().metric("val_accuracy")).as("overload %d", k)
                    .containsExactly(byHand.history().metric("val_accuracy"));
        }
    }

    @Test
    void aSplitBesideValidationRows_isRefused() {
        Splits.TrainValidation split = Splits.validationSplit(IRIS, 0.2, 5);
        assertThatThrownBy(() -> model(DType.FLOAT64).fit(split.train(), split.validation(),
                options().validationSplit(0.2).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a validation split (0.2) and validation rows cannot be combined; choose one");
    }

    @Test
    void aSplitOfStreamedRows_isRefused(@TempDir Path dir) {
        Path file = dir.resolve("iris.dsc");
        DscFile.write(file, IRIS.to(DType.FLOAT32));
        assertThatThrownBy(() -> model(DType.FLOAT32).fit(DscFile.open(file), null, options().validationSplit(0.2).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a validation split (0.2) needs the rows in memory (a Dataset), not streamed rows; give the "
                        + "validation rows instead");
    }
}
