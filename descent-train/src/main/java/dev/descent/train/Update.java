package dev.descent.train;

/**
 * What one update reports to the Trainer's epoch totals and callbacks.
 *
 * @param loss the mean data loss of the rows the update used (before the update), weighted when they are
 * @param gradientNorms the L2 norm of each parameter's gradient (before clipping), in the parameters' order
 * @param correct rows classified correctly (classifiers; 0 otherwise)
 * @param weight the total weight of the rows the update used (their count when they are unweighted): what its
 *               loss counts for in a weighted run's epoch loss
 */
public record Update(double loss, double[] gradientNorms, long correct, double weight) {
}
