package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

import java.util.List;

/**
 * A {@link RowSource} whose features come out standardized: each gathered batch is standardized in place, so
 * streamed data never needs a standardized copy of the whole file. The values equal those of
 * {@link Standardizer#apply(Dataset)} on the same rows, bit for bit. Its rows are unweighted: a weighted (in-memory)
 * data set is standardized by {@link Standardizer#apply(Dataset)}, which keeps its weights.
 */
public record StandardizedRows(RowSource source, Standardizer standardizer) implements RowSource {

    public StandardizedRows {
        if (source.weights().isPresent()) {
            throw new IllegalArgumentException("weighted rows are standardized with Standardizer.apply(Dataset), "
                    + "which keeps their weights");
        }
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public int features() {
        return source.features();
    }

    @Override
    public DType dtype() {
        return source.dtype();
    }

    @Override
    public Task task() {
        return source.task();
    }

    @Override
    public List<String> featureNames() {
        return source.featureNames();
    }

    @Override
    public String targetName() {
        return source.targetName();
    }

    @Override
    public List<String> classes() {
        return source.classes();
    }

    @Override
    public int[] targetDims(int rows) {
        return source.targetDims(rows);
    }

    @Override
    public void gather(int[] order, int from, int to, Tensor xOut, Tensor yOut) {
        source.gather(order, from, to, xOut, yOut);
        standardizer.applyInPlace(xOut);
    }

    @Override
    public Tensor x() {
        return standardizer.apply(source.x());
    }

    @Override
    public Tensor y() {
        return source.y();
    }
}
