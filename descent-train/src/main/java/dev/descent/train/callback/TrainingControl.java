package dev.descent.train.callback;

import dev.descent.tensor.Params;

import java.util.Optional;

/**
 * What a callback may ask of the training loop: stop after this epoch, abort after this batch (the run
 * failed), and restore weights at the end.
 */
public final class TrainingControl {

    private String stopReason;
    private String failure;
    private Params restore;

    /** Ends training right after the current batch and marks the run as failed (divergence, NaN). */
    public void abort(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    /** Why the run failed, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Ends training after the current epoch; the first reason given wins. */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** Asks the loop to copy {@code params} into the model when training ends (EarlyStopping's best weights). */
    public void restoreAtEnd(Params params) {
        this.restore = params;
    }

    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    public Optional<Params> restoreRequest() {
        return Optional.ofNullable(restore);
    }
}
