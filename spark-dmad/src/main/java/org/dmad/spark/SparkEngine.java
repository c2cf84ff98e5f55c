package org.dmad.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.dmad.evaluation.harness.Benchmark;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.Runner;
import org.dmad.evaluation.harness.ScaleOutEngine;

/**
 * {@code --engine spark} for {@code dmad bench} and {@code dmad score} (found through {@link java.util.ServiceLoader}).
 * It joins the session spark-submit made, or starts one: on {@code --master} when given, else on
 * {@code spark.master} as spark-submit sets it, else {@code local[*]}; a session it started it also stops.
 */
public final class SparkEngine implements ScaleOutEngine {

    /** Set to false when the executors already have dmad: the driver's classpath is then not shipped. */
    public static final String SHIP_CLASSPATH = "spark.dmad.shipClasspath";

    /** Creates the engine (for {@link java.util.ServiceLoader}). */
    public SparkEngine() {}

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public List<ResultRow> bench(Benchmark.Settings s, String master, Runner.Listener listener) throws IOException {
        boolean existed = SparkSession.getActiveSession().isDefined()
                || SparkSession.getDefaultSession().isDefined();
        SparkSession spark = session(master);
        try {
            return SparkBenchmark.run(spark, s, listener);
        } finally {
            if (!existed) {
                spark.stop();
            }
        }
    }

    @Override
    public String score(Path model, String data, String out, String labelColumn, String master) throws IOException {
        boolean existed = SparkSession.getActiveSession().isDefined()
                || SparkSession.getDefaultSession().isDefined();
        SparkSession spark = session(master);
        try {
            SparkScoring.Summary summary = SparkScoring.scoreFile(spark, model, data, out, labelColumn);
            return String.format(
                    Locale.ROOT,
                    "Scored %d rows of %s on %s: %d predicted ANOMALOUS%nScores: %s",
                    summary.rows(),
                    data,
                    spark.sparkContext().master(),
                    summary.anomalous(),
                    summary.out());
        } finally {
            if (!existed) {
                spark.stop();
            }
        }
    }

    /**
     * The session dmad uses: the active one, or a new one with dmad's executor defaults (see {@link #defaults}).
     *
     * @param master a master URL, or null for spark-submit's or {@code local[*]}.
     * @return the session.
     */
    public static SparkSession session(String master) {
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        return SparkSession.builder().config(defaults(conf)).getOrCreate();
    }

    /**
     * dmad's defaults, each only where the user has not set it: the application name; {@code OMP_WAIT_POLICY=PASSIVE}
     * for executors (PyTorch's OpenMP threads otherwise spin and oversubscribe the cores); executor JVMs with one
     * PyTorch inter-op thread and as many intra-op threads as {@code spark.task.cpus} (so that concurrent tasks do
     * not each take every core of the machine) and DJL's offline mode; no web UI in local mode (it would hold a
     * port per run); and, on a cluster master, {@code spark.jars} listing this JVM's classpath but Spark's own jars
     * (classes folders packed into jars, see {@link ExecutorJars}), so that executors of a plain Spark installation
     * get dmad and its libraries. spark-submit sets {@code spark.jars} itself, and
     * {@code spark.dmad.shipClasspath=false} turns the shipping off (for workers that already have dmad).
     *
     * @param conf a configuration.
     * @return the same configuration.
     */
    public static SparkConf defaults(SparkConf conf) {
        conf.setIfMissing("spark.app.name", "dmad");
        conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        conf.setIfMissing(
                "spark.executor.extraJavaOptions",
                "-Dai.djl.pytorch.num_threads=" + conf.get("spark.task.cpus", "1")
                        + " -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.offline=true");
        String master = conf.get("spark.master", "local");
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
        } else if (!conf.contains("spark.jars") && conf.getBoolean(SHIP_CLASSPATH, true)) {
            List<String> jars = new ArrayList<>();
            for (Path jar : ExecutorJars.fromThisJvm()) {
                jars.add(jar.toString());
            }
            conf.set("spark.jars", String.join(",", jars));
        }
        return conf;
    }
}
