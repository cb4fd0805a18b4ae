package dev.descent.optim;

import dev.descent.tensor.Params;
import java.util.Map;

/**
 * The exponential moving average of the weights, taken after every optimizer step, as PyTorch's
 * {@code AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay))} with {@code update_parameters} called after
 * each {@code optimizer.step()}. With {@code w_t} the weights after update {@code t} (from 1) and {@code d} the decay:
 * <pre>
 *   a_1 = w_1                                     (the first update copies the weights)
 *   a_t = a_{t-1} + (1 − d)·(w_t − a_{t-1})       (t &gt; 1; = d·a_{t-1} + (1 − d)·w_t)
 * </pre>
 * so {@code a_t} weighs {@code w_t} by {@code 1 − d}, {@code w_{t-k}} by {@code (1 − d)·d^k}, and the first weights by
 * {@code d^(t-1)}. The second line is PyTorch's {@code torch.lerp(a, w, 1 − d)} as ATen's scalar kernel computes it
 * (for {@code 1 − d ≥ 0.5} the form {@code w − (w − a)·d}), so {@code decay=0} gives the last weights exactly.
 *
 * <p>Default decay {@value #DEFAULT_DECAY} (PyTorch's; Keras' {@code ema_momentum} defaults to 0.99); the decay must be
 * in [0, 1): 1 would keep the first update's weights forever. Keras 3's {@code use_ema} computes the same average
 * ({@code momentum·a + (1 − momentum)·w}, the momentum 0 on the first step); optax's {@code ema(decay, debias=True)}
 * starts from zero and divides by {@code 1 − d^t}, which weighs the first weights by {@code (1 − d)·d^(t-1)/(1 − d^t)}
 * instead of {@code d^(t-1)}.
 *
 * @param decay how much of the average each update keeps, in [0, 1)
 */
public record Ema(double decay) implements WeightAverage {

    public static final String NAME = "ema";
    public static final double DEFAULT_DECAY = 0.999;

    public Ema {
        Updates.halfOpenUnit(NAME, "decay", decay);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("decay", decay);
    }

    /** Takes the weights of every update in. */
    @Override
    public void afterUpdate(Params params, AverageState state) {
        state.take(params, this);
    }

    /** {@code torch.lerp(a, w, 1 − d)}: {@code a + (1 − d)·(w − a)}. */
    @Override
    public double next(double average, double weight, long count) {
        return Updates.lerp(average, weight, 1 - decay);
    }

    @Override
    public String toString() {
        return spec();
    }
}
