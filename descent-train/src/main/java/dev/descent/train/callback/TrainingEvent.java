package dev.descent.train.callback;

import dev.descent.tensor.Params;

import java.util.Map;

/**
 * What the training loop tells its callbacks. Events are values: callbacks observe them and may only ask the
 * loop to stop or to restore weights through {@link TrainingControl}.
 */
public sealed interface TrainingEvent {

    /**
     * Training starts (or resumes).
     *
     * @param epochs the total number of epochs requested
     * @param batchesPerEpoch updates per epoch
     * @param samples training rows
     * @param startEpoch the first epoch that will run (1-based; above 1 when resuming)
     * @param weighted whether the training rows carry weights: an epoch's loss is then the mean of its updates' losses
     *                 weighted by their {@link BatchEnd#weight()}, else the plain mean of its updates' losses
     */
    record TrainBegin(int epochs, int batchesPerEpoch, long samples, int startEpoch, boolean weighted)
            implements TrainingEvent {
    }

    /**
     * One update was made.
     *
     * @param epoch 1-based epoch
     * @param batch 1-based batch within the epoch
     * @param step updates made since the start of training
     * @param loss the batch's data loss before the update (its weighted mean with weighted rows)
     * @param lr the learning rate the update used
     * @param weight the total weight of the update's rows, their count when they are unweighted: 0 when every row
     *               weighs 0, whose {@code loss} is then 0 by convention rather than a measurement
     */
    record BatchEnd(int epoch, int batch, int batchesPerEpoch, long step, double loss, double lr, double weight)
            implements TrainingEvent {
    }

    /**
     * An epoch ended.
     *
     * @param epoch 1-based epoch
     * @param step updates made since the start of training
     * @param metrics Keras-style keys: {@code loss} (mean batch loss over the epoch), {@code val_loss} and
     *                {@code val_<metric>} when there is validation data, {@code val_weighted_<metric>} when its rows
     *                have weights, {@code lr}
     * @param gradientNorms the L2 norm of each parameter's gradient, averaged over the epoch's batches, by
     *                      parameter name (the early layers first)
     * @param params the live parameters (copy them to keep them)
     * @param model the model's weights as of this epoch, which the {@code val_*} metrics describe and which saving the
     *              model now would write: the averaged weights once {@code FitOptions.average} has begun an average
     *              (a new copy each epoch), else {@code params} itself
     */
    record EpochEnd(int epoch, long step, Map<String, Double> metrics, Map<String, Double> gradientNorms, Params params,
                    Params model) implements TrainingEvent {
        public EpochEnd {
            metrics = Map.copyOf(metrics);
            gradientNorms = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gradientNorms));
        }

        /** The end of an epoch trained without averaged weights: the model is the live parameters. */
        public EpochEnd(int epoch, long step, Map<String, Double> metrics, Map<String, Double> gradientNorms, Params params) {
            this(epoch, step, metrics, gradientNorms, params, params);
        }
    }

    /**
     * Training ended.
     *
     * @param epochsRun the last epoch that ran
     * @param stopReason why it stopped early, or empty when all epochs ran
     */
    record TrainEnd(int epochsRun, String stopReason) implements TrainingEvent {
    }
}
