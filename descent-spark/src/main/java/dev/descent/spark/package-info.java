/**
 * Data-parallel training on Apache Spark, through the Trainer's one loop: {@link dev.descent.spark.SparkEngine}
 * plugs in where the local engine computes an update; batches, schedules, validation, callbacks and
 * checkpoints stay the Trainer's, on the driver.
 *
 * <p>The training rows are split by row index into a fixed number of contiguous partitions
 * ({@code Shard}, in the data's own element type), shipped to the executors once when a run opens and cached
 * there for the run ({@code CachedShards}: each shard is broadcast once and the cached RDD maps the partition
 * indices to them, so a step's tasks carry a partition index, never rows). Two modes:
 * <ul>
 *   <li><b>sync</b> — synchronous data-parallel mini-batch gradient descent, as Spark MLlib's
 *       {@code GradientDescent.runMiniBatchSGD}: every step the driver broadcasts the parameters, each partition
 *       sums the gradients (and losses) of the current batch's rows it holds, with local training's own gradients
 *       (fused kernels where they cover the model, else the tape), and the driver adds the sums in partition order (MLlib uses {@code treeAggregate}; collecting
 *       keeps the rounding the same on every master), divides by the batch size, then clips and steps exactly as
 *       local training. The batches come from the same seeded {@code Batcher}, so a run follows local training
 *       to the rounding of a sum.</li>
 *   <li><b>averaging</b> — parameter averaging: each partition starts from the broadcast parameters and
 *       optimizer state, takes {@code K} local optimizer steps on its own rows of {@code K} consecutive batches
 *       (with local training's own gradients: fused kernels where they cover the model, else the tape),
 *       and the driver averages the parameters (and the optimizer state), after Zinkevich, Weimer, Smola and Li,
 *       "Parallelized Stochastic Gradient Descent" (NIPS 2010), McDonald, Hall and Mann, "Distributed Training
 *       Strategies for the Structured Perceptron" (NAACL 2010, iterative parameter mixing), and DL4J's
 *       {@code ParameterAveragingTrainingMaster} (which also averages the updater state). One update of the
 *       Trainer is one round; with one partition it is local training bit for bit when the K steps of a round
 *       would have the same rate locally (no schedule counted in steps, or K = 1) and there is no dropout (each
 *       partition draws its own masks).</li>
 * </ul>
 *
 * <p>Nothing of layers, losses or optimizers is Java-serialized: an executor rebuilds them from spec strings
 * ({@code Recipe}); parameters, gradients and optimizer state travel as plain arrays. Spark is a provided
 * dependency: a cluster's {@code spark-submit}, or {@code $SPARK_HOME/jars} on the launcher's class path,
 * supplies it. {@link dev.descent.spark.SparkSessions} gives the session descent uses (UI off, log level WARN,
 * a local master bound to 127.0.0.1).
 *
 * <pre>{@code
 * JavaSparkContext sc = SparkSessions.context(SparkSessions.session("local[2]"));
 * model.fit(train, FitOptions.builder().batchSize(32).epochs(10).engine(SparkEngine.sync(sc, 4)).build());
 * model.fit(train, FitOptions.builder().engine(SparkEngine.averaging(sc, 4, 8)).build());
 * }</pre>
 */
package dev.descent.spark;
