/**
 * The one training loop ({@link dev.descent.train.Trainer}) and what it needs: {@link dev.descent.train.FitOptions}
 * (batch size — {@code full} for batch gradient descent, 1 for stochastic, N for mini-batch — epochs, seed,
 * shuffling, schedule, clipping, averaged weights, callbacks, checkpoints), {@link dev.descent.train.TrainState}
 * (parameters, optimizer state, plateau state, averaged weights, position: everything a resumed run needs) and
 * {@link dev.descent.train.Evaluation} (metrics with DESIGN.md's keys). The update is the loop's one pluggable
 * piece: {@link dev.descent.train.FitOptions#engine()} opens an {@link dev.descent.train.Updater}; the local
 * {@link dev.descent.train.Engine#LOCAL} takes a {@link dev.descent.train.GradientStep} with each batch's gradient
 * from the fused kernels of {@link dev.descent.train.FusedGradients} where they cover the model, else from the
 * {@link dev.descent.train.TapeGradients} ({@link dev.descent.train.Engine#TAPE}: always), and the
 * {@code descent-spark} module's engine computes the same step from a cluster's partitions (or averages their local
 * steps) through the same classes.
 *
 * <p>Data flows one way: data set → {@code Batcher} → forward → loss (+ penalty) → backward → clip → optimizer
 * step → weight average ({@link dev.descent.train.FitOptions#average()}: {@code ema} or {@code swa}, whose average
 * the validation metrics measure and the run ends with) → callbacks. Randomness is derived from the seed: {@code init}, {@code shuffle} (forked by epoch) and
 * {@code dropout} (forked by step), so the same seed gives bit-identical weights whatever the thread count,
 * and a run resumed from a checkpoint ends with the same weights as one that never stopped. Rows with weights
 * (the data set's, times {@link dev.descent.train.FitOptions#classWeights()}) make the loss the weighted mean
 * {@code Σ w_i·ℓ_i / Σ w_i} of each batch, and of the epoch and the validation rows in the reports; they train on
 * the fused kernels where unweighted rows would, and on the tape otherwise.
 * {@link dev.descent.train.Evaluation#evaluateWeighted} weighs every metric by them, as scikit-learn's
 * metrics with {@code sample_weight} ({@code descent evaluate --sample-weight}); the loop reports weighted validation
 * rows' metrics both ways ({@code val_<metric>} counting rows, {@code val_weighted_<metric>} weighted, Keras'
 * {@code metrics} and {@code weighted_metrics}), from one pass ({@link dev.descent.train.Evaluation#evaluateBoth}).
 *
 * <pre>{@code
 * Trainer.Run run = new Trainer.Run(stack, optimizer, Loss.ce(), Optional.empty(), train, validation, options);
 * TrainState end = Trainer.fit(run, TrainState.initial(params, optimizer.init(params)), history);
 * }</pre>
 */
package dev.descent.train;
