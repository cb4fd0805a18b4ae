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
import java.util.OptionalDouble;

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
        return run(c, "val_loss", losses, from).stoppedAfter();
    }

    /**
     * How a run went: the epoch after which the callback asked to stop (0: never), why, and the first weight of the
     * weights it asked to restore (the epoch they are from, in {@link #run}), if any.
     */
    private record Outcome(int stoppedAfter, Optional<String> reason, Optional<Double> restoredEpoch) {
    }

    /** Feeds epochs {@code from + 1 ..} of {@code values} as {@code metric} to {@code c}, weights {@code [epoch]}. */
    private static Outcome run(Callback c, String metric, double[] values, int from) {
        TrainingControl control = new TrainingControl();
        int stopped = 0;
        for (int e = from; e < values.length && stopped == 0; e++) {
            Params weights = Params.of("w", Tensor.vector(e + 1.0));
            c.onEpochEnd(new TrainingEvent.EpochEnd(e + 1, (e + 1) * 10L, Map.of(metric, values[e]), Map.of(), weights), control);
            stopped = control.stopReason().isPresent() ? e + 1 : 0;
        }
        return new Outcome(stopped, control.stopReason(), control.restoreRequest().map(p -> p.get("w").at(0)));
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
        resumed.onTrainBegin(new TrainingEvent.TrainBegin(4, 10, 100, 5, false), noEpochLeft);
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

    private static EarlyStopping parse(String spec) {
        return EarlyStopping.parse(spec, "val_loss");
    }

    @Test
    void earlyStopping_anExplicitModeOverridesTheGuessFromTheName() {
        double[] mae = {0.5, 0.4, 0.45, 0.42, 0.3};
        // auto minimizes val_mae: 0.4 at epoch 2, then two epochs without improvement
        assertThat(run(parse("monitor=val_mae,patience=2").start(), "val_mae", mae, 0).stoppedAfter()).isEqualTo(4);
        // max: 0.5 at epoch 1 stays the best
        Outcome max = run(parse("monitor=val_mae,patience=2,mode=max").start(), "val_mae", mae, 0);
        assertThat(max.stoppedAfter()).isEqualTo(3);
        assertThat(max.reason()).hasValue("early stopping: val_mae did not improve for 2 epochs (best 0.500000 at epoch 1)");

        double[] accuracy = {0.9, 0.95, 0.94};
        assertThat(run(parse("monitor=val_accuracy,patience=1").start(), "val_accuracy", accuracy, 0).stoppedAfter()).isEqualTo(3);
        assertThat(run(parse("monitor=val_accuracy,patience=1,mode=min").start(), "val_accuracy", accuracy, 0).stoppedAfter())
                .isEqualTo(2);
        assertThat(parse("mode=auto").maximizing()).isFalse();
        assertThat(parse("monitor=val_auc,mode=max").maximizing()).isTrue();
    }

    @Test
    void earlyStopping_withABaseline_stopsAfterPatienceEpochsUnlessOneBeatsIt() {
        double[] losses = {0.9, 0.8, 0.7, 0.6, 0.4, 0.45, 0.46, 0.47, 0.3};
        // every epoch up to 3 is a new best but none beats 0.5: stopped after 3, the best of those restored
        Outcome missed = run(parse("patience=3,baseline=0.5,restore_best=true").start(), "val_loss", losses, 0);
        assertThat(missed.stoppedAfter()).isEqualTo(3);
        assertThat(missed.reason())
                .hasValue("early stopping: val_loss did not beat the baseline 0.500000 in 3 epochs (best 0.700000 at epoch 3)");
        assertThat(missed.restoredEpoch()).hasValue(3.0);
        // a value equal to the baseline does not beat it
        assertThat(run(parse("patience=3,baseline=0.7").start(), "val_loss", losses, 0).stoppedAfter()).isEqualTo(3);
        // 0.7 beats 0.75 at epoch 3 and resets the count; then 0.4 at epoch 5, and three epochs without improvement
        Outcome beaten = run(parse("patience=3,baseline=0.75").start(), "val_loss", losses, 0);
        assertThat(beaten.stoppedAfter()).isEqualTo(8);
        assertThat(beaten.reason()).hasValue("early stopping: val_loss did not improve for 3 epochs (best 0.400000 at epoch 5)");
        // under max, a value must exceed the baseline: 0.9 never does
        assertThat(run(parse("patience=2,baseline=0.95,mode=max").start(), "val_loss", losses, 0).stoppedAfter()).isEqualTo(2);
    }

    @Test
    void earlyStopping_startFromEpoch_ignoresTheWarmUpEpochs() {
        double[] losses = {0.5, 2.0, 3.0, 0.9, 0.95, 0.97, 0.8};
        assertThat(run(parse("patience=2").start(), "val_loss", losses, 0).stoppedAfter()).isEqualTo(3);
        // epochs 1 to 3 neither count nor can be the best, though 0.5 is the lowest value: 0.9 at epoch 4 is
        Outcome warm = run(parse("patience=2,start_from_epoch=3,restore_best=true").start(), "val_loss", losses, 0);
        assertThat(warm.stoppedAfter()).isEqualTo(6);
        assertThat(warm.reason()).hasValue("early stopping: val_loss did not improve for 2 epochs (best 0.900000 at epoch 4)");
        assertThat(warm.restoredEpoch()).hasValue(4.0);
        // the best epoch of a finished run's history, which its plot marks as restored
        assertThat(parse("patience=2,start_from_epoch=3").bestEpoch(pastEpochs(losses, 6))).hasValue(4);
        assertThat(parse("patience=2").bestEpoch(pastEpochs(losses, 3))).hasValue(1);
        assertThat(parse("patience=2,start_from_epoch=3").bestEpoch(pastEpochs(losses, 3))).isEmpty();
        // with patience 0, a warm-up epoch does not stop the run either
        assertThat(run(parse("patience=0,start_from_epoch=2").start(), "val_loss", losses, 0).stoppedAfter()).isEqualTo(5);
    }

    @Test
    void earlyStopping_relativeMinDelta_scalesWithTheBest() {
        double[] losses = {10, 9.5, 8.9, 8.5, 8.1, 7.9};
        // without a least change each epoch improves; with 10%: 9.5 is not below 9, 8.9 is, then neither 8.5 nor 8.1
        // is below 8.9 - 0.89 = 8.01
        assertThat(run(parse("patience=2").start(), "val_loss", losses, 0).stoppedAfter()).isZero();
        assertThat(run(parse("patience=2,min_delta_relative=0.1").start(), "val_loss", losses, 0).stoppedAfter()).isEqualTo(5);
        // the same number as an absolute change asks less at this scale: each epoch is 0.2 or more below the one before
        assertThat(run(parse("patience=2,min_delta=0.1").start(), "val_loss", losses, 0).stoppedAfter()).isZero();
        // a negative best: under min, -1.9 is worse than -2 (torch's -2·(1 - 0.1) = -1.8 would take it as better)
        double[] negative = {-2.0, -1.9, -2.3};
        assertThat(run(parse("monitor=score,patience=1,mode=min,min_delta_relative=0.1").start(), "score", negative, 0)
                .stoppedAfter()).isEqualTo(2);
        // under max, -1.75 is better than -2 by more than 10% of 2; -1.7 is not better than -1.75 by 0.175
        assertThat(run(parse("monitor=score,patience=1,mode=max,min_delta_relative=0.1").start(), "score",
                new double[] {-2.0, -1.75, -1.7}, 0).stoppedAfter()).isEqualTo(3);
    }

    @Test
    void earlyStopping_withTheNewKeys_resumedAfterAnyEpoch_stopsWhereTheUninterruptedRunStops() {
        double[] losses = {0.1, 0.2, 0.9, 0.46, 0.45, 0.43, 0.42, 0.40, 0.39, 0.385};
        EarlyStopping config = parse("patience=2,baseline=0.5,start_from_epoch=2,min_delta_relative=0.05,restore_best=true");
        // epochs 1-2 are warm-up; 0.9 misses the baseline (wait 1); 0.46 beats it and 0.9 by 5%; 0.45 is not below
        // 0.437; 0.43 is; 0.42 is not below 0.4085; 0.40 is; neither 0.39 nor 0.385 is below 0.38
        Outcome whole = run(config.start(), "val_loss", losses, 0);
        assertThat(whole.stoppedAfter()).isEqualTo(10);
        assertThat(whole.restoredEpoch()).hasValue(8.0);
        for (int k = 1; k < 10; k++) {
            // the checkpoint holds the weights of epoch k and, as the best, those of the best epoch so far
            History past = pastEpochs(losses, k);
            int bestSoFar = k < 3 ? 0 : k < 4 ? 3 : k < 6 ? 4 : k < 8 ? 6 : 8;
            Optional<EarlyStopping.Best> saved = bestSoFar == 0 ? Optional.empty()
                    : Optional.of(new EarlyStopping.Best(bestSoFar, Params.of("w", Tensor.vector((double) bestSoFar))));
            EarlyStopping.Tracker resumed = config.resume(past, Params.of("w", Tensor.vector((double) k)), saved);
            assertThat(resumed.best().map(EarlyStopping.Best::epoch)).as("after epoch %d", k)
                    .isEqualTo(bestSoFar == 0 ? Optional.empty() : Optional.of(bestSoFar));
            assertThat(run(resumed, "val_loss", losses, k)).as("resumed after epoch %d", k).isEqualTo(whole);
        }
        assertThatThrownBy(() -> config.resume(pastEpochs(losses, 10), PARAMS, Optional.empty()))
                .hasMessage("early stopping: the run already stopped after epoch 10 (val_loss did not improve for 2 epochs);"
                        + " there is nothing to resume");
        EarlyStopping missed = parse("patience=2,baseline=0.05");
        assertThatThrownBy(() -> missed.resume(pastEpochs(losses, 2), PARAMS, Optional.empty()))
                .hasMessage("early stopping: the run already stopped after epoch 2 (val_loss did not beat the baseline"
                        + " 0.0500000 in 2 epochs); there is nothing to resume");
    }

    @Test
    void earlyStopping_specOfTheFirstFourKeys_isAsBefore_andTheNewKeysAreWrittenOnlyWhenSet() {
        // the spec older checkpoints recorded, which --resume compares as text
        String old = "monitor=val_loss,patience=3,min_delta=1.0E-4,restore_best=true";
        assertThat(parse("patience=3,min_delta=1e-4,restore_best=true").spec()).isEqualTo(old);
        assertThat(parse("patience=3,min_delta=1e-4,restore_best=true,mode=auto,start_from_epoch=0,min_delta_relative=0").spec())
                .isEqualTo(old);
        assertThat(new EarlyStopping("loss", 5, 0, false).spec()).isEqualTo("monitor=loss,patience=5,min_delta=0.0,restore_best=false");

        String all = "monitor=val_mae,patience=3,min_delta=0.0,restore_best=false,mode=max,baseline=0.25,start_from_epoch=2,"
                + "min_delta_relative=0.01";
        EarlyStopping config = parse("min_delta_relative=0.01,start_from_epoch=2,baseline=0.25,mode=max,patience=3,monitor=val_mae");
        assertThat(config).isEqualTo(new EarlyStopping("val_mae", 3, 0, false, EarlyStopping.Mode.MAX, OptionalDouble.of(0.25), 2, 0.01));
        assertThat(config.spec()).isEqualTo(all);
        assertThat(parse(all)).isEqualTo(config);
        assertThat(parse("baseline=-0.5").spec()).endsWith(",baseline=-0.5");
    }

    @Test
    void earlyStopping_badValuesOfTheNewKeys_areNamedInOneLine() {
        assertThatThrownBy(() -> parse("mode=up")).hasMessage("--early-stopping: mode must be auto, min or max, got 'up'");
        assertThatThrownBy(() -> parse("mode=MIN")).hasMessage("--early-stopping: mode must be auto, min or max, got 'MIN'");
        assertThatThrownBy(() -> parse("baseline=low")).hasMessage("--early-stopping: baseline needs a number, got 'low'");
        assertThatThrownBy(() -> parse("baseline=NaN")).hasMessage("--early-stopping: baseline must be a finite number, got NaN");
        assertThatThrownBy(() -> parse("start_from_epoch=-1")).hasMessage("--early-stopping: start_from_epoch must be >= 0, got -1");
        assertThatThrownBy(() -> parse("start_from_epoch=1.5")).hasMessage("--early-stopping: start_from_epoch needs a number, got '1.5'");
        assertThatThrownBy(() -> parse("min_delta_relative=5"))
                .hasMessage("--early-stopping: min_delta_relative must be in [0, 1) (0.01 is 1%), got 5.0");
        assertThatThrownBy(() -> parse("min_delta_relative=-0.1"))
                .hasMessage("--early-stopping: min_delta_relative must be in [0, 1) (0.01 is 1%), got -0.1");
        assertThatThrownBy(() -> parse("min_delta=0.1,min_delta_relative=0.01")).hasMessage("--early-stopping: min_delta"
                + " (absolute) and min_delta_relative cannot be combined, got 0.1 and 0.01; choose one");
        assertThatThrownBy(() -> parse("wait=3")).hasMessage("--early-stopping: unknown key 'wait'; valid keys: monitor,"
                + " patience, min_delta, min_delta_relative, restore_best, mode, baseline, start_from_epoch");
    }

    @Test
    void terminateOnNaN_abortsNamingTheStep() {
        TrainingControl control = new TrainingControl();
        new TerminateOnNaN().onBatchEnd(new TrainingEvent.BatchEnd(2, 3, 5, 8, 1.0, 0.1, 4), control);
        assertThat(control.failure()).isEmpty();
        new TerminateOnNaN().onBatchEnd(new TrainingEvent.BatchEnd(2, 4, 5, 9, Double.NaN, 0.1, 4), control);
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
        h.onBatchEnd(new TrainingEvent.BatchEnd(1, 1, 2, 1, 0.9, 0.1, 4), control);
        h.onBatchEnd(new TrainingEvent.BatchEnd(1, 2, 2, 2, 0.7, 0.1, 4), control);
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
