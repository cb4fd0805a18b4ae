package dev.descent.nn;

import dev.descent.autograd.Node;
import dev.descent.autograd.Tape;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A pure stack of layers, applied in order: {@code x [batch, in] -> ... -> [batch, out]}. It holds no
 * parameters and knows nothing of training; {@code dev.descent.model.Sequential} wraps one and adds
 * compile/fit.
 *
 * <h2>Names</h2>
 * Layers without a name get Keras-style ones by type, counting from 1 in order: {@code dense_1},
 * {@code dense_2}, {@code dropout_1}, skipping names already taken. Names must be unique.
 *
 * <h2>Randomness</h2>
 * {@link #init} gives each layer {@code rng.fork(layerName)}, so adding or removing a layer never changes
 * another layer's initial values. {@link #forward} does the same with the per-pass generator, so two
 * dropout layers draw independent masks; pass a fresh generator for every training step (for example
 * {@code rng.fork("dropout").fork(step)}), since the same generator state gives the same masks.
 *
 * <pre>{@code
 * Stack net = Stack.of(Dense.of(32, Activation.RELU), Dropout.of(0.2), Dense.of(1));
 * Params params = net.init(4, DType.FLOAT32, Rng.seeded(0).fork("init"));
 * Tape tape = new Tape();
 * Node out = net.forward(tape.constant(x), tape.watch(params), Mode.TRAIN, Rng.seeded(0).fork("dropout"));
 * Tensor yHat = net.predict(x, params);                        // EVAL, no gradient
 * }</pre>
 *
 * @param layers the layers in order, all named
 */
public record Stack(List<Layer> layers) {

    /** Copies the list and names unnamed layers; at least one layer, no duplicate names. */
    public Stack {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a Stack needs at least one layer");
        }
        layers = List.copyOf(named(layers));
    }

    /** A stack of {@code layers}, in order. */
    public static Stack of(Layer... layers) {
        return new Stack(List.of(layers));
    }

    private static List<Layer> named(List<Layer> layers) {
        Set<String> taken = new HashSet<>();
        for (Layer layer : layers) {
            Objects.requireNonNull(layer, "layer");
            if (!layer.name().isEmpty() && !taken.add(layer.name())) {
                throw new IllegalArgumentException("duplicate layer name '" + layer.name() + "'");
            }
        }
        Map<String, Integer> counters = new HashMap<>();
        List<Layer> out = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer.name().isEmpty()) {
                String name;
                do {
                    int n = counters.merge(layer.typeName(), 1, Integer::sum);
                    name = layer.typeName() + "_" + n;
                } while (!taken.add(name));
                layer = layer.withName(name);
            }
            out.add(layer);
        }
        return out;
    }

    // ---------------------------------------------------------------- presets

    /** Linear regression: one linear {@link Dense} of {@code outputs} units. */
    public static Stack linear(int outputs) {
        return of(Dense.of(outputs));
    }

    /**
     * Logistic regression: one linear {@link Dense} of one unit emitting the <em>logit</em>; pair it with
     * the {@code bce} loss, which applies the sigmoid itself (the probability is {@code σ(output)}).
     */
    public static Stack logistic() {
        return logistic(1);
    }

    /** {@code outputs} independent logistic regressions (multi-label); logits as {@link #logistic()}. */
    public static Stack logistic(int outputs) {
        return of(Dense.of(outputs));
    }

    /**
     * Softmax (multinomial logistic) regression: one linear {@link Dense} of {@code classes} units emitting
     * logits; pair it with the {@code ce} loss, which applies the softmax itself.
     */
    public static Stack softmax(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("softmax needs at least 2 classes, got " + classes);
        }
        return of(Dense.of(classes));
    }

    /** {@link #mlp(int[], Activation, double, int)} without dropout. */
    public static Stack mlp(int[] hidden, Activation activation, int outputs) {
        return mlp(hidden, activation, 0.0, outputs);
    }

    /**
     * A multilayer perceptron: one {@link Dense} of each width in {@code hidden} with {@code activation}
     * (each followed by a {@link Dropout} of {@code dropout} when it is positive), then a linear
     * {@link Dense} of {@code outputs} units (logits or regression outputs).
     */
    public static Stack mlp(int[] hidden, Activation activation, double dropout, int outputs) {
        if (hidden.length == 0) {
            throw new IllegalArgumentException("an mlp needs at least one hidden layer");
        }
        List<Layer> layers = new ArrayList<>();
        for (int width : hidden) {
            layers.add(Dense.of(width, activation));
            if (dropout > 0) {
                layers.add(Dropout.of(dropout));
            }
        }
        layers.add(Dense.of(outputs));
        return new Stack(layers);
    }

    // ---------------------------------------------------------------- use

    /**
     * Fresh parameters for all layers, in layer order; layer {@code L} initializes from
     * {@code rng.fork(L.name())} ({@code rng} itself is not advanced).
     */
    public Params init(int inputFeatures, DType dtype, Rng rng) {
        Params.Builder b = Params.builder();
        int features = inputFeatures;
        for (Layer layer : layers) {
            layer.init(features, dtype, rng.fork(layer.name())).asMap().forEach(b::put);
            features = layer.outputFeatures(features);
        }
        return b.build();
    }

    /** The number of output features for {@code inputFeatures} input features. */
    public int outputFeatures(int inputFeatures) {
        int features = inputFeatures;
        for (Layer layer : layers) {
            features = layer.outputFeatures(features);
        }
        return features;
    }

    /** The number of scalar parameters for {@code inputFeatures} input features. */
    public long parameterCount(int inputFeatures) {
        long n = 0;
        int features = inputFeatures;
        for (Layer layer : layers) {
            n += layer.parameterCount(features);
            features = layer.outputFeatures(features);
        }
        return n;
    }

    /**
     * The forward pass through every layer; layer {@code L} gets {@code rng.fork(L.name())}.
     *
     * @param x shape {@code [batch, in]}
     * @param params nodes by parameter name, as from {@code Tape.watch(params)}
     * @param rng the per-pass random source (dropout masks); may be {@code null} in {@link Mode#EVAL}
     * @return shape {@code [batch, outputFeatures(in)]}
     */
    public Node forward(Node x, Map<String, Node> params, Mode mode, Rng rng) {
        Objects.requireNonNull(mode, "mode");
        Node h = x;
        for (Layer layer : layers) {
            h = layer.forward(h, params, mode, rng == null ? null : rng.fork(layer.name()));
        }
        return h;
    }

    /**
     * The outputs for {@code x} in {@link Mode#EVAL}, without recording gradients.
     *
     * @param x shape {@code [batch, in]}; converted to the parameters' type if it differs
     * @return shape {@code [batch, out]}, in the parameters' type
     */
    public Tensor predict(Tensor x, Params params) {
        Tape tape = new Tape();
        Map<String, Node> nodes = new LinkedHashMap<>();
        DType dtype = x.dtype();
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            nodes.put(e.getKey(), tape.constant(e.getValue()));
            dtype = e.getValue().dtype();
        }
        Tensor input = x.dtype() == dtype ? x : x.to(dtype);
        return forward(tape.constant(input), nodes, Mode.EVAL, null).value();
    }

    /**
     * A table in the manner of Keras' {@code model.summary()}: one row per layer with its name, type,
     * output shape and parameter count, then the total.
     */
    public String summary(int inputFeatures) {
        List<String[]> rows = new ArrayList<>();
        int in = inputFeatures;
        for (Layer layer : layers) {
            int out = layer.outputFeatures(in);
            String type = switch (layer) {
                case Dense d -> "Dense, " + d.activation().specName();
                case Dropout d -> "Dropout, " + d.rate();
            };
            rows.add(new String[] {layer.name() + " (" + type + ")", "(None, " + out + ")",
                    String.valueOf(layer.parameterCount(in))});
            in = out;
        }
        int w0 = "Layer (type)".length();
        int w1 = "Output Shape".length();
        int w2 = "Param #".length();
        for (String[] r : rows) {
            w0 = Math.max(w0, r[0].length());
            w1 = Math.max(w1, r[1].length());
            w2 = Math.max(w2, r[2].length());
        }
        String format = "%-" + w0 + "s  %-" + w1 + "s  %" + w2 + "s\n";
        String rule = "=".repeat(w0 + w1 + w2 + 4) + "\n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(format, "Layer (type)", "Output Shape", "Param #")).append(rule);
        for (String[] r : rows) {
            sb.append(String.format(format, (Object[]) r));
        }
        sb.append(rule).append("Total params: ").append(parameterCount(inputFeatures)).append("\n");
        return sb.toString();
    }
}
