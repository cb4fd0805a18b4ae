package dev.descent.cli;

import dev.descent.train.callback.TrainingControl;
import dev.descent.train.callback.TrainingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The range test's points and stop, with updates whose rows all weigh 0 left off. */
class RangeTestCurveTest {

    private static TrainingEvent.BatchEnd update(long step, double loss, double lr, double weight) {
        return new TrainingEvent.BatchEnd(1, (int) step, 9, step, loss, lr, weight);
    }

    /**
     * Losses 1, (0 of weight 0), 0.8, 0.7, 2.7, 2.9 at doubling rates: the weightless 0 is no point, so the lowest
     * loss is 0.7 and the stop comes at 2.9 > 4·0.7 = 2.8, not at 2.7 (nor, were the 0 the lowest, at 0.8).
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
        curve.onBatchEnd(update(6, 2.9, 0.32, 4), control);
        assertThat(control.failure()).contains("the loss exploded");
        assertThat(curve.losses()).containsExactly(1.0, 0.8, 0.7, 2.7, 2.9);
    }

    /**
     * A measured loss of 0 (a hinge loss can reach it) is a point, and the lowest loss then counts as 1e-12 of the
     * initial loss 2: the stop comes above 4·2e-12 = 8e-12.
     */
    @Test
    void aLowestLossOfZero_isFlooredAtATrillionthOfTheInitialLoss() {
        RangeTestCurve curve = new RangeTestCurve(2);
        TrainingControl control = new TrainingControl();
        curve.onBatchEnd(update(1, 0, 0.1, 3), control);
        curve.onBatchEnd(update(2, 8e-12, 0.2, 3), control);
        assertThat(control.failure()).isEmpty();
        curve.onBatchEnd(update(3, 8.1e-12, 0.4, 3), control);
        assertThat(control.failure()).isPresent();
        assertThat(curve.losses()).containsExactly(0, 8e-12, 8.1e-12);
        assertThat(curve.unmeasured()).isZero();
    }
}
