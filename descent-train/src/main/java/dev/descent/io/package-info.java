/**
 * Model files and training checkpoints: the on-disk formats of a trained model ({@link dev.descent.io.ModelFiles},
 * {@link dev.descent.io.SavedModel}) and of a run's checkpoints ({@link dev.descent.io.Checkpoints},
 * {@link dev.descent.io.Checkpoint}). This comment is the formats' documentation.
 *
 * <h2>Output directory</h2>
 * <pre>
 * OUT/
 *   model.json            the model: architecture, preprocessing, metadata, tensor table (format_version 1)
 *   weights.bin           the parameters, little-endian
 *   history.csv           per-step and per-epoch records ({@link dev.descent.io.ModelFiles#writeHistory})
 *   metrics.json          final metrics, one object ({@link dev.descent.io.ModelFiles#writeMetrics})
 *   checkpoints/
 *     epoch-0005/         a complete checkpoint after 5 epochs (4 digits, more past 9999)
 *       model.json        as above, with the model at that epoch (with --average, the average once it has begun)
 *       weights.bin
 *       optimizer.json    optimizer step, scalars, slot table
 *       optimizer.bin     the slot buffers, little-endian
 *       train_state.json  epoch, step, plateau schedule state, run configuration
 *       history.json      every step and epoch record so far
 *       best_params.json  only with early stopping's restore_best: the best epoch so far and its tensor table
 *       best_params.bin   that epoch's parameters, little-endian
 *       average.json      only with averaged weights (--average): how many weights are in the average, tensor table
 *       average.bin       the average, float64, little-endian
 *       live_params.json  only with averaged weights: the live parameters' tensor table (training continues from them)
 *       live_params.bin   the live parameters, little-endian
 *     .epoch-0010.3f9a..  a checkpoint being written (or abandoned by a killed run): ignored
 * </pre>
 *
 * <h2>Atomicity</h2>
 * Every file is written to a temporary name in its own directory ({@code .<name>.<random>.tmp}), flushed to disk
 * and renamed over the target, so a reader sees the old file or the new one. {@code ModelFiles.save} writes
 * {@code weights.bin} before {@code model.json}; a reader that sees a new {@code weights.bin} with an old
 * {@code model.json} gets a checksum error, never wrong numbers. A checkpoint is written whole into a
 * temporary directory {@code checkpoints/.epoch-NNNN.<random>} and then renamed to {@code epoch-NNNN}, so it
 * is complete or absent. {@link dev.descent.io.Checkpoints#latest} looks only at directories named
 * {@code epoch-} and 4 to 9 digits, newest first, and skips any that fail to load.
 *
 * <h2>Conventions of all JSON files</h2>
 * UTF-8, pretty-printed with two-space indentation and {@code \n} line ends, final newline. Each file's first
 * field is {@code "format_version": 1} (an integer); readers check it before reading anything else and refuse
 * other versions ({@code model.json: format_version 7 is not supported (this descent reads 1)}). Every listed
 * field is required; "or null" means the key is present with the value {@code null}. Doubles are written as
 * Java's {@link java.lang.Double#toString} (the shortest decimal that reads back to the same double, e.g.
 * {@code 0.1}, {@code 4.9E-324}, {@code -0.0}), so they round-trip bit for bit; {@code NaN}, {@code Infinity}
 * and {@code -Infinity}, which JSON numbers cannot express, are written as those strings. Duplicate keys and
 * trailing content are errors. Unknown extra fields are ignored.
 *
 * <h2>model.json</h2>
 * <table>
 * <caption>Fields, in file order</caption>
 * <tr><th>field</th><th>type</th><th>meaning</th></tr>
 * <tr><td>format_version</td><td>int</td><td>1</td></tr>
 * <tr><td>layers</td><td>array of objects</td><td>the {@link dev.descent.nn.Stack}, in order; each
 *   {@code {"type": "dense", "name", "units": int, "activation": "linear|sigmoid|tanh|relu|leaky_relu|softmax",
 *   "kernel_initializer": spec, "bias_initializer": spec}} (initializer specs as
 *   {@link dev.descent.nn.Initializer#spec()}: {@code glorot_uniform}, {@code zeros}, {@code uniform(limit=0.05)},
 *   ...) or {@code {"type": "dropout", "name", "rate": double}}</td></tr>
 * <tr><td>input_features</td><td>int</td><td>number of input columns</td></tr>
 * <tr><td>dtype</td><td>string</td><td>{@code float32} or {@code float64}: the parameters' type and the
 *   element type of {@code weights.bin}</td></tr>
 * <tr><td>feature_names</td><td>array of strings</td><td>the input columns, {@code input_features} of
 *   them</td></tr>
 * <tr><td>target</td><td>string</td><td>the target column</td></tr>
 * <tr><td>task</td><td>string</td><td>{@code regression}, {@code binary} or {@code multiclass}</td></tr>
 * <tr><td>classes</td><td>array of strings</td><td>class labels by index (output {@code i} is
 *   {@code classes[i]}); empty for regression</td></tr>
 * <tr><td>standardizer</td><td>object or null</td><td>{@code {"mean": [double], "std": [double]}}, one entry per
 *   feature; inputs are mapped to {@code (x - mean) / std} before the network</td></tr>
 * <tr><td>loss</td><td>string</td><td>the loss spec ({@code mse}, {@code mae}, {@code huber(delta=1.0)},
 *   {@code bce}, {@code ce}, {@code hinge}, {@code squared_hinge})</td></tr>
 * <tr><td>penalty</td><td>object or null</td><td>{@code {"type": "l1"|"l2", "lambda": double}}, the weight
 *   penalty training added to the loss (kernels only)</td></tr>
 * <tr><td>training</td><td>object</td><td>provenance, free-form JSON written by the trainer (optimizer spec,
 *   schedule, seed, epochs, batch size, data source, engine, library version, creation time, ...). {@code descent
 *   train} also records its data there: {@code data_sha256} (lower-case hex SHA-256 of the data file's bytes, or of a
 *   built-in data set's embedded CSV), {@code validation_data_sha256} (with {@code --validation-data}),
 *   {@code train_rows} and {@code validation_rows} (ints); readers need none of these keys</td></tr>
 * <tr><td>weights</td><td>object</td><td>{@code {"file": "weights.bin", "sha256": lower-case hex of the whole
 *   file, "bytes": int, "tensors": [{"name", "shape": [int], "offset": int}]}}: the parameters in
 *   {@link dev.descent.tensor.Params} order, which must be exactly the architecture's: for each dense layer
 *   {@code <name>/kernel} of shape {@code [in, units]}, then {@code <name>/bias} of shape {@code [units]}
 *   ({@link dev.descent.io.SavedModel#expectedTensors}); {@code offset} is in bytes from the start of the file,
 *   the tensors lie back to back in table order, and {@code bytes} is their total</td></tr>
 * </table>
 *
 * <h2>weights.bin, best_params.bin, average.bin, live_params.bin and optimizer.bin</h2>
 * No header, no padding: each tensor's elements in row-major order (for a kernel {@code [in, units]}, row
 * {@code i} holds input feature {@code i}'s weights to every unit), as little-endian IEEE 754 binary32
 * ({@code float32}, 4 bytes) or binary64 ({@code float64}, 8 bytes), tensors concatenated in table order.
 * Readers check the file's size against {@code bytes} and its SHA-256 against {@code sha256} before returning
 * anything.
 *
 * <h2>optimizer.json</h2>
 * {@code {"format_version": 1, "step": int, "scalars": {name: double}, "slots": {slot: [parameter names]},
 * "data": {"file": "optimizer.bin", "sha256", "bytes", "tensors": [{"slot", "name", "dtype", "shape",
 * "offset"}]}}}: an {@link dev.descent.optim.OptimizerState}; {@code step} is the updates applied,
 * {@code scalars} the named scalars in order (e.g. NAdam's {@code mu_product}), {@code slots} the slot buffers
 * in order ({@code exp_avg}, {@code exp_avg_sq}, ...) with each slot's parameter names in order; the
 * {@code data.tensors} table lists every slot's tensors in that same order, each with its own
 * {@code dtype}.
 *
 * <h2>train_state.json</h2>
 * {@code {"format_version": 1, "epoch": int, "step": int, "model_weights": "live" or "average", "plateau": object or
 * null, "run_config": object}}: epochs completed and updates made ({@link dev.descent.train.TrainState});
 * {@code model_weights} says what the checkpoint's {@code model.json} holds: {@code "live"}, the parameters training
 * continues from (a run without an average), or {@code "average"}, the model as of the checkpoint
 * ({@link dev.descent.train.TrainState#modelParams()}: the averaged weights rounded to the model's dtype once the
 * average has begun, before it the live ones), with the live parameters in {@code live_params.json}. A checkpoint
 * written before this key existed has none and its {@code model.json} holds the live parameters, averaged run or not;
 * it resumes as it did. {@code plateau} is the
 * {@link dev.descent.optim.schedule.Plateau.State} {@code {"best", "num_bad_epochs", "cooldown_counter",
 * "epochs", "lr"}} when the schedule is {@code plateau}; {@code run_config} is the trainer's free-form record of
 * the run's settings, for checking a resumed run against. {@code epoch} must equal the directory's number.
 *
 * <h2>history.json</h2>
 * {@code {"format_version": 1, "steps": {"epoch": [int], "step": [int], "loss": [double], "lr": [double]},
 * "epochs": [{"epoch", "step", "metrics": {name: double}, "gradient_norms": {parameter: double}}],
 * "stop_reason": string or null, "failure": string or null}}: the
 * {@link dev.descent.train.callback.History}; the step records as four columns of equal length.
 *
 * <h2>best_params.json</h2>
 * {@code {"format_version": 1, "epoch": int, "weights": {"file": "best_params.bin", "sha256", "bytes",
 * "tensors": [{"name", "shape", "offset"}]}}}: written into a checkpoint when early stopping with
 * {@code restore_best} is on, so that a resumed run can restore the best weights at the end as an uninterrupted
 * run would ({@link dev.descent.train.callback.EarlyStopping.Best}). {@code epoch} is the best epoch as of the
 * checkpoint (from 1 to the checkpoint's epoch); {@code weights} is exactly {@code model.json}'s, checked the same
 * way against the checkpoint's architecture and dtype. A checkpoint without this file holds no best weights: a run
 * resumed from it with {@code restore_best} is refused when its best epoch is older than the checkpoint. With
 * averaged weights these are the best epoch's averaged weights (the model that epoch's validation judged).
 *
 * <h2>average.json</h2>
 * {@code {"format_version": 1, "count": int, "weights": {"file": "average.bin", "sha256", "bytes",
 * "tensors": [{"name", "shape", "offset"}]}}}: written into a checkpoint when the run keeps averaged weights
 * ({@link dev.descent.optim.AverageState}), so that a resumed run continues the average bit for bit. {@code count}
 * is how many weights the average holds (0 before an {@code swa} average begins); {@code weights} is laid out as
 * {@code model.json}'s and checked against the architecture, but its elements are always float64. The checkpoint's
 * {@code model.json} and {@code weights.bin} hold the model as of the checkpoint, the average rounded to the model's
 * dtype (what {@code predict} and {@code evaluate} on the checkpoint use, and what that epoch's validation measured),
 * as does the output directory's model at the end.
 *
 * <h2>live_params.json</h2>
 * {@code {"format_version": 1, "step": int, "weights": {"file": "live_params.bin", "sha256", "bytes",
 * "tensors": [{"name", "shape", "offset"}]}}}: written beside {@code average.json}; the live (not averaged)
 * parameters, which training continues from, in the model's dtype, laid out and checked as {@code model.json}'s
 * weights. {@code step} must equal {@code train_state.json}'s.
 *
 * <h2>metrics.json</h2>
 * One object: the keys {@code loss, objective, accuracy, precision, recall, f1, mse, rmse, mae, r2, n,
 * engine, spark_master, spark_mode} in that order where present, then any others alphabetically
 * ({@link dev.descent.io.ModelFiles#METRIC_ORDER}). Row counts ({@code n}, {@code val_n}) are integers; other
 * numbers are doubles written exactly, non-finite ones as the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}. Every value is a number or a string, except, in a run on weighted rows, {@code weighted} and
 * (with validation) {@code val_weighted}: objects of every metric weighted by the rows' weights, with
 * {@code weight_sum}, keyed, ordered and written by the same rules (the keys of {@code evaluate --json} with the same
 * weights, less its {@code sample_weight} and {@code class_weight}). An unweighted run's file has neither.
 *
 * <h2>Errors</h2>
 * Reading throws {@link dev.descent.io.ModelFileException} (an {@link java.lang.IllegalArgumentException}) with
 * one line {@code <file>: <problem>}: a missing directory or file, malformed JSON (with line and column), an
 * unsupported format version, a missing or mistyped field (named by its path, {@code weights.tensors[2].shape}),
 * a tensor table that does not match the architecture, a file of the wrong size, or a checksum mismatch.
 * Writing throws {@link java.io.UncheckedIOException} naming the file.
 */
package dev.descent.io;
