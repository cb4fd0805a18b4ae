package dev.descent.testkit;

import dev.descent.tensor.Tensor;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on tensors for the tests of every module: element-wise relative closeness (with the worst
 * element named in the failure) and bit identity.
 */
public final class TensorAssert {

    private TensorAssert() {
    }

    /**
     * Fails unless shapes match and every element satisfies
     * {@code |actual − expected| <= relTol·max(|expected|, floor)}.
     */
    public static void assertClose(Tensor actual, Tensor expected, double relTol, double floor) {
        if (!actual.shape().equals(expected.shape())) {
            throw new AssertionFailedError("shapes differ: " + actual.shape() + " vs expected " + expected.shape());
        }
        for (int i = 0; i < actual.size(); i++) {
            assertClose(actual.at(i), expected.at(i), relTol, floor, "element " + i);
        }
    }

    /** Scalar form of {@link #assertClose(Tensor, Tensor, double, double)}; {@code what} names the value. */
    public static void assertClose(double actual, double expected, double relTol, double floor, String what) {
        double bound = relTol * Math.max(Math.abs(expected), floor);
        if (!(Math.abs(actual - expected) <= bound) && !(actual == expected)) {
            throw new AssertionFailedError(String.format("%s: expected %.17g but was %.17g (relative error %.3e > %.1e)",
                    what, expected, actual, Math.abs(actual - expected) / Math.max(Math.abs(expected), floor), relTol),
                    expected, actual);
        }
    }

    /** Fails unless shape, dtype and every bit agree. */
    public static void assertBitEquals(Tensor actual, Tensor expected) {
        if (!actual.bitEquals(expected)) {
            throw new AssertionFailedError("tensors are not bit-identical", expected.toString(), actual.toString());
        }
    }
}
