package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

import java.util.List;

/**
 * Rows derived from other rows as they are gathered (standardized, or weighted by class): the same rows, columns,
 * targets and classes as {@link #source()}, which these methods pass on.
 */
sealed interface DerivedRows extends RowSource permits StandardizedRows, ClassWeightedRows {

    /** The rows these derive from. */
    RowSource source();

    @Override
    default int size() {
        return source().size();
    }

    @Override
    default int features() {
        return source().features();
    }

    @Override
    default DType dtype() {
        return source().dtype();
    }

    @Override
    default Task task() {
        return source().task();
    }

    @Override
    default List<String> featureNames() {
        return source().featureNames();
    }

    @Override
    default String targetName() {
        return source().targetName();
    }

    @Override
    default List<String> classes() {
        return source().classes();
    }

    @Override
    default int[] targetDims(int rows) {
        return source().targetDims(rows);
    }

    @Override
    default int[] classCounts() {
        return source().classCounts();
    }

    @Override
    default Tensor y() {
        return source().y();
    }
}
