package dev.descent.optim;

import dev.descent.tensor.Params;
import java.util.Map;

/**
 * Stochastic weight averaging (Izmailov et al. 2018): the equal average of the weights at the end of each epoch from
 * epoch {@code startEpoch} on, as PyTorch's {@code AveragedModel(model)} (its default {@code get_swa_avg_fn}) with
 * {@code update_parameters} called once per epoch. With {@code w_e} the weights at the end of epoch {@code e}
 * (1-based) and {@code s} the start epoch, after epoch {@code s + n − 1}:
 * <pre>
 *   a_1 = w_s                                     (the first epoch averaged is copied)
 *   a_n = a_{n-1} + (w_{s+n-1} − a_{n-1}) / n     (n &gt; 1; PyTorch's CPU form)
 *       = (w_s + w_{s+1} + ... + w_{s+n-1}) / n
 * </pre>
 * Before epoch {@code s} there is no average, and the model is the live weights.
 *
 * <p>{@code start_epoch} has no default: the paper starts averaging after about 75% of the training budget, with a
 * constant or cyclic learning rate (PyTorch's {@code SWALR}; here any {@code --schedule}). PyTorch's tutorial loop
 * averages {@code if epoch > swa_start} over 0-based epochs, which is {@code start_epoch = swa_start + 2} here.
 * Batch-norm statistics ({@code update_bn}) do not apply: the models here have no batch norm.
 *
 * <p>Paper: P. Izmailov, D. Podoprikhin, T. Garipov, D. Vetrov, A. G. Wilson, "Averaging Weights Leads to Wider
 * Optima and Better Generalization", UAI 2018, https://arxiv.org/abs/1803.05407
 *
 * @param startEpoch the first epoch (1-based) whose end weights are averaged, &gt;= 1
 */
public record Swa(long startEpoch) implements WeightAverage {

    public static final String NAME = "swa";

    public Swa {
        if (startEpoch < 1) {
            throw new IllegalArgumentException(NAME + ": start_epoch must be >= 1, got " + startEpoch);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("start_epoch", startEpoch);
    }

    /** Takes the weights in at the end of every epoch from {@code startEpoch} on. */
    @Override
    public void afterEpoch(Params params, AverageState state, int epoch) {
        if (epoch >= startEpoch) {
            state.take(params, this);
        }
    }

    /** {@code a + (w − a)/(n + 1)}, {@code n} the weights already averaged. */
    @Override
    public double next(double average, double weight, long count) {
        return average + (weight - average) / (count + 1);
    }

    @Override
    public String toString() {
        return spec();
    }
}
