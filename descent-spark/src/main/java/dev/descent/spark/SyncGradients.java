package dev.descent.spark;

import dev.descent.data.Batch;
import dev.descent.nn.loss.Penalty;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.Gradient;
import dev.descent.train.Gradients;
import dev.descent.train.TapeGradients;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch's gradient computed by the partitions, as Spark MLlib's {@code GradientDescent} does: the driver
 * broadcasts the parameters; each partition sums the data-loss gradients and losses of the batch rows it holds
 * ({@link PartialSum}); the driver adds the partial sums in partition order and divides by the batch size, which
 * gives the batch's mean gradient, then adds the penalty's gradient once. With weighted rows the partitions' sums are
 * weighted ({@code Σ w_i·∇ℓ_i}, with their weight sums) and the driver divides by the batch's total weight
 * {@code W = Σ w_i} instead, which gives local training's weighted mean {@code Σ w_i·∇ℓ_i / Σ w_i} (Spark ML's
 * {@code weightCol}); a batch of total weight 0 has loss 0 and a zero data gradient, as locally. The penalty is a
 * function of the parameters, not of rows, so it is added once and never weighed. The result differs from local
 * training's only in the order of a sum. MLlib combines partial sums with {@code treeAggregate}; here they are
 * collected and added in partition order, so the rounding is the same on every master.
 */
final class SyncGradients implements Gradients {

    private final JavaSparkContext context;
    private final JavaRDD<Shard> shards;
    private final Recipe recipe;
    private final Optional<Penalty> penalty;

    SyncGradients(JavaSparkContext context, JavaRDD<Shard> shards, Recipe recipe, Optional<Penalty> penalty) {
        this.context = context;
        this.shards = shards;
        this.recipe = recipe;
        this.penalty = penalty;
    }

    @Override
    public Gradient of(Params params, Batch batch, Rng dropout) {
        Broadcast<TensorValues> at = context.broadcast(TensorValues.of(params));
        int[] rows = batch.rows().clone();
        int index = batch.index();
        long dropoutState = dropout.state();
        Recipe r = recipe;
        List<PartialSum> parts;
        try {
            parts = shards.map(s -> PartialSum.of(s, r, at.value(), rows, index, dropoutState)).collect();
        } finally {
            at.destroy();
        }
        List<PartialSum> held = parts.stream().filter(p -> p.rows() > 0).toList();
        TensorValues sum = TensorValues.sum(held.stream().map(PartialSum::gradient).toList());
        double weight = 0;
        double lossSum = 0;
        long correct = 0;
        for (PartialSum p : held) {
            weight += p.weight();
            lossSum += p.lossSum();
            correct += p.correct();
        }
        // unweighted, the weight is the row count; a total of 0 leaves the sum of the partitions' zeros as it is
        if (weight > 0) {
            sum.divideBy(weight);
        }
        Params grads = sum.toParams();
        if (penalty.isPresent()) {
            Params pg = TapeGradients.penaltyGradient(penalty.get(), params);
            Map<String, Tensor> total = new LinkedHashMap<>();
            grads.asMap().forEach((name, g) -> total.put(name, g.plus(pg.get(name))));
            grads = Params.of(total);
        }
        return new Gradient(weight > 0 ? lossSum / weight : 0, grads, correct);
    }
}
