/**
 * The one training loop ({@link dev.descent.train.Trainer}) and what it needs: {@link dev.descent.train.FitOptions}
 * (batch size — {@code full} for batch gradient descent, 1 for stochastic, N for mini-batch — epochs, seed,
 * shuffling, schedule, clipping, callbacks, checkpoints), {@link dev.descent.train.TrainState} (parameters,
 * optimizer state, plateau state, position: everything a resumed run needs) and
 * {@link dev.descent.train.Evaluation} (metrics with DESIGN.md's keys).
 *
 * <p>Data flows one way: data set → {@code Batcher} → forward → loss (+ penalty) → backward → clip → optimizer
 * step → callbacks. Randomness is derived from the seed: {@code init}, {@code shuffle} (forked by epoch) and
 * {@code dropout} (forked by step), so the same seed gives bit-identical weights whatever the thread count,
 * and a run resumed from a checkpoint ends with the same weights as one that never stopped.
 *
 * <pre>{@code
 * Trainer.Run run = new Trainer.Run(stack, optimizer, Loss.ce(), Optional.empty(), train, validation, options);
 * TrainState end = Trainer.fit(run, TrainState.initial(params, optimizer.init(params)), history);
 * }</pre>
 */
package dev.descent.train;
