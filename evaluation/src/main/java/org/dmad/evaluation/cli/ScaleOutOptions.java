package org.dmad.evaluation.cli;

import java.io.IOException;
import java.util.List;
import org.dmad.evaluation.harness.Benchmark;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.Runner;
import org.dmad.evaluation.harness.ScaleOutEngine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --engine} and {@code --master}: where bench and score run (this JVM, or a Spark cluster). */
final class ScaleOutOptions {

    @Option(
            names = "--engine",
            paramLabel = "NAME",
            defaultValue = "local",
            description = "local (this JVM) or spark (the optional spark-dmad module, see docs/SPARK.md) "
                    + "(default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master with --engine spark, e.g. local[4] or spark://host:7077 (default: "
                    + "spark.master as spark-submit sets it, else local[*]).")
    String master;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    /**
     * An option's value as typed: a cluster path such as {@code hdfs://host/dir} does not survive conversion to a
     * local {@link java.nio.file.Path} (which folds the double slash).
     *
     * @param option the option name.
     * @return its last value on the command line.
     */
    String typed(String option) {
        OptionSpec o = command.findOption(option);
        List<String> values = o.originalStringValues();
        Object parsed = o.getValue();
        return values.isEmpty() ? String.valueOf(parsed) : values.get(values.size() - 1);
    }

    /**
     * @return true for the plain single-JVM path.
     * @throws IllegalArgumentException for an unknown engine, or {@code --master} without a cluster engine.
     */
    boolean local() {
        if (!engine.equals("local") && !engine.equals("spark")) {
            throw new IllegalArgumentException("--engine must be local or spark, got '" + engine + "'");
        }
        if (engine.equals("local")) {
            if (master != null) {
                throw new IllegalArgumentException("--master needs --engine spark");
            }
            return true;
        }
        return false;
    }

    /** @return the cluster engine named by {@code --engine}. */
    ScaleOutEngine cluster() {
        return ScaleOutEngine.find(engine);
    }

    /**
     * Runs a benchmark on the chosen engine.
     *
     * @param settings the settings.
     * @param listener progress observer.
     * @return every results row.
     * @throws IOException when the output cannot be written.
     */
    List<ResultRow> run(Benchmark.Settings settings, Runner.Listener listener) throws IOException {
        return local()
                ? Runner.run(Benchmark.grid(settings), listener)
                : cluster().bench(settings, master, listener);
    }
}
