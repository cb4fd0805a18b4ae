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
 *       keeps the rounding the same on every master), divides by the batch size (by the batch's total weight for
 *       weighted rows, below), then clips and steps exactly as
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
 * <p><b>Weighted rows</b> (sample weights, {@code FitOptions.classWeights}; Spark ML's {@code weightCol}) train on
 * local training's weighted mean loss {@code Σ w_i·ℓ_i / Σ w_i}. The weights travel with their rows in the shards (the
 * class weights resolved on the driver from all the training rows, as local training resolves them). In sync mode
 * each partition returns the unnormalised weighted sums {@code Σ w_i·∇ℓ_i} and {@code Σ w_i·ℓ_i} with its weight sum
 * {@code W_p}, and the driver adds them in partition order and divides once by {@code W = Σ_p W_p} (a batch with
 * {@code W = 0} has loss 0 and a zero data gradient; the penalty is added once, unweighed). In averaging mode the
 * local steps minimize their rows' weighted loss and the driver weighs each partition's parameters and optimizer state
 * by its share {@code W_p / W} of the round's weight (McMahan et al. 2017, FedAvg's {@code n_k/n}), since each
 * partition's own loss divides its weight out; unweighted runs keep the plain mean.
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
 * model.fit(train.withWeights(exposure), FitOptions.builder().classWeights(ClassWeights.balanced())
 *         .engine(SparkEngine.sync(sc, 4)).build());
 * }</pre>
 */
package dev.descent.spark;
