package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.tensor.DType;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatcherTest {

    /** n rows, 3 features: row i is (i, 10i, 100i), target i + 0.5. */
    private static Dataset rows(int n, DType dtype) {
        double[] x = new double[n * 3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[3 * i] = i;
            x[3 * i + 1] = 10.0 * i;
            x[3 * i + 2] = 100.0 * i;
            y[i] = i + 0.5;
        }
        return new Dataset(Tensor.of(x, n, 3), Tensor.of(y), List.of("a", "b", "c"), "y", Task.REGRESSION, List.of(),
                "test").to(dtype);
    }

    private static List<Batch> collect(Iterable<Batch> batches) {
        List<Batch> out = new ArrayList<>();
        for (Batch b : batches) {
            out.add(b.copy());
        }
        return out;
    }

    private static void assertRowsMatch(Batch b) {
        for (int k = 0; k < b.size(); k++) {
            int r = b.rows()[k];
            assertThat(b.x().get(k, 0)).isEqualTo(r);
            assertThat(b.x().get(k, 1)).isEqualTo(10.0 * r);
            assertThat(b.x().get(k, 2)).isEqualTo(100.0 * r);
            assertThat(b.y().at(k)).isEqualTo(r + 0.5);
        }
    }

    /** A file's full batch is read into one buffer, reused: before, every step read the whole file into a new tensor. */
    @Test
    void aFilesFullBatchReusesOneBuffer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Dataset data = rows(37, DType.FLOAT32);
        java.nio.file.Path file = dir.resolve("rows.dsc");
        DscFile.write(file, data);
        Batcher batcher = new Batcher(DscFile.open(file), BatchSize.of(50), false, false, Rng.seeded(1));
        Batch first = batcher.batch(0, 0);
        Tensor buffer = first.x();
        assertThat(first.size()).isEqualTo(37);
        assertRowsMatch(first);
        Batch second = batcher.batch(1, 0);
        assertThat(second.x()).isSameAs(buffer);
        assertRowsMatch(second);
        assertThat(second.x().bitEquals(data.x())).isTrue();
    }

    @Test
    void anUngatheredEpochHasTheSameRowsAndTheDataSetsOwnTensors() {
        Dataset data = rows(23, DType.FLOAT32);
        Batcher batcher = new Batcher(data, BatchSize.of(5), true, false, Rng.seeded(4));
        List<Batch> gathered = collect(batcher.epoch(2, 1, true));
        int k = 0;
        for (Batch b : batcher.epoch(2, 1, false)) {
            assertThat(b.x()).isSameAs(data.x());
            assertThat(b.y()).isSameAs(data.y());
            assertThat(b.rows()).containsExactly(gathered.get(k).rows());
            assertThat(b.index()).isEqualTo(gathered.get(k).index());
            k++;
        }
        assertThat(k).isEqualTo(4); // batches 1-4 of five: rows 5-22, the last one of 3
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void everyRowExactlyOncePerEpoch(long seed) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(200);
        BatchSize size = random.nextInt(5) == 0 ? BatchSize.full() : BatchSize.of(1 + random.nextInt(n + 5));
        boolean shuffle = random.nextBoolean();
        DType dtype = random.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Batcher batcher = new Batcher(rows(n, dtype), size, shuffle, false, Rng.seeded(seed));
        int b = size.rowsPerBatch(n);
        assertThat(batcher.batchesPerEpoch()).isEqualTo((n + b - 1) / b);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] count = new int[n];
            int index = 0;
            for (Batch batch : batcher.epoch(epoch)) {
                assertThat(batch.index()).isEqualTo(index++);
                assertThat(batch.size()).isEqualTo(index < batcher.batchesPerEpoch() ? b : n - b * (index - 1));
                assertRowsMatch(batch);
                for (int r : batch.rows()) {
                    count[r]++;
                }
            }
            assertThat(index).isEqualTo(batcher.batchesPerEpoch());
            assertThat(count).containsOnly(1);
        }
    }

    @Test
    void fullBatchIsOneBatchOfTheDataItself() {
        Dataset d = rows(37, DType.FLOAT32);
        Batcher batcher = new Batcher(d, BatchSize.full(), true, false, Rng.seeded(1));
        List<Batch> batches = new ArrayList<>();
        batcher.epoch(0).forEach(batches::add);
        assertThat(batches).hasSize(1);
        assertThat(batches.getFirst().x()).isSameAs(d.x());
        assertThat(batches.getFirst().y()).isSameAs(d.y());
        assertThat(batches.getFirst().rows()).containsExactly(IntStream.range(0, 37).toArray());
    }

    @Test
    void sizeOneIsStochastic() {
        Batcher batcher = new Batcher(rows(23, DType.FLOAT64), BatchSize.of(1), true, false, Rng.seeded(2));
        List<Batch> batches = collect(batcher.epoch(0));
        assertThat(batches).hasSize(23).allSatisfy(b -> assertThat(b.size()).isEqualTo(1));
        assertThat(batcher.batchesPerEpoch()).isEqualTo(23);
    }

    @Test
    void dropLastDropsTheSmallBatch() {
        Batcher keep = new Batcher(rows(10, DType.FLOAT64), BatchSize.of(4), true, false, Rng.seeded(3));
        Batcher drop = new Batcher(rows(10, DType.FLOAT64), BatchSize.of(4), true, true, Rng.seeded(3));
        assertThat(keep.batchesPerEpoch()).isEqualTo(3);
        assertThat(drop.batchesPerEpoch()).isEqualTo(2);
        assertThat(drop.rowsPerEpoch()).isEqualTo(8);
        List<Batch> k = collect(keep.epoch(5));
        List<Batch> d = collect(drop.epoch(5));
        assertThat(k.get(2).size()).isEqualTo(2);
        assertThat(d).hasSize(2).allSatisfy(b -> assertThat(b.size()).isEqualTo(4));
        for (int i = 0; i < 2; i++) {
            assertThat(d.get(i).rows()).containsExactly(k.get(i).rows());
        }
        Batcher exact = new Batcher(rows(12, DType.FLOAT64), BatchSize.of(4), true, true, Rng.seeded(3));
        assertThat(exact.batchesPerEpoch()).isEqualTo(3);
    }

    @Test
    void sameSeedSameOrderDifferentEpochsDifferentOrders() {
        Dataset d = rows(50, DType.FLOAT32);
        Batcher a = new Batcher(d, BatchSize.of(8), true, false, Rng.seeded(42).fork("shuffle"));
        Batcher b = new Batcher(d, BatchSize.of(8), true, false, Rng.seeded(42).fork("shuffle"));
        Batcher other = new Batcher(d, BatchSize.of(8), true, false, Rng.seeded(43).fork("shuffle"));
        assertThat(a.order(0)).containsExactly(b.order(0));
        assertThat(a.order(3)).containsExactly(b.order(3));
        assertThat(a.order(0)).isNotEqualTo(a.order(1));
        assertThat(a.order(0)).isNotEqualTo(other.order(0));
        // epoch e's order does not depend on which epochs were visited before
        int[] direct = b.order(7);
        a.order(1);
        a.order(2);
        assertThat(a.order(7)).containsExactly(direct);
        assertThat(Batcher.of(d, BatchSize.of(8), 42).order(3)).containsExactly(a.order(3));
    }

    @Test
    void anEpochsOrderIsTheForkedPermutationAndFillsAGivenArray() {
        Dataset d = rows(50, DType.FLOAT32);
        Batcher a = new Batcher(d, BatchSize.of(8), true, false, Rng.seeded(42).fork("shuffle"));
        int[] expected = Rng.seeded(42).fork("shuffle").fork(3).permutation(50);
        assertThat(a.order(3)).containsExactly(expected);
        // the array's earlier contents (another epoch's order) do not matter, and it is the array returned
        int[] into = a.order(5);
        assertThat(a.order(3, into)).isSameAs(into).containsExactly(expected);
        assertThat(collect(a.epoch(3)).get(1).rows()).containsExactly(Arrays.copyOfRange(expected, 8, 16));
        assertThatThrownBy(() -> a.order(3, new int[49])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an order of 50 rows needs an array of 50, got 49");
        assertThatThrownBy(() -> a.order(-1, into)).hasMessage("epoch must be >= 0, got -1");
    }

    @Test
    void noShuffleKeepsFileOrder() {
        Batcher batcher = new Batcher(rows(10, DType.FLOAT64), BatchSize.of(3), false, false, Rng.seeded(0));
        assertThat(batcher.order(4)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        List<Batch> batches = collect(batcher.epoch(4));
        assertThat(batches.get(3).rows()).containsExactly(9);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void startingMidEpochGivesTheSameRemainingBatches(long seed) {
        Random random = new Random(seed);
        int n = 5 + random.nextInt(100);
        BatchSize size = BatchSize.of(1 + random.nextInt(n));
        boolean dropLast = random.nextBoolean();
        Dataset d = rows(n, DType.FLOAT32);
        Batcher whole = new Batcher(d, size, true, dropLast, Rng.seeded(seed));
        int epoch = random.nextInt(10);
        List<Batch> all = collect(whole.epoch(epoch));
        int start = random.nextInt(all.size() + 1);
        // a fresh batcher, as after a restart, that never saw earlier epochs
        Batcher resumed = new Batcher(d, size, true, dropLast, Rng.seeded(seed));
        List<Batch> rest = collect(resumed.epoch(epoch, start));
        assertThat(rest).hasSize(all.size() - start);
        for (int i = 0; i < rest.size(); i++) {
            Batch expected = all.get(start + i);
            Batch actual = rest.get(i);
            assertThat(actual.index()).isEqualTo(expected.index());
            assertThat(actual.rows()).containsExactly(expected.rows());
            assertThat(actual.x().bitEquals(expected.x())).isTrue();
            assertThat(actual.y().bitEquals(expected.y())).isTrue();
        }
    }

    @Test
    void buffersAreReusedAcrossBatches() {
        Batcher batcher = new Batcher(rows(10, DType.FLOAT32), BatchSize.of(4), true, false, Rng.seeded(5));
        Batch first = batcher.batch(0, 0);
        Batch second = batcher.batch(0, 1);
        assertThat(second.x()).isSameAs(first.x());
        assertThat(batcher.batch(0, 2).size()).isEqualTo(2);
    }

    @Test
    void classificationTargetsTravelWithRows() {
        double[] x = {0, 1, 2, 3, 4, 5};
        double[] y = {0, 1, 2, 0, 1, 2};
        Dataset d = new Dataset(Tensor.of(x, 6, 1), Tensor.of(y), List.of("id"), "t", Task.MULTICLASS,
                List.of("a", "b", "c"), "test");
        for (Batch b : new Batcher(d, BatchSize.of(4), true, false, Rng.seeded(9)).epoch(0)) {
            for (int k = 0; k < b.size(); k++) {
                assertThat(b.y().at(k)).isEqualTo(b.rows()[k] % 3);
            }
        }
    }

    @Test
    void batchSizeParsing() {
        assertThat(BatchSize.parse("full")).isEqualTo(BatchSize.full());
        assertThat(BatchSize.parse("32")).isEqualTo(BatchSize.of(32));
        assertThat(BatchSize.parse("32").toString()).isEqualTo("32");
        assertThat(BatchSize.full().toString()).isEqualTo("full");
        for (String bad : List.of("0", "-3", "abc", "", "1.5")) {
            assertThatThrownBy(() -> BatchSize.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("batch size must be 'full' or a positive integer, got '" + bad + "'");
        }
        assertThat(BatchSize.of(32).batchesPerEpoch(100, false)).isEqualTo(4);
        assertThat(BatchSize.of(32).batchesPerEpoch(100, true)).isEqualTo(3);
        assertThat(BatchSize.full().batchesPerEpoch(100, true)).isEqualTo(1);
        assertThat(BatchSize.of(500).batchesPerEpoch(100, true)).isEqualTo(1);
        assertThat(BatchSize.of(1).batchesPerEpoch(0, false)).isZero();
    }

    @Test
    void outOfRangeStart() {
        Batcher batcher = new Batcher(rows(10, DType.FLOAT32), BatchSize.of(4), true, false, Rng.seeded(5));
        assertThat(batcher.epoch(0, 3)).isEmpty();
        assertThatThrownBy(() -> batcher.epoch(0, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(Arrays.stream(batcher.order(0)).sorted().toArray()).containsExactly(IntStream.range(0, 10).toArray());
    }
}
