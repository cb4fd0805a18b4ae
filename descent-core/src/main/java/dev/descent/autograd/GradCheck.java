package dev.descent.autograd;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks a function's autograd gradient against central finite differences, in float64.
 *
 * <p>For each input element {@code x_i} the numerical derivative is
 * {@code (f(x + h·e_i) − f(x − h·e_i)) / 2h} with {@code h = step·max(1, |x_i|)}, and the two are compared by
 * {@code |analytic − numeric| / max(|analytic| + |numeric|, floor)}. With the default step 1e-6 the
 * truncation and rounding errors of central differences are around 1e-9 relative for smooth functions, so
 * a tolerance of 1e-6 separates a wrong rule from noise. Keep inputs away from kinks (relu, abs, max) by
 * more than the step.
 *
 * <pre>{@code
 * GradCheck.Result r = GradCheck.check(in -> in.get(0).tanh().sum(), Tensor.vector(0.3, -1.2));
 * assert r.maxRelativeError() < 1e-6;
 * }</pre>
 */
public final class GradCheck {

    /** Default relative finite-difference step. */
    public static final double DEFAULT_STEP = 1e-6;

    /** Errors below this absolute scale count as zero (both derivatives essentially 0). */
    public static final double DEFAULT_FLOOR = 1e-9;

    private GradCheck() {
    }

    /**
     * The worst disagreement found.
     *
     * @param maxRelativeError the largest relative error over all elements of all inputs
     * @param input which input it was in
     * @param element the flat element index within that input
     * @param analytic the autograd derivative there
     * @param numeric the finite-difference derivative there
     */
    public record Result(double maxRelativeError, int input, int element, double analytic, double numeric) {
        /** True when the worst relative error is at most {@code tolerance}. */
        public boolean passed(double tolerance) {
            return maxRelativeError <= tolerance;
        }

        @Override
        public String toString() {
            return String.format("max relative error %.3e at input %d element %d (analytic %.17g, numeric %.17g)",
                    maxRelativeError, input, element, analytic, numeric);
        }
    }

    /** {@link #check(Function, double, Tensor...)} with the default step. */
    public static Result check(Function<List<Node>, Node> f, Tensor... inputs) {
        return check(f, DEFAULT_STEP, inputs);
    }

    /**
     * Compares autograd and central differences for the scalar function {@code f} of {@code inputs}
     * (converted to float64 copies; the originals are not touched).
     */
    public static Result check(Function<List<Node>, Node> f, double step, Tensor... inputs) {
        Tensor[] x = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = inputs[i].to(DType.FLOAT64);
        }
        Tape tape = new Tape();
        List<Node> nodes = new ArrayList<>();
        for (Tensor t : x) {
            nodes.add(tape.variable(t));
        }
        Tensor[] grads = tape.gradients(f.apply(nodes));

        Result worst = new Result(0, -1, -1, 0, 0);
        for (int i = 0; i < x.length; i++) {
            Tensor analytic = grads[nodes.get(i).index()];
            for (int e = 0; e < x[i].size(); e++) {
                double original = x[i].at(e);
                double h = step * Math.max(1.0, Math.abs(original));
                x[i].set(e, original + h);
                double up = evaluate(f, x);
                x[i].set(e, original - h);
                double down = evaluate(f, x);
                x[i].set(e, original);
                double numeric = (up - down) / (2 * h);
                double a = analytic == null ? 0.0 : analytic.at(e);
                double error = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), DEFAULT_FLOOR);
                if (error > worst.maxRelativeError() || Double.isNaN(error)) {
                    worst = new Result(Double.isNaN(error) ? Double.POSITIVE_INFINITY : error, i, e, a, numeric);
                }
            }
        }
        return worst;
    }

    private static double evaluate(Function<List<Node>, Node> f, Tensor[] x) {
        Tape tape = new Tape();
        List<Node> nodes = new ArrayList<>();
        for (Tensor t : x) {
            nodes.add(tape.constant(t));
        }
        return f.apply(nodes).value().item();
    }
}
