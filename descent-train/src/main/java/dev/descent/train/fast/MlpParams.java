package dev.descent.train.fast;

import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * An MLP's parameters as the arrays {@link MlpBackprop} reads, by layer (kernel {@code [in, out]} row-major, then
 * bias), found by name, and the float32 gradient tensors it fills, kept from step to step under the same names.
 */
public final class MlpParams {

    private final String[] kernels;
    private final String[] biases;
    /** The layer widths: {@code width[0]} inputs, then each layer's units. */
    final int[] width;
    /** The current parameters' arrays, after {@link #bind}. */
    final float[][] w;
    final float[][] b;
    /** The gradients' arrays, the live storage of {@link #grads()}. */
    final float[][] gw;
    final float[][] gb;
    private final Params grads;

    /**
     * @param kernels each layer's kernel name, in order; {@code biases} each layer's bias name
     * @param width   the inputs, then each layer's units
     */
    public MlpParams(List<String> kernels, List<String> biases, int[] width) {
        int layers = kernels.size();
        if (biases.size() != layers || width.length != layers + 1) {
            throw new IllegalArgumentException(layers + " kernels, " + biases.size() + " biases and " + width.length
                    + " widths do not describe one MLP");
        }
        this.kernels = kernels.toArray(String[]::new);
        this.biases = biases.toArray(String[]::new);
        this.width = width.clone();
        w = new float[layers][];
        b = new float[layers][];
        gw = new float[layers][];
        gb = new float[layers][];
        Params.Builder g = Params.builder();
        for (int l = 0; l < layers; l++) {
            Tensor kernel = Tensor.zeros(DType.FLOAT32, width[l], width[l + 1]);
            Tensor bias = Tensor.zeros(DType.FLOAT32, width[l + 1]);
            gw[l] = kernel.floatData();
            gb[l] = bias.floatData();
            g.put(this.kernels[l], kernel).put(this.biases[l], bias);
        }
        grads = g.build();
    }

    /** Points the parameter arrays at {@code params}' tensors of these names (float32, of these shapes). */
    public void bind(Params params) {
        for (int l = 0; l < w.length; l++) {
            w[l] = params.get(kernels[l]).floatData();
            b[l] = params.get(biases[l]).floatData();
        }
    }

    /** The gradients, by the parameters' names; their arrays are overwritten by every gradient computed into them. */
    public Params grads() {
        return grads;
    }

    /** Layers. */
    public int layers() {
        return w.length;
    }

    /** Layer {@code l}'s kernel, as bound (the parameter's live array). */
    public float[] kernel(int l) {
        return w[l];
    }

    /** Layer {@code l}'s kernel gradient (live, overwritten by every gradient). */
    public float[] kernelGradient(int l) {
        return gw[l];
    }

    /** The last layer's units. */
    public int outputs() {
        return width[width.length - 1];
    }
}
