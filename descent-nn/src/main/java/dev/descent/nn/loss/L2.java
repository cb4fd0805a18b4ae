package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;

import java.util.Map;

/**
 * L2 penalty (ridge, Tikhonov): {@code (λ/2) Σ_W ‖W‖²} over the kernels {@code W}, the sum of squares of all
 * their elements; biases are not penalized. Gradient: {@code λ·W}.
 *
 * <h2>Conventions</h2>
 * The ½ makes the gradient {@code λ·W}, the same as coupled {@code weight_decay=λ} in PyTorch's SGD (over
 * kernels only) and as the command line's {@code --l2 λ}. Keras' {@code L2(l2)} regularizer has no ½: its
 * {@code l2} is our {@code λ/2}.
 *
 * @param lambda λ, non-negative
 */
public record L2(double lambda) implements Penalty {

    /** Validates λ. */
    public L2 {
        PenaltySupport.checkLambda(lambda);
    }

    @Override
    public Node penalty(Map<String, Node> params) {
        return PenaltySupport.sumOverKernels(params, w -> w.square().sum()).times(lambda / 2);
    }

    @Override
    public double value(Params params) {
        double sum = 0.0;
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            if (Penalty.isKernel(e.getKey())) {
                Tensor w = e.getValue();
                for (int i = 0; i < w.size(); i++) {
                    sum += w.at(i) * w.at(i);
                }
            }
        }
        return lambda / 2 * sum;
    }
}
