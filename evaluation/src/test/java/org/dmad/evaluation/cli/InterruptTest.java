package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.ResultsFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code dmad bench}: the JVM stops within a training step, exits with status 130, keeps every finished
 * row valid and writes no row for the interrupted run, so that the same command resumes.
 */
@Tag("slow")
class InterruptTest {

    @Test
    void sigintStopsTheBenchmarkAndKeepsFinishedRows(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench");
        Path err = dir.resolve("stderr.txt");
        Process p = BenchProcess.startLongGrid(err, out);
        try {
            Path results = out.resolve("results.csv");
            // Wait for the first row (dte-np), then let the 400-epoch DTE-C training get going.
            BenchProcess.awaitRows(p, results, 1, err, () -> {});
            Thread.sleep(3000);
            assertTrue(p.isAlive(), "dmad bench must still be training DTE-C");
            // Ctrl-C is SIGINT; a process started from a non-interactive shell's background job inherits SIGINT as
            // ignored (POSIX), and the JVM then never sees it, so there the test sends SIGTERM, which takes the same
            // shutdown path.
            String signal = ignores(p.pid(), 2) ? "-TERM" : "-INT";
            double seconds = BenchProcess.stop(p, signal);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(signal.equals("-INT") ? DMADCli.INTERRUPTED_STATUS : 143, p.exitValue(), stderr);
            assertTrue(seconds < 10, "stopping took " + seconds + " s; a training step is milliseconds");
            assertTrue(
                    stderr.contains("interrupted after 1 runs") && stderr.contains("run the same command again"),
                    stderr);
            // The file reads back whole: one valid dte-np row, nothing for the interrupted DTE-C run.
            try (ResultsFile file = new ResultsFile(results, Task.TABULAR)) {
                List<ResultRow> rows = file.rows();
                assertEquals(1, rows.size(), rows.toString());
                assertEquals("dte-np", rows.get(0).detector());
                assertTrue(rows.get(0).ok());
            }
            assertEquals(1, BenchProcess.rows(results), "no torn or error line may be left for the interrupted run");
        } finally {
            p.destroyForcibly();
        }
    }

    /** @return true when the process ignores the signal (its SigIgn mask in /proc). */
    static boolean ignores(long pid, int signal) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return (mask & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }
}
