package dev.descent.spark;

import dev.descent.data.Batch;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.ClassWeights;
import dev.descent.data.Dataset;
import dev.descent.tensor.DType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows go to partitions by index alone, and a partition's part of a batch keeps the batch's order. */
class ShardTest {

    private final Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT64);

    @Test
    void splitsRowsIntoContiguousRangesCoveringEveryRowOnce() {
        Shard[] shards = Shard.split(iris, 4);
        assertThat(shards).extracting(Shard::firstRow).containsExactly(0, 37, 75, 112);
        assertThat(shards).extracting(Shard::rows).containsExactly(37, 38, 37, 38);
        int covered = 0;
        for (Shard s : shards) {
            covered += s.rows();
        }
        assertThat(covered).isEqualTo(iris.size());
    }

    @Test
    void partOfABatchHasTheHeldRowsInBatchOrderWithTheirValues() {
        Shard second = Shard.split(iris, 4)[1];
        Batch part = second.part(new int[] {140, 40, 3, 38, 90, 37}, 5).orElseThrow();
        assertThat(part.rows()).containsExactly(40, 38, 37);
        assertThat(part.index()).isEqualTo(5);
        for (int i = 0; i < part.size(); i++) {
            int row = part.rows()[i];
            for (int f = 0; f < iris.features(); f++) {
                assertThat(part.x().get(i, f)).isEqualTo(iris.x().get(row, f));
            }
            assertThat(part.y().at(i)).isEqualTo(iris.y().at(row));
        }
        assertThat(second.part(new int[] {0, 149}, 0)).isEmpty();
    }

    @Test
    void keepsTheDataTypeAndMoreRowsThanPartitionsIsNotNeeded() {
        Shard[] shards = Shard.split(BuiltinDatasets.load("iris", DType.FLOAT32).subset(new int[] {0, 1}), 3);
        assertThat(shards).extracting(Shard::rows).containsExactly(0, 1, 1);
        Batch part = shards[2].part(new int[] {1, 0}, 0).orElseThrow();
        assertThat(part.x().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(shards[0].part(new int[] {1, 0}, 0)).isEmpty();
    }

    /**
     * The rows' weights travel with them, in the data's type, and a part of a batch has its rows' weights in batch
     * order. Six rows of classes 0, 0, 0, 0, 1, 2 with balanced class weights n/(k·n_c): 6/(3·4) = 0.5 for class 0,
     * 6/(3·1) = 2 for classes 1 and 2.
     */
    @Test
    void weightsTravelWithTheirRows() {
        Dataset rows = iris.subset(new int[] {0, 1, 2, 3, 50, 100});
        Dataset weighted = rows.withClassWeights(ClassWeights.balanced().resolve(rows)).to(DType.FLOAT32);
        Shard[] shards = Shard.split(weighted, 2);
        assertThat(shards[0].weights().f()).containsExactly(0.5f, 0.5f, 0.5f);
        Batch part = shards[1].part(new int[] {5, 0, 3, 4}, 0).orElseThrow();
        assertThat(part.rows()).containsExactly(5, 3, 4);
        assertThat(part.weights()).hasValueSatisfying(w -> assertThat(w.floatData()).containsExactly(2f, 0.5f, 2f));
        assertThat(part.totalWeight()).isEqualTo(4.5);

        assertThat(Shard.split(rows, 2)[1].weights()).as("unweighted rows").isNull();
        assertThat(Shard.split(rows, 2)[1].part(new int[] {4}, 0).orElseThrow().weights()).isEmpty();
    }
}
