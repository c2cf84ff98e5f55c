package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.ResultsFile;
import org.dmad.evaluation.harness.RunRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmad bench --task timeseries --group}: the series denoisers' seeds train together ({@code ts-recon}; {@code
 * ts-imdiff} and {@code ts-d3r}, of their own objectives), runs stay per run.
 */
class SeriesGroupCliTest {

    @Test
    void groupedSeriesRunsKeepPerRunRowsRecordTheirGroupAndReproduceUnderIt(@TempDir Path dir) throws Exception {
        groupedRunsKeepPerRunRowsRecordTheirGroupAndReproduceUnderIt(dir, List.of("ts-recon"));
    }

    /** The series denoisers of their own objectives (grating imputation, decomposition) group as ts-recon does. */
    @Test
    void groupedImDiffusionAndD3RRunsRecordTheirGroupAndReproduceUnderIt(@TempDir Path dir) throws Exception {
        groupedRunsKeepPerRunRowsRecordTheirGroupAndReproduceUnderIt(dir, List.of("ts-imdiff", "ts-d3r"));
    }

    private static void groupedRunsKeepPerRunRowsRecordTheirGroupAndReproduceUnderIt(Path dir, List<String> detectors)
            throws Exception {
        // The four generated series, the detectors with two seeds trained as one group per series (small windows and
        // few training windows keep it short).
        String[] out = CliTestSupport.run(
                "bench",
                "--task",
                "timeseries",
                "--detectors",
                String.join(",", detectors),
                "--seeds",
                "0,1",
                "--group",
                "auto",
                "--window",
                "16",
                "--max-train-windows",
                "128",
                "--no-progress",
                "--out",
                dir.toString());
        assertEquals("0", out[0], out[2]);
        List<ResultRow> rows;
        try (ResultsFile results = new ResultsFile(dir.resolve("results.csv"), Task.TIMESERIES)) {
            rows = results.rows();
        }
        assertEquals(8 * detectors.size(), rows.size(), "one row per run");
        RunRecords records = new RunRecords(dir.resolve("runs"));
        ObjectMapper json = new ObjectMapper();
        for (ResultRow row : rows) {
            assertTrue(row.ok(), row.toString());
            JsonNode group = json.readTree(Files.readString(records.recordPath(row)))
                    .path("run")
                    .path("group");
            assertEquals(2, group.path("size").asInt(), row.toString());
            assertEquals("[0,1]", group.path("seeds").toString());
            assertEquals(
                    row.seed(),
                    group.path("seeds").get(group.path("member").asInt()).asLong());
            assertTrue(Files.isRegularFile(records.scoresPath(row)), row.toString());
            ResultRow other = rows.stream()
                    .filter(r -> r.dataset().equals(row.dataset())
                            && r.detector().equals(row.detector())
                            && r.seed() != row.seed())
                    .findFirst()
                    .orElseThrow();
            // The group's training time is shared out; the members are distinct models.
            assertEquals(row.fitSeconds(), other.fitSeconds(), row.toString());
            assertFalse(
                    row.metric("auroc") == other.metric("auroc") && row.metric("vus_pr") == other.metric("vus_pr"),
                    row + " and " + other);
        }
        for (String detector : detectors) {
            ResultRow member = rows.stream()
                    .filter(r -> r.seed() == 1 && r.detector().equals(detector))
                    .findFirst()
                    .orElseThrow();
            String[] reproduced =
                    CliTestSupport.run("reproduce", records.recordPath(member).toString());
            assertEquals("0", reproduced[0], reproduced[1] + reproduced[2]);
            assertTrue(reproduced[1].contains("every metric is bit-identical"), detector + ": " + reproduced[1]);
        }
    }

    @Test
    void helpBenchNamesTheDetectorsThatTrainInGroups() {
        List<String> series = DetectorRegistry.grouped(Task.TIMESERIES);
        assertTrue(series.containsAll(List.of("ts-recon", "ts-impute")), series.toString());
        assertTrue(series.containsAll(List.of("ts-imdiff", "ts-d3r")), series.toString());
        assertEquals(List.of("dte-c", "ddpm", "ddim", "dlik"), DetectorRegistry.grouped(Task.TABULAR));
        String[] out = CliTestSupport.run("help", "bench");
        assertEquals("0", out[0], out[2]);
        String help = out[1].replaceAll("\\s+", " ");
        assertTrue(
                help.contains("--group trains the seeds of: dte-c,ddpm,ddim,dlik; with --task timeseries: "
                        + String.join(",", series)),
                out[1]);
    }
}
