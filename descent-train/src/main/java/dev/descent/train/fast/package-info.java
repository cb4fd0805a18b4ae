/**
 * Fused, allocation-free gradients for the models the benchmarks train, which the Trainer uses through
 * {@link dev.descent.train.FusedGradients}: {@link dev.descent.train.fast.MlpBackprop} (ReLU MLPs and softmax
 * regression on softmax cross-entropy, the GEMM with bias and activation fused into its blocks) and
 * {@link dev.descent.train.fast.LinearBackprop} (logistic and linear regression, the whole gradient in one pass over
 * the rows). {@link dev.descent.train.fast.FastMlp} and {@link dev.descent.train.fast.FastLinear} are the bare loops
 * around them (gather, gradient, optimizer step) that {@code descent bench} times, and the JMH benchmarks profile;
 * they end bit for bit where the Trainer ends on the same batches.
 *
 * <p>Rows may carry weights (sample or class weights): the kernels then compute the weighted mean
 * {@code Σ w_i·ℓ_i / Σ w_i} ({@code BatchWeights}) by scaling each row's residual by {@code w_i/Σ w} where they
 * would scale it by {@code 1/rows}, in a weighted variant of the residual step beside the unweighted one, which
 * runs unchanged. The bare loops take unweighted rows.
 *
 * <p>Every kernel is deterministic for any thread count: work is cut into chunks that depend only on the sizes, and
 * partial sums are added in chunk order.
 */
package dev.descent.train.fast;
