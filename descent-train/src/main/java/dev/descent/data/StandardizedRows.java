package dev.descent.data;

import dev.descent.tensor.Tensor;

import java.util.Optional;

/**
 * A {@link RowSource} whose features come out standardized: each gathered batch is standardized in place, so
 * streamed data never needs a standardized copy of the whole file. The values equal those of
 * {@link Standardizer#apply(Dataset)} on the same rows, bit for bit. The rows keep the source's weights, untouched.
 */
public record StandardizedRows(RowSource source, Standardizer standardizer) implements DerivedRows {

    @Override
    public void gather(int[] order, int from, int to, Tensor xOut, Tensor yOut) {
        source.gather(order, from, to, xOut, yOut);
        standardizer.applyInPlace(xOut);
    }

    @Override
    public void gather(int[] order, int from, int to, Tensor xOut, Tensor yOut, Tensor wOut) {
        source.gather(order, from, to, xOut, yOut, wOut);
        standardizer.applyInPlace(xOut);
    }

    @Override
    public boolean weighted() {
        return source.weighted();
    }

    @Override
    public Optional<Tensor> weights() {
        return source.weights();
    }

    @Override
    public double totalWeight() {
        return source.totalWeight();
    }

    @Override
    public Tensor x() {
        return standardizer.apply(source.x());
    }
}
