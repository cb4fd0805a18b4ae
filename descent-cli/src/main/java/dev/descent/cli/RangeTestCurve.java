package dev.descent.cli;

import dev.descent.plot.LrSweep;
import dev.descent.train.callback.Callback;
import dev.descent.train.callback.TrainingControl;
import dev.descent.train.callback.TrainingEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The curve of Leslie Smith's learning-rate range test, recorded as its run goes: the rate and loss of each update
 * (its points), and the stop once the loss has exploded, from where it only gets worse. As fastai's {@code LRFinder}
 * (and Gugger's write-up of the test) it compares the moving average of the losses ({@link LrSweep.MovingAverage},
 * the curve the suggestion reads) with four times its lowest value so far, or stops at a non-finite loss: single
 * losses swing too much for the rule, a batch of a few rows enough to stop the run at a low rate.
 *
 * <p>An update whose rows all weigh 0 (possible with {@code --sample-weight} or {@code --class-weight} and
 * mini-batches) has loss 0 by convention, which measures nothing at its rate: it is not a point. Taken as one, it
 * would fake a minimum of the curve and, as the lowest loss, stop the run at the next measured one. So it is left out
 * entirely, as fastai's {@code Recorder} (which its {@code LRFinder} plots) records neither rate nor loss for a batch
 * without targets: the moving average of the losses ({@code LrSweep.smoothed}) does not advance over it and the stop
 * does not see it. The rate still grows at that update and the update is still taken (momentum, weight decay and the
 * step count go on), as in {@code train}.
 */
final class RangeTestCurve implements Callback {

    /** A moving average this many times its lowest so far stops the run (fastai's {@code LRFinder}). */
    static final double EXPLODED = 4;

    private final double initial;
    private final List<Double> lrs = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();
    private final LrSweep.MovingAverage average = new LrSweep.MovingAverage();
    private double lowest = Double.POSITIVE_INFINITY;
    private int unmeasured;

    /**
     * @param initial the untrained model's loss: a lowest average of 0 counts as {@code initial·1e-12}, so that a run
     *                that reaches 0 is not stopped by round-off above it
     */
    RangeTestCurve(double initial) {
        this.initial = initial;
    }

    @Override
    public void onBatchEnd(TrainingEvent.BatchEnd event, TrainingControl control) {
        if (!(event.weight() > 0)) {
            unmeasured++;
            return;
        }
        lrs.add(event.lr());
        losses.add(event.loss());
        double smoothed = average.add(event.loss());
        lowest = Math.min(lowest, smoothed);
        if (!Double.isFinite(smoothed) || smoothed > EXPLODED * Math.max(lowest, initial * 1e-12)) {
            control.abort("the loss exploded");
        }
    }

    /** The points' rates, in update order. */
    double[] lrs() {
        return lrs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The points' losses, in update order. */
    double[] losses() {
        return losses.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Updates left off the curve: their rows all weighed 0. */
    int unmeasured() {
        return unmeasured;
    }
}
