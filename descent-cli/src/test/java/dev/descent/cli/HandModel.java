package dev.descent.cli;

import dev.descent.data.Task;
import dev.descent.io.ModelFiles;
import dev.descent.io.SavedModel;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Initializer;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.Penalty;
import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saved models of known weights, whose metrics the tests work out by hand. */
final class HandModel {

    private HandModel() {
    }

    /**
     * Saves into {@code out} a float64 model of one dense unit on the one feature {@code x}, output
     * {@code kernel·x + bias}, for target {@code y}. Its layer is named as {@code train}'s {@code linear} and
     * {@code logistic} models name theirs, so {@code train --init-from out} can start from it.
     */
    static Path save(Path out, Task task, List<String> classes, String loss, Optional<Penalty> penalty, double kernel,
                     double bias) {
        Stack stack = Stack.of(new Dense("dense_1", 1, Activation.LINEAR, Initializer.constant(kernel),
                Initializer.constant(bias)));
        ModelFiles.save(out, new SavedModel(stack, 1, DType.FLOAT64, stack.init(1, DType.FLOAT64, Rng.seeded(0)),
                Optional.empty(), List.of("x"), "y", task, classes, loss, penalty, Map.of()));
        return out;
    }
}
