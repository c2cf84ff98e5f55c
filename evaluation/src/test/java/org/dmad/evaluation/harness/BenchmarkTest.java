package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.protocol.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkTest {

    static Datasets.Source source(String type) {
        return new Datasets.Source() {
            @Override
            public String name() {
                return "synthetic-" + type;
            }

            @Override
            public TabularData load() {
                return SyntheticSuite.generate(type, 400, 20, 4, 0);
            }
        };
    }

    static Benchmark.Settings settings(Path out, List<String> detectors, String device) {
        return new Benchmark.Settings(
                List.of(source("global"), source("clustered")),
                detectors,
                Protocol.SEMI_CLEAN,
                List.of(0L, 1L),
                Profile.QUICK,
                1,
                device,
                out,
                "label");
    }

    @Test
    void writesResultsSummaryReportAndARecordPerRunThenResumes(@TempDir Path out) throws Exception {
        List<ResultRow> rows =
                Benchmark.run(settings(out, List.of("iforest", "ocsvm"), "cpu"), new Runner.Listener() {});
        assertEquals(8, rows.size());
        for (ResultRow r : rows) {
            assertTrue(r.ok(), r.toString());
            assertTrue(r.metric("auroc") > 0.9, r.toString());
            assertEquals(200, r.nTrain(), "half of the 400 normal rows");
            assertEquals(220, r.nTest());
            assertTrue(Files.isRegularFile(out.resolve("runs").resolve(RunRecords.stem(r) + ".json")));
        }
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(ResultRow.header(Task.TABULAR), csv.get(0));
        assertEquals(9, csv.size());
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("| dataset | iforest | ocsvm |"), summary);
        assertTrue(summary.contains("| iforest |"), summary);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,"), "charts are embedded");
        assertTrue(!html.contains("http://") && !html.contains("https://"), "the report opens offline");
        String record = Files.readString(out.resolve("runs").resolve(RunRecords.stem(rows.get(0)) + ".json"));
        assertTrue(
                record.contains("\"sha256\"")
                        && record.contains("\"model_provenance\"")
                        && record.contains("\"pytorch.version\""),
                record);

        // Simulate an interrupted run: the last row was torn mid-write. A rerun redoes only that run.
        List<String> torn = new ArrayList<>(csv.subList(0, 8));
        torn.add(csv.get(8).substring(0, 12));
        Files.write(out.resolve("results.csv"), torn);
        List<String> started = new ArrayList<>();
        List<ResultRow> again = Benchmark.run(settings(out, List.of("iforest", "ocsvm"), "cpu"), new Runner.Listener() {
            @Override
            public void runStarted(String dataset, String detector, long seed) {
                started.add(dataset + "/" + detector + "/" + seed);
            }
        });
        assertEquals(List.of("synthetic-clustered/ocsvm/1"), started);
        assertEquals(8, again.size());
        assertEquals(
                rows.get(7).metric("auroc"), again.get(7).metric("auroc"), 0.0, "the rerun repeats the same number");
    }

    @Test
    void aFailingDetectorGivesAnErrorRowAndTheBenchmarkGoesOn(@TempDir Path out) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                org.dmad.engine.DMADEngine.engine().getGpuCount() == 0,
                "needs a machine without a GPU, where asking for one fails");
        List<ResultRow> rows = Benchmark.run(
                new Benchmark.Settings(
                        List.of(source("global")),
                        List.of("dte-c", "iforest"),
                        Protocol.SEMI_CLEAN,
                        List.of(0L),
                        Profile.QUICK,
                        1,
                        "gpu",
                        out,
                        "label"),
                new Runner.Listener() {});
        assertEquals(2, rows.size());
        ResultRow dte = rows.get(0);
        assertEquals(ResultRow.ERROR, dte.status());
        assertTrue(dte.error().contains("visible devices"), dte.error());
        assertTrue(Double.isNaN(dte.metric("auroc")));
        assertTrue(rows.get(1).ok(), "iforest ignores the device and still runs");
        assertTrue(Files.readString(out.resolve("summary.md")).contains("Failed runs"));
        // Error rows are retried by the next run with the same folder.
        List<String> started = new ArrayList<>();
        Benchmark.run(
                new Benchmark.Settings(
                        List.of(source("global")),
                        List.of("dte-c", "iforest"),
                        Protocol.SEMI_CLEAN,
                        List.of(0L),
                        Profile.QUICK,
                        1,
                        "gpu",
                        out,
                        "label"),
                new Runner.Listener() {
                    @Override
                    public void runStarted(String dataset, String detector, long seed) {
                        started.add(detector);
                    }
                });
        assertEquals(List.of("dte-c"), started);
    }

    @Test
    void resultRowsRoundTripThroughCsvWithQuotedMessages() {
        ResultRow r = ResultRow.tabular(
                "d,1",
                "dte-c",
                3,
                "semi",
                ResultRow.ERROR,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                0,
                0,
                10,
                20,
                5,
                "bad \"value\", see row 3");
        assertEquals(r.toCsv(), ResultRow.parse(Task.TABULAR, r.toCsv()).toCsv());
        assertEquals(
                "bad \"value\", see row 3",
                ResultRow.parse(Task.TABULAR, r.toCsv()).error());
    }

    @Test
    void groupedSeedsTrainFromRowsAndAFailedGroupGivesEveryMemberAnErrorRow(@TempDir Path out) throws Exception {
        Benchmark.Settings grouped = new Benchmark.Settings(
                List.of(source("global")),
                List.of("dte-c"),
                Protocol.SEMI,
                List.of(0L, 1L),
                Profile.QUICK,
                1,
                "cpu",
                out,
                "label",
                Grouping.ofSeeds(0));
        TabularData data = source("global").load();
        List<Runner.Cell> cells = Benchmark.runGroupCells(grouped, data, "dte-c", List.of(0L, 1L));
        assertEquals(2, cells.size());
        for (Runner.Cell c : cells) {
            assertTrue(c.row().ok(), c.row().toString());
            assertTrue(c.row().metric("auroc") > 0.8, c.row().toString());
        }
        // Every value the same: DTE-C refuses the training rows, and both members say why.
        double[] x = new double[data.x().length];
        java.util.Arrays.fill(x, 1.0);
        int d = data.columns();
        TabularData constant = new TabularData(x, data.y(), data.featureNames(), data.record());
        List<Runner.Cell> failed = Benchmark.runGroupCells(grouped, constant, "dte-c", List.of(0L, 1L));
        assertEquals(2, failed.size());
        for (Runner.Cell c : failed) {
            assertTrue(!c.row().ok(), c.row().toString());
            assertTrue(c.row().error().contains("same"), c.row().error());
            assertEquals(d, c.row().nFeatures());
        }
    }
}
