package dev.descent.spark;

import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named tensors as plain arrays, for Spark to ship between the driver and the executors (parameters,
 * gradient sums, optimizer buffers). Values are kept as doubles, which hold float32 values exactly, so a
 * round trip through this record gives the same bits back; sums and averages over partitions are taken in
 * double and rounded once to the tensors' type.
 *
 * @param dtype the tensors' element type
 * @param names names in order
 * @param dims each tensor's dimensions
 * @param values each tensor's elements, row-major
 */
record TensorValues(DType dtype, List<String> names, List<int[]> dims, List<double[]> values) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static TensorValues of(Params params) {
        List<String> names = new ArrayList<>();
        List<int[]> dims = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        DType dtype = DType.FLOAT64;
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            names.add(e.getKey());
            dims.add(e.getValue().shape().dims());
            values.add(e.getValue().toDoubleArray());
            dtype = e.getValue().dtype();
        }
        return new TensorValues(dtype, names, dims, values);
    }

    /**
     * The element-wise sum of {@code terms} (at least one, all named and shaped alike), added in list order starting
     * from a copy of the first, so the sum of one term is that term, bit for bit.
     */
    static TensorValues sum(List<TensorValues> terms) {
        double[] ones = new double[terms.size()];
        Arrays.fill(ones, 1);
        return weightedSum(terms, ones);
    }

    /**
     * The element-wise {@code Σ_p shares[p]·terms[p]} (at least one term, all named and shaped alike), added in list
     * order starting from {@code shares[0]·terms[0]}. A share of 1 multiplies exactly, so one term of share 1 is that
     * term, bit for bit, and shares of 1 give the plain sum.
     */
    static TensorValues weightedSum(List<TensorValues> terms, double[] shares) {
        if (shares.length != terms.size()) {
            throw new IllegalArgumentException(shares.length + " shares for " + terms.size() + " terms");
        }
        TensorValues first = terms.getFirst();
        List<double[]> values = new ArrayList<>();
        first.values.forEach(v -> values.add(new double[v.length]));
        for (int p = 0; p < terms.size(); p++) {
            double share = shares[p];
            for (int t = 0; t < values.size(); t++) {
                double[] into = values.get(t);
                double[] from = terms.get(p).values.get(t);
                for (int i = 0; i < into.length; i++) {
                    into[i] = p == 0 ? share * from[i] : into[i] + share * from[i];
                }
            }
        }
        return new TensorValues(first.dtype, first.names, first.dims, values);
    }

    /** Multiplies these values by {@code factor} (in place). */
    void multiplyBy(double factor) {
        for (double[] v : values) {
            for (int i = 0; i < v.length; i++) {
                v[i] *= factor;
            }
        }
    }

    /** Divides these values by {@code divisor} (in place). */
    void divideBy(double divisor) {
        for (double[] v : values) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= divisor;
            }
        }
    }

    /** New tensors of {@link #dtype} holding these values. */
    Params toParams() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int t = 0; t < names.size(); t++) {
            Tensor wide = Tensor.wrap(values.get(t).clone(), new Shape(dims.get(t)));
            out.put(names.get(t), dtype == DType.FLOAT64 ? wide : wide.to(dtype));
        }
        return Params.of(out);
    }
}
