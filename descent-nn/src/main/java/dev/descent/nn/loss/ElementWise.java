package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/**
 * A loss that is the mean of one loss per output element (not API): the batch loss is the mean over every
 * element, a row's loss the mean over its columns.
 */
interface ElementWise extends Loss {

    /** The loss of each element, shape {@code [batch, k]} like the outputs. */
    Node elements(Node output, Tensor target);

    @Override
    default Node apply(Node output, Tensor target) {
        return elements(output, target).mean();
    }

    @Override
    default Node perRow(Node output, Tensor target) {
        return elements(output, target).mean(1, false);
    }
}
