package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;

import java.util.Map;

/**
 * L1 penalty (lasso): {@code λ Σ_W Σ |w|} over the elements of the kernels {@code W}; biases are not
 * penalized. Gradient: {@code λ·sign(w)} (0 at 0, a subgradient). As Keras' {@code L1(l1)} and the command
 * line's {@code --l1 λ}.
 *
 * @param lambda λ, non-negative
 */
public record L1(double lambda) implements Penalty {

    /** Validates λ. */
    public L1 {
        PenaltySupport.checkLambda(lambda);
    }

    @Override
    public Node penalty(Map<String, Node> params) {
        return PenaltySupport.sumOverKernels(params, w -> w.abs().sum()).times(lambda);
    }

    @Override
    public double value(Params params) {
        double sum = 0.0;
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            if (Penalty.isKernel(e.getKey())) {
                Tensor w = e.getValue();
                for (int i = 0; i < w.size(); i++) {
                    sum += Math.abs(w.at(i));
                }
            }
        }
        return lambda * sum;
    }
}
