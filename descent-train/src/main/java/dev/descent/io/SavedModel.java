package dev.descent.io;

import dev.descent.data.Standardizer;
import dev.descent.data.Task;
import dev.descent.nn.Dense;
import dev.descent.nn.Dropout;
import dev.descent.nn.Layer;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.Penalty;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to use a trained model: the architecture and its parameters, the preprocessing, what the
 * inputs and outputs mean, how it was trained. {@link ModelFiles} writes it as {@code model.json} plus
 * {@code weights.bin} and reads it back; see the package documentation for the format.
 *
 * <pre>{@code
 * SavedModel m = ModelFiles.load(Path.of("run"));
 * Tensor yHat = m.predict(rawFeatures);                       // standardizes, then stack.predict
 * }</pre>
 *
 * @param stack the layers
 * @param inputFeatures the number of input features, positive
 * @param dtype the parameters' element type (training and evaluation both run in it)
 * @param params the parameters, exactly the names, order and shapes that {@code stack} gives for
 *     {@code inputFeatures} ({@link #expectedTensors}), all of type {@code dtype}
 * @param standardizer the feature standardization fitted on the training rows, over {@code inputFeatures}
 *     features, if training used one
 * @param featureNames the input columns' names, {@code inputFeatures} of them, in order
 * @param targetName the target column's name
 * @param task regression, binary or multiclass classification
 * @param classes the class labels by index for classification (non-empty), empty for regression
 * @param loss the data loss's spec string ({@code mse}, {@code huber(delta=0.5)}, ...); must parse
 * @param penalty the L1/L2 penalty training added to the loss, if any
 * @param training provenance: plain JSON values (strings, numbers, booleans, null, lists, maps) such as the
 *     optimizer spec, schedule, seed, epochs, batch size, data source, engine, library version, creation time;
 *     kept in order. Read back, integers come as {@code Integer} or {@code Long}, other numbers as
 *     {@code Double}, non-finite doubles as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}
 */
public record SavedModel(Stack stack, int inputFeatures, DType dtype, Params params, Optional<Standardizer> standardizer,
                         List<String> featureNames, String targetName, Task task, List<String> classes, String loss,
                         Optional<Penalty> penalty, Map<String, Object> training) {

    /**
     * Validates and copies the lists and the map.
     *
     * @throws IllegalArgumentException naming the first inconsistency
     */
    public SavedModel {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(standardizer, "standardizer");
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(penalty, "penalty");
        featureNames = List.copyOf(featureNames);
        classes = List.copyOf(classes);
        training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
        if (inputFeatures <= 0) {
            throw new IllegalArgumentException("input features must be positive, got " + inputFeatures);
        }
        if (featureNames.size() != inputFeatures) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + inputFeatures
                    + " input features");
        }
        if (standardizer.isPresent() && standardizer.get().features() != inputFeatures) {
            throw new IllegalArgumentException("standardizer has " + standardizer.get().features() + " features, the model "
                    + inputFeatures);
        }
        if (task.isClassification() == classes.isEmpty()) {
            throw new IllegalArgumentException(task.isClassification()
                    ? "a " + task.label() + " model needs its class labels" : "a regression model has no classes");
        }
        Loss.parse(loss);
        checkParams(stack, inputFeatures, dtype, params);
    }

    /** The tensors {@code stack} has for {@code inputFeatures} inputs: names and shapes, in parameter order. */
    public static Map<String, Shape> expectedTensors(Stack stack, int inputFeatures) {
        Map<String, Shape> out = new LinkedHashMap<>();
        int in = inputFeatures;
        for (Layer layer : stack.layers()) {
            switch (layer) {
                case Dense d -> {
                    out.put(d.kernelName(), new Shape(in, d.units()));
                    out.put(d.biasName(), new Shape(d.units()));
                }
                case Dropout ignored -> {
                    // no parameters
                }
            }
            in = layer.outputFeatures(in);
        }
        return out;
    }

    private static void checkParams(Stack stack, int inputFeatures, DType dtype, Params params) {
        Map<String, Shape> expected = expectedTensors(stack, inputFeatures);
        if (!new ArrayList<>(expected.keySet()).equals(params.names())) {
            throw new IllegalArgumentException("parameters " + params.names() + " do not match the architecture's "
                    + expected.keySet());
        }
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            Tensor t = e.getValue();
            if (!t.shape().equals(expected.get(e.getKey()))) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " has shape " + t.shape()
                        + ", the architecture needs " + expected.get(e.getKey()));
            }
            if (t.dtype() != dtype) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " is " + t.dtype() + ", the model "
                        + dtype);
            }
        }
    }

    /** The number of outputs per row. */
    public int outputFeatures() {
        return stack.outputFeatures(inputFeatures);
    }

    /** The loss, parsed from {@link #loss()}. */
    public Loss parsedLoss() {
        return Loss.parse(loss);
    }

    /** This model with other parameters (same names, shapes and type). */
    public SavedModel withParams(Params newParams) {
        return new SavedModel(stack, inputFeatures, dtype, newParams, standardizer, featureNames, targetName, task,
                classes, loss, penalty, training);
    }

    /** This model with another provenance map. */
    public SavedModel withTraining(Map<String, Object> newTraining) {
        return new SavedModel(stack, inputFeatures, dtype, params, standardizer, featureNames, targetName, task,
                classes, loss, penalty, newTraining);
    }

    /**
     * The network's outputs for raw (unstandardized) features: applies the standardizer if there is one, then
     * {@link Stack#predict} in {@link #dtype()}.
     *
     * @param x shape {@code [batch, inputFeatures]}, any type (converted to {@link #dtype()})
     * @return shape {@code [batch, outputFeatures()]}: regression values, or logits for classification
     */
    public Tensor predict(Tensor x) {
        if (x.rank() != 2 || x.shape().dim(1) != inputFeatures) {
            throw new IllegalArgumentException("the model takes " + inputFeatures + " features, got shape " + x.shape());
        }
        Tensor input = x.dtype() == dtype ? x : x.to(dtype);
        if (standardizer.isPresent()) {
            input = standardizer.get().apply(input);
        }
        return stack.predict(input, params);
    }
}
