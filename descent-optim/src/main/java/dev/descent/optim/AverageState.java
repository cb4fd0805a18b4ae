package dev.descent.optim;

import dev.descent.tensor.DType;
import dev.descent.tensor.Parallel;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import java.util.Map;

/**
 * The state of a {@link WeightAverage}, owned by the caller: the average of the weights taken in so far, one float64
 * tensor per parameter, and their number.
 *
 * <p>The average is float64 whatever the parameters' dtype, unlike an optimizer's float32 state: its increments are
 * small against its value ({@code (1 − d)·(w − a)}, 0.001 of the gap at the default decay; {@code (w − a)/n} for SWA,
 * smaller every epoch), and float32's 24 bits would round most of them away (PyTorch and Keras keep it in the model's
 * dtype). It is rounded to the parameters' dtype once, when it becomes the model ({@link #roundedLike}). For float64
 * parameters the average is PyTorch's bit for bit.
 *
 * <p>Everything is enumerable ({@link #count()}, {@link #average()}) and can be rebuilt with {@link #of}, so a
 * checkpoint can write the state and restore it bit for bit. Taking weights in allocates nothing once bound.
 */
public final class AverageState {

    private final Params average;
    private long count;
    /** The tensors of the last params taken in, by index: a cache, not part of the state (not copied or saved). */
    private Params bound;
    private Tensor[] weights;
    private Tensor[] averages;
    private final TakeTask task = new TakeTask();

    private AverageState(Params average, long count) {
        this.average = average;
        this.count = count;
    }

    /**
     * A state from its parts (used to restore a saved state): {@code average} is used as it is, not copied.
     *
     * @throws IllegalArgumentException if {@code count} is negative or a tensor of {@code average} is not float64
     */
    public static AverageState of(long count, Params average) {
        if (count < 0) {
            throw new IllegalArgumentException("the count of averaged weights must be >= 0, got " + count);
        }
        for (Map.Entry<String, Tensor> e : average.asMap().entrySet()) {
            if (e.getValue().dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("the average of '" + e.getKey() + "' must be float64, got "
                        + e.getValue().dtype());
            }
        }
        return new AverageState(average, count);
    }

    /** Nothing averaged yet: float64 zeros shaped like {@code params}. */
    static AverageState start(Params params) {
        return new AverageState(params.map(t -> Tensor.zeros(t.shape(), DType.FLOAT64)), 0);
    }

    /** How many weights the average holds (0: none yet). */
    public long count() {
        return count;
    }

    /** The live float64 average (zeros while {@link #count()} is 0). */
    public Params average() {
        return average;
    }

    /**
     * The average in the dtypes of {@code params}, each element rounded once: the model's weights. A new
     * {@code Params}.
     *
     * @throws IllegalStateException if nothing has been averaged yet
     */
    public Params roundedLike(Params params) {
        if (count == 0) {
            throw new IllegalStateException("nothing has been averaged yet");
        }
        Params.Builder rounded = Params.builder();
        for (String name : average.names()) {
            rounded.put(name, average.get(name).to(params.get(name).dtype()));
        }
        return rounded.build();
    }

    /** An independent deep copy. */
    public AverageState copy() {
        return new AverageState(average.copy(), count);
    }

    /** True when the counts and every bit of the averages are equal. */
    public boolean bitEquals(AverageState other) {
        return count == other.count && average.bitEquals(other.average);
    }

    /**
     * Takes {@code params} into the average: copies them when nothing is averaged yet, else moves every element by
     * {@code rule}'s {@link WeightAverage#next}; then counts them. Element-wise, so the bits do not depend on how the
     * elements are split over the worker pool.
     */
    void take(Params params, WeightAverage rule) {
        bind(params);
        task.rule = rule;
        task.count = count;
        try {
            for (int p = 0; p < weights.length; p++) {
                task.w = weights[p];
                task.a = averages[p];
                Parallel.forRange(task.w.size(), Updates.PARALLEL_GRAIN, task);
            }
        } finally {
            task.w = task.a = null;
            task.rule = null;
        }
        count++;
    }

    /** Checks {@code params} against the average (names, order, shapes) once per params object. */
    private void bind(Params params) {
        if (params == bound) {
            return;
        }
        if (!params.names().equals(average.names())) {
            throw new IllegalArgumentException("the average holds " + average.names() + " but the params are "
                    + params.names());
        }
        int n = params.count();
        Tensor[] w = new Tensor[n];
        Tensor[] a = new Tensor[n];
        for (int i = 0; i < n; i++) {
            String name = params.names().get(i);
            w[i] = params.get(name);
            a[i] = average.get(name);
            if (!w[i].shape().equals(a[i].shape())) {
                throw new IllegalArgumentException("the average of '" + name + "' has shape " + a[i].shape()
                        + " but the param has shape " + w[i].shape());
            }
        }
        weights = w;
        averages = a;
        bound = params;
    }

    /** The elements {@code [from, to)} of one tensor: copied on the first take, else moved by the rule. */
    private static final class TakeTask implements Parallel.RangeTask {
        private Tensor w;
        private Tensor a;
        private WeightAverage rule;
        private long count;

        @Override
        public void run(int from, int to) {
            if (count == 0) {
                for (int i = from; i < to; i++) {
                    a.set(i, w.at(i));
                }
            } else {
                for (int i = from; i < to; i++) {
                    a.set(i, rule.next(a.at(i), w.at(i), count));
                }
            }
        }
    }

    @Override
    public String toString() {
        return "AverageState{count=" + count + ", tensors=" + average.names() + "}";
    }
}
