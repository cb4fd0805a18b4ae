package dev.descent.cli;

import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.io.ModelFiles;
import dev.descent.io.SavedModel;
import dev.descent.model.Sequential;
import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;
import dev.descent.train.Evaluation;
import dev.descent.train.callback.History;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Between a trained {@link Sequential} with its data's metadata and the files of {@code dev.descent.io}. */
final class SavedModels {

    private SavedModels() {
    }

    /**
     * The saved form of {@code net} with {@code params}; {@code provenance} says how it was trained (settings,
     * engine, data), and the creation time and descent's version are added.
     */
    static SavedModel of(Sequential net, Params params, Map<String, Object> provenance) {
        Map<String, Object> training = new LinkedHashMap<>(provenance);
        training.put("created", Instant.now().toString());
        String version = SavedModels.class.getPackage().getImplementationVersion();
        training.put("descent_version", version == null ? "development build" : version);
        return net.toSaved(params, training);
    }

    /**
     * Writes model.json, weights.bin, history.csv and metrics.json into {@code dir}; {@code engineConfig}, which
     * metrics.json also records, says where the model was trained ({@code engine}, and for Spark
     * {@code spark_master}, {@code spark_mode}, ...); {@code validationMetrics} is empty without validation data. The
     * metrics are those of {@code net}'s weights, the average's with {@code --average}, whose spec metrics.json then
     * records beside the engine. Weighted rows add their weighted metrics as the objects {@code weighted} and
     * {@code val_weighted}, keyed as {@code evaluate --json} with the same weights prints them.
     */
    static void save(Path dir, Sequential net, Map<String, Object> provenance, Map<String, Object> engineConfig,
                     History history, Evaluation.Results trainMetrics, Evaluation.Results validationMetrics) {
        ModelFiles.save(dir, of(net, net.params(), provenance));
        ModelFiles.writeHistory(dir.resolve("history.csv"), history);
        Map<String, Object> metrics = new LinkedHashMap<>(trainMetrics.metrics());
        validationMetrics.metrics().forEach((k, v) -> metrics.put("val_" + k, v));
        trainMetrics.weighted().ifPresent(m -> metrics.put("weighted", m));
        validationMetrics.weighted().ifPresent(m -> metrics.put("val_weighted", m));
        metrics.putAll(engineConfig);
        if (provenance.containsKey("average")) {
            metrics.put("average", provenance.get("average"));
        }
        metrics.put("epochs", history.epochs().size());
        history.stopReason().ifPresent(r -> metrics.put("stop_reason", r));
        ModelFiles.writeMetrics(dir.resolve("metrics.json"), metrics);
    }

    /** {@code d} with the model's standardization applied. */
    static Dataset prepare(SavedModel model, Dataset d) {
        return model.standardizer().map(s -> s.apply(d)).orElse(d);
    }

    /** Features with the model's standardization applied. */
    static Tensor prepareFeatures(SavedModel model, Tensor x) {
        return model.standardizer().map(s -> s.apply(x)).orElse(x);
    }

    /** A flat JSON object of metrics ({@code evaluate --json}). */
    static String json(Map<String, ?> metrics) {
        return ModelFiles.metricsJson(metrics).strip();
    }
}
