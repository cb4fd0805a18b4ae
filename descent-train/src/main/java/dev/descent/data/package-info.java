/**
 * Data sets and batching: reading tables into tensors, splitting, standardizing, and cutting them into batches.
 *
 * <p>Vocabulary:
 * <ul>
 *   <li>{@link dev.descent.data.Dataset}: features {@code x} {@code [n, features]} and targets {@code y}, with
 *       column names, the {@link dev.descent.data.Task} (regression, binary, multiclass) and, for
 *       classification, the class labels ({@code y} holds indices into them), and optionally a weight per row
 *       ({@link dev.descent.data.Dataset#withWeights}; read from a CSV column by
 *       {@link dev.descent.data.ReadOptions#withWeight}).</li>
 *   <li>{@link dev.descent.data.ClassWeights}: a weight per class ({@code balanced}, scikit-learn's
 *       {@code n/(k·n_c)}, or per label), resolved on the training rows and multiplied into the rows' weights
 *       ({@link dev.descent.data.Dataset#withClassWeights} in memory, {@link dev.descent.data.ClassWeightedRows} as a
 *       file's rows are gathered; {@code balanced} counts a file's target column, and the rows' total weight is read
 *       once from its target and weight columns). Totals of weights are added in row order in float64, in memory as
 *       from a file, so the two agree bit for bit.</li>
 *   <li>{@link dev.descent.data.RowSource}: rows a {@link dev.descent.data.Batcher} can batch without holding them, an
 *       in-memory {@code Dataset} or a memory-mapped {@link dev.descent.data.DscFile} (the {@code .dsc} format of
 *       {@code descent convert}, float32, with an optional weight column: its javadoc is the format's documentation).
 *       Weighted rows gather their weights with each batch ({@code RowSource.weighted()}, {@code gather(..., wOut)}),
 *       so streamed weighted training equals in-memory training bit for bit;
 *       {@link dev.descent.data.StandardizedRows} standardizes streamed batches and keeps their weights.</li>
 *   <li>{@link dev.descent.data.Datasets#open}: {@code builtin:NAME} ({@link dev.descent.data.BuiltinDatasets}),
 *       a CSV file ({@link dev.descent.data.CsvData}, also gzip-compressed) or a LIBSVM file
 *       ({@link dev.descent.data.LibsvmData}); {@link dev.descent.data.ReadOptions} say which column is the
 *       target, how to decide the task ({@link dev.descent.data.TaskHint}), the dtype, and a model's saved class
 *       labels and feature names to impose at evaluation and prediction time. A {@code .dsc} file is read as the CSV
 *       it was converted from would be with the same options (columns by name, classes by label; its task, fixed
 *       when it was converted, checked by {@link dev.descent.data.Datasets#openDsc}); a LIBSVM file's columns are
 *       {@code f1 .. fN}, and other imposed names are refused.
 *       {@link dev.descent.data.Datasets#openHashed} also gives the SHA-256 of the bytes read, taken as they are
 *       parsed, for a model's provenance ({@link dev.descent.data.DscFile#sha256} hashes a {@code .dsc} file in a
 *       streaming pass). It and {@link dev.descent.data.Datasets#read} name the weight column of a {@code .dsc} file
 *       read without asking for its weights ({@code Hashed.unusedWeight}), which the rows then do not carry: this
 *       package prints nothing, and the commands warn.</li>
 *   <li>{@link dev.descent.data.DataException}: every problem with input data, one line naming file, line and
 *       column.</li>
 *   <li>{@link dev.descent.data.Splits}: train/validation/test hold-outs, stratified for classes, seeded.</li>
 *   <li>{@link dev.descent.data.Standardizer}: per-feature mean and population std, fitted on training rows
 *       only.</li>
 *   <li>{@link dev.descent.data.Batcher}: batches per epoch for a {@link dev.descent.data.BatchSize} ({@code full}
 *       = batch gradient descent, 1 = stochastic, N = mini-batch), reshuffled per epoch from a seed so that
 *       training can resume at any batch; each {@link dev.descent.data.Batch} reuses the batcher's buffers.</li>
 * </ul>
 *
 * <p>Example:
 * <pre>{@code
 * Dataset iris = Datasets.open("builtin:iris", "target");
 * Splits.TrainTest parts = Splits.trainTest(iris, 0.2, 42);
 * Standardizer scaler = Standardizer.fit(parts.train());
 * Batcher batcher = Batcher.of(scaler.apply(parts.train()), BatchSize.of(16), 42);
 * for (Batch b : batcher.epoch(0)) { step(b.x(), b.y()); }
 * }</pre>
 */
package dev.descent.data;
