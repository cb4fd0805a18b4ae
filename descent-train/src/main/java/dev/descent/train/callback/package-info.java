/**
 * Observers of training (Keras' callbacks): {@link dev.descent.train.callback.History} (every update and
 * epoch; writes {@code history.csv}), {@link dev.descent.train.callback.ProgressBar} (Keras-style bar on a
 * terminal, one line per epoch otherwise), {@link dev.descent.train.callback.EarlyStopping} (patience,
 * absolute or relative min_delta, mode, baseline, warm-up epochs, restore best weights), {@link dev.descent.train.callback.TerminateOnNaN} (fails the run, naming the
 * step, or the parameter that an epoch's last update left NaN or infinite), {@link dev.descent.train.callback.CsvLogger} and {@link dev.descent.train.callback.VanishingGradientWarning}.
 *
 * <p>Callbacks receive immutable {@link dev.descent.train.callback.TrainingEvent}s after each optimizer step
 * and each epoch. They may only ask, through {@link dev.descent.train.callback.TrainingControl}, for training
 * to stop, to fail, or to restore weights at the end; they never change parameters mid-run.
 *
 * <pre>{@code
 * FitOptions options = FitOptions.builder().epochs(100)
 *         .callback(new EarlyStopping("val_loss", 5, 1e-4, true).start())
 *         .callback(new ProgressBar(System.err, true, System::nanoTime)).build();
 * }</pre>
 */
package dev.descent.train.callback;
