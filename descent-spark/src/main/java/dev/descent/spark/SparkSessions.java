package dev.descent.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session descent trains with, one per JVM ({@code getOrCreate}): no web UI and no console progress
 * bar, log level WARN, and for a local master a driver bound to the loopback address only, so a local run
 * listens on nothing but 127.0.0.1.
 */
public final class SparkSessions {

    /** The master when none is given and spark-submit set none: every core of this machine. */
    public static final String DEFAULT_MASTER = "local[*]";

    private SparkSessions() {
    }

    /**
     * The JVM's session, started on {@code master} if none runs yet. When one already runs, it is returned as it
     * is, on its own master ({@code getOrCreate}: Spark allows one context per JVM); the caller reads the master it
     * got from the session (the command line records that one in metrics.json).
     *
     * @param master a Spark master URL ({@code local[2]}, {@code spark://host:7077}, {@code yarn}, ...), or null
     *               for the one spark-submit configured ({@code spark.master}), else {@link #DEFAULT_MASTER}
     */
    public static SparkSession session(String master) {
        String url = master != null ? master : System.getProperty("spark.master", DEFAULT_MASTER);
        SparkSession.Builder b = SparkSession.builder().appName("descent").master(url)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false");
        if (url.startsWith("local")) {
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession session = b.getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }

    /** The Java API's context of {@code session}. */
    public static JavaSparkContext context(SparkSession session) {
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }
}
