package dev.descent.cli;

import dev.descent.spark.SparkEngine;
import dev.descent.spark.SparkMode;
import dev.descent.spark.SparkSessions;
import dev.descent.train.Engine;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code train --engine spark}: the one class of the command that touches Spark's own types, loaded only once
 * {@link #available()} says Spark is on the class path (it is a provided dependency: {@code $SPARK_HOME/jars}
 * through the launcher, or spark-submit).
 */
final class SparkRun {

    /** The engine of a run and the master it runs on, for metrics.json. */
    record Started(Engine engine, String master) {
    }

    private SparkRun() {
    }

    /** Whether Spark's classes can be loaded. */
    static boolean available() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkRun.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Starts (or joins) the JVM's Spark session on {@code master} (null: spark-submit's, else local[*]). */
    static Started start(String master, SparkMode mode, int partitions, int localSteps) {
        JavaSparkContext context;
        try {
            context = SparkSessions.context(SparkSessions.session(master));
        } catch (Exception e) { // Spark's own exceptions are checked ones it throws undeclared
            String cause = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new InputException("--master " + (master == null ? "(spark-submit's)" : master)
                    + ": Spark did not start: " + cause);
        }
        return new Started(new SparkEngine(context, mode, partitions, localSteps), context.master());
    }
}
