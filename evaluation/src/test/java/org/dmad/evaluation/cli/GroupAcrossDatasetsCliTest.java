package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.data.SyntheticSuite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmad bench --group datasets:N} on the command line: bad values and the series task are refused with a clear
 * message, a detector that cannot group across datasets runs as without the option, and with {@code --jobs 2} the
 * groups give the rows and scores of one process.
 */
class GroupAcrossDatasetsCliTest {

    @Test
    void badValuesAndTheSeriesTaskAreRefusedNamingWhy(@TempDir Path dir) {
        for (String bad : List.of("datasets:0", "datasets:-2", "datasets:x", "datasets:")) {
            String[] r = CliTestSupport.run(
                    "bench", "--group", bad, "--out", dir.resolve("b").toString());
            assertEquals("1", r[0], bad);
            assertTrue(
                    r[2].contains("--group datasets:N needs N, the most runs per group, as a positive integer, got '"
                            + bad + "'"),
                    r[2]);
        }
        String[] series = CliTestSupport.run(
                "bench",
                "--task",
                "timeseries",
                "--group",
                "datasets:2",
                "--out",
                dir.resolve("s").toString());
        assertEquals("1", series[0]);
        assertTrue(
                series[2].contains("--group datasets:N groups tabular runs of several datasets (dte-c); with --task "
                        + "timeseries use --group N or auto"),
                series[2]);
        assertTrue(!Files.exists(dir.resolve("s").resolve("results.csv")), "nothing ran");
        String[] help = CliTestSupport.run("help", "bench");
        assertTrue(help[1].contains("--group datasets:N groups the runs of several datasets of: dte-c"), help[1]);
    }

    @Test
    void aDetectorThatCannotGroupAcrossDatasetsRunsAsWithoutTheOption(@TempDir Path dir) throws Exception {
        Path a = CliTestSupport.csv(dir, "a.csv", SyntheticSuite.generate("local", 150, 8, 4, 1));
        Path b = CliTestSupport.csv(dir, "b.csv", SyntheticSuite.generate("global", 120, 6, 6, 2));
        String[] grid = {
            "bench",
            "--no-progress",
            "--threads",
            "1",
            "--detectors",
            "iforest",
            "--seeds",
            "0,1",
            "--data",
            a.toString(),
            b.toString(),
            "--out"
        };
        assertEquals("0", CliTestSupport.run(concat(grid, dir.resolve("plain").toString()))[0]);
        String[] grouped =
                CliTestSupport.run(concat(grid, dir.resolve("grouped").toString(), "--group", "datasets:4"));
        assertEquals("0", grouped[0], grouped[2]);
        assertEquals(
                BenchJobsTest.withoutTimes(dir.resolve("plain")), BenchJobsTest.withoutTimes(dir.resolve("grouped")));
        try (var files = Files.list(dir.resolve("grouped").resolve("runs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                assertTrue(
                        new ObjectMapper()
                                .readTree(Files.readString(f))
                                .path("run")
                                .path("group")
                                .isMissingNode(),
                        f + " trained alone");
            }
        }
    }

    @Test
    @Tag("slow")
    void twoJobsClaimWholeGroupsAndWriteTheRowsAndScoresOfOneProcess(@TempDir Path dir) throws Exception {
        Path a = CliTestSupport.csv(dir, "a.csv", SyntheticSuite.generate("local", 300, 10, 4, 1));
        Path b = CliTestSupport.csv(dir, "b.csv", SyntheticSuite.generate("global", 120, 6, 6, 2));
        String[] grid = {
            "bench",
            "--no-progress",
            "--threads",
            "1",
            "--protocol",
            "unsup",
            "--detectors",
            "dte-c,iforest",
            "--seeds",
            "0,1",
            "--group",
            "datasets:3",
            "--data",
            a.toString(),
            b.toString(),
            "--out"
        };
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        String[] first = CliTestSupport.run(concat(grid, one.toString()));
        assertEquals("0", first[0], first[2]);
        String[] jobs = CliTestSupport.run(concat(grid, two.toString(), "--jobs", "2"));
        assertEquals("0", jobs[0], jobs[2]);
        // Every run ran once, in one worker or the other: no group was trained by both.
        long ran = jobs[2].lines()
                .filter(l -> l.matches("\\[job [12]/2\\] \\[\\d+\\] dte-c .*AUROC.*"))
                .count();
        assertEquals(4, ran, jobs[2]);
        BenchJobsTest.assertSameRowsAndScores(one, two);
        // Each group was trained once, by one worker: every member's record names the same group in both outputs.
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.list(one.resolve("runs"))) {
            for (Path f : files.filter(
                            p -> p.toString().contains("dte-c") && p.toString().endsWith(".json"))
                    .toList()) {
                assertEquals(
                        json.readTree(Files.readString(f)).path("run").path("group"),
                        json.readTree(Files.readString(two.resolve("runs").resolve(f.getFileName())))
                                .path("run")
                                .path("group"),
                        f.getFileName().toString());
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
