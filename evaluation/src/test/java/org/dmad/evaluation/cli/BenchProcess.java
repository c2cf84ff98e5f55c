package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code dmad bench} in a JVM of its own, as a user starts it, for the tests that signal it. */
final class BenchProcess {

    private BenchProcess() {}

    /**
     * Starts {@code dmad bench} with this JVM's class path.
     *
     * @param log  where its standard error (and output) go.
     * @param args the bench arguments.
     * @return the process.
     * @throws IOException when it cannot start.
     */
    static Process start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Djava.awt.headless=true",
                DMADCli.class.getName(),
                "bench"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    /**
     * Starts {@code dmad bench} on the synthetic datasets with DTE-NP, whose runs end within seconds, and DTE-C with
     * the paper profile, whose 400-epoch trainings take minutes: the grid that the tests interrupt.
     *
     * @param log  where its standard error (and output) go.
     * @param out  the output folder.
     * @param more further bench arguments (e.g. {@code --jobs 2}).
     * @return the process.
     * @throws IOException when it cannot start.
     */
    static Process startLongGrid(Path log, Path out, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--out",
                out.toString(),
                "--no-progress",
                "--threads",
                "1",
                "--detectors",
                "dte-np,dte-c",
                "--profile",
                "paper"));
        args.addAll(List.of(more));
        return start(log, args.toArray(new String[0]));
    }

    /**
     * Sends the process a signal with {@code kill} and waits for it to exit, at most the grace period of an
     * interrupted command line plus 10 s.
     *
     * @param p      the bench process.
     * @param signal the {@code kill} option, e.g. {@code -TERM}.
     * @return the seconds from sending the signal to the exit.
     * @throws Exception when it does not exit in time.
     */
    static double stop(Process p, String signal) throws Exception {
        long sent = System.nanoTime();
        new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(
                p.waitFor(DMADCli.INTERRUPT_GRACE_MILLIS + 10_000, TimeUnit.MILLISECONDS),
                "dmad bench did not exit after kill " + signal);
        return (System.nanoTime() - sent) / 1e9;
    }

    /**
     * Waits until the results file holds {@code rows} rows, while the process runs.
     *
     * @param p       the bench process.
     * @param results its results file.
     * @param rows    the rows to wait for.
     * @param log     its log, shown when it fails.
     * @param poll    called at every poll (e.g. to note child processes).
     * @throws Exception when it ends early or takes over 120 s.
     */
    static void awaitRows(Process p, Path results, int rows, Path log, Runnable poll) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (rows(results) < rows) {
            assertTrue(p.isAlive(), "dmad bench ended early: " + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "not " + rows + " rows within 120 s: " + Files.readString(log));
            poll.run();
            Thread.sleep(100);
        }
    }

    /**
     * @param results a results file.
     * @return its rows (lines after the header), 0 when it does not exist yet.
     * @throws IOException when it cannot be read.
     */
    static long rows(Path results) throws IOException {
        if (!Files.exists(results)) {
            return 0;
        }
        try (var s = Files.lines(results)) {
            return Math.max(0, s.count() - 1);
        }
    }
}
