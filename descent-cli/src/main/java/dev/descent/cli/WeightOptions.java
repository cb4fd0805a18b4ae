package dev.descent.cli;

import dev.descent.data.ClassWeightedRows;
import dev.descent.data.ClassWeights;
import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --sample-weight COL} and {@code --class-weight SPEC}, the options that weigh rows, read and checked alike by
 * {@code train} and {@code lr-sweep} (which minimize the weighted mean loss) and {@code evaluate} (which weighs every
 * metric). The sample weights are read with the data ({@code ReadOptions.withWeight}); the class weights are
 * resolved on the rows they weigh ({@link ClassWeights#resolve}) and multiplied in.
 */
final class WeightOptions {

    @Option(names = "--sample-weight", paramLabel = "COL", description = "weigh each row by this column of the data "
            + "(a number >= 0; not a feature): train and lr-sweep minimize the weighted mean loss sum(w*loss)/sum(w), "
            + "train also reports every metric weighted, evaluate weighs every metric")
    String sampleWeight;

    @Option(names = "--class-weight", paramLabel = "SPEC", description = "weigh each class (class targets): balanced (n/(k*n_c), "
            + "rows counted: the training rows, or --data's for evaluate) or \"A=2,B=0.5\" (the labels as in the target "
            + "column)")
    String classWeight;

    /** Whether either option is given. */
    boolean any() {
        return sampleWeight != null || classWeight != null;
    }

    /** {@code --class-weight} parsed, if given. */
    Optional<ClassWeights> classWeights() {
        return Optional.ofNullable(classWeight).map(text -> Flags.parse("--class-weight", () -> ClassWeights.parse(text)));
    }

    /**
     * The weight of each class index, resolved on {@code rows} (which {@code balanced} counts: in memory, or a streamed
     * file's target column), if given.
     */
    Optional<double[]> perClass(RowSource rows) {
        return classWeights().map(c -> Flags.parse("--class-weight", () -> c.resolve(rows)));
    }

    /** The options given, as they would be passed on to another command. */
    List<String> args() {
        List<String> args = new ArrayList<>();
        if (sampleWeight != null) {
            args.addAll(List.of("--sample-weight", sampleWeight));
        }
        if (classWeight != null) {
            args.addAll(List.of("--class-weight", classWeight));
        }
        return args;
    }

    /** What a run's configuration records: {@code sample_weight} and {@code class_weight}, each only when given. */
    void record(Map<String, Object> config) {
        if (sampleWeight != null) {
            config.put("sample_weight", sampleWeight);
        }
        classWeights().ifPresent(w -> config.put("class_weight", w.spec()));
    }

    /**
     * {@code rows} with each row's weight multiplied by its class's, when there are class weights; refuses weighted rows
     * whose weights sum to 0, which leave nothing to learn or measure. {@code which} names the rows in that error
     * ({@code training}, {@code validation}, ...) and the data set's source the file. The rows are in memory (a
     * {@link Dataset}).
     */
    RowSource weighed(RowSource rows, Optional<double[]> perClass, String which) {
        return weighed(rows, perClass, which, ((Dataset) rows).source());
    }

    /**
     * {@link #weighed(RowSource, Optional, String)} for rows in memory or streamed from a file (weighed by class as their
     * batches are gathered, their total weight found once, in a pass over the file's target and weight columns);
     * {@code file} names them in the error. {@code train} and {@code lr-sweep} train on these rows, so that training
     * does not weigh or sum them again.
     */
    RowSource weighed(RowSource rows, Optional<double[]> perClass, String which, String file) {
        RowSource weighed = perClass.map(w -> ClassWeightedRows.of(rows, w)).orElse(rows);
        if (weighed.weighted() && !(weighed.totalWeight() > 0)) {
            throw new InputException(file + ": the " + which + " rows' weights (" + describe() + ") sum to 0");
        }
        return weighed;
    }

    /**
     * Warns on {@code err}, once the command has accepted its inputs, that {@code file} holds sample weights (the weight
     * column {@code column} of a {@code .dsc} file) that it leaves out, {@code doing} ({@code training},
     * {@code evaluating}, ...) unweighted: a file's weights apply only when asked for, as a CSV column's do. Nothing
     * without a column.
     */
    static void warnUnused(PrintWriter err, String file, Optional<String> column, String doing) {
        column.ifPresent(w -> err.println("descent: warning: " + file + " holds sample weights '" + w + "'; " + doing
                + " unweighted (give --sample-weight " + w + " to use them)"));
    }

    /** The options given, for messages: {@code --sample-weight w times --class-weight balanced}. */
    String describe() {
        return (sampleWeight != null ? "--sample-weight " + sampleWeight : "")
                + (sampleWeight != null && classWeight != null ? " times " : "")
                + (classWeight != null ? "--class-weight " + classWeight : "");
    }

    /**
     * The weights in use, for the settings line and evaluate's heading, empty without any: {@code sample weights 'w',
     * class weights (0=0.66666667, 1=2)}, the class weights {@code perClass} resolved on {@code rows}.
     */
    String summary(RowSource rows, Optional<double[]> perClass) {
        List<String> parts = new ArrayList<>();
        if (sampleWeight != null) {
            parts.add("sample weights '" + sampleWeight + "'");
        }
        perClass.ifPresent(w -> parts.add("class weights " + classes(rows, w)));
        return String.join(", ", parts);
    }

    /** Class weights as {@code (label=weight, ...)} in class order. */
    private static String classes(RowSource rows, double[] perClass) {
        StringBuilder s = new StringBuilder("(");
        for (int c = 0; c < perClass.length; c++) {
            s.append(c == 0 ? "" : ", ").append(rows.classes().get(c)).append('=').append(Numbers.human(perClass[c]));
        }
        return s.append(')').toString();
    }
}
