package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A way to run the benchmark grid and batch scoring on more than one machine, found with {@link ServiceLoader} so
 * that its libraries (Spark) stay off the classpath of users who do not ask for it. The optional spark-dmad module
 * provides {@code spark}. The plain harness ({@link Benchmark}) remains the default.
 */
public interface ScaleOutEngine {

    /** @return the engine's command-line name, e.g. {@code spark}. */
    String name();

    /**
     * Runs a benchmark: the same cells, rows, run records and report as {@link Benchmark#run}, and resumable in
     * the same way (cells already completed in the output folder are not submitted).
     *
     * @param s        the settings; its data sources must be serializable.
     * @param master   the cluster to use (a Spark master URL), or null for the engine's default.
     * @param listener progress observer.
     * @return every row of the results file.
     * @throws IOException when the output cannot be written.
     */
    List<ResultRow> bench(Benchmark.Settings s, String master, Runner.Listener listener) throws IOException;

    /**
     * Scores every row of a file with a saved model.
     *
     * @param model       the model file (from {@code dmad train}).
     * @param data        the rows to score: a path or URI the cluster can read (e.g. {@code hdfs://...}).
     * @param out         where to write the scores, likewise.
     * @param labelColumn the label column to carry through, or null for none.
     * @param master      the cluster to use, or null for the engine's default.
     * @return a short human-readable summary of what was written.
     * @throws IOException when reading or writing fails.
     */
    String score(Path model, String data, String out, String labelColumn, String master) throws IOException;

    /**
     * Finds an engine by name.
     *
     * @param name the command-line name.
     * @return the engine.
     * @throws IllegalArgumentException when no module on the classpath provides it.
     */
    static ScaleOutEngine find(String name) {
        for (ScaleOutEngine e : ServiceLoader.load(ScaleOutEngine.class, ScaleOutEngine.class.getClassLoader())) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("--engine " + name + " needs the " + name + "-dmad module on the classpath"
                + " (./dmad adds it when --engine " + name + " is given; from Java, depend on org.dmad:" + name
                + "-dmad). See docs/SPARK.md");
    }
}
