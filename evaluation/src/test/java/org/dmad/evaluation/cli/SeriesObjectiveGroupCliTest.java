package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.ResultsFile;
import org.dmad.evaluation.harness.RunRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmad bench --task timeseries --group} with the series denoisers of their own objectives ({@code ts-imdiff},
 * {@code ts-d3r}): the seeds of a series train as one group, runs stay per run, and a grouped run reproduces.
 */
class SeriesObjectiveGroupCliTest {

    @Test
    void groupedImDiffusionAndD3RRunsRecordTheirGroupAndReproduceUnderIt(@TempDir Path dir) throws Exception {
        String[] out = DMADCliTest.run(
                "bench",
                "--task",
                "timeseries",
                "--detectors",
                "ts-imdiff,ts-d3r",
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
        assertEquals(16, rows.size(), "one row per run");
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
        for (String detector : List.of("ts-imdiff", "ts-d3r")) {
            ResultRow member = rows.stream()
                    .filter(r -> r.seed() == 1 && r.detector().equals(detector))
                    .findFirst()
                    .orElseThrow();
            String[] reproduced =
                    DMADCliTest.run("reproduce", records.recordPath(member).toString());
            assertEquals("0", reproduced[0], reproduced[1] + reproduced[2]);
            assertTrue(reproduced[1].contains("every metric is bit-identical"), detector + ": " + reproduced[1]);
        }
    }
}
