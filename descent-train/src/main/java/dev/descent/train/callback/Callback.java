package dev.descent.train.callback;

/**
 * Observes training. Every method has an empty default, so a callback implements only what it needs.
 * Callbacks run in the order given to {@code fit}, after the optimizer step: they observe and may request a
 * stop, never change parameters mid-epoch.
 */
public interface Callback {

    /**
     * Training starts or resumes. A resumed run may have no epoch left to train, so what must hold at its end
     * (restoring weights) is asked for here as well as after each epoch.
     */
    default void onTrainBegin(TrainingEvent.TrainBegin event, TrainingControl control) {
    }

    default void onBatchEnd(TrainingEvent.BatchEnd event, TrainingControl control) {
    }

    default void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
    }

    default void onTrainEnd(TrainingEvent.TrainEnd event) {
    }
}
