package dev.descent.spark;

import dev.descent.io.ModelFiles;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.L1;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.Penalty;
import dev.descent.optim.Clipping;
import dev.descent.optim.Optimizers;
import dev.descent.train.FusedGradients;
import dev.descent.train.GradientStep;
import dev.descent.train.Gradients;
import dev.descent.train.TapeGradients;
import dev.descent.train.Trainer;

import java.io.Serial;
import java.io.Serializable;
import java.util.Optional;

/**
 * How to rebuild a run's model, loss, penalty and optimizer on an executor, as spec strings: the
 * architecture as model.json writes it, the loss and optimizer specs, the penalty's kind and coefficient, the
 * clipping thresholds. The layers, losses and optimizers themselves stay free of Java serialization; an
 * executor parses this recipe and runs the very code local training runs: {@link FusedGradients} where they
 * cover the model, as {@link dev.descent.train.Engine#LOCAL} has them, {@link TapeGradients} otherwise, for the
 * partitions' gradient sums of the synchronous mode and inside the {@link GradientStep}s of averaging.
 *
 * @param architecture the layers ({@link ModelFiles#architecture(dev.descent.nn.Stack)})
 * @param loss the loss spec
 * @param penalty {@code l1}, {@code l2} or empty
 * @param lambda the penalty's coefficient (0 without one)
 * @param optimizer the optimizer spec
 * @param clipValue clip by value (0: off)
 * @param clipNormPerTensor clip by each tensor's norm (0: off)
 * @param clipNorm clip by global norm (0: off)
 * @param classification whether to count correctly classified rows
 */
record Recipe(String architecture, String loss, String penalty, double lambda, String optimizer, double clipValue,
              double clipNormPerTensor, double clipNorm, boolean classification) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static Recipe of(Trainer.Run run) {
        String kind = run.penalty().map(p -> switch (p) {
            case L1 ignored -> "l1";
            case L2 ignored -> "l2";
        }).orElse("");
        Clipping clipping = run.options().clipping();
        return new Recipe(ModelFiles.architecture(run.stack()), run.loss().spec(), kind,
                run.penalty().map(Penalty::lambda).orElse(0.0), run.optimizer().spec(), clipping.value(),
                clipping.normPerTensor(), clipping.globalNorm(), run.train().task().isClassification());
    }

    /**
     * The data loss's gradients alone, without the penalty, on batches of {@code shard}: the partitions' sums, to
     * which the driver adds the penalty once. Fused where they cover the model (a new one per call: they keep
     * buffers, and the tasks of one executor run concurrently), the tape's otherwise.
     */
    Gradients dataGradients(Shard shard) {
        Parsed p = parsed();
        return fused(p, Optional.empty(), shard).orElse(p.dataGradients());
    }

    /**
     * A whole local step, penalty and clipping included, as the local Trainer takes it on batches of {@code shard}:
     * with the fused gradients where they cover the model, as {@link dev.descent.train.Engine#LOCAL} has them, so that
     * one partition averages to local training bit for bit. A new one per call: the fused gradients keep buffers, and
     * the tasks of one executor run concurrently.
     */
    GradientStep localStep(Shard shard) {
        Parsed p = parsed();
        GradientStep tape = p.localStep();
        return fused(p, penaltyTerm(), shard)
                .map(fused -> new GradientStep(fused, tape.optimizer(), tape.clipping()))
                .orElse(tape);
    }

    private Optional<Gradients> fused(Parsed p, Optional<Penalty> penalty, Shard shard) {
        return FusedGradients.ofGathered(p.stack(), p.dataLoss(), penalty, shard.dtype(), classification,
                shard.features(), shard.targetWidth() == 0, shard.rows());
    }

    /**
     * The recipe this JVM parsed last, with what it parsed into. Every task of a step deserializes its own copy
     * of the recipe, so the tasks of a run find theirs here by equality and parse the architecture, loss and
     * optimizer once per executor JVM rather than once per task. The parsed layers, losses and optimizers are
     * immutable records, so concurrent tasks share them; the holder is published through a volatile field
     * (two tasks that miss at once both parse, and the last write stays, which is harmless).
     */
    private static volatile Parsed last;

    private Parsed parsed() {
        Parsed p = last;
        if (p == null || !p.recipe().equals(this)) {
            p = parse();
            last = p;
        }
        return p;
    }

    private Parsed parse() {
        Stack stack = ModelFiles.architecture(architecture);
        Loss dataLoss = Loss.parse(loss);
        TapeGradients data = new TapeGradients(stack, dataLoss, Optional.empty(), classification);
        TapeGradients withPenalty = new TapeGradients(stack, dataLoss, penaltyTerm(), classification);
        return new Parsed(this, stack, dataLoss, data, new GradientStep(withPenalty, Optimizers.parse(optimizer),
                new Clipping(clipValue, clipNormPerTensor, clipNorm)));
    }

    /** A recipe and what it parses into. */
    private record Parsed(Recipe recipe, Stack stack, Loss dataLoss, TapeGradients dataGradients, GradientStep localStep) {
    }

    private Optional<Penalty> penaltyTerm() {
        return switch (penalty) {
            case "l1" -> Optional.of(new L1(lambda));
            case "l2" -> Optional.of(new L2(lambda));
            default -> Optional.empty();
        };
    }
}
