/**
 * Learning-rate schedules with {@code torch.optim.lr_scheduler} semantics, and their spec-string catalog.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 * <li>A {@link dev.descent.optim.schedule.Schedule} maps the scheduler step count {@code t} (<b>0 at the
 *     start</b>) and the base learning rate to the rate for that step. The training loop decides whether t counts
 *     batches or epochs.</li>
 * <li>Closed forms are used where torch computes recursively; they agree to the last bits.</li>
 * <li>{@code A then B} runs A for its length (warmup's steps, cosine's t_max, onecycle's and polynomial's
 *     total_steps), then B from its own t = 0.</li>
 * <li>{@link dev.descent.optim.schedule.Plateau} is stateful: it observes a metric once per epoch and its
 *     state is an explicit, saveable value.</li>
 * </ul>
 *
 * <h2>Usage</h2>
 * <pre>{@code
 * Schedule schedule = Schedules.parse("warmup(steps=100) then cosine(t_max=900)");
 * for (long t = 0; t < 1000; t++) {
 *     double lr = schedule.lr(t, 0.1);    // 0.001 at t = 0, 0.1 at t = 99 and t = 100, ~0 at t = 999
 *     optimizer.step(params, grads, state, lr);
 * }
 * }</pre>
 */
package dev.descent.optim.schedule;
