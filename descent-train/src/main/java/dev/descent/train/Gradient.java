package dev.descent.train;

import dev.descent.tensor.Params;

/**
 * What the forward and backward passes give for one batch: the batch's mean data loss (without any
 * penalty; the weighted mean when the rows are weighted), the gradient of the objective (mean data loss plus penalty) by parameter, and, for a
 * classifier, how many of the batch's rows the model's outputs classified correctly (0 for regression).
 *
 * @param loss the batch's mean data loss
 * @param grads the gradient of the objective, one tensor per parameter, in the parameters' order
 * @param correct rows classified correctly (classifiers; 0 otherwise)
 */
public record Gradient(double loss, Params grads, long correct) {
}
