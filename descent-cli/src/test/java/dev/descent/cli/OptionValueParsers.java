package dev.descent.cli;

import dev.descent.data.BatchSize;
import dev.descent.data.ClassWeights;
import dev.descent.data.TaskHint;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Averages;
import dev.descent.optim.Optimizers;
import dev.descent.optim.schedule.Schedules;
import dev.descent.spark.SparkMode;
import dev.descent.tensor.DType;
import dev.descent.train.ScheduleUnit;
import dev.descent.train.callback.EarlyStopping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The parsers the commands run on their spec-valued options, keyed {@code "command --option"}, so that a value the
 * docs show is read as the command would read it. Each is the call the command makes ({@code train} parses
 * {@code --optimizer} with {@link Optimizers#parse}, {@code lr-sweep} with its own lr-replacing
 * {@link LrSweepCommand#baseOptimizer}); a rejection throws.
 */
final class OptionValueParsers {

    /** The rate lr-sweep puts into a spec before parsing it: its --min default. */
    private static final double SWEEP_MIN = 1e-5;

    private static final Map<String, Consumer<String>> PARSERS = new LinkedHashMap<>();

    static {
        add(ModelSpec::parse, "train --model", "lr-sweep --model");
        add(Loss::parse, "train --loss", "lr-sweep --loss");
        add(Optimizers::parse, "train --optimizer", "minimize --optimizer");
        add(text -> LrSweepCommand.baseOptimizer(text, SWEEP_MIN), "lr-sweep --optimizer");
        add(text -> CompareCommand.racers(CompareCommand.split(text)), "compare --optimizers");
        add(Schedules::parse, "train --schedule", "minimize --schedule");
        add(ScheduleUnit::parse, "train --schedule-unit");
        add(text -> EarlyStopping.parse(text, "val_loss"), "train --early-stopping");
        add(Averages::parse, "train --average");
        add(ClassWeights::parse, "train --class-weight", "evaluate --class-weight", "lr-sweep --class-weight");
        add(BatchSize::parse, "train --batch-size", "lr-sweep --batch-size");
        add(DType::parse, "train --dtype");
        add(TaskHint::parse, "train --task", "lr-sweep --task", "convert --task");
        add(SparkMode::parse, "train --spark-mode");
    }

    private OptionValueParsers() {
    }

    private static void add(Consumer<String> parser, String... keys) {
        for (String key : keys) {
            PARSERS.put(key, parser);
        }
    }

    /** The parser of {@code option}'s values in {@code command}, if its values are specs. */
    static Optional<Consumer<String>> of(String command, String option) {
        return Optional.ofNullable(PARSERS.get(command + " " + option));
    }
}
