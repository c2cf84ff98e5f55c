package org.dmad.evaluation.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dmad.evaluation.harness.Reproduction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dmad reproduce RUN.json}: repeats a benchmark run and compares its metrics bit for bit. */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        description = {
            "Repeats a benchmark run from its record (runs/*.json of a bench output folder): checks the "
                    + "data file's SHA-256, redoes the split, rebuilds the trainer from the recorded provenance, "
                    + "retrains and rescores. Exit status 0 when every metric is bit-identical, 3 when not (the "
                    + "environment facts that differ are listed)."
        })
final class ReproduceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN.json", description = "A run record.")
    private Path record;

    @Override
    public Integer call() throws Exception {
        Reproduction.Outcome o = Reproduction.reproduce(record);
        for (Map.Entry<String, Double> e : o.recorded().entrySet()) {
            double now = o.reproduced().get(e.getKey());
            System.out.printf(
                    "%-6s recorded %s, now %s%s%n",
                    e.getKey(), e.getValue(), now, e.getValue().equals(now) ? "" : "   DIFFERS");
        }
        if (o.identical()) {
            System.out.println("Reproduced: every metric is bit-identical.");
            return 0;
        }
        System.out.println("Not reproduced bit for bit.");
        if (o.environment().isEmpty()) {
            System.out.println("No recorded environment fact differs; the difference is not explained by the "
                    + "environment record.");
        } else {
            System.out.println("Recorded facts that differ now (the usual cause):");
            o.environment().forEach((k, v) -> System.out.printf("  %s: recorded %s, now %s%n", k, v[0], v[1]));
        }
        return 3;
    }
}
