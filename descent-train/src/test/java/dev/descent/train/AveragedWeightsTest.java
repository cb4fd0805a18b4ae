package dev.descent.train;

import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.data.Splits;
import dev.descent.io.Checkpoint;
import dev.descent.io.Checkpoints;
import dev.descent.model.Sequential;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Ema;
import dev.descent.optim.Optimizers;
import dev.descent.optim.Swa;
import dev.descent.optim.WeightAverage;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import dev.descent.train.callback.Callback;
import dev.descent.train.callback.EarlyStopping;
import dev.descent.train.callback.History;
import dev.descent.train.callback.TrainingControl;
import dev.descent.train.callback.TrainingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import static dev.descent.testkit.TensorAssert.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Averaged weights in the Trainer: the model it ends with is the average of the weights it trained through (the EMA
 * of every update, the mean of the epoch ends for SWA), validation measures the average, early stopping restores the
 * best epoch's average, and a resumed run continues the average bit for bit. The raw trajectory is recorded from a
 * run without averaging, which averaging must not change.
 */
class AveragedWeightsTest {

    private static final Dataset IRIS = BuiltinDatasets.load("iris", DType.FLOAT64);
    private static final Splits.TrainValidation SPLIT = Splits.validationSplit(IRIS, 0.2, 0);

    private static Sequential model(DType dtype) {
        Sequential net = new Sequential(Dense.of(8, Activation.TANH), Dense.of(3)).dtype(dtype).standardize();
        net.compile(Optimizers.parse("adam(lr=0.05)"), Loss.ce());
        return net;
    }

    private static FitOptions.Builder options(int epochs) {
        return FitOptions.builder().epochs(epochs).batchSize(16).seed(3);
    }

    /**
     * A run's model and history, with copies of the live weights after every update and at every epoch end, and of
     * each epoch's model weights.
     */
    private static final class Recorder implements Callback {
        final Sequential net;
        private final Supplier<Params> live;
        final List<Params> updates = new ArrayList<>();
        final List<Params> epochEnds = new ArrayList<>();
        final List<Params> models = new ArrayList<>();
        History history;

        Recorder(Sequential net) {
            this.net = net;
            this.live = net::params;
        }

        @Override
        public void onBatchEnd(TrainingEvent.BatchEnd event, TrainingControl control) {
            updates.add(live.get().copy());
        }

        @Override
        public void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
            epochEnds.add(event.params().copy());
            models.add(event.model().copy());
        }
    }

    /** Trains {@code epochs} epochs with {@code average} (null: none) and records the weights. */
    private static Recorder train(DType dtype, int epochs, WeightAverage average, Callback... more) {
        Sequential net = model(dtype);
        Recorder r = new Recorder(net);
        FitOptions.Builder b = options(epochs).callback(r);
        for (Callback c : more) {
            b.callback(c);
        }
        if (average != null) {
            b.average(average);
        }
        r.history = net.fit(SPLIT.train().to(dtype), SPLIT.validation().to(dtype), b.build());
        return r;
    }

    @Test
    void ema_endsWithTheRecursionOverEveryUpdatesWeights_bitForBit_andLeavesTrainingAsItWas() {
        Recorder raw = train(DType.FLOAT64, 3, null);
        Recorder averaged = train(DType.FLOAT64, 3, new Ema(0.9));
        assertThat(averaged.updates).hasSize(raw.updates.size());
        for (int t = 0; t < raw.updates.size(); t++) {
            assertThat(averaged.updates.get(t).bitEquals(raw.updates.get(t))).as("update %d", t + 1).isTrue();
        }
        // a_1 = w_1; a_t = a + (1 - 0.9)*(w_t - a), PyTorch's lerp for a weight below 1/2, in float64
        Params expected = ema(raw.updates, 0.9, raw.updates.size());
        assertThat(averaged.net.params().bitEquals(expected)).isTrue();
        assertThat(averaged.net.params().bitEquals(raw.updates.getLast())).as("the average is not the last weights").isFalse();
    }

    @Test
    void ema_decayZero_endsWithTheLastWeightsBitForBit() {
        Recorder raw = train(DType.FLOAT64, 2, null);
        Recorder averaged = train(DType.FLOAT64, 2, new Ema(0));
        assertThat(averaged.net.params().bitEquals(raw.net.params())).isTrue();
    }

    @Test
    void swa_endsWithTheMeanOfTheEpochEndWeightsFromItsStartEpoch() {
        Recorder raw = train(DType.FLOAT64, 5, null);
        Recorder averaged = train(DType.FLOAT64, 5, new Swa(2));
        // epochs 2..5: (w_2 + w_3 + w_4 + w_5)/4, summed here in one go; the running mean rounds four times
        for (String name : raw.epochEnds.getFirst().names()) {
            Tensor sum = raw.epochEnds.get(1).get(name);
            for (int e = 2; e < 5; e++) {
                sum = sum.plus(raw.epochEnds.get(e).get(name));
            }
            assertClose(averaged.net.params().get(name), sum.times(0.25), 1e-14, 1e-15);
        }
        // before its start epoch the model is the live weights
        assertThat(averaged.models.getFirst().bitEquals(raw.epochEnds.getFirst())).isTrue();
        assertThat(averaged.models.get(1).bitEquals(raw.epochEnds.get(1))).as("epoch 2 is copied").isTrue();
    }

    @Test
    void validation_measuresTheAverage_andTheSavedModelsMetricsAreTheLastEpochs() {
        Recorder raw = train(DType.FLOAT64, 3, null);
        Recorder averaged = train(DType.FLOAT64, 3, new Ema(0.9));
        Sequential net = averaged.net;
        int perEpoch = raw.updates.size() / 3;
        History history = averaged.history;
        for (int e = 0; e < 3; e++) {
            Params average = ema(raw.updates, 0.9, (e + 1) * perEpoch);
            assertThat(averaged.models.get(e).bitEquals(average)).as("epoch %d's model", e + 1).isTrue();
            double expected = Evaluation.evaluate(net.stack(), average, Loss.ce(), Optional.empty(),
                    net.standardizer().orElseThrow().apply(SPLIT.validation())).get("loss");
            assertThat(history.metric("val_loss")[e]).as("epoch %d", e + 1).isEqualTo(expected);
        }
        assertThat(history.metric("val_loss")[2]).isEqualTo(net.evaluate(SPLIT.validation()).get("loss"));
        assertThat(history.metric("val_loss")[2]).isNotEqualTo(raw.history.metric("val_loss")[2]);
    }

    /**
     * With restore_best, the run ends with the best epoch's model weights, which are that epoch's average (what its
     * val_loss measured): neither the final average nor the live weights of the best epoch.
     */
    @Test
    void earlyStopping_restoreBest_restoresTheBestEpochsAverage() {
        // epochs 1-2 are a warm-up and no later change beats a min_delta of 1000: epoch 3 is the best, and the run
        // stops after the 4 epochs of patience that follow it
        EarlyStopping es = new EarlyStopping("val_loss", 4, 1000, true, EarlyStopping.Mode.AUTO, OptionalDouble.empty(), 2, 0);
        Recorder averaged = train(DType.FLOAT64, 12, new Swa(2), es.start());
        Sequential net = averaged.net;
        assertThat(es.bestEpoch(averaged.history)).hasValue(3);
        assertThat(averaged.history.epochs()).hasSize(7);
        // epoch 3's average, (w_2 + w_3)/2
        assertThat(net.params().bitEquals(averaged.models.get(2))).isTrue();
        assertThat(net.params().bitEquals(averaged.epochEnds.get(2))).as("not epoch 3's live weights").isFalse();
        assertThat(net.params().bitEquals(averaged.models.getLast())).as("not the final average").isFalse();
    }

    /**
     * A run checkpointed (to disk and back) after epoch 2 and resumed ends with the weights, average and history of
     * the run that never stopped, bit for bit.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ema(decay=0.8)", "swa(start_epoch=2)", "swa(start_epoch=4)"})
    void resume_continuesTheAverageBitForBit(String spec, @TempDir Path dir) {
        WeightAverage average = dev.descent.optim.Averages.parse(spec);
        Sequential whole = model(DType.FLOAT64);
        List<FitOptions.Checkpoint> checkpoints = new ArrayList<>();
        History wholeHistory = whole.fit(SPLIT.train(), SPLIT.validation(),
                options(5).average(average).checkpoint(1, checkpoints::add).build());

        FitOptions.Checkpoint at2 = checkpoints.get(1);
        assertThat(at2.state().average()).isPresent();
        Checkpoints.write(dir, whole.toSaved(at2.state().params(), Map.of()), at2.state(), at2.history(), Map.of());
        Checkpoint loaded = Checkpoints.latest(dir).orElseThrow();
        assertThat(loaded.state().average().orElseThrow().bitEquals(at2.state().average().orElseThrow())).isTrue();

        Sequential resumed = model(DType.FLOAT64);
        History history = loaded.history();
        TrainState end = resumed.resume(SPLIT.train(), SPLIT.validation(), options(5).average(average).build(),
                loaded.state(), history);
        assertThat(end.params().bitEquals(whole.params())).isTrue();
        assertThat(end.average().orElseThrow().bitEquals(whole.state().average().orElseThrow())).isTrue();
        assertThat(history.metric("val_loss")).containsExactly(wholeHistory.metric("val_loss"));
    }

    /** float32 on the fused kernels: the float64 average of the float32 weights, rounded to float32 once at the end. */
    @Test
    void fusedFloat32Training_endsWithTheFloat64AverageRoundedOnce() {
        Recorder raw = train(DType.FLOAT32, 2, null);
        assertThat(FusedGradients.of(raw.net.stack(), Loss.ce(), Optional.empty(), SPLIT.train().to(DType.FLOAT32)))
                .as("the fused kernels cover this model").isPresent();
        Recorder averaged = train(DType.FLOAT32, 2, new Ema(0.75));
        Params expected = ema(raw.updates, 0.75, raw.updates.size()).map(t -> t.to(DType.FLOAT32));
        assertThat(averaged.net.params().bitEquals(expected)).isTrue();
    }

    /** The EMA of the first {@code steps} recorded weights, in float64: a_1 = w_1, a_t = a + (1 - d)*(w_t - a). */
    private static Params ema(List<Params> weights, double decay, int steps) {
        Params a = weights.getFirst().map(t -> t.to(DType.FLOAT64));
        for (int t = 1; t < steps; t++) {
            for (String name : a.names()) {
                Tensor at = a.get(name);
                Tensor w = weights.get(t).get(name);
                for (int i = 0; i < at.size(); i++) {
                    at.set(i, at.at(i) + (1 - decay) * (w.at(i) - at.at(i)));
                }
            }
        }
        return a;
    }
}
