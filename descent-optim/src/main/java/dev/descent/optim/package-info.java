/**
 * Optimizers, their state, gradient clipping, averaged weights ({@link dev.descent.optim.WeightAverage}:
 * {@link dev.descent.optim.Ema}, {@link dev.descent.optim.Swa}, their float64
 * {@link dev.descent.optim.AverageState} and the {@link dev.descent.optim.Averages} catalog) and the spec-string
 * catalogs: math on named tensors ({@link dev.descent.tensor.Params}), with {@code torch.optim} names, defaults and
 * update equations.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 * <li><b>Updates happen in place.</b> {@link dev.descent.optim.Optimizer#step} changes the param tensors and
 *     the state buffers; it allocates nothing per element.</li>
 * <li><b>State is owned by the caller.</b> An {@link dev.descent.optim.Optimizer} is an immutable
 *     configuration; {@link dev.descent.optim.Optimizer#init} returns an
 *     {@link dev.descent.optim.OptimizerState} (step count, named scalars, named slot buffers) that the caller
 *     keeps, saves and restores bit for bit.</li>
 * <li><b>{@code t} counts updates from 1 inside the equations</b>: the first update uses t = 1 (bias
 *     corrections, SGD's buffer start); {@code OptimizerState.step()} is the number already applied.</li>
 * <li><b>Schedules are indexed from 0</b> ({@link dev.descent.optim.schedule}): the first update uses the
 *     schedule's value at 0 and passes it as {@code lr}.</li>
 * <li><b>float32 params</b> keep float32 state; each element is computed in float64 from the stored values and
 *     rounded once when stored. Averaged weights are the exception: their state is float64 whatever the params'
 *     dtype (see {@link dev.descent.optim.AverageState} for why).</li>
 * </ul>
 *
 * <h2>Usage</h2>
 * <pre>{@code
 * Optimizer opt = Optimizers.parse("adam(lr=0.01)");
 * OptimizerState state = opt.init(params);
 * Clipping clipping = new Clipping(0, 0, 1.0);     // by value, by each tensor's norm, by global norm (0: off)
 * for (int t = 0; t < steps; t++) {
 *     Params grads = gradient(params);            // same names and shapes as params
 *     clipping.apply(grads);
 *     opt.step(params, grads, state, schedule.lr(t, opt.learningRate()));
 * }
 * }</pre>
 *
 * <h2>Contracts</h2>
 * Each optimizer's fast path follows PyTorch 2.x's single-tensor op order (with its {@code lerp} for first
 * moments) and is tested against a plain scalar reference that reads like the published equations, and
 * against hand-computed values. Every optimizer appears in {@link dev.descent.optim.Optimizers}, whose
 * {@code explain} texts say how other libraries' namesakes differ.
 */
package dev.descent.optim;
