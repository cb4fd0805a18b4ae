package dev.descent.model;

import dev.descent.data.ClassWeightedRows;
import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.data.StandardizedRows;
import dev.descent.data.Splits;
import dev.descent.data.Standardizer;
import dev.descent.data.Task;
import dev.descent.io.ModelFiles;
import dev.descent.io.SavedModel;
import dev.descent.nn.Layer;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.BinaryCrossEntropy;
import dev.descent.nn.loss.CrossEntropy;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.MarginLoss;
import dev.descent.nn.loss.Penalty;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Params;
import dev.descent.tensor.Rng;
import dev.descent.tensor.Tensor;
import dev.descent.train.Evaluation;
import dev.descent.train.FitOptions;
import dev.descent.train.TrainState;
import dev.descent.train.Trainer;
import dev.descent.train.callback.History;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A Keras-style model: a stack of layers with {@code compile}, {@code fit}, {@code evaluate} and
 * {@code predict}.
 *
 * <pre>{@code
 * Sequential model = new Sequential()
 *         .add(Dense.of(64, Activation.RELU))
 *         .add(Dense.of(10));                                   // logits
 * model.compile(Optimizers.parse("adam(lr=0.001)"), Loss.ce(), "accuracy");
 * History h = model.fit(x, y, FitOptions.builder().batchSize(32).epochs(20).validationSplit(0.1).build());
 * Map<String, Double> test = model.evaluate(xTest, yTest);      // loss, accuracy, ...
 * Tensor logits = model.predict(xTest);
 * }</pre>
 *
 * <p>Underneath it holds an nn {@link Stack} (which knows nothing of optimizers) and the parameters, which
 * are created on the first {@code fit} from the seed and the number of input features, as Keras builds a
 * model on its first call. Classifiers output logits: {@code ce} and {@code bce} take logits, and
 * {@link #predictProbabilities} applies softmax or sigmoid; a model trained on {@code hinge} or
 * {@code squared_hinge} outputs decision values (class 1 where positive) and has no probabilities.
 * {@link #standardize()} makes the model fit a {@link Standardizer} on its training rows and apply it at every
 * later call.
 *
 * <p><b>Weights.</b> Rows weighted through the data ({@link Dataset#withWeights}, or
 * {@link #fit(Tensor, Tensor, Tensor, FitOptions)}: Keras' {@code sample_weight}) and classes weighted through
 * {@link FitOptions#classWeights()} (Keras' {@code class_weight}, resolved on the training rows after the validation
 * split and applied to the validation rows too) make each batch's loss the weighted mean
 * {@code Σ w_i·ℓ_i / Σ w_i}; the {@code loss} and {@code val_loss} reported are weighted the same way, the other
 * metrics count rows (Keras' {@code metrics}), and weighted validation rows add each of them weighted as
 * {@code val_weighted_<metric>} (Keras' {@code weighted_metrics}). {@link #evaluate} weights the loss by the data's own
 * row weights only; {@link #evaluateBoth} also gives every metric weighted by them.
 */
public final class Sequential {

    private final List<Layer> layers = new ArrayList<>();
    private Stack stack;
    private Optimizer optimizer;
    private Loss loss;
    private Penalty penalty;
    private List<String> metrics = List.of();
    private boolean standardize;
    private Standardizer standardizer;
    private TrainState state;
    private DType dtype = DType.FLOAT32;
    /** The saved model the first fit starts from instead of a fresh initialization, if any. */
    private SavedModel initial;
    /** The training data's columns, target, task and classes: what a saved model needs to read new data. */
    private RowSource schema;

    public Sequential(Layer... layers) {
        for (Layer l : layers) {
            add(l);
        }
    }

    /**
     * Loads a model directory written by {@link #save} or {@code descent train}: compiled with its loss, its
     * penalty and (when recorded) its optimizer, ready for {@code evaluate}, {@code predict} or more {@code fit}.
     *
     * @throws dev.descent.io.ModelFileException naming the file when the directory is missing, damaged or of
     *         another format version
     */
    public static Sequential load(Path dir) {
        SavedModel saved = ModelFiles.load(dir);
        Sequential s = new Sequential(saved.stack().layers().toArray(Layer[]::new));
        s.stack = saved.stack();
        s.dtype = saved.dtype();
        s.standardizer = saved.standardizer().orElse(null);
        s.penalty = saved.penalty().orElse(null);
        s.loss = saved.parsedLoss();
        Object optimizerSpec = saved.training().get("optimizer");
        s.optimizer = optimizerSpec instanceof String spec ? Optimizers.parse(spec) : Optimizers.parse("sgd(lr=0.01)");
        s.state = TrainState.initial(saved.params(), s.optimizer.init(saved.params()));
        s.schema = new Dataset(Tensor.zeros(saved.dtype(), 0, saved.inputFeatures()), Tensor.zeros(saved.dtype(), 0),
                saved.featureNames(), saved.targetName(), saved.task(), saved.classes(), dir.toString());
        return s;
    }

    /**
     * Writes the model directory ({@code model.json}, {@code weights.bin}); see {@code dev.descent.io}.
     *
     * @param training provenance to record (optimizer spec, seed, data source, ...); the optimizer is added
     */
    public void save(Path dir, Map<String, Object> training) {
        ModelFiles.save(dir, toSaved(state().params(), training));
    }

    /** Writes the model directory with the optimizer recorded as provenance. */
    public void save(Path dir) {
        save(dir, Map.of());
    }

    /** The saved form of this model with {@code params} (the live ones, or a checkpoint's copy). */
    public SavedModel toSaved(Params params, Map<String, Object> training) {
        requireBuilt();
        if (schema == null) {
            throw new IllegalStateException("the model has not been fitted on a data set yet");
        }
        Map<String, Object> provenance = new LinkedHashMap<>(training);
        provenance.putIfAbsent("optimizer", optimizer.spec());
        return new SavedModel(stack, schema.features(), dtype, params, Optional.ofNullable(standardizer),
                schema.featureNames(), schema.targetName(), schema.task(), schema.classes(), loss.spec(),
                Optional.ofNullable(penalty), provenance);
    }

    /** Appends a layer (before the first fit). */
    public Sequential add(Layer layer) {
        if (stack != null) {
            throw new IllegalStateException("layers cannot be added after the model is built");
        }
        layers.add(Objects.requireNonNull(layer));
        return this;
    }

    /** Trains and predicts in {@code dtype} (float32 by default). */
    public Sequential dtype(DType dtype) {
        if (stack != null) {
            throw new IllegalStateException("the dtype is fixed once the model is built");
        }
        this.dtype = dtype;
        return this;
    }

    /** Fit a standardizer on the training rows at the first fit and apply it to every input after. */
    public Sequential standardize() {
        this.standardize = true;
        return this;
    }

    /**
     * Sets how to train. {@code metrics} choose what {@link #evaluate} reports besides {@code loss}
     * ({@code accuracy}, {@code precision}, {@code recall}, {@code f1}, {@code mse}, {@code rmse}, {@code mae},
     * {@code r2}); none means every metric that applies.
     *
     * <p>On a built model (fitted or {@linkplain #load loaded}), an optimizer that differs from the current one (another
     * rule, or other hyper-parameters) starts from a fresh state of its own ({@link Optimizer#init}: step 0, zero
     * moments), as Keras' {@code compile} with a new optimizer does; the parameters stay. An equal optimizer keeps the
     * state, moments and step count, as Keras' {@code compile(optimizer=model.optimizer, ...)} does, so a recompile
     * that changes only the loss or the metrics does not restart the optimizer.
     */
    public Sequential compile(Optimizer optimizer, Loss loss, String... metrics) {
        Objects.requireNonNull(optimizer);
        this.loss = Objects.requireNonNull(loss);
        for (String m : metrics) {
            if (!List.of("accuracy", "precision", "recall", "f1", "mse", "rmse", "mae", "r2", "loss").contains(m)) {
                throw new IllegalArgumentException("unknown metric '" + m + "'; valid: accuracy, precision, recall, f1, mse, rmse, mae, r2");
            }
        }
        this.metrics = List.of(metrics);
        if (state != null && !optimizer.equals(this.optimizer)) {
            // the old state's slots and step count belong to the old rule (Adam's moments mean nothing to SGD)
            state = TrainState.initial(state.params(), optimizer.init(state.params()));
        }
        this.optimizer = optimizer;
        return this;
    }

    /**
     * Starts the first fit from {@code saved}'s parameters and standardization statistics instead of a fresh
     * initialization: Keras' {@code load_weights} then {@code fit}, scikit-learn's {@code warm_start}. The optimizer
     * state starts fresh. The layers, features, task, classes and standardization must match; see
     * {@link WarmStart}, whose {@link WarmStart#mismatch} the first fit checks.
     *
     * @throws IllegalStateException when the model is already built (it has been fitted)
     */
    public Sequential initFrom(SavedModel saved) {
        if (stack != null) {
            throw new IllegalStateException("initFrom must come before the model is built by its first fit");
        }
        this.initial = Objects.requireNonNull(saved);
        return this;
    }

    /** Adds an L1 or L2 penalty on the kernels to the training objective. */
    public Sequential penalty(Penalty penalty) {
        this.penalty = penalty;
        return this;
    }

    /**
     * Trains on features {@code x} [n, features] and targets {@code y}: class indices [n] for {@code ce},
     * 0/1 for {@code bce}, values [n] or [n, outputs] otherwise.
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return fit(datasetOf(x, y), options);
    }

    /**
     * Trains on {@code x} and {@code y} with a weight per row ({@code [n]}, finite, {@code >= 0}), Keras'
     * {@code fit(x, y, sample_weight=)}: each batch's loss is the weighted mean {@code Σ w_i·ℓ_i / Σ w_i}. A
     * validation split keeps its rows' weights.
     */
    public History fit(Tensor x, Tensor y, Tensor sampleWeight, FitOptions options) {
        return fit(datasetOf(x, y).withWeights(sampleWeight), options);
    }

    /** Trains on a data set, holding out {@code options.validationSplit()} of it for validation. */
    public History fit(Dataset data, FitOptions options) {
        return fit(data, null, options);
    }

    /**
     * Trains on {@code train}, reporting {@code val_*} metrics on {@code validation} (may be null) each epoch; without
     * {@code validation}, {@code options.validationSplit()} holds out rows of {@code train} as {@link #fit(Dataset,
     * FitOptions)} does.
     */
    public History fit(Dataset train, Dataset validation, FitOptions options) {
        return fit((RowSource) train.to(dtype), validation, options);
    }

    /**
     * Trains on rows that may live on disk ({@link dev.descent.data.DscFile}): batches are read as they are
     * needed and standardized one by one, so the data need not fit in memory. A file's row weights and the class
     * weights are gathered with each batch ({@code balanced} counts the classes from the file's target column). For the
     * same rows, weights and seed the model's weights equal those of {@link #fit(Dataset, Dataset, FitOptions)} bit for
     * bit. A validation split needs a {@link Dataset}: for streamed rows it is refused, as it is beside
     * {@code validation} rows.
     */
    public History fit(RowSource train, Dataset validation, FitOptions options) {
        History history = new History();
        resume(train, validation, options, null, history);
        return history;
    }

    /**
     * Continues training from a saved state (a checkpoint), or starts when {@code from} is null; see
     * {@link Trainer#fit}.
     */
    public TrainState resume(RowSource train, Dataset validation, FitOptions options, TrainState from, History history) {
        requireCompiled();
        if (options.validationSplit() > 0) {
            Splits.TrainValidation split = heldOut(train, validation, options);
            return run(split.train(), split.validation(), options, from, history);
        }
        return run(train, validation, options, from, history);
    }

    /** {@link #resume} on the training and validation rows, once any split is made. */
    private TrainState run(RowSource train, Dataset validation, FitOptions options, TrainState from, History history) {
        if (train.dtype() != dtype) {
            throw new IllegalArgumentException("the training rows are " + train.dtype() + " but the model trains in " + dtype);
        }
        build(train, options.seed());
        if (standardize && standardizer == null) {
            standardizer = Standardizer.fit(train);
        }
        schema = train;
        Optional<double[]> perClass = options.classWeights().map(c -> c.resolve(train));
        RowSource rows = perClass.map(w -> ClassWeightedRows.of(train, w)).orElse(train);
        Dataset checks = validation == null ? null
                : perClass.map(validation.to(dtype)::withClassWeights).orElse(validation.to(dtype));
        state = Trainer.fit(new Trainer.Run(stack, optimizer, loss, Optional.ofNullable(penalty), prepare(rows),
                checks == null ? null : prepare(checks), options),
                from == null ? TrainState.initial(state.params(), state.optimizerState()) : from, history);
        return state;
    }

    /**
     * The rows {@code options.validationSplit()} holds out of {@code train} ({@link Splits#validationSplit}, stratified
     * and drawn with the seed), the same whichever {@code fit} was given them; a resumed run holds out the same rows.
     *
     * @throws IllegalArgumentException when {@code validation} rows are given too (Keras lets them override the split;
     *         here, as for {@code descent train}, both are refused rather than one ignored), or for rows that are not in
     *         memory, which cannot be split without reading them (Keras refuses a split of a dataset or generator too)
     */
    private static Splits.TrainValidation heldOut(RowSource train, Dataset validation, FitOptions options) {
        double fraction = options.validationSplit();
        if (validation != null) {
            throw new IllegalArgumentException("a validation split (" + fraction + ") and validation rows cannot be "
                    + "combined; choose one");
        }
        if (!(train instanceof Dataset rows)) {
            throw new IllegalArgumentException("a validation split (" + fraction + ") needs the rows in memory (a Dataset), "
                    + "not streamed rows; give the validation rows instead");
        }
        return Splits.validationSplit(rows, fraction, options.seed());
    }

    /**
     * Creates the stack and its parameters for {@code train}'s features, on the first fit: fresh ones from the
     * seed, or those of the saved model to start from, whose standardization statistics are then taken too.
     *
     * @throws IllegalArgumentException naming the difference when the saved model does not fit this one
     */
    private void build(RowSource train, long seed) {
        if (stack != null) {
            return;
        }
        Stack built = Stack.of(layers.toArray(Layer[]::new));
        Params params;
        if (initial != null) {
            WarmStart.mismatch(initial, built, standardize, train).ifPresent(m -> {
                throw new IllegalArgumentException("cannot start from the saved model: " + m);
            });
            params = WarmStart.params(initial, dtype);
            standardizer = initial.standardizer().orElse(null);
        } else {
            params = built.init(train.features(), dtype, Rng.seeded(seed).fork("init"));
        }
        stack = built;
        state = TrainState.initial(params, optimizer.init(params));
    }

    private Dataset prepare(Dataset d) {
        return standardizer == null ? d : standardizer.apply(d);
    }

    /** In memory, standardized once; streamed, batch by batch (the same values either way). */
    private RowSource prepare(RowSource rows) {
        return standardizer == null ? rows
                : rows instanceof Dataset d ? standardizer.apply(d) : new StandardizedRows(rows, standardizer);
    }

    /** Metrics on {@code x}, {@code y} (see {@link Evaluation#evaluate}); {@code loss} and {@code n} always. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(datasetOf(x, y));
    }

    /** Metrics on {@code x}, {@code y}, with {@code loss} the mean weighted by {@code sampleWeight} ({@code [n]}). */
    public Map<String, Double> evaluate(Tensor x, Tensor y, Tensor sampleWeight) {
        return evaluate(datasetOf(x, y).withWeights(sampleWeight));
    }

    /** Metrics on a data set. */
    public Map<String, Double> evaluate(Dataset data) {
        return evaluate((RowSource) data.to(dtype));
    }

    /**
     * Metrics on rows that may live on disk ({@link dev.descent.data.DscFile}), read a chunk at a time: only every
     * row's outputs and targets are held. On the same rows they equal {@link #evaluate(Dataset)}'s up to the order
     * of the loss's sums.
     */
    public Map<String, Double> evaluate(RowSource rows) {
        return evaluateBoth(rows).metrics();
    }

    /**
     * {@link #evaluate(RowSource)}'s metrics and, when the rows have weights, every metric weighted by them with
     * {@code weight_sum} ({@link Evaluation#evaluateWeighted}), from one forward pass: Keras' {@code metrics} and
     * {@code weighted_metrics}. The metrics chosen at {@link #compile} choose from both.
     */
    public Evaluation.Results evaluateBoth(RowSource rows) {
        requireCompiled();
        requireBuilt();
        if (rows.dtype() != dtype) {
            throw new IllegalArgumentException("the rows are " + rows.dtype() + " but the model is " + dtype);
        }
        Evaluation.Results all = Evaluation.evaluateBoth(stack, state.params(), loss, Optional.ofNullable(penalty),
                prepare(rows));
        return new Evaluation.Results(chosen(all.metrics()), all.weighted().map(this::chosen));
    }

    /** The metrics chosen at {@link #compile}, with {@code loss}, {@code n} and {@code weight_sum}; all without a choice. */
    private Map<String, Double> chosen(Map<String, Double> all) {
        if (metrics.isEmpty()) {
            return all;
        }
        Map<String, Double> chosen = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.equals("loss") || k.equals("n") || k.equals("weight_sum") || metrics.contains(k)) {
                chosen.put(k, v);
            }
        });
        return chosen;
    }

    /** The model's outputs for {@code x} [n, features]: values for regression, logits for classifiers. */
    public Tensor predict(Tensor x) {
        requireBuilt();
        Tensor in = x.dtype() == dtype ? x : x.to(dtype);
        return Evaluation.outputs(stack, state.params(), standardizer == null ? in : standardizer.apply(in));
    }

    /**
     * Class probabilities: softmax over logits, or sigmoid of a single logit (the probability of class 1).
     *
     * @throws IllegalStateException for a model trained on a margin loss ({@code hinge}, {@code squared_hinge}),
     *         whose outputs are decision values, not logits: {@link #predict} gives them
     */
    public Tensor predictProbabilities(Tensor x) {
        if (loss instanceof MarginLoss) {
            throw new IllegalStateException("a model trained on " + loss.name() + " has no class probabilities (its "
                    + "output is a decision value, not a logit); predict gives the decision values");
        }
        Tensor logits = predict(x);
        return logits.shape().dim(1) == 1 ? logits.sigmoid() : logits.softmax(1);
    }

    private Dataset datasetOf(Tensor x, Tensor y) {
        requireCompiled();
        int n = x.shape().dim(0);
        List<String> features = IntStream.range(0, x.shape().dim(1)).mapToObj(i -> "x" + i).toList();
        Task task;
        List<String> classes;
        boolean binary = loss instanceof BinaryCrossEntropy || loss instanceof MarginLoss;
        if (loss instanceof CrossEntropy || binary) {
            int k = binary ? 2 : (int) y.maxAll() + 1;
            task = Task.forClasses(k);
            classes = IntStream.range(0, k).mapToObj(Integer::toString).toList();
        } else {
            task = Task.REGRESSION;
            classes = List.of();
        }
        Tensor yy = y.dtype() == x.dtype() ? y : y.to(x.dtype());
        return new Dataset(x, yy.rank() == 2 && yy.shape().dim(1) == 1 && task.isClassification() ? yy.reshape(n) : yy,
                features, "y", task, classes, "tensor");
    }

    private void requireCompiled() {
        if (optimizer == null || loss == null) {
            throw new IllegalStateException("compile(optimizer, loss) before fit or evaluate");
        }
    }

    private void requireBuilt() {
        if (stack == null) {
            throw new IllegalStateException("the model has no parameters yet: fit it first");
        }
    }

    /** The stack of layers (after the model is built). */
    public Stack stack() {
        requireBuilt();
        return stack;
    }

    /** The live parameters (after the model is built). */
    public Params params() {
        requireBuilt();
        return state.params();
    }

    /** The training state: parameters, optimizer state, position. */
    public TrainState state() {
        requireBuilt();
        return state;
    }

    public Optional<Standardizer> standardizer() {
        return Optional.ofNullable(standardizer);
    }

    public Optional<Penalty> penaltyTerm() {
        return Optional.ofNullable(penalty);
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public DType dtype() {
        return dtype;
    }

    /** Keras-style table of layers, output shapes and parameter counts. */
    public String summary(int inputFeatures) {
        return (stack != null ? stack : Stack.of(layers.toArray(Layer[]::new))).summary(inputFeatures);
    }
}
