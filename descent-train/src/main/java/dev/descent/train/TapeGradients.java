package dev.descent.train;

import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.data.Batch;
import dev.descent.nn.Mode;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.Penalty;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;

import java.util.Map;
import java.util.Optional;

/**
 * The forward and backward passes of a batch on a reverse-mode tape, in this thread: forward through the
 * stack, the loss (the weighted mean when the batch has weights; plus the penalty, if any), backward. Any model, loss,
 * penalty and row weights: every way of training that
 * {@link FusedGradients} does not cover computes its gradients with this class, in memory or on a partition of a
 * cluster, and it is the reference the fused kernels are tested against.
 *
 * @param stack the layers
 * @param loss the data loss (a batch mean)
 * @param penalty an L1 or L2 penalty on the kernels added to the objective, if any
 * @param classification whether to count the rows classified correctly
 */
public record TapeGradients(Stack stack, Loss loss, Optional<Penalty> penalty, boolean classification) implements Gradients {

    /** The tape gradients of {@code run}'s model, loss and penalty. */
    public static TapeGradients of(Trainer.Run run) {
        return new TapeGradients(run.stack(), run.loss(), run.penalty(), run.train().task().isClassification());
    }

    @Override
    public Gradient of(Params params, Batch batch, Rng dropout) {
        Tape tape = new Tape();
        Map<String, Node> p = tape.watch(params);
        Node output = stack.forward(tape.constant(batch.x()), p, Mode.TRAIN, dropout);
        Node dataLoss = batch.weights().map(w -> loss.apply(output, batch.y(), w))
                .orElseGet(() -> loss.apply(output, batch.y()));
        Node objective = penalty.map(pen -> dataLoss.plus(pen.penalty(p))).orElse(dataLoss);
        Params grads = tape.gradient(objective, p);
        return new Gradient(dataLoss.value().item(), grads, classification ? correct(output, batch) : 0);
    }

    /** The gradient of the penalty alone at {@code params}: what an engine that sums data gradients adds once. */
    public static Params penaltyGradient(Penalty penalty, Params params) {
        Tape tape = new Tape();
        Map<String, Node> p = tape.watch(params);
        return tape.gradient(penalty.penalty(p), p);
    }

    private static long correct(Node output, Batch batch) {
        int[] predicted = Evaluation.predictedClasses(output.value());
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == (int) batch.y().at(i)) {
                correct++;
            }
        }
        return correct;
    }
}
