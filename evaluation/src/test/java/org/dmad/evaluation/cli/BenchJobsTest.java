package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.ResultsFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmad bench --jobs N}: the grid in N worker JVMs gives the rows and scores of one process. */
@Tag("slow")
class BenchJobsTest {

    @Test
    void twoJobsWriteTheRowsAndScoresOfOneProcessInTheGridsOrder(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        String[] grid = {"--no-progress", "--threads", "1", "--detectors", "dte-np,iforest,dte-ig"};
        assertEquals(0, DMADCli.execute(concat(grid, "--out", one.toString())));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = DMADCli.execute(concat(grid, "--out", two.toString(), "--jobs", "2"));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, log);
        // Both workers ran runs: the log has lines of each.
        assertTrue(log.contains("[job 1/2] [1]") && log.contains("[job 2/2] [1]"), log);
        assertFalse(Files.exists(two.resolve(".claims")), "the claims are removed at the end");
        assertSameRowsAndScores(one, two);
        assertTrue(Files.exists(two.resolve("summary.md")) && Files.exists(two.resolve("report.html")));
        // A rerun finds every run done.
        assertEquals(0, DMADCli.execute(concat(grid, "--out", two.toString(), "--jobs", "2")));
        assertEquals(withoutTimes(one), withoutTimes(two));
    }

    @Test
    void twoJobsWalkTheLargestDatasetFirstAndWriteTheRowsOfOneJobInTheGridsOrder(@TempDir Path dir) throws Exception {
        // The last dataset is the largest file: the workers take its runs first.
        Path a = CliTestSupport.csv(dir, "a.csv", SyntheticSuite.generate("local", 150, 8, 4, 1));
        Path b = CliTestSupport.csv(dir, "b.csv", SyntheticSuite.generate("global", 200, 10, 5, 2));
        Path c = CliTestSupport.csv(dir, "c.csv", SyntheticSuite.generate("clustered", 1200, 40, 8, 3));
        String[] grid = {
            "--no-progress",
            "--threads",
            "1",
            "--detectors",
            "iforest,dte-np",
            "--seeds",
            "0,1",
            "--data",
            a.toString(),
            b.toString(),
            c.toString()
        };
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        assertEquals(0, DMADCli.execute(concat(grid, "--out", one.toString())));
        String[] jobs = CliTestSupport.run(concat(grid, "--out", two.toString(), "--jobs", "2"));
        assertEquals("0", jobs[0], jobs[2]);
        List<String> ended = jobs[2].lines()
                .filter(l -> l.matches("\\[job [12]/2\\] \\[\\d+\\] .*seed \\d: .*"))
                .toList();
        assertEquals(12, ended.size(), jobs[2]);
        // The first run to end is one of the largest dataset's (each worker claims those first).
        assertTrue(ended.get(0).matches("\\[job [12]/2\\] \\[1\\] \\S+ +c +seed .*"), jobs[2]);
        // The rows and scores of one job, in the grid's order: a, then b, then c.
        assertSameRowsAndScores(one, two);
        List<String> datasets = withoutTimes(two).stream()
                .skip(1)
                .map(l -> l.substring(0, l.indexOf(',')))
                .toList();
        assertEquals(List.of("a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c"), datasets);
    }

    @Test
    void interruptingTheCallerStopsEveryWorkerAndKeepsFinishedRows(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench");
        Path err = dir.resolve("stderr.txt");
        // 4 datasets x (dte-np, dte-c) with the paper profile's 400-epoch DTE-C trainings.
        Process p = BenchProcess.startLongGrid(err, out, "--jobs", "2");
        List<ProcessHandle> workers = new ArrayList<>();
        try {
            Path results = out.resolve("results.csv");
            // Each worker takes a DTE-NP cell and then a DTE-C one: two DTE-NP rows, then minutes of training.
            BenchProcess.awaitRows(p, results, 2, err, () -> addNew(workers, p));
            Thread.sleep(2000);
            addNew(workers, p);
            assertEquals(2, workers.size(), "two worker JVMs");
            assertTrue(workers.stream().allMatch(ProcessHandle::isAlive), "both jobs must be training DTE-C");
            double seconds = BenchProcess.stop(p, "-TERM");
            String log = Files.readString(err, StandardCharsets.UTF_8);
            assertTrue(seconds < 15, "stopping took " + seconds + " s: " + log);
            assertTrue(log.contains("interrupted after") && log.contains("run the same command again"), log);
            for (ProcessHandle w : workers) {
                assertTrue(w.onExit().get(10, TimeUnit.SECONDS) != null && !w.isAlive(), "worker " + w.pid());
            }
            try (ResultsFile file = new ResultsFile(results, Task.TABULAR)) {
                for (ResultRow r : file.rows()) {
                    assertEquals("dte-np", r.detector(), "no row for an interrupted DTE-C run: " + r);
                    assertTrue(r.ok());
                }
                assertEquals(2, file.rows().size());
            }
        } finally {
            p.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The results of two output folders are the same but for the times, and their scores files are identical. */
    static void assertSameRowsAndScores(Path one, Path two) throws Exception {
        assertEquals(withoutTimes(one), withoutTimes(two));
        try (var files = Files.list(one.resolve("runs"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".scores.csv")).toList()) {
                assertArrayEquals(
                        Files.readAllBytes(f),
                        Files.readAllBytes(two.resolve("runs").resolve(f.getFileName())),
                        f.getFileName().toString());
            }
        }
    }

    static List<String> withoutTimes(Path out) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("results.csv"))) {
            String[] f = line.split(",", -1);
            // fit_seconds and score_seconds (columns 9 and 10) depend on the machine's load.
            f[8] = "";
            f[9] = "";
            rows.add(String.join(",", f));
        }
        assertFalse(rows.isEmpty());
        return rows;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length + 1];
        out[0] = "bench";
        System.arraycopy(a, 0, out, 1, a.length);
        System.arraycopy(b, 0, out, 1 + a.length, b.length);
        return out;
    }

    /**
     * Adds the worker JVMs among the process's children not seen yet (by process id). Only Java children count: a
     * library in the parent may run a short-lived helper process of its own.
     */
    private static void addNew(List<ProcessHandle> workers, Process p) {
        p.children()
                .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
                .filter(h -> workers.stream().noneMatch(w -> w.pid() == h.pid()))
                .forEach(workers::add);
    }
}
