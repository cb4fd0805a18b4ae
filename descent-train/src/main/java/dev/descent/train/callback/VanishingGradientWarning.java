package dev.descent.train.callback;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warns once when the first layer's weights receive gradients far smaller than the last layer's: the
 * vanishing-gradient problem, where early layers of a deep sigmoid or tanh network barely learn.
 *
 * <p>At the end of each epoch it compares the mean gradient norm of the first and last {@code /kernel}
 * parameters; when the first is below {@code ratio} times the last, it prints one line naming both.
 */
public final class VanishingGradientWarning implements Callback {

    /** Default threshold: the first layer's gradient is 1000 times smaller than the last's. */
    public static final double DEFAULT_RATIO = 1e-3;

    private final PrintStream err;
    private final double ratio;
    private boolean warned;

    public VanishingGradientWarning(PrintStream err, double ratio) {
        this.err = err;
        this.ratio = ratio;
    }

    @Override
    public void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
        List<Map.Entry<String, Double>> kernels = event.gradientNorms().entrySet().stream()
                .filter(e -> e.getKey().endsWith("/kernel")).toList();
        if (warned || kernels.size() < 2) {
            return;
        }
        Map.Entry<String, Double> first = kernels.getFirst();
        Map.Entry<String, Double> last = kernels.getLast();
        if (last.getValue() > 0 && first.getValue() < ratio * last.getValue()) {
            warned = true;
            err.printf(Locale.ROOT, "warning: vanishing gradients at epoch %d: %s gets gradient norm %.3g, %s gets %.3g "
                            + "(%.1e times smaller); early layers learn slowly: try relu, He initialization or fewer layers%n",
                    event.epoch(), first.getKey(), first.getValue(), last.getKey(), last.getValue(),
                    last.getValue() / Math.max(first.getValue(), Double.MIN_VALUE));
        }
    }
}
