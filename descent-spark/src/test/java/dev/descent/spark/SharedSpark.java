package dev.descent.spark;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one local Spark session of this test JVM ({@code local[2]}, UI off, driver on 127.0.0.1, log level
 * WARN), started by the first test that needs it and stopped by Spark's shutdown hook when the JVM exits.
 */
final class SharedSpark {

    private static JavaSparkContext context;

    private SharedSpark() {
    }

    static synchronized JavaSparkContext context() {
        if (context == null) {
            context = SparkSessions.context(SparkSessions.session("local[2]"));
        }
        return context;
    }
}
