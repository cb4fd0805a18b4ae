package dev.descent.train;

/**
 * What a learning-rate schedule's step count {@code t} counts during training: completed epochs (how
 * {@code torch.optim.lr_scheduler} schedules such as StepLR are usually stepped) or updates (how OneCycleLR
 * and warm-up are usually stepped, and what Keras' schedules count).
 */
public enum ScheduleUnit {
    EPOCH, STEP;

    /** Parses {@code epoch} or {@code step}. */
    public static ScheduleUnit parse(String text) {
        return switch (text) {
            case "epoch" -> EPOCH;
            case "step" -> STEP;
            default -> throw new IllegalArgumentException("schedule unit must be epoch or step, got '" + text + "'");
        };
    }
}
