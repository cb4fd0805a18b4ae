package dev.descent.train.callback;

import java.util.OptionalDouble;

/**
 * Aborts training at the first batch whose loss is NaN or infinite, naming the step and suggesting a
 * smaller learning rate (the usual cause). The run is then marked as failed, which the command line turns
 * into exit code 1.
 *
 * <p>A batch's loss is computed before its update, so the loss alone never sees what the epoch's last update did;
 * at each epoch's end the weights themselves are checked, and a run whose last update made them NaN or infinite
 * fails too, instead of being saved as a model that predicts NaN.
 */
public final class TerminateOnNaN implements Callback {

    @Override
    public void onBatchEnd(TrainingEvent.BatchEnd event, TrainingControl control) {
        if (!Double.isFinite(event.loss())) {
            control.abort("the loss became " + event.loss() + " at step " + event.step() + " (epoch " + event.epoch()
                    + ", batch " + event.batch() + ") with lr=" + event.lr() + "; " + advice(event.lr()));
        }
    }

    @Override
    public void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
        for (String name : event.params().names()) {
            OptionalDouble bad = event.params().get(name).firstNonFinite();
            if (bad.isPresent()) {
                double lr = event.metrics().getOrDefault("lr", Double.NaN);
                control.abort("the weights of " + name + " became " + bad.getAsDouble() + " in the last update of epoch "
                        + event.epoch() + " (step " + event.step() + ", gradient norm "
                        + event.gradientNorms().get(name) + ") with lr=" + lr + "; " + advice(lr));
                return;
            }
        }
    }

    private static String advice(double lr) {
        return "try a smaller learning rate, e.g. lr=" + lr / 10;
    }
}
