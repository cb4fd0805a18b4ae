package dev.descent.spark;

import dev.descent.data.RowSource;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A run's training rows (with their weights, when they have them) on the executors, shipped once. Each partition's
 * {@link Shard} is broadcast once, on
 * its own (so an executor fetches only the shards of the partitions it computes); the RDD is a parallelized
 * collection of the partition indices {@code 0..P-1}, one per partition, mapped to their shards and cached,
 * and it is filled when the run opens. A task of a step therefore carries an index and the broadcasts'
 * handles, never rows: parallelizing the shards themselves would put a partition's rows into its partition
 * object, which every task of every step serializes again, cached or not.
 *
 * <p>The broadcasts stay until {@link #close()}: they are the cached partitions' lineage, from which Spark
 * rebuilds a partition that was evicted or lost with its executor.
 */
final class CachedShards implements AutoCloseable {

    private final List<Broadcast<Shard>> broadcasts;
    private final JavaRDD<Shard> rdd;
    private boolean closed;

    private CachedShards(List<Broadcast<Shard>> broadcasts, JavaRDD<Shard> rdd) {
        this.broadcasts = broadcasts;
        this.rdd = rdd;
    }

    /** Splits {@code data} into {@code partitions} shards ({@link Shard#split}), ships them and fills the cache. */
    static CachedShards ship(JavaSparkContext context, RowSource data, int partitions) {
        List<Broadcast<Shard>> broadcasts = new ArrayList<>(partitions);
        JavaRDD<Shard> rdd = null;
        try {
            for (Shard shard : Shard.split(data, partitions)) {
                broadcasts.add(context.broadcast(shard));
            }
            List<Broadcast<Shard>> handles = List.copyOf(broadcasts);
            List<Integer> indices = IntStream.range(0, partitions).boxed().toList();
            rdd = context.parallelize(indices, partitions).map(i -> handles.get(i).value()).cache();
            rdd.count();
            return new CachedShards(handles, rdd);
        } catch (RuntimeException | Error e) {
            if (rdd != null) {
                rdd.unpersist(false);
            }
            broadcasts.forEach(Broadcast::destroy);
            throw e;
        }
    }

    /** The cached shards, partition {@code p} holding shard {@code p}. */
    JavaRDD<Shard> rdd() {
        return rdd;
    }

    /** Drops the cached partitions and the broadcast shards from the executors and the driver (once). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        rdd.unpersist(false);
        broadcasts.forEach(Broadcast::destroy);
    }
}
