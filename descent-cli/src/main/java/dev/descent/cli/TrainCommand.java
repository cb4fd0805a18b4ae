package dev.descent.cli;

import dev.descent.data.BatchSize;
import dev.descent.data.Dataset;
import dev.descent.data.CsvData;
import dev.descent.data.Datasets;
import dev.descent.data.DscFile;
import dev.descent.data.RowSource;
import dev.descent.data.ReadOptions;
import dev.descent.data.Splits;
import dev.descent.data.TaskHint;
import dev.descent.io.Checkpoint;
import dev.descent.io.Checkpoints;
import dev.descent.io.ModelFiles;
import dev.descent.io.SavedModel;
import dev.descent.model.Sequential;
import dev.descent.model.WarmStart;
import dev.descent.nn.Dense;
import dev.descent.nn.Layer;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.BinaryCrossEntropy;
import dev.descent.nn.loss.CrossEntropy;
import dev.descent.nn.loss.L1;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.MarginLoss;
import dev.descent.optim.Averages;
import dev.descent.optim.Clipping;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.optim.WeightAverage;
import dev.descent.optim.schedule.Schedules;
import dev.descent.spark.SparkMode;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.train.Engine;
import dev.descent.train.Evaluation;
import dev.descent.train.FitOptions;
import dev.descent.train.ScheduleUnit;
import dev.descent.train.TrainState;
import dev.descent.train.callback.Callback;
import dev.descent.train.callback.EarlyStopping;
import dev.descent.train.callback.History;
import dev.descent.train.callback.ProgressBar;
import dev.descent.train.callback.TerminateOnNaN;
import dev.descent.train.callback.VanishingGradientWarning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code descent train}: trains a model on a CSV, LIBSVM or built-in data set and writes its directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a model by gradient descent and writes model.json, weights.bin, history.csv and "
                + "metrics.json into --out.",
                "--batch-size full is batch gradient descent, 1 is stochastic, N is mini-batch (reshuffled every epoch)."},
        footer = {"", "Examples:",
                "  descent train --data builtin:diabetes --target target --model linear --loss mse \\",
                "      --optimizer \"sgd(lr=0.1)\" --batch-size full --epochs 2000 --standardize --out m",
                "  descent train --data builtin:digits --model \"mlp(64)\" --loss ce --optimizer adam "
                        + "--validation-split 0.2 --epochs 30 --standardize --out digits-mlp"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV (.csv, .csv.gz), LIBSVM (.svm, .libsvm) or builtin:NAME (see 'descent datasets')")
    String data;

    @Option(names = "--target", defaultValue = "target", paramLabel = "COL", description = "the target column (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--task", defaultValue = "auto", paramLabel = "TASK", description = "auto, regression or classification (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--model", paramLabel = "MODEL", description = "linear, logistic, softmax or mlp(64,32,activation=relu,dropout=0); default: linear, logistic or softmax by task (linear with a hinge loss)")
    String model;

    @Option(names = "--loss", paramLabel = "LOSS", description = "mse, mae, huber(delta=1), bce, ce, hinge or "
            + "squared_hinge; default: mse, bce or ce by task")
    String loss;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "SPEC", description = "optimizer spec (default: ${DEFAULT-VALUE}); see 'descent explain'")
    String optimizer;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N|full", description = "rows per update (default: ${DEFAULT-VALUE})")
    String batchSize;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "E", description = "total epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "seed for initialization, splits, shuffling and dropout (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--shuffle", negatable = true, defaultValue = "true", fallbackValue = "true", description = "reshuffle the rows every epoch (default: on)")
    boolean shuffle;

    @Option(names = "--drop-last", description = "drop a last batch smaller than --batch-size")
    boolean dropLast;

    @Option(names = "--validation-split", defaultValue = "0", paramLabel = "F", description = "hold out this fraction of the rows for validation (stratified for classes)")
    double validationSplit;

    @Option(names = "--validation-data", paramLabel = "FILE", description = "validation rows from another file")
    String validationData;

    @Option(names = "--standardize", description = "standardize features with statistics of the training rows (saved with the model)")
    boolean standardize;

    @Mixin
    WeightOptions weights = new WeightOptions();

    @Option(names = "--schedule", paramLabel = "SPEC", description = "learning-rate schedule, e.g. \"cosine(t_max=50)\"")
    String schedule;

    @Option(names = "--schedule-unit", defaultValue = "epoch", paramLabel = "UNIT", description = "what the schedule counts: epoch or step (default: ${DEFAULT-VALUE})")
    String scheduleUnit;

    @Option(names = "--clip-norm", defaultValue = "0", paramLabel = "C", description = "clip gradients to this global L2 "
            + "norm (torch's clip_grad_norm_, Keras' global_clipnorm)")
    double clipNorm;

    @Option(names = "--clip-norm-per-tensor", defaultValue = "0", paramLabel = "C", description = "clip each parameter's "
            + "gradient to this L2 norm on its own (Keras' clipnorm); with several clippings: value, per tensor, global")
    double clipNormPerTensor;

    @Option(names = "--clip-value", defaultValue = "0", paramLabel = "V", description = "clamp every gradient element to [-V, V]")
    double clipValue;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "L", description = "add (L/2)*||W||^2 over the weights (not biases)")
    double l2;

    @Option(names = "--l1", defaultValue = "0", paramLabel = "L", description = "add L*||W||_1 over the weights (not biases)")
    double l1;

    @Option(names = "--early-stopping", paramLabel = "SPEC", arity = "0..1", fallbackValue = "",
            description = "stop when a metric stops improving: \"monitor=val_loss,patience=5,min_delta=1e-4,restore_best=true\""
                    + "; also mode=auto|min|max, baseline=V, start_from_epoch=N, min_delta_relative=R (instead of min_delta)")
    String earlyStopping;

    @Option(names = "--average", paramLabel = "SPEC", description = "keep a running average of the weights, which becomes "
            + "the model and is what validation measures: \"ema(decay=0.999)\" after every update, or "
            + "\"swa(start_epoch=N)\", the mean of the weights at the end of epochs N, N+1, ...; see 'descent explain ema'")
    String average;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "E", description = "write <out>/checkpoints/epoch-NNNN/ every E epochs")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue from the newest complete checkpoint in DIR/checkpoints (writes into DIR); "
            + "with none yet, start from the beginning (from --init-from's model when given)")
    Path resume;

    @Option(names = "--init-from", paramLabel = "DIR", description = "start from the weights of a saved model (and its "
            + "--standardize statistics) instead of a fresh initialization; the optimizer starts fresh. Layers, "
            + "features, task and classes must match. With --resume, a checkpoint takes precedence")
    Path initFrom;

    @Option(names = "--stream", description = "read the training rows batch by batch from a .dsc file (see 'descent convert') "
            + "or a .csv (converted first) instead of loading them; the weights equal in-memory training's. With "
            + "--sample-weight COL, a .dsc file's weight column (convert --sample-weight COL) or the CSV's")
    boolean stream;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "ENGINE",
            description = "local (default) or spark: data-parallel training on Apache Spark's partitions")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "with --engine spark: the Spark master, e.g. local[2] or "
            + "spark://host:7077 (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--spark-mode", paramLabel = "MODE", description = "with --engine spark: sync (default; each update is "
            + "local training's up to the order of a sum; dropout masks differ) or averaging (local steps on each "
            + "partition, then the parameters are averaged)")
    String sparkMode;

    @Option(names = "--local-steps", paramLabel = "K", description = "with --spark-mode averaging: local steps (batches) "
            + "per partition between averagings (default: " + DEFAULT_LOCAL_STEPS + ")")
    Integer localSteps;

    @Option(names = "--partitions", paramLabel = "N", description = "with --engine spark: partitions of the training rows, "
            + "split by row index; results depend on N, never on the master (default: " + DEFAULT_PARTITIONS + ")")
    Integer partitions;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "TYPE", description = "float32 or float64 (default: ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--threads", paramLabel = "N", description = "kernel threads (default: the number of cores); results do not depend on it")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--plot", description = "write the cost curves to <out>/loss.png")
    boolean plot;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write one self-contained HTML page: settings, data, metrics, plots")
    Path report;

    @Option(names = "--quiet", description = "no progress output")
    boolean quiet;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    static final int DEFAULT_LOCAL_STEPS = 4;
    static final int DEFAULT_PARTITIONS = 4;

    /** Where the updates are computed: {@link Engine#LOCAL} unless {@code --engine spark} started Spark. */
    private Engine trainingEngine = Engine.LOCAL;

    /** What model.json and metrics.json record about the engine. */
    private final Map<String, Object> engineConfig = new LinkedHashMap<>(Map.of("engine", "local"));

    /**
     * The rows a run trains and validates on; {@code all} is the whole source before any validation split;
     * {@code provenance} is what model.json records of them: the SHA-256 of the data file's bytes (and of the
     * validation file's), and the numbers of training and validation rows. {@code unusedWeight} and
     * {@code unusedValidationWeight} name the weight column of a {@code .dsc} data or validation file read without
     * {@code --sample-weight}, whose weights the rows do not carry, for the command's warning.
     */
    record Rows(RowSource all, RowSource train, Dataset validation, Map<String, Object> provenance,
                Optional<String> unusedWeight, Optional<String> unusedValidationWeight) {
    }

    /** A compiled model, ready to fit, with the loss and layers it was built from. */
    record Built(Sequential net, Loss loss, Stack stack) {
    }

    @Override
    public Integer call() throws Exception {
        Path dir = outputDirectory();
        Optional<SparkMode> spark = sparkMode();
        Rows rows = rows();
        RowSource all = rows.all();
        RowSource train = rows.train();
        Dataset validation = rows.validation();
        Optimizer opt = Flags.parse("--optimizer", () -> Optimizers.parse(optimizer));
        Built built = build(all, opt);
        if (!standardize) {
            unscaledFeature(train).ifPresent(w -> spec.commandLine().getErr().println("descent: warning: " + w));
        }
        Sequential net = built.net();
        Loss lossFn = built.loss();
        Stack stack = built.stack();
        Optional<double[]> perClass = weights.perClass(train);
        // the rows as the run weighs them: trained on, their total weight found once, and measured at the end
        RowSource weighedTrain = weights.weighed(train, perClass, "training", Path.of(data).getFileName().toString());
        Dataset weighedValidation = validation == null ? null : (Dataset) weights.weighed(validation, perClass, "validation");

        Map<String, Object> runConfig = runConfig(opt, lossFn, stack, validation != null);
        PrintWriter err = spec.commandLine().getErr();
        Optional<Checkpoint> checkpoint = checkpoint(dir, err);
        startingPoint(net, stack, all, runConfig, checkpoint);
        spark.ifPresent(this::startSpark);
        if (spark.isPresent()) {
            // A checkpoint resumes only on the engine, mode, partitions and local steps it was written with; the
            // master may change (it does not change the arithmetic). Local runs add nothing, so their checkpoints
            // are as before.
            engineConfig.forEach((key, value) -> {
                if (!key.equals("spark_master")) {
                    runConfig.put(key, value);
                }
            });
        }
        History history = new History();
        String modelSpec = model != null ? model : defaultModel(all, lossFn);
        // --plot and --report on a one-feature linear regression also draw the path of (w, b) on J(w, b)
        WeightPath path = (plot || report != null) && resume == null && TrainPictures.hasCostSurface(modelSpec,
                lossFn, train, l1 + l2) ? new WeightPath(net::params) : null;
        TrainState state;
        if (checkpoint.isPresent()) {
            Checkpoint c = checkpoint.get();
            checkSameRun(c.runConfig(), runConfig);
            checkSameData(c.model().training(), rows.provenance());
        }
        Map<String, Object> provenance = provenance(runConfig, rows);
        FitOptions options = fitOptions(dir, net, runConfig, provenance, validation != null, checkpoint,
                path == null ? new Callback[0] : new Callback[] {path});
        // only now that every input is accepted, so that a refused run shows its error alone
        WeightOptions.warnUnused(err, data, rows.unusedWeight(), "training");
        WeightOptions.warnUnused(err, validationData, rows.unusedValidationWeight(), "validating");
        if (!quiet) {
            err.println(settingsLine(modelSpec, runConfig, stack, train.features(), options, weights.summary(all, perClass)));
        }
        if (checkpoint.isPresent()) {
            Checkpoint c = checkpoint.get();
            err.println("resumed from epoch " + c.state().epoch());
            err.flush();
            history = c.history();
            state = net.resume(weighedTrain, weighedValidation, options, c.state(), history);
        } else {
            history = net.fit(weighedTrain, weighedValidation, options);
            state = net.state();
        }
        if (history.failure().isPresent()) {
            throw new TrainingFailedException("training failed: " + history.failure().get());
        }
        if (state.average().isPresent() && state.average().get().count() == 0) {
            err.println("descent: warning: --average " + runConfig.get("average") + ": training ended after epoch "
                    + state.epoch() + ", before the average began; the model holds the last weights");
        }
        AtomicFiles.createDirectory(dir, resume != null ? "--resume" : "--out");
        // once: a streamed data set is read from its file again for it
        // with weights, each also every metric weighted (Keras' weighted_metrics), from the same pass
        Evaluation.Results trainMetrics = net.evaluateBoth(weighedTrain);
        Evaluation.Results validationMetrics = validation == null ? new Evaluation.Results(Map.of(), Optional.empty())
                : net.evaluateBoth(weighedValidation);
        SavedModels.save(dir, net, provenance, engineConfig, history, trainMetrics, validationMetrics);
        if (plot || report != null) {
            TrainPictures.Run run = new TrainPictures.Run(spec.commandLine().getParseResult().originalArgs(), runConfig, net,
                    train, validation, trainMetrics, validationMetrics, history, earlyStopping, dir);
            java.util.Optional<java.awt.image.BufferedImage> surface = path == null ? Optional.empty()
                    : TrainPictures.costSurfaceImage(run, path);
            if (plot) {
                TrainPictures.writePlot(run);
                surface.ifPresent(image -> TrainPictures.writeCostSurface(run, image));
            }
            if (report != null) {
                TrainPictures.writeReport(run, report, surface);
            }
        }
        report(trainMetrics, validationMetrics, history, state, dir);
        return ExitCodes.OK;
    }

    /** What the run configuration records of {@code --init-from}: the directory as given, its weights' SHA-256. */
    private static final List<String> INIT_KEYS = List.of("init_from", "init_from_sha256");

    /**
     * The checkpoint {@code --resume} continues from: the newest complete one of epoch {@code --epochs} or earlier.
     * Without one the run starts from the beginning, as the command describes it, and says so; a run that began from a
     * saved model begins from it again only when the command names it ({@link #refuseAForgottenInitFrom}).
     */
    private Optional<Checkpoint> checkpoint(Path dir, PrintWriter err) {
        if (resume == null) {
            return Optional.empty();
        }
        // A damaged checkpoint (a crash mid-write leaves none: they are renamed into place) means disk trouble or a
        // hand edit; say so rather than silently resume from an older one.
        Optional<Checkpoint> checkpoint = Checkpoints.latest(dir, epochs,
                skipped -> err.println("descent: warning: skipping damaged checkpoint " + skipped));
        if (checkpoint.isEmpty()) {
            if (initFrom == null) {
                refuseAForgottenInitFrom(dir);
            }
            err.println("descent: no complete checkpoint of epoch " + epochs + " or earlier in " + dir.resolve("checkpoints")
                    + "; starting from the beginning" + (initFrom == null ? "" : ", from --init-from " + initFrom));
        }
        return checkpoint;
    }

    /**
     * Refuses to start over, from a fresh initialization, a run whose directory holds a model trained from
     * {@code --init-from} when the command gives none: that is not how the run began, and starting it so would silently
     * throw its starting weights away. The directory's model is the only trace of that (a run that has neither finished
     * nor checkpointed leaves none) and cannot say which model this run should start from (with {@code --out} the
     * {@code --init-from} directory itself, it is the starting model), so the command must name it. A model that does
     * not load is an error too, rather than a guess.
     */
    private void refuseAForgottenInitFrom(Path dir) {
        if (!Files.exists(dir.resolve(ModelFiles.MODEL_JSON))) {
            return;
        }
        Object from = Flags.parse("--resume " + dir, () -> ModelFiles.load(dir)).training().get("init_from");
        if (from != null) {
            throw new InputException("--resume " + dir + ": no complete checkpoint of epoch " + epochs + " or earlier to "
                    + "resume from, and its model was trained from --init-from " + from + "; to start over from a saved "
                    + "model, give --init-from DIR (without it the run would start from a fresh initialization)");
        }
    }

    /**
     * Sets where training starts and records it in {@code runConfig}. From a checkpoint, the checkpoint's weights: a run
     * that began from a saved model keeps that record, and its checkpoint's model holds the standardization statistics
     * it took from there (rather than any fitted on the rows); {@code --init-from}, if given, must be the directory as
     * the checkpoint recorded it, like every setting, and is not read again (the checkpoint holds the weights). Without a
     * checkpoint, from {@code --init-from}'s model when given, else from a fresh initialization.
     */
    private void startingPoint(Sequential net, Stack stack, RowSource all, Map<String, Object> runConfig,
                               Optional<Checkpoint> checkpoint) {
        if (initFrom != null) {
            runConfig.put("init_from", initFrom.toString());
        }
        if (checkpoint.isPresent()) {
            Checkpoint c = checkpoint.get();
            if (c.runConfig().containsKey("init_from_sha256")) {
                INIT_KEYS.forEach(key -> runConfig.putIfAbsent(key, c.runConfig().get(key)));
                net.initFrom(c.model());
            }
        } else if (initFrom != null) {
            SavedModel start = startingModel(all, stack);
            net.initFrom(start);
            runConfig.put("init_from_sha256", ModelFiles.weightsSha256(start.params()));
        }
    }

    /**
     * The saved model of {@code --init-from}, checked against the model and the data ({@link WarmStart#mismatch}); a
     * feature whose name differs from the saved one gets a warning, since the weights are matched by position.
     */
    private SavedModel startingModel(RowSource all, Stack stack) {
        SavedModel start = Flags.parse("--init-from", () -> ModelFiles.load(initFrom));
        WarmStart.mismatch(start, stack, standardize, all).ifPresent(m -> {
            throw new InputException("--init-from " + initFrom + ": " + m);
        });
        for (int i = 0; i < all.features(); i++) {
            String saved = start.featureNames().get(i);
            String given = all.featureNames().get(i);
            if (!saved.equals(given)) {
                spec.commandLine().getErr().println("descent: warning: --init-from: feature " + (i + 1) + " is '" + saved
                        + "' in the saved model, '" + given + "' in " + data + "; the weights are matched by position");
                break;
            }
        }
        return start;
    }

    /** Starts Spark on {@code --master} and records the engine for model.json and metrics.json. */
    private void startSpark(SparkMode mode) {
        int steps = mode == SparkMode.AVERAGING ? (localSteps == null ? DEFAULT_LOCAL_STEPS : localSteps) : 1;
        int parts = partitions == null ? DEFAULT_PARTITIONS : partitions;
        SparkRun.Started started = SparkRun.start(master, mode, parts, steps);
        trainingEngine = started.engine();
        engineConfig.put("engine", "spark");
        engineConfig.put("spark_master", started.master());
        engineConfig.put("spark_mode", mode.label());
        engineConfig.put("spark_partitions", parts);
        if (mode == SparkMode.AVERAGING) {
            engineConfig.put("spark_local_steps", steps);
        }
    }

    /**
     * The master URLs Spark accepts (its SparkContext.createTaskScheduler), checked before Spark starts: a bad one
     * would otherwise fail inside Spark, which logs a stack trace of its own first.
     */
    private static final Pattern MASTER = Pattern.compile(
            "local|local\\[([1-9][0-9]*|\\*)(,[1-9][0-9]*)?]|local-cluster\\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*]"
                    + "|spark://\\S+|yarn|k8s://\\S+");

    /**
     * The Spark mode of {@code --engine spark}, or empty for local training, after checking the engine flags:
     * the Spark ones need {@code --engine spark}, {@code --local-steps} needs averaging, the master must be a
     * Spark master URL, and Spark must be on the class path.
     */
    private Optional<SparkMode> sparkMode() {
        if (!engine.equals("local") && !engine.equals("spark")) {
            throw new InputException("unknown --engine '" + engine + "'; valid: local, spark");
        }
        if (engine.equals("local")) {
            for (String[] flag : new String[][] {{"--master", master}, {"--spark-mode", sparkMode},
                    {"--local-steps", localSteps == null ? null : ""}, {"--partitions", partitions == null ? null : ""}}) {
                if (flag[1] != null) {
                    throw new InputException(flag[0] + " needs --engine spark");
                }
            }
            return Optional.empty();
        }
        SparkMode mode;
        try {
            mode = SparkMode.parse(sparkMode == null ? "sync" : sparkMode);
        } catch (IllegalArgumentException e) {
            throw new InputException("unknown --spark-mode '" + sparkMode + "'; valid: sync, averaging");
        }
        if (localSteps != null && localSteps < 1) {
            throw new InputException("--local-steps must be >= 1, got " + localSteps);
        }
        if (localSteps != null && mode != SparkMode.AVERAGING) {
            throw new InputException("--local-steps needs --spark-mode averaging (sync takes one step at a time)");
        }
        if (partitions != null && partitions < 1) {
            throw new InputException("--partitions must be >= 1, got " + partitions);
        }
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new InputException("--master: '" + master + "' is not a Spark master URL; expected local, local[N], "
                    + "local[*], local[N,F], local-cluster[N,C,M], spark://HOST:PORT, yarn or k8s://URL");
        }
        if (stream) {
            throw new InputException("--stream cannot be combined with --engine spark: the partitions hold the rows in memory (drop --stream)");
        }
        if (!SparkRun.available()) {
            throw new InputException("--engine spark needs Apache Spark 4.2 on the class path: set SPARK_HOME to a Spark 4.2 "
                    + "installation (./descent then adds $SPARK_HOME/jars), or run descent.jar with spark-submit");
        }
        return Optional.of(mode);
    }

    /**
     * Checks the settings and loads the rows as {@code train} does: the data, the validation split or file.
     * Shared with {@code lr-sweep}, which trains many models on the same rows.
     */
    Rows rows() {
        Flags.setThreads(threads);
        if (epochs < 0) {
            throw new InputException("--epochs must be >= 0, got " + epochs);
        }
        DType type = dtype();
        // NaN fails both comparisons, so it is rejected too
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new InputException("--validation-split must be in [0, 1), got " + validationSplit);
        }
        if (validationSplit > 0 && validationData != null) {
            throw new InputException("--validation-split and --validation-data cannot be combined; choose one");
        }
        Datasets.Hashed<? extends RowSource> source = stream ? openStream(type) : Datasets.openHashed(data,
                ReadOptions.target(target).withTask(taskHint()).withDType(type).withWeight(weights.sampleWeight));
        RowSource all = source.rows();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("data_sha256", source.sha256());
        RowSource train = all;
        Dataset validation = null;
        Optional<String> unusedValidationWeight = Optional.empty();
        if (validationData != null) {
            Datasets.Hashed<Dataset> file = Datasets.openHashed(validationData, ReadOptions.target(target).withDType(type)
                    .withClasses(all.classes()).withFeatures(all.featureNames()).withTask(taskOf(all)).withWeight(weights.sampleWeight));
            validation = file.rows();
            provenance.put("validation_data_sha256", file.sha256());
            unusedValidationWeight = file.unusedWeight();
        } else if (validationSplit > 0) {
            if (stream) {
                throw new InputException("--validation-split needs the rows in memory; with --stream give --validation-data FILE");
            }
            Splits.TrainValidation split = Flags.parse("--validation-split",
                    () -> Splits.validationSplit((Dataset) all, validationSplit, seed));
            train = split.train();
            validation = split.validation();
        }
        provenance.put("train_rows", train.size());
        provenance.put("validation_rows", validation == null ? 0 : validation.size());
        return new Rows(all, train, validation, provenance, source.unusedWeight(), unusedValidationWeight);
    }

    /** Features whose values reach beyond this, unstandardized, get a warning. */
    static final double UNSCALED = 100;

    /**
     * A warning when an in-memory feature reaches beyond {@link #UNSCALED} in absolute value and the run does not
     * standardize: with pixel values up to 255, an MLP's ReLUs die in the first steps at ordinary rates (loss stuck
     * at log k), a failure that says nothing of its cause. Streamed rows are not read for it.
     */
    static Optional<String> unscaledFeature(RowSource rows) {
        if (!(rows instanceof Dataset d)) {
            return Optional.empty();
        }
        int features = d.features();
        int widest = -1;
        double largest = UNSCALED;
        Tensor x = d.x();
        for (int i = 0; i < x.size(); i++) {
            double v = Math.abs(x.at(i));
            if (v > largest) {
                largest = v;
                widest = i % features;
            }
        }
        return widest < 0 ? Optional.empty() : Optional.of("feature '" + d.featureNames().get(widest) + "' reaches "
                + Numbers.human(largest) + "; unscaled features often stall or derail gradient descent:"
                + " --standardize rescales them (with statistics saved in the model)");
    }

    /** A fresh model for these rows, compiled with {@code opt} and the loss, standardization and penalty chosen. */
    Built build(RowSource all, Optimizer opt) {
        Loss lossFn = Flags.parse("--loss", () -> Loss.parse(loss != null ? loss : defaultLoss(all)));
        checkLossFitsTask(lossFn, all);
        if (weights.classWeight != null && !all.task().isClassification()) {
            throw new InputException("--class-weight weighs classes: it needs a class target and a classification loss "
                    + "(bce, ce, hinge or squared_hinge), not --loss " + lossFn.spec());
        }
        int outputs = lossFn instanceof CrossEntropy ? all.classes().size() : 1;
        Stack stack = Flags.parse("--model", () -> ModelSpec.stack(model != null ? model : defaultModel(all, lossFn), outputs));
        Sequential net = new Sequential(stack.layers().toArray(Layer[]::new)).dtype(dtype());
        if (standardize) {
            net.standardize();
        }
        penalty().ifPresent(net::penalty);
        net.compile(opt, lossFn);
        return new Built(net, lossFn, stack);
    }

    /** The directory to write, checked before any work, like {@code --report}. */
    private Path outputDirectory() {
        if (report != null) {
            AtomicFiles.checkFile(report, "--report");
        }
        if (resume != null) {
            if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
                throw new InputException("--out " + out + " must be the --resume directory " + resume + " (or left out)");
            }
            AtomicFiles.checkDirectory(resume, "--resume");
            return resume;
        }
        if (out == null) {
            throw new InputException("--out DIR is required (the model directory to write)");
        }
        AtomicFiles.checkDirectory(out, "--out");
        return out;
    }

    /**
     * The training rows of a {@code .dsc} file, memory-mapped. A CSV is first converted, in two streaming passes,
     * into a temporary {@code .dsc} file that is deleted when the command ends: batches are then drawn from a true
     * shuffle of every row (the same batches as in-memory training), not from a shuffle buffer. The SHA-256 is the
     * given file's: a CSV's from the conversion's first pass, a {@code .dsc} file's from a streaming pass. With
     * {@code --sample-weight COL} a CSV's column is carried into the temporary file, and a {@code .dsc} file's weight
     * column must be COL; a weighted {@code .dsc} file trained without the flag trains unweighted (its weights apply
     * only when asked for, so that the command line says what a run does), which the returned rows report for a
     * warning. A {@code .dsc} file's target must be {@code --target} and its task the one {@code --task} names (when
     * not {@code auto}), as for a read into memory ({@link Datasets#openDsc}).
     */
    private Datasets.Hashed<DscFile> openStream(DType type) {
        if (!Datasets.isDsc(data) && !ConvertCommand.isCsvFile(data)) {
            throw new InputException("--stream reads .dsc or .csv files, not " + data);
        }
        if (type != DType.FLOAT32) {
            throw new InputException("--stream trains in float32 (the .dsc format's type), not " + type);
        }
        if (batchSize().isFull()) {
            throw new InputException("--batch-size full needs every row in memory at once; drop --stream or use mini-batches");
        }
        Path path = Path.of(data);
        ReadOptions options = ReadOptions.target(target).withTask(taskHint()).withWeight(weights.sampleWeight);
        String sha256 = null;
        if (!Datasets.isDsc(data)) {
            try {
                Path temp = Files.createTempFile("descent-stream-", ".dsc");
                temp.toFile().deleteOnExit();
                sha256 = CsvData.convertToDsc(path, options, temp);
                path = temp;
            } catch (IOException e) {
                throw new InputException("--stream: cannot create a temporary file: " + e.getMessage());
            }
        }
        Datasets.Hashed<DscFile> file = Datasets.openDsc(data, path, options, sha256 == null);
        return sha256 == null ? file : new Datasets.Hashed<>(file.rows(), sha256, file.unusedWeight());
    }

    private DType dtype() {
        return Flags.parse("--dtype", () -> DType.parse(dtype));
    }

    private TaskHint taskHint() {
        return Flags.parse("--task", () -> TaskHint.parse(task));
    }

    BatchSize batchSize() {
        return Flags.parse("--batch-size", () -> BatchSize.parse(batchSize));
    }

    private static TaskHint taskOf(RowSource d) {
        return d.task().isClassification() ? TaskHint.CLASSIFICATION : TaskHint.REGRESSION;
    }

    private static String defaultLoss(RowSource d) {
        return switch (d.task()) {
            case REGRESSION -> "mse";
            case BINARY -> "bce";
            case MULTICLASS -> "ce";
        };
    }

    /** The model a task (and a margin loss: a linear SVM) gets without {@code --model}. */
    private static String defaultModel(RowSource d, Loss lossFn) {
        return switch (d.task()) {
            case REGRESSION -> "linear";
            case BINARY -> lossFn instanceof MarginLoss ? "linear" : "logistic";
            case MULTICLASS -> "softmax";
        };
    }

    private void checkLossFitsTask(Loss lossFn, RowSource d) {
        if (d.task().isClassification() && d.classes().size() < 2) {
            throw new InputException(data + ": the target '" + target + "' has one class only ('" + d.classes().getFirst()
                    + "'); a classifier needs at least 2 (use --task regression for a numeric target)");
        }
        boolean binaryLoss = lossFn instanceof BinaryCrossEntropy || lossFn instanceof MarginLoss;
        boolean classifierLoss = lossFn instanceof CrossEntropy || binaryLoss;
        if (classifierLoss && !d.task().isClassification()) {
            throw new InputException("--loss " + lossFn.spec() + " needs a class target, but '" + target + "' in " + data
                    + " looks like a regression target (use --task classification to force classes)");
        }
        if (!classifierLoss && d.task().isClassification()) {
            throw new InputException("--loss " + lossFn.spec() + " is for regression, but '" + target + "' in " + data
                    + " has " + d.classes().size() + " classes (use --loss ce, bce or hinge, or --task regression)");
        }
        if (binaryLoss && d.classes().size() != 2) {
            throw new InputException("--loss " + lossFn.spec() + " needs 2 classes, '" + target + "' has "
                    + d.classes().size() + " (use --loss ce)");
        }
    }

    private Optional<dev.descent.nn.loss.Penalty> penalty() {
        if (l1 != 0 && l2 != 0) {
            throw new InputException("--l1 and --l2 cannot be combined; choose one");
        }
        // != 0 rather than > 0: a negative or NaN value goes to the penalty, which rejects it
        return l2 != 0 ? Optional.of(Flags.parse("--l2", () -> new L2(l2)))
                : l1 != 0 ? Optional.of(Flags.parse("--l1", () -> new L1(l1))) : Optional.empty();
    }

    /**
     * What model.json records of the run: its settings, the engine, and the data ({@link Rows#provenance}).
     */
    private Map<String, Object> provenance(Map<String, Object> runConfig, Rows rows) {
        Map<String, Object> p = new LinkedHashMap<>(runConfig);
        p.putAll(engineConfig);
        p.putAll(rows.provenance());
        return p;
    }

    /**
     * The fit options of these settings; {@code extra} callbacks observe after the built-in ones. Checkpoints record
     * {@code runConfig} to check a resumed run against, and {@code provenance} in their model.json. They hold no class
     * weights: the commands multiply {@code --class-weight} into the rows they train on ({@link WeightOptions#weighed}).
     */
    FitOptions fitOptions(Path dir, Sequential net, Map<String, Object> runConfig, Map<String, Object> provenance,
                          boolean hasValidation, Optional<Checkpoint> resumed, Callback... extra) {
        FitOptions.Builder b = FitOptions.builder().epochs(epochs).batchSize(batchSize()).shuffle(shuffle).dropLast(dropLast)
                .seed(seed).clipNorm(Flags.atLeastZero("--clip-norm", clipNorm))
                .clipNormPerTensor(Flags.atLeastZero("--clip-norm-per-tensor", clipNormPerTensor))
                .clipValue(Flags.atLeastZero("--clip-value", clipValue)).engine(trainingEngine);
        // checked with or without --schedule, so that a typo is not silently ignored
        ScheduleUnit unit = Flags.parse("--schedule-unit", () -> ScheduleUnit.parse(scheduleUnit));
        if (schedule != null) {
            b.schedule(Flags.parse("--schedule", () -> Schedules.parse(schedule)), unit);
        }
        averaging().ifPresent(b::average);
        b.callback(new TerminateOnNaN());
        if (!quiet) {
            b.callback(new ProgressBar(System.err, Terminal.stderrIsTerminal(), System::nanoTime));
            b.callback(new VanishingGradientWarning(System.err, VanishingGradientWarning.DEFAULT_RATIO));
        }
        Optional<EarlyStopping.Tracker> stopper = earlyStopping(hasValidation, resumed);
        stopper.ifPresent(b::callback);
        for (Callback c : extra) {
            b.callback(c);
        }
        if (checkpointEvery < 0) {
            throw new InputException("--checkpoint-every must be >= 0, got " + checkpointEvery);
        }
        if (checkpointEvery > 0) {
            // the trainer checkpoints after the callbacks, so the best weights are those as of the checkpoint's epoch
            b.checkpoint(checkpointEvery, cp -> Checkpoints.write(dir, SavedModels.of(net, cp.state().params(), provenance),
                    cp.state(), cp.history(), runConfig, stopper.flatMap(EarlyStopping.Tracker::best)));
        }
        return b.build();
    }

    /**
     * The early-stopping callback of {@code --early-stopping}, if given. A resumed run replays the epochs it
     * already has, so it stops where the uninterrupted run would, and takes the best weights the checkpoint kept,
     * so that restore_best ends it with the same weights.
     */
    private Optional<EarlyStopping.Tracker> earlyStopping(boolean hasValidation, Optional<Checkpoint> resumed) {
        if (earlyStopping == null) {
            return Optional.empty();
        }
        EarlyStopping es = earlyStopping(hasValidation);
        return Optional.of(resumed.map(c -> es.resume(c.history(), c.state().modelParams(), c.best())).orElseGet(es::start));
    }

    /**
     * {@code --average} parsed, if given. An {@code swa} average that starts after the last epoch is not refused: a
     * run may be stopped early on purpose, to be resumed with more epochs; the end of training warns instead.
     */
    private Optional<WeightAverage> averaging() {
        return average == null ? Optional.empty() : Optional.of(Flags.parse("--average", () -> Averages.parse(average)));
    }

    /** {@code --early-stopping} parsed; it monitors val_loss when there is validation data, else loss. */
    private EarlyStopping earlyStopping(boolean hasValidation) {
        return Flags.parse("--early-stopping", () -> EarlyStopping.parse(earlyStopping, hasValidation ? "val_loss" : "loss"));
    }

    Map<String, Object> runConfig(Optimizer opt, Loss lossFn, Stack stack, boolean hasValidation) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("data", data);
        c.put("target", target);
        c.put("model", model != null ? model : "(default)");
        c.put("layers", stack.layers().size());
        c.put("loss", lossFn.spec());
        c.put("optimizer", opt.spec());
        c.put("schedule", schedule == null ? "" : schedule);
        c.put("schedule_unit", scheduleUnit);
        c.put("batch_size", batchSize);
        c.put("seed", seed);
        c.put("shuffle", shuffle);
        c.put("drop_last", dropLast);
        c.put("validation_split", validationSplit);
        c.put("validation_data", validationData == null ? "" : validationData);
        c.put("standardize", standardize);
        c.put("l1", l1);
        c.put("l2", l2);
        c.put("clip_norm", clipNorm);
        c.put("clip_value", clipValue);
        if (clipNormPerTensor != 0) {
            // only when given, so that checkpoints written before the option existed resume as before
            c.put("clip_norm_per_tensor", clipNormPerTensor);
        }
        c.put("dtype", dtype);
        // only when given, so that the checkpoints of unweighted runs are as before
        weights.record(c);
        if (earlyStopping != null) {
            // written out in full, so that "patience=5" and "patience=5,min_delta=0" are the same run on --resume
            c.put("early_stopping", earlyStopping(hasValidation).spec());
        }
        // only when given, so that a run without it has the configuration that checkpoints recorded before it existed
        averaging().ifPresent(a -> c.put("average", a.spec()));
        return c;
    }

    /**
     * The effective settings, defaults filled in, printed before training so that a run's log says what ran:
     * {@code descent: mlp(64), widths 64-64-10, 4,810 parameters; loss ce; optimizer adam(lr=0.001, ...); batch 32,
     * 10 epochs, seed 0, float32}.
     */
    private String settingsLine(String modelSpec, Map<String, Object> config, Stack stack, int features,
                                FitOptions options, String weighting) {
        StringBuilder widths = new StringBuilder().append(features);
        for (Layer layer : stack.layers()) {
            if (layer instanceof Dense dense) {
                widths.append('-').append(dense.units());
            }
        }
        StringBuilder line = new StringBuilder("descent: ").append(modelSpec).append(", widths ").append(widths)
                .append(", ").append(String.format(Locale.ROOT, "%,d", stack.parameterCount(features)))
                .append(" parameters; loss ").append(config.get("loss"))
                .append("; optimizer ").append(config.get("optimizer"));
        options.schedule().ifPresent(s -> line.append(" with schedule ").append(s.spec()).append(" per ")
                .append(scheduleUnit));
        line.append("; batch ").append(batchSize).append(", ").append(epochs).append(epochs == 1 ? " epoch" : " epochs")
                .append(", seed ").append(seed)
                .append(", ").append(dtype);
        if (initFrom != null) {
            line.append(", from ").append(initFrom);
        }
        if (l1 > 0 || l2 > 0) {
            line.append(l1 > 0 ? ", l1 " + l1 : "").append(l2 > 0 ? ", l2 " + l2 : "");
        }
        Clipping clip = options.clipping();
        if (clip.value() > 0) {
            line.append(", clip value ").append(clip.value());
        }
        if (clip.normPerTensor() > 0) {
            line.append(", clip norm per tensor ").append(clip.normPerTensor());
        }
        if (clip.globalNorm() > 0) {
            line.append(", clip norm ").append(clip.globalNorm());
        }
        if (!weighting.isEmpty()) {
            line.append(", ").append(weighting);
        }
        if (earlyStopping != null) {
            line.append(", early stopping ").append(config.get("early_stopping"));
        }
        if (average != null) {
            line.append(", average ").append(config.get("average"));
        }
        return line.toString();
    }

    /** A resumed run must be the same run: every setting but --epochs equal to the checkpoint's. */
    private static void checkSameRun(Map<String, Object> saved, Map<String, Object> now) {
        Set<String> keys = new LinkedHashSet<>(now.keySet());
        keys.addAll(saved.keySet());
        for (String key : keys) {
            Object before = saved.get(key);
            Object after = now.get(key);
            if (before == null || after == null || !String.valueOf(before).equals(String.valueOf(after))) {
                throw new InputException("--resume: the checkpoint was trained with " + setting(key, before)
                        + ", this command has " + setting(key, after) + "; resume with the same options (only --epochs "
                        + "and --master may change)");
            }
        }
    }

    /**
     * A resumed run must read the same bytes: the SHA-256 of the data file (and of the validation file) that the
     * checkpoint's model.json recorded, against the file's now. The same options on other rows would continue the
     * run on data it did not start from, which no uninterrupted run does. A checkpoint written before the hashes
     * were recorded has none and is not checked.
     */
    private void checkSameData(Map<String, Object> saved, Map<String, Object> now) {
        checkSameFile("data_sha256", data, saved, now);
        checkSameFile("validation_data_sha256", validationData, saved, now);
    }

    private static void checkSameFile(String key, String file, Map<String, Object> saved, Map<String, Object> now) {
        Object before = saved.get(key);
        Object after = now.get(key);
        // checkSameRun has made both runs name the same files, so a hash that one side lacks is an older checkpoint's
        if (before != null && after != null && !before.equals(after)) {
            throw new InputException("--resume: " + file + " has changed since the checkpoint: its SHA-256 is now "
                    + after + ", the checkpoint was trained on " + before + "; resume on the same data");
        }
    }

    private static String setting(String key, Object value) {
        return value == null ? "no " + key : key + "=" + value;
    }

    /** The closing lines: how the run ended, then each set's metrics, each followed by its weighted ones, if any. */
    private void report(Evaluation.Results trainMetrics, Evaluation.Results validationMetrics, History history,
                        TrainState state, Path dir) {
        PrintWriter w = spec.commandLine().getOut();
        history.stopReason().ifPresent(r -> w.println("stopped: " + r));
        w.println("trained " + state.epoch() + " epochs, " + state.step() + " updates; model written to " + dir);
        print(w, "train      ", trainMetrics);
        print(w, "validation ", validationMetrics);
        w.flush();
    }

    private static void print(PrintWriter w, String label, Evaluation.Results metrics) {
        if (!metrics.metrics().isEmpty()) {
            w.println(label + Metrics.line(metrics.metrics()));
            metrics.weighted().ifPresent(m -> w.println("(weighted) " + Metrics.line(m)));
        }
    }
}
