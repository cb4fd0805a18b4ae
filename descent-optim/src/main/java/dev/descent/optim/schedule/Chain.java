package dev.descent.optim.schedule;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Two schedules in sequence, spec {@code first then second}: {@code first} for its {@link Schedule#length()}
 * L steps, then {@code second} restarted at its own t = 0.
 * <pre>
 *   lr(t) = first.lr(t)          for t &lt; L
 *   lr(t) = second.lr(t − L)     for t ≥ L
 * </pre>
 * Like {@code torch.optim.lr_scheduler.SequentialLR(milestones=[L])}, computed in closed form (torch's
 * SequentialLR steps the second scheduler from its initial value at the milestone).
 *
 * @param first the schedule that runs first; must have a length (warmup, cosine, onecycle, polynomial, or a chain of them)
 * @param second the schedule that follows
 */
public record Chain(Schedule first, Schedule second) implements Schedule {

    public Chain {
        Objects.requireNonNull(first);
        Objects.requireNonNull(second);
        if (first.length().isEmpty()) {
            throw new IllegalArgumentException(first.name() + " never ends, so nothing can follow it with 'then'; "
                    + "schedules with an end: cosine (t_max), onecycle (total_steps), polynomial (total_steps), warmup (steps)");
        }
        if (first instanceof Plateau || second instanceof Plateau) {
            throw new IllegalArgumentException("plateau cannot be combined with 'then'");
        }
    }

    /** The step at which {@code second} starts. */
    public long boundary() {
        return first.length().orElseThrow();
    }

    @Override
    public String name() {
        return first.name() + " then " + second.name();
    }

    @Override
    public double lr(long t, double baseLr) {
        long boundary = boundary();
        return t < boundary ? first.lr(t, baseLr) : second.lr(t - boundary, baseLr);
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    @Override
    public String spec() {
        return first.spec() + " then " + second.spec();
    }

    @Override
    public OptionalLong length() {
        OptionalLong rest = second.length();
        return rest.isPresent() ? OptionalLong.of(boundary() + rest.getAsLong()) : OptionalLong.empty();
    }

    @Override
    public String toString() {
        return spec();
    }
}
