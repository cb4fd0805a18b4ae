package dev.descent.train;

/**
 * Where and how a run's updates are computed. {@link #LOCAL}, the default, computes each batch's gradient in this
 * JVM (fused kernels where they cover the model, else a tape) and takes a {@link GradientStep}; other engines (the
 * {@code descent-spark} module's) compute the same updates, or averaged ones, on a cluster. The Trainer's loop (batches, schedule, callbacks,
 * validation, checkpoints) is the same for every engine: only the update is plugged in.
 */
@FunctionalInterface
public interface Engine {

    /**
     * Forward, backward and the optimizer step here, on the batch's tensors: with the fused kernels where
     * {@link FusedGradients} covers the model, else on a tape.
     */
    Engine LOCAL = run -> GradientStep.of(run, FusedGradients.of(run.stack(), run.loss(), run.penalty(), run.train())
            .orElseGet(() -> TapeGradients.of(run)));

    /** {@link #LOCAL} with every gradient from the tape: the reference that the fused kernels are tested against. */
    Engine TAPE = run -> GradientStep.of(run, TapeGradients.of(run));

    /**
     * Prepares the updates of {@code run} (e.g. distributes its training rows); the Trainer closes the
     * updater when the run ends.
     */
    Updater open(Trainer.Run run);
}
