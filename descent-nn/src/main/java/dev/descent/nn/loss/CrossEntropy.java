package dev.descent.nn.loss;

import dev.descent.autograd.Node;
import dev.descent.tensor.Tensor;

/**
 * Softmax cross-entropy from logits: for row {@code i} with logits {@code z_i} and target distribution
 * {@code t_i} (one-hot for a class label),
 * <pre>
 *   ℓ_i = −Σ_c t_ic · log softmax(z_i)_c = logSumExp(z_i) − Σ_c t_ic · z_ic
 * </pre>
 * and {@code L = (1/batch) Σ_i ℓ_i}. Gradient: {@code ∂L/∂z_i = (softmax(z_i) − t_i)/batch}. The
 * log-sum-exp is computed as {@code max + log Σ e^(z − max)}, so the loss is finite for any finite logits
 * (at logits {@code ±10⁴} it is exactly 0 or {@code 2·10⁴}). The model's last layer must be linear.
 * This is PyTorch's {@code CrossEntropyLoss} and Keras' {@code CategoricalCrossentropy(from_logits=True)}
 * (or the sparse variant for class indices).
 *
 * <p>Weighted ({@link Loss#apply(Node, Tensor, Tensor)}), {@code L = Σ_i w_i·ℓ_i / Σ_i w_i} and
 * {@code ∂L/∂z_i = w_i·(softmax(z_i) − t_i) / Σ_j w_j}. With {@code w_i = c_{y_i}}, the weight of row {@code i}'s
 * class, this is PyTorch's {@code CrossEntropyLoss(weight=c)}.
 *
 * <h2>Targets</h2>
 * With outputs {@code [batch, classes]}, the target is either
 * <ul>
 *   <li>class indices {@code [batch]} (or {@code [batch, 1]} when {@code classes > 1}): integers stored as
 *       floating-point numbers, each in {@code [0, classes)}, converted to one-hot rows here; or</li>
 *   <li>a {@code [batch, classes]} tensor of one-hot rows (or any probability rows).</li>
 * </ul>
 */
public record CrossEntropy() implements Loss {

    @Override
    public Node apply(Node output, Tensor target) {
        return requireMatrix(output).softmaxCrossEntropy(targetDistribution(output, target));
    }

    /** {@code ℓ_i} of each row, from the same stable form. */
    @Override
    public Node perRow(Node output, Tensor target) {
        return requireMatrix(output).softmaxCrossEntropyRows(targetDistribution(output, target));
    }

    private static Node requireMatrix(Node output) {
        if (output.shape().rank() != 2) {
            throw new IllegalArgumentException("ce: output must be [batch, classes], got " + output.shape());
        }
        return output;
    }

    /**
     * The target as {@code [batch, classes]} rows in the output's dtype: one-hot rows from class indices,
     * other {@code [batch, classes]} targets unchanged.
     *
     * @throws IllegalArgumentException for a shape that fits neither form, or an index that is not an integer
     *     in {@code [0, classes)}
     */
    public static Tensor targetDistribution(Node output, Tensor target) {
        int batch = output.shape().dim(0);
        int classes = output.shape().dim(1);
        if (target.shape().equals(output.shape()) && classes != 1) {
            return target.dtype() == output.value().dtype() ? target : target.to(output.value().dtype());
        }
        boolean indices = target.shape().rank() == 1 && target.shape().dim(0) == batch
                || target.shape().rank() == 2 && target.shape().dim(0) == batch && target.shape().dim(1) == 1;
        if (!indices) {
            throw new IllegalArgumentException("ce: target shape " + target.shape() + " fits neither class indices ["
                    + batch + "] nor one-hot rows " + output.shape());
        }
        Tensor oneHot = Tensor.zeros(output.shape(), output.value().dtype());
        for (int i = 0; i < batch; i++) {
            double label = target.at(i);
            if (!(label >= 0 && label < classes && label == Math.rint(label))) {
                throw new IllegalArgumentException("ce: target " + i + " must be a class index in [0, " + classes
                        + "), got " + label);
            }
            oneHot.set(i * classes + (int) label, 1.0);
        }
        return oneHot;
    }

    @Override
    public String name() {
        return "ce";
    }

    @Override
    public String spec() {
        return name();
    }
}
