package dev.descent.train.callback;

/**
 * Aborts training at the first batch whose loss is NaN or infinite, naming the step and suggesting a
 * smaller learning rate (the usual cause). The run is then marked as failed, which the command line turns
 * into exit code 1.
 */
public final class TerminateOnNaN implements Callback {

    @Override
    public void onBatchEnd(TrainingEvent.BatchEnd event, TrainingControl control) {
        if (!Double.isFinite(event.loss())) {
            control.abort("the loss became " + event.loss() + " at step " + event.step() + " (epoch " + event.epoch()
                    + ", batch " + event.batch() + ") with lr=" + event.lr() + "; try a smaller learning rate, e.g. lr="
                    + event.lr() / 10);
        }
    }
}
