package dev.descent.optim;

import dev.descent.tensor.Params;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Minimizes a differentiable function of a few float64 variables with any {@link Optimizer}: the seeds'
 * "minimize any differentiable function", and what {@code descent minimize} and {@code descent compare}
 * run.
 *
 * <p>The trajectory has one row per step, row 0 being the start: row {@code k} holds the point after
 * {@code k} updates, its loss and gradient norm, and the learning rate the {@code k}-th update used (row 0:
 * the rate of the first update). The run stops after {@code steps} updates; earlier when {@code tolerance > 0}
 * and the gradient norm falls to it or below ({@link Outcome#CONVERGED}); or as soon as the loss, the
 * gradient or a variable is not finite ({@link Outcome#DIVERGED}, the last row holding the bad values).
 */
public final class Minimizer {

    private static final String PARAM = "x";

    /** The function to minimize: returns f(x) and writes ∇f(x) into {@code gradient}. */
    @FunctionalInterface
    public interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    /**
     * The learning rate for update {@code t} (0-based), given the loss at the point that update starts from. The
     * minimizer asks once per update, in order of t, so a rate that learns from the losses (a plateau schedule)
     * sees each one once.
     */
    @FunctionalInterface
    public interface LearningRate {
        double at(long t, double loss);

        /** A constant rate. */
        static LearningRate constant(double lr) {
            return (t, loss) -> lr;
        }
    }

    /** One row of the trajectory. */
    public record Step(long step, double loss, double[] x, double gradNorm, double lr) {
        public Step {
            x = x.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }
    }

    /** How a run ended. */
    public enum Outcome {
        /** All requested steps ran. */
        COMPLETED,
        /** The gradient norm reached the tolerance. */
        CONVERGED,
        /** A loss, gradient or variable became infinite or NaN. */
        DIVERGED
    }

    /** The trajectory (row 0 is the start) and how the run ended. */
    public record Result(List<Step> trajectory, Outcome outcome) {
        public Result {
            trajectory = List.copyOf(trajectory);
        }

        public Step start() {
            return trajectory.getFirst();
        }

        public Step end() {
            return trajectory.getLast();
        }

        /** Number of updates made. */
        public long steps() {
            return end().step();
        }
    }

    private Minimizer() {
    }

    /**
     * Runs {@code optimizer} from {@code start} on {@code objective}.
     *
     * @param steps the most updates to make (&gt;= 0)
     * @param tolerance stop once the gradient norm is at most this; 0 runs every step
     */
    public static Result minimize(Objective objective, double[] start, Optimizer optimizer, LearningRate learningRate,
                                  long steps, double tolerance) {
        Objects.requireNonNull(objective);
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        int n = start.length;
        Tensor x = Tensor.of(start.clone(), n);
        Tensor gradient = Tensor.zeros(Shape.of(n), x.dtype());
        Params params = Params.of(PARAM, x);
        Params grads = Params.of(PARAM, gradient);
        OptimizerState state = optimizer.init(params);

        List<Step> trajectory = new ArrayList<>();
        double loss = objective.valueAndGradient(x.doubleData(), gradient.doubleData());
        double lr = learningRate.at(0, loss);
        trajectory.add(new Step(0, loss, x.doubleData(), gradient.norm(), lr));
        if (!finite(loss, x, gradient)) {
            return new Result(trajectory, Outcome.DIVERGED);
        }
        for (long t = 0; t < steps; t++) {
            if (tolerance > 0 && gradient.norm() <= tolerance) {
                return new Result(trajectory, Outcome.CONVERGED);
            }
            if (t > 0) {   // update 0's rate was asked for row 0
                lr = learningRate.at(t, loss);
            }
            optimizer.step(params, grads, state, lr);
            loss = objective.valueAndGradient(x.doubleData(), gradient.doubleData());
            trajectory.add(new Step(t + 1, loss, x.doubleData(), gradient.norm(), lr));
            if (!finite(loss, x, gradient)) {
                return new Result(trajectory, Outcome.DIVERGED);
            }
        }
        boolean converged = tolerance > 0 && gradient.norm() <= tolerance;
        return new Result(trajectory, converged ? Outcome.CONVERGED : Outcome.COMPLETED);
    }

    private static boolean finite(double loss, Tensor x, Tensor gradient) {
        return Double.isFinite(loss) && x.firstNonFinite().isEmpty() && gradient.firstNonFinite().isEmpty();
    }
}
