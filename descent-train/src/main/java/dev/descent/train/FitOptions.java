package dev.descent.train;

import dev.descent.data.BatchSize;
import dev.descent.data.ClassWeights;
import dev.descent.optim.Clipping;
import dev.descent.optim.WeightAverage;
import dev.descent.optim.schedule.Schedule;
import dev.descent.train.callback.Callback;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to train: the seeds' three variants through one option ({@link BatchSize#full()} is batch gradient
 * descent, size 1 is stochastic, anything between is mini-batch), epochs, shuffling, the seed, a schedule,
 * gradient clipping, averaged weights, class weights and callbacks. Defaults follow DESIGN.md: batch size 32,
 * 10 epochs, shuffling on, seed 0, no validation, no clipping, no averaging, no class weights.
 *
 * @param epochs total epochs (when resuming, the total, not additional)
 * @param batchSize rows per update
 * @param shuffle reshuffle the rows every epoch (seeded)
 * @param dropLast drop a last batch smaller than the batch size
 * @param seed the seed every random stream derives from (init, shuffle, dropout, splits)
 * @param validationSplit fraction of the training rows held out for validation by {@code Sequential.fit}, whichever
 *                        overload is given them (stratified for classifiers, drawn with the seed; 0: none); refused
 *                        beside validation rows and for streamed rows, which it cannot split
 * @param schedule the learning-rate schedule, if any
 * @param scheduleUnit what the schedule's {@code t} counts
 * @param clipping the gradient clipping thresholds: by value, by each tensor's L2 norm, by the global L2 norm, applied
 *                 in that order ({@link Clipping}; {@link Clipping#NONE} by default)
 * @param callbacks observers, run in order after each step and epoch
 * @param checkpointEvery call {@code checkpoint} every this many epochs (0: never)
 * @param checkpoint receives a copy of the state and the history so far at checkpoint epochs
 * @param engine where the updates are computed ({@link Engine#LOCAL}: here)
 * @param average the running average of the weights to keep, if any ({@link dev.descent.optim.Ema} after every
 *                update, {@link dev.descent.optim.Swa} after every epoch from a start epoch): once it has begun, the
 *                validation metrics are the average's, and training ends with the average as the model's weights
 * @param classWeights a weight per class multiplied into each training and validation row's weight, resolved on the
 *                     training rows (after the validation split) by {@code Sequential.fit}: Keras'
 *                     {@code class_weight}; see {@link ClassWeights}. Row weights themselves come with the data
 *                     ({@link dev.descent.data.Dataset#withWeights}, Keras' {@code sample_weight}).
 */
public record FitOptions(int epochs, BatchSize batchSize, boolean shuffle, boolean dropLast, long seed,
                         double validationSplit, Optional<Schedule> schedule, ScheduleUnit scheduleUnit, Clipping clipping,
                         List<Callback> callbacks, int checkpointEvery,
                         Optional<Consumer<Checkpoint>> checkpoint, Engine engine, Optional<WeightAverage> average,
                         Optional<ClassWeights> classWeights) {

    public static final int DEFAULT_EPOCHS = 10;
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** What a checkpoint consumer receives: an independent copy of the state and the history so far. */
    public record Checkpoint(TrainState state, dev.descent.train.callback.History history) {
    }

    public FitOptions {
        Objects.requireNonNull(batchSize);
        Objects.requireNonNull(engine);
        Objects.requireNonNull(clipping);
        Objects.requireNonNull(average);
        Objects.requireNonNull(classWeights);
        callbacks = List.copyOf(callbacks);
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("validation split must be in [0, 1), got " + validationSplit);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0, got " + checkpointEvery);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with DESIGN.md's defaults. */
    public static final class Builder {
        private int epochs = DEFAULT_EPOCHS;
        private BatchSize batchSize = BatchSize.of(DEFAULT_BATCH_SIZE);
        private boolean shuffle = true;
        private boolean dropLast;
        private long seed;
        private double validationSplit;
        private Schedule schedule;
        private ScheduleUnit scheduleUnit = ScheduleUnit.EPOCH;
        private double clipNorm;
        private double clipNormPerTensor;
        private double clipValue;
        private final List<Callback> callbacks = new ArrayList<>();
        private int checkpointEvery;
        private Consumer<Checkpoint> checkpoint;
        private Engine engine = Engine.LOCAL;
        private WeightAverage average;
        private ClassWeights classWeights;

        private Builder() {
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(BatchSize batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder batchSize(int rows) {
            return batchSize(BatchSize.of(rows));
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder validationSplit(double fraction) {
            this.validationSplit = fraction;
            return this;
        }

        public Builder schedule(Schedule schedule, ScheduleUnit unit) {
            this.schedule = schedule;
            this.scheduleUnit = unit;
            return this;
        }

        /** Clip the gradients to this global L2 norm, as torch's {@code clip_grad_norm_} (0: off). */
        public Builder clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        /** Clip each parameter's gradient to this L2 norm on its own, as Keras' {@code clipnorm} (0: off). */
        public Builder clipNormPerTensor(double clipNorm) {
            this.clipNormPerTensor = clipNorm;
            return this;
        }

        /** Clamp every gradient element to [-v, v], as torch's {@code clip_grad_value_} (0: off). */
        public Builder clipValue(double clipValue) {
            this.clipValue = clipValue;
            return this;
        }

        public Builder callback(Callback callback) {
            callbacks.add(callback);
            return this;
        }

        public Builder checkpoint(int everyEpochs, Consumer<Checkpoint> sink) {
            this.checkpointEvery = everyEpochs;
            this.checkpoint = sink;
            return this;
        }

        public Builder engine(Engine engine) {
            this.engine = engine;
            return this;
        }

        /** Keeps a running average of the weights, which becomes the model at the end (see {@link FitOptions}). */
        public Builder average(WeightAverage average) {
            this.average = average;
            return this;
        }

        /** Weighs each class's rows ({@link ClassWeights#balanced()}, {@link ClassWeights#of}); null: none. */
        public Builder classWeights(ClassWeights classWeights) {
            this.classWeights = classWeights;
            return this;
        }

        public FitOptions build() {
            return new FitOptions(epochs, batchSize, shuffle, dropLast, seed, validationSplit, Optional.ofNullable(schedule), scheduleUnit,
                    new Clipping(clipValue, clipNormPerTensor, clipNorm), callbacks, checkpointEvery,
                    Optional.ofNullable(checkpoint), engine, Optional.ofNullable(average), Optional.ofNullable(classWeights));
        }
    }
}
