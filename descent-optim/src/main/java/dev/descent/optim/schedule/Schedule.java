package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A learning-rate schedule: a function from the scheduler step count {@code t} (0 at the start) and the base
 * learning rate to the learning rate for that step, with {@code torch.optim.lr_scheduler} semantics.
 *
 * <p>The training loop decides whether {@code t} counts batches or epochs. {@link Plateau} is the one
 * stateful schedule: it also observes a metric once per epoch, and its state is explicit.
 */
public interface Schedule {

    /** The spec name, e.g. {@code cosine}. */
    String name();

    /**
     * The learning rate at scheduler step {@code t >= 0}.
     *
     * @param baseLr the optimizer's base learning rate (ignored by {@link OneCycle} and {@link Cyclic}, which set
     *        their own range)
     */
    double lr(long t, double baseLr);

    /** The hyper-parameters by spec key, in catalog order. */
    Map<String, Object> config();

    /** A spec string that {@link Schedules#parse} turns back into an equal schedule. */
    default String spec() {
        return Spec.format(name(), config());
    }

    /** How many steps this schedule lasts when followed by another ({@code then}); empty if it never ends. */
    default OptionalLong length() {
        return OptionalLong.empty();
    }

    /** This schedule for {@link #length()} steps, then {@code next} from its own t = 0. */
    default Schedule then(Schedule next) {
        return new Chain(this, next);
    }
}
