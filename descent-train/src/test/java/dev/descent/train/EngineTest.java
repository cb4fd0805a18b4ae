package dev.descent.train;

import dev.descent.data.Batch;
import dev.descent.data.BuiltinDatasets;
import dev.descent.data.Dataset;
import dev.descent.model.Sequential;
import dev.descent.nn.Dense;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.train.callback.History;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Trainer's pluggable update: grouping batches for an updater, and the local engine as the default. */
class EngineTest {

    private final Dataset iris = BuiltinDatasets.load("iris", DType.FLOAT64);

    @Test
    void anUpdaterOfThreeBatchesGetsAnEpochsBatchesInGroupsAndIsClosed() {
        List<List<Integer>> groups = new ArrayList<>();
        boolean[] closed = new boolean[1];
        Engine recording = run -> new Updater() {
            @Override
            public int batchesPerUpdate() {
                return 3;
            }

            @Override
            public Update update(List<Batch> batches, Params params, OptimizerState state, double lr, Rng dropout) {
                groups.add(batches.stream().map(Batch::index).toList());
                assertThat(batches).allSatisfy(b -> assertThat(b.size()).isPositive());
                return new Update(1.0, new double[params.count()], 0, batches.stream().mapToInt(Batch::size).sum());
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        Sequential model = new Sequential(Dense.of(3));
        model.compile(Optimizers.parse("sgd(lr=0.1)"), Loss.ce());
        History h = model.fit(iris, FitOptions.builder().batchSize(16).epochs(2).engine(recording).build());

        // 150 rows in batches of 16 make 10 batches an epoch: updates of 3, 3, 3 and 1 batches
        List<List<Integer>> epoch = List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8), List.of(9));
        assertThat(groups).isEqualTo(concat(epoch, epoch));
        assertThat(h.steps()).hasSize(8);
        assertThat(closed[0]).isTrue();
    }

    /**
     * A group's batches are kept past the batcher's next batch: as copies for an updater that reads their values,
     * and as their own rows (the data set's rows of each batch) for one that does not.
     */
    @Test
    void aGroupKeepsEveryBatchsRowsAndTheValuesOnlyWhenTheUpdaterReadsThem() {
        for (boolean readsValues : new boolean[] {true, false}) {
            List<Batch> seen = new ArrayList<>();
            Engine recording = run -> new Updater() {
                @Override
                public int batchesPerUpdate() {
                    return 3;
                }

                @Override
                public boolean readsBatchValues() {
                    return readsValues;
                }

                @Override
                public Update update(List<Batch> batches, Params params, OptimizerState state, double lr, Rng dropout) {
                    for (Batch b : batches) {
                        for (int i = 0; i < b.size(); i++) {
                            int row = b.rows()[i];
                            if (readsValues) {
                                assertThat(b.x().at(i * 4)).isEqualTo((double) (float) iris.x().at(row * 4));
                            }
                        }
                    }
                    seen.addAll(batches);
                    return new Update(1.0, new double[params.count()], 0, batches.stream().mapToInt(Batch::size).sum());
                }
            };
            Sequential model = new Sequential(Dense.of(3));
            model.compile(Optimizers.parse("sgd(lr=0.1)"), Loss.ce());
            model.fit(iris, FitOptions.builder().batchSize(16).epochs(1).engine(recording).build());

            // each batch kept its own rows: together they are every data-set row once
            assertThat(seen.stream().flatMapToInt(b -> java.util.Arrays.stream(b.rows())).sorted().toArray())
                    .isEqualTo(java.util.stream.IntStream.range(0, 150).toArray());
        }
    }

    @Test
    void theLocalEngineIsTheDefault() {
        assertThat(FitOptions.builder().build().engine()).isSameAs(Engine.LOCAL);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
