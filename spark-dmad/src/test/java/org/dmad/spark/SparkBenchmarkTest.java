package org.dmad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmad.evaluation.cli.DMADCli;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.Benchmark;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.RunRecords;
import org.dmad.evaluation.harness.RunRow;
import org.dmad.evaluation.harness.Runner;
import org.dmad.evaluation.harness.ScaleOutEngine;
import org.dmad.evaluation.protocol.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkBenchmarkTest {

    private static Benchmark.Settings settings(Path out) {
        return new Benchmark.Settings(
                List.of(Datasets.synthetic("global", 400, 20, 4, 0), Datasets.synthetic("clustered", 400, 20, 4, 0)),
                List.of("dte-np", "iforest"),
                Protocol.SEMI_CLEAN,
                List.of(0L, 1L),
                Profile.QUICK,
                1,
                "cpu",
                out,
                "label");
    }

    /** Every column but the two wall times, by run key. */
    private static Map<String, String> comparable(Path resultsCsv) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(resultsCsv)
                .subList(1, Files.readAllLines(resultsCsv).size())) {
            ResultRow r = ResultRow.parse(Task.TABULAR, line);
            String[] f = r.toCsv().split(",", -1);
            f[8] = "";
            f[9] = "";
            out.put(r.key(), String.join(",", f));
        }
        return out;
    }

    @Test
    void theGridOnSparkWritesWhatTheLocalHarnessWritesAndResumes(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("local");
        Path spark = dir.resolve("spark");
        List<ResultRow> localRows = Benchmark.run(settings(local), new Runner.Listener() {});
        List<ResultRow> sparkRows = SparkBenchmark.run(LocalSpark.get(), settings(spark), new Runner.Listener() {});
        assertEquals(8, localRows.size());
        assertEquals(8, sparkRows.size());
        assertTrue(sparkRows.stream().allMatch(ResultRow::ok), sparkRows.toString());
        Map<String, String> expected = comparable(local.resolve("results.csv"));
        assertEquals(expected, comparable(spark.resolve("results.csv")));

        // Run records and test scores: the same scores, and OLCUT's JSON provenance works next to Spark's Jackson.
        RunRecords records = new RunRecords(spark.resolve("runs"));
        for (ResultRow r : sparkRows) {
            assertEquals(
                    Files.readString(new RunRecords(local.resolve("runs")).scoresPath(r)),
                    Files.readString(records.scoresPath(r)),
                    r.key());
            String json = Files.readString(records.recordPath(r));
            assertTrue(json.contains("\"model_provenance\"") && json.contains("\"dmad-run-record\""), json);
        }
        for (String f : List.of("summary.md", "report.html")) {
            assertTrue(Files.size(spark.resolve(f)) > 0, f);
        }
        // The report lists runs in grid order whatever order the tasks ended in; only the wall times differ.
        assertEquals(
                Files.readString(local.resolve("summary.md")).split("## Per detector")[0],
                Files.readString(spark.resolve("summary.md")).split("## Per detector")[0]);

        // Resume: keep the header and five rows, as if the driver had died; the rerun submits only the other three.
        List<String> lines = Files.readAllLines(spark.resolve("results.csv"), StandardCharsets.UTF_8);
        Files.write(spark.resolve("results.csv"), lines.subList(0, 6));
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        List<ResultRow> resumed = SparkBenchmark.run(LocalSpark.get(), settings(spark), new Runner.Listener() {
            @Override
            public void runEnded(RunRow row, boolean wasSkipped) {
                (wasSkipped ? skipped : ran).incrementAndGet();
            }
        });
        assertEquals(5, skipped.get());
        assertEquals(3, ran.get());
        assertEquals(8, resumed.size());
        assertEquals(expected, comparable(spark.resolve("results.csv")));
    }

    @Test
    void theCommandLineFindsTheSparkEngine(@TempDir Path dir) throws Exception {
        assertInstanceOf(SparkEngine.class, ScaleOutEngine.find("spark"));
        TabularData t = SyntheticSuite.generate("local", 300, 15, 3, 2);
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", t.featureNames()) + ",label");
        for (int i = 0; i < t.rows(); i++) {
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < t.columns(); j++) {
                b.append(t.x()[i * t.columns() + j]).append(',');
            }
            lines.add(b.append(t.y()[i]).toString());
        }
        Path csv = dir.resolve("small.csv");
        Files.write(csv, lines);
        Path out = dir.resolve("bench");
        LocalSpark.get();
        assertEquals(
                0,
                DMADCli.execute(
                        "bench",
                        "--engine",
                        "spark",
                        "--master",
                        "local[2]",
                        "--data",
                        csv.toString(),
                        "--detectors",
                        "iforest",
                        "--seeds",
                        "0,1",
                        "--threads",
                        "1",
                        "--no-progress",
                        "--out",
                        out.toString()));
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(1).contains(",ok,") && rows.get(2).contains(",ok,"), rows.toString());
        assertEquals(
                1,
                DMADCli.execute(
                        "bench",
                        "--master",
                        "local[2]",
                        "--data",
                        csv.toString(),
                        "--out",
                        dir.resolve("refused").toString()));
    }
}
