/**
 * The workloads of {@code descent bench} ({@link dev.descent.train.bench.Workloads}): W1-W3b trained by the fused
 * loops or by the Trainer on the same batches, and the matrix-multiply shapes, with the line format the comparison
 * scripts in {@code benchmarks/} print too.
 */
package dev.descent.train.bench;
