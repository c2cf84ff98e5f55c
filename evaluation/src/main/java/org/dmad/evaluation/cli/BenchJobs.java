package org.dmad.evaluation.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.dmad.evaluation.harness.BenchmarkInterruptedException;
import org.dmad.evaluation.harness.CellClaims;
import org.dmad.evaluation.harness.RowsFile;

/**
 * {@code dmad bench --jobs N}: the benchmark grid run by N worker JVMs at once. DJL trains one network at a time per
 * JVM, and dmad trains on one thread (measured faster), so on a machine with several cores independent runs go
 * faster side by side in separate processes. Each worker runs the same command line plus {@code --worker}: it takes
 * the next cell of the grid no other worker has claimed, walking the largest datasets first ({@link CellClaims}, in
 * {@code .claims/} of the output folder), appends its row to the same {@code results.csv} (under a file lock) and
 * writes its run record to the same {@code runs/} folder; the calling process then puts the rows in the grid's order
 * and writes the summary and report as a single process would. Interrupting the calling process stops every worker
 * at its next training step; the finished runs stay and a rerun resumes.
 */
final class BenchJobs {

    /** JVM options a worker must not inherit: a second recording or debugger on the same file or port. */
    private static final List<String> NOT_INHERITED = List.of(
            "-XX:StartFlightRecording",
            "-XX:FlightRecorder",
            "-agentlib",
            "-agentpath",
            "-javaagent",
            "-Xrunjdwp",
            "-Xdebug");

    private static final long STOP_GRACE_SECONDS = 60;
    /** A JVM's exit status after SIGTERM ran its shutdown hooks. */
    private static final int SIGTERM_STATUS = 143;

    private BenchJobs() {}

    /**
     * Runs the workers and waits for them.
     *
     * @param benchArgs the bench command's arguments as typed, without {@code --jobs}.
     * @param jobs      the number of workers, at least 2.
     * @param results   the shared results file.
     * @param opener    opens the results file unshared ({@code f -> new ResultsFile(f, task)}).
     * @param gridOrder the order of the grid's rows.
     * @param log       where the workers' output goes, each line prefixed with its worker.
     * @param <R>       the row type.
     * @throws IOException when the results file cannot be prepared or a worker cannot start.
     * @throws BenchmarkInterruptedException when this thread is interrupted; the workers are stopped first.
     * @throws IllegalStateException when a worker fails.
     */
    static <R extends RowsFile.Row> void run(
            List<String> benchArgs,
            int jobs,
            Path results,
            Opener<R> opener,
            Comparator<? super R> gridOrder,
            PrintStream log)
            throws IOException {
        int before = rowCount(opener, results);
        Path claims = claims(results.getParent());
        CellClaims.reset(claims);
        List<Process> workers = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        try {
            for (int i = 0; i < jobs; i++) {
                ProcessBuilder pb = new ProcessBuilder(command(benchArgs)).redirectErrorStream(true);
                pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
                Process p = pb.start();
                workers.add(p);
                Thread pump = pump(p, "[job " + (i + 1) + "/" + jobs + "] ", log);
                pumps.add(pump);
            }
            List<String> failures = new ArrayList<>();
            boolean interrupted = false;
            for (int i = 0; i < workers.size(); i++) {
                int status = workers.get(i).waitFor();
                // Ctrl-C in a terminal signals the whole process group: a worker may stop before this process
                // hears of it (130 after SIGINT, 143 after SIGTERM).
                interrupted |= status == DMADCli.INTERRUPTED_STATUS || status == SIGTERM_STATUS;
                if (status != 0) {
                    failures.add("job " + (i + 1) + " exited with status " + status);
                }
            }
            if (interrupted) {
                throw stop(workers, opener, results, before);
            }
            for (Thread pump : pumps) {
                pump.join(TimeUnit.SECONDS.toMillis(STOP_GRACE_SECONDS));
            }
            // Rows in the order of the grid, as one process writes them (the workers appended as runs ended).
            try (RowsFile<R> file = opener.open(results)) {
                file.reorder(gridOrder);
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException(String.join(", ", failures) + " (its output is above; finished runs "
                        + "are kept in " + results + ")");
            }
        } catch (InterruptedException e) {
            throw stop(workers, opener, results, before);
        } finally {
            for (Process p : workers) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            CellClaims.remove(claims);
        }
    }

    /**
     * The claims folder of a benchmark.
     *
     * @param out the benchmark's output folder.
     * @return its {@code .claims} folder.
     */
    static Path claims(Path out) {
        return out.resolve(".claims");
    }

    /** Opens a results file without sharing it. */
    @FunctionalInterface
    interface Opener<R extends RowsFile.Row> {
        /**
         * @param results the file.
         * @return it, opened.
         * @throws IOException when it cannot be read or written.
         */
        RowsFile<R> open(Path results) throws IOException;
    }

    /**
     * Asks every worker to stop (SIGTERM: their shutdown hooks stop training at a step boundary), waits for them,
     * and returns the exception that reports the interrupt with the rows written since the start.
     */
    private static BenchmarkInterruptedException stop(List<Process> workers, Opener<?> opener, Path results, int before)
            throws IOException {
        for (Process p : workers) {
            p.destroy();
        }
        for (Process p : workers) {
            try {
                if (!p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException again) {
                p.destroyForcibly();
            }
        }
        return new BenchmarkInterruptedException(Math.max(0, rowCount(opener, results) - before));
    }

    /** Rows in the results file, after dropping a torn line (creates the file with its header if missing). */
    private static int rowCount(Opener<?> opener, Path results) throws IOException {
        try (RowsFile<?> file = opener.open(results)) {
            return file.rows().size();
        }
    }

    /**
     * The worker's command line: this JVM's java, options and class path, then {@code bench} with the same
     * arguments, as a worker, with line-per-run output.
     */
    static List<String> command(List<String> benchArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (NOT_INHERITED.stream().noneMatch(option::startsWith)) {
                cmd.add(option);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DMADCli.class.getName());
        cmd.add("bench");
        cmd.addAll(benchArgs);
        cmd.add("--worker");
        cmd.add("--no-progress");
        return cmd;
    }

    private static Thread pump(Process p, String prefix, PrintStream log) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            synchronized (log) {
                                log.println(prefix + line);
                            }
                        }
                    } catch (IOException closed) {
                        // The worker ended.
                    }
                },
                "dmad-job-output-" + prefix.trim().toLowerCase(Locale.ROOT));
        t.setDaemon(true);
        t.start();
        return t;
    }
}
