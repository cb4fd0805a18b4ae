package dev.descent.plot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MarchingSquaresTest {

    @Test
    void circleContoursOfTheBowlLieOnTheirCircles() {
        Grid grid = Grid.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 81, 81);
        double h = 4.0 / 80;
        for (double r : new double[] {0.5, 1.0, 1.7}) {
            List<MarchingSquares.Segment> segments = MarchingSquares.contour(grid, r * r);
            assertThat(segments).hasSizeGreaterThan(20);
            double length = 0;
            for (MarchingSquares.Segment s : segments) {
                // linear interpolation of r^2 across a cell of side h is off by at most about h^2 / (4r)
                assertThat(Math.hypot(s.x1(), s.y1())).isCloseTo(r, within(h * h / r));
                assertThat(Math.hypot(s.x2(), s.y2())).isCloseTo(r, within(h * h / r));
                length += Math.hypot(s.x2() - s.x1(), s.y2() - s.y1());
            }
            // the segments make up the whole circle, once
            assertThat(length).isCloseTo(2 * Math.PI * r, within(0.01 * 2 * Math.PI * r));
        }
    }

    @Test
    void levelsOutsideTheRangeGiveNoSegments() {
        Grid grid = Grid.sample((x, y) -> x * x + y * y, -1, 1, -1, 1, 21, 21);
        assertThat(MarchingSquares.contour(grid, -1)).isEmpty();
        assertThat(MarchingSquares.contour(grid, 100)).isEmpty();
    }

    @Test
    void straightLineContourOfAPlaneIsExact() {
        Grid grid = Grid.sample((x, y) -> x + 2 * y, -1, 1, -1, 1, 11, 11);
        for (MarchingSquares.Segment s : MarchingSquares.contour(grid, 0.3)) {
            assertThat(s.x1() + 2 * s.y1()).isCloseTo(0.3, within(1e-12));
            assertThat(s.x2() + 2 * s.y2()).isCloseTo(0.3, within(1e-12));
        }
    }

    @Test
    void saddleCellsAreResolvedByTheCentre() {
        // one cell, corners a=1 (bottom left), b=0, c=1, d=0; centre 0.5 > 0.4 so the high corners connect
        Grid grid = new Grid(new double[] {0, 1}, new double[] {0, 1}, new double[][] {{1, 0}, {0, 1}});
        List<MarchingSquares.Segment> segments = MarchingSquares.contour(grid, 0.4);
        assertThat(segments).hasSize(2);
        // each segment cuts off one low corner: (1,0) or (0,1)
        for (MarchingSquares.Segment s : segments) {
            double mx = (s.x1() + s.x2()) / 2;
            double my = (s.y1() + s.y2()) / 2;
            assertThat(Math.min(Math.hypot(mx - 1, my), Math.hypot(mx, my - 1))).isLessThan(0.5);
        }
    }

    @Test
    void levelsSpanTheValuesGeometricallyForSteepFunctions() {
        Grid steep = Grid.sample((x, y) -> (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x), -2, 2, -1, 3, 101, 101);
        double[] levels = MarchingSquares.levels(steep, 20);
        assertThat(levels).hasSize(20).isSorted();
        assertThat(levels[1] - levels[0]).isLessThan((levels[19] - levels[18]) / 100);
        Grid bowl = Grid.sample((x, y) -> x * x + y * y, -1, 1, -1, 1, 101, 101);
        double[] even = MarchingSquares.levels(bowl, 10);
        assertThat(even[1] - even[0]).isCloseTo(even[9] - even[8], within(1e-9));
    }
}
