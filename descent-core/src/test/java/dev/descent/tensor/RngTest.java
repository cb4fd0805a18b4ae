package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {

    /** The rejection rule written with 64-bit remainders, as {@link Rng#nextInt} was first written. */
    private static int nextIntBy64BitRemainders(Rng r, int bound) {
        long limit = (1L << 32) - ((1L << 32) % bound);
        while (true) {
            long x = r.nextLong() >>> 32;
            if (x < limit) {
                return (int) (x % bound);
            }
        }
    }

    @Test
    void nextIntDrawsExactlyWhatTheSixtyFourBitRuleDraws() {
        int[] bounds = {1, 2, 3, 7, 10, 1000, 65_537, 1 << 20, 1_000_003, (1 << 30) + 1, Integer.MAX_VALUE};
        Rng a = Rng.seeded(7);
        Rng b = Rng.seeded(7);
        for (int i = 0; i < 200_000; i++) {
            int bound = bounds[i % bounds.length];
            assertThat(a.nextInt(bound)).as("draw %d, bound %d", i, bound).isEqualTo(nextIntBy64BitRemainders(b, bound));
        }
        assertThat(a.state()).isEqualTo(b.state());
    }

    @Test
    void aPermutationHoldsEveryIndexOnceAndDependsOnlyOnTheSeed() {
        int[] p = Rng.seeded(3).fork(1).permutation(10_000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(Rng.seeded(3).fork(1).permutation(10_000)).containsExactly(p);
        assertThat(Rng.seeded(3).fork(2).permutation(10_000)).isNotEqualTo(p);
    }

    @Test
    void aBoundMustBePositive() {
        assertThatThrownBy(() -> Rng.seeded(1).nextInt(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bound must be > 0, got 0");
    }
}
