package dev.descent.optim.schedule;

import dev.descent.optim.Spec;
import java.util.List;
import java.util.Map;

/**
 * Multi-step decay: multiply the learning rate by γ at each milestone, as
 * {@code torch.optim.lr_scheduler.MultiStepLR}.
 * <pre>
 *   lr(t) = base_lr · γ^k,   k = the number of milestones m with m ≤ t
 * </pre>
 * Defaults: milestones required (spec {@code milestones=30|80}); gamma {@value #DEFAULT_GAMMA}. Closed form, as
 * torch's {@code _get_closed_form_lr} (its {@code get_lr} multiplies by γ at each milestone, which can differ in
 * the last bit). torch's docs ask for increasing milestones but accept any order and count a repeated one twice;
 * this refuses both, so that a typo is not a silent extra decay.
 *
 * @param milestones the steps at which the rate drops, increasing, each ≥ 0
 * @param gamma the factor γ, ≥ 0
 */
public record MultiStep(List<Long> milestones, double gamma) implements Schedule {

    /** The spec name. */
    public static final String NAME = "multistep";
    public static final double DEFAULT_GAMMA = 0.1;

    public MultiStep {
        milestones = List.copyOf(milestones);
        if (milestones.isEmpty()) {
            throw new IllegalArgumentException(NAME + ": milestones needs at least one step");
        }
        for (int i = 0; i < milestones.size(); i++) {
            if (milestones.get(i) < 0) {
                throw new IllegalArgumentException(NAME + ": milestones must be >= 0, got " + Spec.formatValue(milestones));
            }
            if (i > 0 && milestones.get(i) <= milestones.get(i - 1)) {
                throw new IllegalArgumentException(NAME + ": milestones must be increasing, got " + Spec.formatValue(milestones));
            }
        }
        Checks.atLeastZero(NAME, "gamma", gamma);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double lr(long t, double baseLr) {
        Checks.checkStep(NAME, t);
        int passed = 0;
        while (passed < milestones.size() && milestones.get(passed) <= t) {
            passed++;
        }
        return baseLr * Math.pow(gamma, passed);
    }

    @Override
    public Map<String, Object> config() {
        return Spec.config("milestones", milestones, "gamma", gamma);
    }

    @Override
    public String toString() {
        return spec();
    }
}
