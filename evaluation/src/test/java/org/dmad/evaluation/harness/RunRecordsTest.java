package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.metrics.MetricSet;
import org.dmad.evaluation.protocol.Protocol;
import org.dmad.series.PointScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run-record writer for both tasks: the records round-trip their rows' metrics and reproduce. */
class RunRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks a written record against its row and reproduces it. */
    private static void roundTripsAndReproduces(RunRecords records, RunRow row, String format, String scoresHeader)
            throws IOException {
        assertTrue(row.ok(), row.error());
        JsonNode record = JSON.readTree(records.recordPath(row).toFile());
        assertEquals(format, record.path("format").asText());
        assertEquals(row.detector(), record.path("run").path("detector").asText());
        assertEquals(row.seed(), record.path("run").path("seed").asLong());
        for (String name : row.metricSet().names()) {
            assertTrue(record.path("metrics").has(name), name);
            // results.csv keeps six decimals; the record every bit.
            assertEquals(row.metric(name), record.path("metrics").path(name).asDouble(), 5e-7, name);
        }
        assertEquals(scoresHeader, Files.readAllLines(records.scoresPath(row)).get(0));
        Reproduction.Outcome o = Reproduction.reproduce(records.recordPath(row));
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());
        assertEquals(row.metricSet().names(), List.copyOf(o.reproduced().keySet()));
    }

    @Test
    void bothTasksRecordsRoundTripThroughTheOneWriterAndReproduce(@TempDir Path dir) throws IOException {
        Path tabOut = dir.resolve("tabular");
        List<ResultRow> rows = Benchmark.run(
                new Benchmark.Settings(
                        List.of(BenchmarkTest.source("global")),
                        List.of("iforest"),
                        Protocol.SEMI,
                        List.of(1L),
                        Profile.QUICK,
                        1,
                        "cpu",
                        tabOut,
                        "label"),
                new Runner.Listener() {});
        RunRecords tab = new RunRecords(tabOut.resolve("runs"));
        assertEquals(MetricSet.TABULAR, rows.get(0).metricSet());
        assertEquals("synthetic-global__iforest__semi__seed1", RunRecords.stem(rows.get(0)));
        roundTripsAndReproduces(tab, rows.get(0), RunRecords.FORMAT, "label,score");

        Path seriesOut = dir.resolve("series");
        List<ResultRow> seriesRows = SeriesBenchmark.run(
                SeriesBenchmark.Settings.of(
                        SeriesBenchmark.synthetic(0).subList(0, 1),
                        List.of("iforest"),
                        List.of(0L),
                        Profile.QUICK,
                        1,
                        "cpu",
                        seriesOut,
                        0,
                        500,
                        PointScores.Aggregation.MEAN),
                new Runner.Listener() {});
        ResultRow s = seriesRows.get(0);
        assertEquals(MetricSet.TIMESERIES, s.metricSet());
        assertEquals(s.dataset() + "__iforest__w" + s.window() + "__seed0", RunRecords.stem(s));
        roundTripsAndReproduces(
                new RunRecords(seriesOut.resolve("runs")), s, RunRecords.SERIES_FORMAT, "point,label,score");
    }

    @Test
    void recordsWrittenByTheReleasedHarnessStillReproduceBitForBit() throws IOException, URISyntaxException {
        // Written by `./dmad bench` (tabular) and `./dmad bench --task timeseries --detectors iforest,dte-np,pca`
        // with --threads 1 at commit 882dd57, before the two harnesses shared one record writer.
        for (String name :
                List.of("synthetic-local__iforest__semi__seed0.json", "synthetic-spike__pca__w50__seed0.json")) {
            java.net.URL url = RunRecordsTest.class.getResource("released/" + name);
            assertNotNull(url, name);
            Reproduction.Outcome o = Reproduction.reproduce(Path.of(url.toURI()));
            assertTrue(o.identical(), name + ": " + o.recorded() + " vs " + o.reproduced());
        }
    }

    @Test
    void aMetricTheRecordLacksIsNotComparedButARecordWithoutMetricsIsRefused(@TempDir Path dir) throws Exception {
        java.net.URL url = RunRecordsTest.class.getResource("released/synthetic-local__iforest__semi__seed0.json");
        assertNotNull(url);
        com.fasterxml.jackson.databind.node.ObjectNode record = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(Path.of(url.toURI()).toFile());
        // As a record written before f1 existed would be.
        ((com.fasterxml.jackson.databind.node.ObjectNode) record.get("metrics")).remove("f1");
        Path older = dir.resolve("older.json");
        JSON.writeValue(older.toFile(), record);
        Reproduction.Outcome o = Reproduction.reproduce(older);
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());
        assertEquals(List.of("auroc", "aupr"), List.copyOf(o.recorded().keySet()));

        ((com.fasterxml.jackson.databind.node.ObjectNode) record.get("metrics")).removeAll();
        Path none = dir.resolve("none.json");
        JSON.writeValue(none.toFile(), record);
        IOException e = assertThrows(IOException.class, () -> Reproduction.reproduce(none));
        assertTrue(e.getMessage().contains("records none of the metrics auroc, aupr, f1"), e.getMessage());
    }

    @Test
    void aRowOfNeitherTaskHasNoRecord() {
        RunRow other = new RunRow() {
            @Override
            public String dataset() {
                return "d";
            }

            @Override
            public String detector() {
                return "x";
            }

            @Override
            public long seed() {
                return 0;
            }

            @Override
            public String error() {
                return "";
            }

            @Override
            public double fitSeconds() {
                return 0;
            }

            @Override
            public double scoreSeconds() {
                return 0;
            }

            @Override
            public MetricSet metricSet() {
                return MetricSet.TABULAR;
            }

            @Override
            public double metric(String name) {
                return 0;
            }

            @Override
            public String key() {
                return "k";
            }

            @Override
            public boolean ok() {
                return true;
            }

            @Override
            public String toCsv() {
                return "";
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunRecords.stem(other));
        assertTrue(e.getMessage().contains("No run record"), e.getMessage());
    }
}
