package dev.descent.model;

import dev.descent.data.RowSource;
import dev.descent.data.Task;
import dev.descent.io.SavedModel;
import dev.descent.nn.Dense;
import dev.descent.nn.Layer;
import dev.descent.nn.Stack;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Training that starts from a saved model's weights instead of a fresh initialization ({@link Sequential#initFrom}):
 * Keras' {@code load_weights} then {@code fit}, scikit-learn's {@code warm_start=True}. For fine-tuning, or for more
 * epochs of a finished run that kept no checkpoints.
 *
 * <ul>
 *   <li><b>Must match</b> ({@link #mismatch}): the number of input features, and the place of every column that has
 *       the name of a saved feature (columns are matched by position, so the saved columns in another order would
 *       start from other columns' weights; a name the saved model lacks is taken as a renamed column); the dense
 *       layers' widths and activations, in order, and so every parameter's name and shape; the task, and for a
 *       classifier its class labels in order (output {@code i} keeps meaning class {@code i}); whether the features
 *       are standardized.
 *       Dropout layers hold no weights and may differ, as may the loss (of the same output width), the penalty, the
 *       optimizer and every training setting.</li>
 *   <li><b>Taken</b>: the parameters, copied (the saved model is left alone) and converted to the model's dtype
 *       (float32 to float64 is exact; float64 to float32 rounds each weight once); and the standardization
 *       statistics, reused rather than fitted again on the new rows, so that the weights keep their meaning: a first
 *       layer trained on {@code (x − mean)/std} is useless on inputs scaled by other statistics.</li>
 *   <li><b>Fresh</b>: the optimizer's state (moment buffers, step count), as in Keras after {@code load_weights}
 *       and scikit-learn's warm start, since a saved model keeps none; and the schedule, which starts at step 0.
 *       With a stateless optimizer ({@code sgd} without momentum), no schedule and nothing drawn from the epoch or
 *       step count (no shuffling, or full batches; no dropout), N epochs then M more from the saved model are
 *       N + M epochs of one run, bit for bit; otherwise a checkpoint's resume is the exact continuation.</li>
 *   <li><b>Resumed</b>: a checkpoint of a warm-started run holds the weights to continue from and the statistics it
 *       took, so the saved model matters only until the first checkpoint: {@code descent train --init-from DIR
 *       --resume OUT} starts from {@code DIR} while {@code OUT} has no checkpoint (the run of the same command without
 *       {@code --resume}, bit for bit) and resumes the checkpoint once there is one, without reading {@code DIR}.</li>
 * </ul>
 */
public final class WarmStart {

    private WarmStart() {
    }

    /**
     * Why {@code saved} cannot start the training of {@code stack} on {@code data}: the first difference, as one
     * line naming both sides; empty when it can.
     *
     * @param standardize whether the model standardizes its features
     */
    public static Optional<String> mismatch(SavedModel saved, Stack stack, boolean standardize, RowSource data) {
        int features = data.features();
        if (saved.inputFeatures() != features) {
            return Optional.of("the saved model takes " + saved.inputFeatures() + " features, the data has " + features);
        }
        Optional<String> moved = movedFeature(saved.featureNames(), data.featureNames());
        if (moved.isPresent()) {
            return moved;
        }
        String before = layers(saved.stack(), features);
        String now = layers(stack, features);
        if (!before.equals(now)) {
            return Optional.of("the saved model's layers are " + before + ", this model's " + now);
        }
        List<String> savedNames = new ArrayList<>(SavedModel.expectedTensors(saved.stack(), features).keySet());
        List<String> names = new ArrayList<>(SavedModel.expectedTensors(stack, features).keySet());
        if (!savedNames.equals(names)) {
            return Optional.of("the saved model's parameters are " + savedNames + ", this model's " + names);
        }
        if (saved.task() != data.task() || !saved.classes().equals(data.classes())) {
            return Optional.of("the saved model is for " + task(saved.task(), saved.classes()) + ", the data is "
                    + task(data.task(), data.classes()));
        }
        if (saved.standardizer().isPresent() != standardize) {
            return Optional.of(standardize
                    ? "this model standardizes its features, but the saved model was trained on raw ones"
                    : "the saved model standardizes its features (its statistics would be reused), this model does not");
        }
        return Optional.empty();
    }

    /**
     * The first feature of the data that stands where the saved model had another feature and is itself a feature of
     * the saved model elsewhere, described; empty when there is none. The weights are matched by position, so such a
     * column (the saved columns in another order) would start from the weights and the standardization statistics of
     * another column. A name the saved model lacks may be a renamed column of the same meaning (the caller may warn
     * about it).
     */
    private static Optional<String> movedFeature(List<String> savedNames, List<String> names) {
        for (int j = 0; j < names.size(); j++) {
            int saved = savedNames.indexOf(names.get(j));
            if (saved >= 0 && saved != j) {
                return Optional.of("feature " + (j + 1) + " of the data is '" + names.get(j) + "', feature "
                        + (saved + 1) + " of the saved model; the weights are matched by position, so give the columns in "
                        + "the saved model's order");
            }
        }
        return Optional.empty();
    }

    /** Copies of {@code saved}'s parameters in {@code dtype}, to train in place. */
    static Params params(SavedModel saved, DType dtype) {
        return saved.params().map(t -> t.dtype() == dtype ? t.copy() : t.to(dtype));
    }

    /** {@code 4-64-3 (relu, linear)}: the widths from the input on, then each dense layer's activation. */
    private static String layers(Stack stack, int features) {
        StringBuilder widths = new StringBuilder().append(features);
        List<String> activations = new ArrayList<>();
        for (Layer layer : stack.layers()) {
            if (layer instanceof Dense d) {
                widths.append('-').append(d.units());
                activations.add(d.activation().specName());
            }
        }
        return widths + " (" + String.join(", ", activations) + ")";
    }

    private static String task(Task task, List<String> classes) {
        return task == Task.REGRESSION ? "regression" : task.label() + " classification of classes " + classes;
    }
}
