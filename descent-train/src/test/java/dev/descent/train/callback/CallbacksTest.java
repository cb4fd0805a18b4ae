package dev.descent.train.callback;

import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbacksTest {

    private static final Params PARAMS = Params.of("dense_1/kernel", Tensor.vector(1.0, 2.0));

    private static TrainingEvent.EpochEnd epoch(int epoch, Map<String, Double> metrics, Map<String, Double> norms) {
        return new TrainingEvent.EpochEnd(epoch, epoch * 10L, metrics, norms, PARAMS);
    }

    @Test
    void earlyStopping_waitsPatienceEpochsAndKeepsTheBest() {
        Callback c = new EarlyStopping("val_loss", 2, 0.01, true).start();
        TrainingControl control = new TrainingControl();
        double[] losses = {1.0, 0.5, 0.495, 0.6};   // 0.495 is not an improvement of more than min_delta 0.01
        for (int e = 0; e < losses.length; e++) {
            if (e == 1) {
                PARAMS.get("dense_1/kernel").set(0, 42);
            } else {
                PARAMS.get("dense_1/kernel").set(0, e);
            }
            c.onEpochEnd(epoch(e + 1, Map.of("val_loss", losses[e]), Map.of()), control);
            assertThat(control.stopReason().isPresent()).as("after epoch %d", e + 1).isEqualTo(e == 3);
        }
        assertThat(control.stopReason().orElseThrow()).contains("did not improve for 2 epochs").contains("epoch 2");
        assertThat(control.restoreRequest().orElseThrow().get("dense_1/kernel").at(0)).isEqualTo(42);
    }

    /** Epochs 1..k through a History, as a checkpoint holds them. */
    private static History pastEpochs(double[] losses, int k) {
        History h = new History();
        for (int e = 0; e < k; e++) {
            h.onEpochEnd(epoch(e + 1, Map.of("val_loss", losses[e]), Map.of()), new TrainingControl());
        }
        return h;
    }

    @Test
    void earlyStopping_resumedAfterAnyEpoch_stopsWhereTheUninterruptedRunStops() {
        double[] losses = {1.0, 0.5, 0.6, 0.4, 0.45, 0.41, 0.42, 0.3};
        EarlyStopping config = new EarlyStopping("val_loss", 3, 0.0, false);
        int stopWhole = stopEpoch(config.start(), losses, 0);
        assertThat(stopWhole).isEqualTo(7); // 0.4 at epoch 4, then three epochs without improvement
        for (int k = 1; k < stopWhole; k++) {
            Callback resumed = config.resume(pastEpochs(losses, k), PARAMS, Optional.empty());
            assertThat(stopEpoch(resumed, losses, k)).as("resumed after epoch %d", k).isEqualTo(stopWhole);
        }
        assertThatThrownBy(() -> config.resume(pastEpochs(losses, stopWhole), PARAMS, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("early stopping: the run already stopped after epoch 7 (val_loss did not improve for 3 epochs);"
                        + " there is nothing to resume");
    }

    @Test
    void earlyStopping_aNaNValueIsNeverAnImprovement() {
        // not even in the first epoch (as in Keras, whose best starts at infinity): a NaN is never the best
        Callback c = new EarlyStopping("loss", 2, 0, false).start();
        TrainingControl control = new TrainingControl();
        c.onEpochEnd(epoch(1, Map.of("loss", Double.NaN), Map.of()), control);
        assertThat(control.stopReason()).isEmpty();
        c.onEpochEnd(epoch(2, Map.of("loss", 1.0), Map.of()), control);
        c.onEpochEnd(epoch(3, Map.of("loss", Double.NaN), Map.of()), control);
        assertThat(control.stopReason()).isEmpty();
        c.onEpochEnd(epoch(4, Map.of("loss", Double.NaN), Map.of()), control);
        assertThat(control.stopReason()).hasValueSatisfying(r -> assertThat(r).contains("best 1.00000 at epoch 2"));

        Callback once = new EarlyStopping("loss", 1, 0, false).start();
        TrainingControl first = new TrainingControl();
        once.onEpochEnd(epoch(1, Map.of("loss", Double.NaN), Map.of()), first);
        assertThat(first.stopReason()).isPresent();
    }

    /** Feeds epochs {@code from + 1 ..} to {@code c}; returns the epoch after which it asked to stop (0: never). */
    private static int stopEpoch(Callback c, double[] losses, int from) {
        TrainingControl control = new TrainingControl();
        for (int e = from; e < losses.length; e++) {
            c.onEpochEnd(epoch(e + 1, Map.of("val_loss", losses[e]), Map.of()), control);
            if (control.stopReason().isPresent()) {
                return e + 1;
            }
        }
        return 0;
    }

    @Test
    void earlyStopping_resumedWithRestoreBestWithoutSavedBestWeights_needsTheBestEpochToBeTheCheckpoint() {
        double[] losses = {1.0, 0.5, 0.6};
        EarlyStopping config = new EarlyStopping("val_loss", 5, 0.0, true);
        Params resumedWeights = Params.of("dense_1/kernel", Tensor.vector(7.0, 7.0));
        Callback atBest = config.resume(pastEpochs(losses, 2), resumedWeights, Optional.empty());
        TrainingControl control = new TrainingControl();
        atBest.onEpochEnd(epoch(3, Map.of("val_loss", 0.6), Map.of()), control);
        assertThat(control.restoreRequest().orElseThrow().get("dense_1/kernel").at(0)).isEqualTo(7.0);

        assertThatThrownBy(() -> config.resume(pastEpochs(losses, 3), resumedWeights, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("early stopping: restore_best needs the weights of the best epoch so far (2, val_loss 0.500000),"
                        + " but the checkpoint holds epoch 3's; resume without restore_best, or from a checkpoint taken at"
                        + " epoch 2");
    }

    @Test
    void earlyStopping_resumedWithSavedBestWeights_restoresThemAtTheEnd() {
        double[] losses = {1.0, 0.5, 0.6, 0.7, 0.8};
        EarlyStopping config = new EarlyStopping("val_loss", 5, 0.0, true);
        Params resumedWeights = Params.of("dense_1/kernel", Tensor.vector(7.0, 7.0));
        Params savedBest = Params.of("dense_1/kernel", Tensor.vector(-0.0, Math.PI, 4.9e-324));
        EarlyStopping.Tracker resumed = config.resume(pastEpochs(losses, 4), resumedWeights,
                Optional.of(new EarlyStopping.Best(2, savedBest)));
        savedBest.get("dense_1/kernel").set(1, 0.0); // the tracker keeps its own copy
        Params expected = Params.of("dense_1/kernel", Tensor.vector(-0.0, Math.PI, 4.9e-324));
        TrainingControl noEpochLeft = new TrainingControl();
        resumed.onTrainBegin(new TrainingEvent.TrainBegin(4, 10, 100, 5), noEpochLeft);
        assertThat(noEpochLeft.restoreRequest().orElseThrow().bitEquals(expected)).isTrue();
        TrainingControl control = new TrainingControl();
        resumed.onEpochEnd(epoch(5, Map.of("val_loss", 0.8), Map.of()), control);
        assertThat(control.restoreRequest().orElseThrow().bitEquals(expected)).isTrue();
        EarlyStopping.Best best = resumed.best().orElseThrow();
        assertThat(best.epoch()).isEqualTo(2);
        assertThat(best.params().bitEquals(expected)).isTrue();
    }

    @Test
    void earlyStopping_resumedWithTheBestWeightsOfAnotherEpoch_isRefused() {
        double[] losses = {1.0, 0.5, 0.45, 0.6};
        // the checkpoint's run had min_delta 0.1, so its best was epoch 2; with min_delta 0 the best is epoch 3
        EarlyStopping config = new EarlyStopping("val_loss", 5, 0.0, true);
        Optional<EarlyStopping.Best> saved = Optional.of(new EarlyStopping.Best(2, PARAMS));
        assertThatThrownBy(() -> config.resume(pastEpochs(losses, 4), PARAMS, saved))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("early stopping: restore_best needs the weights of the best epoch so far (3, val_loss 0.450000),"
                        + " but the checkpoint holds epoch 4's and, as the best by the settings it was written with, epoch"
                        + " 2's; resume without restore_best, or from a checkpoint taken at epoch 3");
    }

    @Test
    void earlyStopping_keepsTheBestForCheckpointsOnlyWithRestoreBest() {
        TrainingControl control = new TrainingControl();
        EarlyStopping.Tracker keeping = new EarlyStopping("loss", 3, 0.0, true).start();
        EarlyStopping.Tracker notKeeping = new EarlyStopping("loss", 3, 0.0, false).start();
        assertThat(keeping.best()).isEmpty();
        for (EarlyStopping.Tracker t : List.of(keeping, notKeeping)) {
            t.onEpochEnd(new TrainingEvent.EpochEnd(1, 10, Map.of("loss", 1.0), Map.of(), Params.of("w", Tensor.vector(1.0))), control);
            t.onEpochEnd(new TrainingEvent.EpochEnd(2, 20, Map.of("loss", 2.0), Map.of(), Params.of("w", Tensor.vector(2.0))), control);
        }
        assertThat(notKeeping.best()).isEmpty();
        EarlyStopping.Best best = keeping.best().orElseThrow();
        assertThat(best.epoch()).isEqualTo(1);
        assertThat(best.params().get("w").at(0)).isEqualTo(1.0);
        best.params().get("w").set(0, 9.0);
        assertThat(keeping.best().orElseThrow().params().get("w").at(0)).as("a copy each time").isEqualTo(1.0);
    }

    @Test
    void earlyStopping_accuracyIsMaximized() {
        assertThat(EarlyStopping.maximizes("val_accuracy")).isTrue();
        assertThat(EarlyStopping.maximizes("val_loss")).isFalse();
        Callback c = new EarlyStopping("val_accuracy", 1, 0, false).start();
        TrainingControl control = new TrainingControl();
        c.onEpochEnd(epoch(1, Map.of("val_accuracy", 0.9), Map.of()), control);
        c.onEpochEnd(epoch(2, Map.of("val_accuracy", 0.95), Map.of()), control);
        assertThat(control.stopReason()).isEmpty();
        c.onEpochEnd(epoch(3, Map.of("val_accuracy", 0.94), Map.of()), control);
        assertThat(control.stopReason()).isPresent();
    }

    @Test
    void earlyStopping_parseAndErrors() {
        assertThat(EarlyStopping.parse("patience=3,min_delta=1e-4,restore_best=true", "val_loss"))
                .isEqualTo(new EarlyStopping("val_loss", 3, 1e-4, true));
        assertThat(EarlyStopping.parse("", "loss")).isEqualTo(new EarlyStopping("loss", 5, 0, false));
        assertThatThrownBy(() -> EarlyStopping.parse("patience=x", "loss")).hasMessage("--early-stopping: patience needs a number, got 'x'");
        assertThatThrownBy(() -> EarlyStopping.parse("wait=3", "loss")).hasMessageContaining("unknown key 'wait'");
        assertThatThrownBy(() -> EarlyStopping.parse("restore_best=yes", "loss")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> EarlyStopping.parse("patience=-1", "loss")).hasMessageContaining("patience must be >= 0");
        Callback c = new EarlyStopping("val_loss", 1, 0, false).start();
        assertThatThrownBy(() -> c.onEpochEnd(epoch(1, Map.of("loss", 1.0), Map.of()), new TrainingControl()))
                .hasMessageContaining("monitors 'val_loss'").hasMessageContaining("available: loss");
    }

    @Test
    void terminateOnNaN_abortsNamingTheStep() {
        TrainingControl control = new TrainingControl();
        new TerminateOnNaN().onBatchEnd(new TrainingEvent.BatchEnd(2, 3, 5, 8, 1.0, 0.1), control);
        assertThat(control.failure()).isEmpty();
        new TerminateOnNaN().onBatchEnd(new TrainingEvent.BatchEnd(2, 4, 5, 9, Double.NaN, 0.1), control);
        assertThat(control.failure().orElseThrow()).isEqualTo(
                "the loss became NaN at step 9 (epoch 2, batch 4) with lr=0.1; try a smaller learning rate, e.g. lr=0.01");
    }

    @Test
    void terminateOnNaN_abortsAtTheEpochEndWhoseLastUpdateBrokeTheWeights() {
        // every batch's loss was finite (it is computed before the update); only the weights show the last update
        Map<String, Double> norms = new LinkedHashMap<>();
        norms.put("dense_1/kernel", 3e38);
        norms.put("dense_1/bias", Double.POSITIVE_INFINITY);
        Map<String, Double> metrics = Map.of("loss", 2.5, "lr", 10.0);
        for (DType dtype : DType.values()) {
            Params healthy = Params.builder().put("dense_1/kernel", Tensor.of(new double[] {1, -2}, 2, 1).to(dtype))
                    .put("dense_1/bias", Tensor.of(new double[] {0.5}, 1).to(dtype)).build();
            TrainingControl control = new TrainingControl();
            new TerminateOnNaN().onEpochEnd(new TrainingEvent.EpochEnd(4, 40, metrics, norms, healthy), control);
            assertThat(control.failure()).isEmpty();

            Params broken = Params.builder().put("dense_1/kernel", Tensor.of(new double[] {1, -2}, 2, 1).to(dtype))
                    .put("dense_1/bias", Tensor.of(new double[] {Double.NEGATIVE_INFINITY}, 1).to(dtype)).build();
            new TerminateOnNaN().onEpochEnd(new TrainingEvent.EpochEnd(4, 40, metrics, norms, broken), control);
            assertThat(control.failure().orElseThrow()).isEqualTo("the weights of dense_1/bias became -Infinity in the "
                    + "last update of epoch 4 (step 40, gradient norm Infinity) with lr=10.0; try a smaller learning "
                    + "rate, e.g. lr=1.0");
        }
    }

    @Test
    void vanishingGradients_warnOnceNamingTheLayers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VanishingGradientWarning w = new VanishingGradientWarning(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1e-3);
        Map<String, Double> healthy = new LinkedHashMap<>();
        healthy.put("dense_1/kernel", 0.1);
        healthy.put("dense_1/bias", 0.1);
        healthy.put("dense_3/kernel", 0.2);
        w.onEpochEnd(epoch(1, Map.of("loss", 1.0), healthy), new TrainingControl());
        assertThat(bytes.size()).isZero();
        Map<String, Double> vanishing = new LinkedHashMap<>(healthy);
        vanishing.put("dense_1/kernel", 1e-6);
        w.onEpochEnd(epoch(2, Map.of("loss", 1.0), vanishing), new TrainingControl());
        w.onEpochEnd(epoch(3, Map.of("loss", 1.0), vanishing), new TrainingControl());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        assertThat(text).startsWith("warning: vanishing gradients at epoch 2: dense_1/kernel").contains("dense_3/kernel");
    }

    @Test
    void history_writesOneRowPerStepWithEpochColumnsOnEpochEnds() throws IOException {
        History h = new History();
        TrainingControl control = new TrainingControl();
        h.onBatchEnd(new TrainingEvent.BatchEnd(1, 1, 2, 1, 0.9, 0.1), control);
        h.onBatchEnd(new TrainingEvent.BatchEnd(1, 2, 2, 2, 0.7, 0.1), control);
        h.onEpochEnd(new TrainingEvent.EpochEnd(1, 2, Map.of("loss", 0.8, "val_loss", 0.85, "lr", 0.1),
                Map.of("dense_1/kernel", 0.5), PARAMS), control);
        h.finish(Optional.empty(), Optional.empty());
        StringWriter out = new StringWriter();
        h.writeCsv(out);
        // DESIGN.md's column order: epoch,step,loss,val_loss,lr, then the rest
        assertThat(out.toString()).isEqualTo("epoch,step,loss,val_loss,lr,epoch_loss,grad_norm/dense_1/kernel\n"
                + "1,1,0.9,,0.1,,\n"
                + "1,2,0.7,0.85,0.1,0.8,0.5\n");
        assertThat(h.metric("val_loss")).containsExactly(0.85);
        assertThat(History.restore(h.steps(), h.epochs()).steps()).isEqualTo(h.steps());
    }

    @Test
    void csvLogger_streamsOneRowPerEpoch() {
        StringWriter out = new StringWriter();
        CsvLogger logger = new CsvLogger(out);
        logger.onEpochEnd(epoch(1, Map.of("loss", 0.5, "accuracy", 0.8), Map.of()), new TrainingControl());
        logger.onEpochEnd(epoch(2, Map.of("loss", 0.25, "accuracy", 0.9), Map.of()), new TrainingControl());
        assertThat(out.toString()).isEqualTo("epoch,accuracy,loss\n1,0.8,0.5\n2,0.9,0.25\n");
    }
}
