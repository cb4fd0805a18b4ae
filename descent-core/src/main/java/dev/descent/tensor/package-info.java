/**
 * Dense row-major tensors in float32 and float64, and the kernels behind them.
 *
 * <p>{@link dev.descent.tensor.Tensor} operations return new tensors; the only mutators are named
 * ({@code set}, {@code fill}, {@code copyFrom}) or are the live arrays of {@code floatData()} /
 * {@code doubleData()}, which optimizers use to update parameters without allocating.
 * Element-wise binary operations broadcast as NumPy does (see {@link dev.descent.tensor.Tensor}).
 *
 * <pre>{@code
 * Tensor x = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
 * Tensor w = Tensor.vector(0.5, -1.0).reshape(2, 1);
 * Tensor y = x.matmul(w).plus(Tensor.scalar(0.1));   // [2, 1]
 * double loss = y.square().mean().item();
 * }</pre>
 *
 * <p><b>Kernels.</b> Matrix multiply, element-wise operations and sums run in package-private kernels: a
 * Vector API implementation ({@code jdk.incubator.vector}, started with {@code --add-modules
 * jdk.incubator.vector}) and a plain-Java one used when that module is absent or
 * {@code -Ddescent.scalar=true} is set. Work is split over {@link dev.descent.tensor.Parallel}'s fixed pool so
 * that no element's arithmetic depends on the split (chunks of sums depend only on the problem size; a product's
 * elements are each one chain in ascending depth), so results are bit-identical for any thread count; its workers are
 * persistent and spin briefly between tasks, so splitting even a few microseconds of work pays.
 * {@link dev.descent.tensor.RawKernels} offers the same kernels on raw arrays, with element-wise epilogues fused into
 * a product, for the allocation-free training paths.
 * {@link dev.descent.tensor.Params} names tensors in a fixed order; {@link dev.descent.tensor.Rng} is the
 * seedable random source whose state is one long.
 */
package dev.descent.tensor;
