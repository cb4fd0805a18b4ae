package dev.descent.plot;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CostSurfaceTest {

    private static final double[] X = {1, 2, 3, 4, 5};
    private static final double[] Y = {2.1, 3.9, 6.2, 7.8, 10.1};

    @Test
    void costIsTheMeanSquaredErrorAndTheOptimumSolvesTheNormalEquations() {
        CostSurface s = CostSurface.of(X, Y);
        double direct = 0;
        for (int i = 0; i < X.length; i++) {
            double r = 0.7 * X[i] - 0.3 - Y[i];
            direct += r * r / X.length;
        }
        assertThat(s.cost(0.7, -0.3)).isCloseTo(direct, within(1e-12));
        double[] o = s.optimum();
        // dJ/dw = dJ/db = 0 at the optimum
        double gw = 0;
        double gb = 0;
        for (int i = 0; i < X.length; i++) {
            double r = o[0] * X[i] + o[1] - Y[i];
            gw += 2 * r * X[i] / X.length;
            gb += 2 * r / X.length;
        }
        assertThat(gw).isCloseTo(0, within(1e-12));
        assertThat(gb).isCloseTo(0, within(1e-12));
        assertThat(s.cost(o[0] + 0.01, o[1])).isGreaterThan(s.minimum());
        assertThatThrownBy(() -> CostSurface.of(new double[] {1, 1}, new double[] {1, 2}))
                .hasMessageContaining("constant");
    }

    @Test
    void theBoxHoldsTheStartAndTheOptimumAndThePictureIsSlideSized() {
        CostSurface s = CostSurface.of(X, Y);
        double[] o = s.optimum();
        int steps = 40;
        double[] w = new double[steps + 1];
        double[] b = new double[steps + 1];
        for (int k = 1; k <= steps; k++) {
            w[k] = w[k - 1] + (o[0] - w[k - 1]) * 0.2;
            b[k] = b[k - 1] + (o[1] - b[k - 1]) * 0.2;
        }
        Trail t = s.trail("batch", w, b);
        Box box = s.box(List.of(t));
        assertThat(box.xMin()).isLessThan(Math.min(0, o[0]));
        assertThat(box.xMax()).isGreaterThan(Math.max(0, o[0]));
        assertThat(box.yMin()).isLessThan(Math.min(0, o[1]));
        assertThat(box.yMax()).isGreaterThan(Math.max(0, o[1]));
        assertThat(s.levels(box)).isSorted();
        assertThat(s.levels(box)[0]).isGreaterThan(s.minimum());
        BufferedImage image = s.render(List.of(t, s.trail("other", b, w)), "J(w, b)", "w", "b");
        assertThat(image.getWidth()).isEqualTo(Style.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Style.HEIGHT);
        assertThat(Images.distinctColours(image)).isGreaterThan(50);
        assertThat(Images.inked(image)).isGreaterThan(0.01);
    }
}
