package dev.descent.train.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MlpKernelsTest {

    /**
     * Each column's sum is the float32 chain {@code ((0 + d[0, j]) + d[1, j]) + ...} in ascending rows, whichever of
     * the kernel's loops (four vectors, one vector, one column) takes the column: widths on either side of 8, 16 and
     * 32 lanes reach every loop on AVX2 and AVX-512. A -0 and values of very different sizes make a reordered sum
     * show.
     */
    @ParameterizedTest
    @CsvSource({"5, 1", "5, 7", "5, 8", "3, 10", "7, 31", "7, 32", "7, 33", "4, 64", "9, 70", "128, 256"})
    void columnSumsAddTheRowsInAscendingOrder(int rows, int n) {
        Rng rng = Rng.seeded(n);
        float[] d = new float[rows * n];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(9) - 4));
        }
        d[0] = -0f;
        float[] g = new float[n];
        MlpKernels.columnSums(d, rows, n, g);
        for (int j = 0; j < n; j++) {
            float expected = 0f;
            for (int r = 0; r < rows; r++) {
                expected += d[r * n + j];
            }
            assertThat(Float.floatToRawIntBits(g[j])).as("column %d", j).isEqualTo(Float.floatToRawIntBits(expected));
        }
    }
}
