package dev.descent.cli;

import dev.descent.train.callback.TrainingControl;
import dev.descent.train.callback.TrainingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The range test's points and stop: the moving average {@code s_k = a_k/(1 − 0.9^k)}, {@code a_k = 0.9·a_{k−1} +
 * 0.1·ℓ_k}, against four times its lowest value, with updates whose rows all weigh 0 left off.
 */
class RangeTestCurveTest {

    private static TrainingEvent.BatchEnd update(long step, double loss, double lr, double weight) {
        return new TrainingEvent.BatchEnd(1, (int) step, 9, step, loss, lr, weight);
    }

    /**
     * Losses 1, (0 of weight 0), 0.8, 0.7, 2.7, 20 at doubling rates. The weightless 0 is no point: a = 0.1, 0.17,
     * 0.223, 0.4707, 2.42363, so s = 1, 0.894737, 0.822878, 1.368712, 5.918366; the lowest is 0.822878 and the stop
     * comes at 20 (5.92 > 3.29), not at 2.7.
     */
    @Test
    void weightlessUpdates_areNoPoints_andDoNotStopTheRun() {
        RangeTestCurve curve = new RangeTestCurve(1.2);
        TrainingControl control = new TrainingControl();
        double[][] updates = {{1.0, 4}, {0.0, 0}, {0.8, 4}, {0.7, 2}, {2.7, 4}};
        for (int i = 0; i < updates.length; i++) {
            curve.onBatchEnd(update(i + 1, updates[i][0], 0.01 * Math.pow(2, i), updates[i][1]), control);
        }
        assertThat(control.failure()).isEmpty();
        assertThat(curve.lrs()).containsExactly(0.01, 0.04, 0.08, 0.16);
        assertThat(curve.losses()).containsExactly(1.0, 0.8, 0.7, 2.7);
        assertThat(curve.unmeasured()).isEqualTo(1);
        curve.onBatchEnd(update(6, 20, 0.32, 4), control);
        assertThat(control.failure()).contains("the loss exploded");
        assertThat(curve.losses()).containsExactly(1.0, 0.8, 0.7, 2.7, 20);
    }

    /**
     * One batch's loss far above the lowest does not stop the run, a rising average does. Losses 1, 0.5, 0.4, 3:
     * a = 0.1, 0.14, 0.166, 0.4494, so s = 1, 0.736842, 0.612546, 1.306775, below 4·0.612546 = 2.450184 (the raw 3
     * is above 4·0.4 = 1.6, which a rule on single losses would have stopped at); then 7: a = 1.10446, s = 2.697035,
     * above it.
     */
    @Test
    void aSpikeInOneBatch_doesNotStopTheRun_aRisingAverageDoes() {
        RangeTestCurve curve = new RangeTestCurve(1.1);
        TrainingControl control = new TrainingControl();
        double[] losses = {1, 0.5, 0.4, 3};
        for (int i = 0; i < losses.length; i++) {
            curve.onBatchEnd(update(i + 1, losses[i], 0.01 * (i + 1), 1), control);
        }
        assertThat(control.failure()).isEmpty();
        curve.onBatchEnd(update(5, 7, 0.05, 1), control);
        assertThat(control.failure()).contains("the loss exploded");
    }

    /**
     * A measured loss of 0 (a hinge loss can reach it) is a point, and a lowest average of 0 counts as 1e-12 of the
     * initial loss 2: the stop comes above 4·2e-12 = 8e-12. Losses 0, 8e-12: s = 0, 4.2105e-12 (0.8e-12/0.19), below
     * it (without the floor 0 would be the bound and this the stop); then 1e-10: s = 1.072e-11/0.271 = 3.956e-11,
     * above it.
     */
    @Test
    void aLowestAverageOfZero_isFlooredAtATrillionthOfTheInitialLoss() {
        RangeTestCurve curve = new RangeTestCurve(2);
        TrainingControl control = new TrainingControl();
        curve.onBatchEnd(update(1, 0, 0.1, 3), control);
        curve.onBatchEnd(update(2, 8e-12, 0.2, 3), control);
        assertThat(control.failure()).isEmpty();
        curve.onBatchEnd(update(3, 1e-10, 0.4, 3), control);
        assertThat(control.failure()).isPresent();
        assertThat(curve.losses()).containsExactly(0, 8e-12, 1e-10);
        assertThat(curve.unmeasured()).isZero();
    }

    /** A non-finite loss stops the run at once. */
    @Test
    void aNonFiniteLoss_stopsTheRun() {
        RangeTestCurve curve = new RangeTestCurve(1);
        TrainingControl control = new TrainingControl();
        curve.onBatchEnd(update(1, 0.9, 0.1, 1), control);
        curve.onBatchEnd(update(2, Double.POSITIVE_INFINITY, 0.2, 1), control);
        assertThat(control.failure()).contains("the loss exploded");
    }
}
