package dev.descent.plot;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class LrSweepTest {

    private static final List<LrSweep.Point> POINTS = List.of(new LrSweep.Point(0.001, 0.99), new LrSweep.Point(0.01, 0.8),
            new LrSweep.Point(0.1, 0.3), new LrSweep.Point(1, 0.2), new LrSweep.Point(10, 0.205), new LrSweep.Point(100, 1.5),
            new LrSweep.Point(1000, Double.NaN));

    @Test
    void verdictsAndTheSuggestionFollowTheDocumentedRules() {
        double initial = 1.0;
        double best = LrSweep.best(POINTS);
        assertThat(best).isEqualTo(0.2);
        assertThat(POINTS.stream().map(p -> LrSweep.verdict(p.loss(), initial, best)).toList()).containsExactly(
                LrSweep.Verdict.TOO_LOW, LrSweep.Verdict.LEARNS, LrSweep.Verdict.LEARNS, LrSweep.Verdict.LEARNS,
                LrSweep.Verdict.LEARNS, LrSweep.Verdict.DIVERGED, LrSweep.Verdict.DIVERGED);
        // 10 made 0.795 of progress, >= 95% of the best 0.8: the largest such rate
        assertThat(LrSweep.suggest(POINTS, initial)).hasValue(10);
        assertThat(LrSweep.suggest(List.of(new LrSweep.Point(1, 2), new LrSweep.Point(2, Double.NaN)), 1)).isEmpty();
    }

    @Test
    void rangeTestSuggestsATenthOfTheRateAtTheSmoothedMinimum() {
        int n = 200;
        double[] lrs = new double[n];
        double[] losses = new double[n];
        for (int k = 0; k < n; k++) {
            lrs[k] = 1e-5 * Math.pow(1e6, k / (n - 1.0));
            double x = Math.log10(lrs[k]);
            losses[k] = 2 - 1.5 / (1 + Math.exp(-3 * (x + 2))) + Math.max(0, x) * 3;
        }
        OptionalDouble s = LrSweep.suggestFromRangeTest(lrs, losses);
        assertThat(s).isPresent();
        assertThat(s.getAsDouble()).isBetween(0.01, 0.2);
        BufferedImage image = LrSweep.rangeTest(lrs, losses, s, "range test", "loss");
        assertThat(image.getWidth()).isEqualTo(Style.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Style.HEIGHT);
        assertThat(Images.distinctColours(image)).isGreaterThan(50);
        BufferedImage sweep = LrSweep.sweep(POINTS, 1.0, LrSweep.suggest(POINTS, 1.0), "sweep", "loss");
        assertThat(sweep.getHeight()).isEqualTo(Style.HEIGHT);
        assertThat(Images.inked(sweep)).isGreaterThan(0.01);
    }
}
