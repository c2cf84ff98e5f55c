package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.timeseries.SyntheticSeries;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.series.PointScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time-series benchmark: rows, run records, report, resumption and failures on generated series. */
class SeriesBenchmarkTest {

    private static SeriesBenchmark.Settings settings(
            Path out, List<SeriesBenchmark.Source> data, List<String> detectors) {
        return SeriesBenchmark.Settings.of(
                data, detectors, List.of(0L), Profile.QUICK, 1, "cpu", out, 0, 500, PointScores.Aggregation.MEAN);
    }

    @Test
    void writesRowsRecordsAndReportAndResumes(@TempDir Path dir) throws Exception {
        List<SeriesBenchmark.Source> data = SeriesBenchmark.synthetic(0).subList(0, 2);
        List<RunRow> ended = new ArrayList<>();
        List<ResultRow> rows =
                SeriesBenchmark.run(settings(dir, data, List.of("dte-np", "iforest")), new Runner.Listener() {
                    @Override
                    public void runEnded(RunRow row, boolean skipped) {
                        ended.add(row);
                    }
                });
        assertEquals(4, rows.size());
        // The listener gets the series rows themselves: VUS-PR under its own name, not in a tabular row's aupr.
        assertEquals(rows, ended);
        for (ResultRow r : rows) {
            assertTrue(r.ok(), r.error());
            assertEquals(r.metric("vus_pr"), r.metric("vus_pr"));
            assertEquals(r.metric("aupr"), r.metric("aupr"));
            assertEquals(r.metric("range_f1"), r.metric("range_f1"));
            for (double v : new double[] {
                r.metric("auroc"),
                r.metric("aupr"),
                r.metric("vus_pr"),
                r.metric("vus_roc"),
                r.metric("best_f1"),
                r.metric("pa_f1"),
                r.metric("event_f1"),
                r.metric("range_f1")
            }) {
                assertTrue(v >= 0 && v <= 1, r.toString());
            }
            assertEquals(SyntheticSeries.LENGTH - SyntheticSeries.TRAIN, r.evalPoints());
            assertTrue(r.trainWindows() <= 500);
        }
        // The generated spikes are found by the k-NN detector on windows.
        ResultRow spike = rows.stream()
                .filter(r ->
                        r.dataset().equals("synthetic-spike") && r.detector().equals("dte-np"))
                .findFirst()
                .orElseThrow();
        assertTrue(spike.metric("auroc") > 0.9, spike.toString());

        JsonNode record = new ObjectMapper()
                .readTree(new RunRecords(dir.resolve("runs")).recordPath(spike).toFile());
        assertEquals("dmad-series-run-record", record.path("format").asText());
        assertEquals(64, record.path("dataset").path("sha256").asText().length());
        assertEquals(spike.window(), record.path("windows").path("length").asInt());
        assertEquals(
                "[0, " + SyntheticSeries.TRAIN + ")",
                record.path("windows").path("train_range").asText());
        assertFalse(record.path("model_provenance").isMissingNode());
        assertTrue(record.path("metrics").has("vus_pr"));
        List<String> scores = Files.readAllLines(new RunRecords(dir.resolve("runs")).scoresPath(spike));
        assertEquals(spike.evalPoints() + 1, scores.size());

        String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("VUS-PR") && summary.contains("Point-adjusted F1 (optimistic"), summary);
        assertTrue(Files.size(dir.resolve("report.html")) > 0);

        // A rerun with one more detector runs only the new runs.
        List<String> started = new ArrayList<>();
        List<ResultRow> again =
                SeriesBenchmark.run(settings(dir, data, List.of("dte-np", "iforest", "ocsvm")), new Runner.Listener() {
                    @Override
                    public void runStarted(String dataset, String detector, long seed) {
                        started.add(detector);
                    }
                });
        assertEquals(List.of("ocsvm", "ocsvm"), started);
        assertEquals(6, again.size());
    }

    @Test
    void aSeriesTooShortForItsWindowGivesAnErrorRowAndTheRestRuns(@TempDir Path dir) throws Exception {
        TimeSeries good = SyntheticSeries.generate("spike", 0);
        SeriesBenchmark.Source tiny = new SeriesBenchmark.Source() {
            @Override
            public String name() {
                return "tiny";
            }

            @Override
            public TimeSeries load() {
                double[] v = new double[40];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.sin(i);
                }
                int[] labels = new int[40];
                labels[30] = 1;
                return new TimeSeries("tiny", v, 40, 1, labels, 10, 10, List.of("v"), good.record());
            }
        };
        SeriesBenchmark.Settings s = SeriesBenchmark.Settings.of(
                List.of(tiny, SeriesBenchmark.synthetic(0).get(0)),
                List.of("dte-np"),
                List.of(0L),
                Profile.QUICK,
                1,
                "cpu",
                dir,
                16,
                500,
                PointScores.Aggregation.MEAN);
        List<ResultRow> rows = SeriesBenchmark.run(s, new Runner.Listener() {});
        assertEquals(2, rows.size());
        assertFalse(rows.get(0).ok());
        assertTrue(
                rows.get(0).error().contains("training part has 10 points"),
                rows.get(0).error());
        assertTrue(rows.get(1).ok());
    }

    @Test
    void evaluationRangeScoresEqualTheWholeSeriesScoresThere() {
        TimeSeries shift = SyntheticSeries.generate("shift", 0);
        double[] train = java.util.Arrays.copyOf(shift.values(), shift.trainEnd() * shift.channels());
        try (org.dmad.tribuo.series.SeriesModel model = org.dmad.tribuo.series.SeriesDetector.fit(
                org.dmad.tribuo.DTENonParametricTrainer.builder().build(),
                train,
                shift.channels(),
                org.dmad.series.SlidingWindows.of(20, 5),
                true)) {
            double[] whole = model.pointScores(shift.values(), PointScores.Aggregation.MEAN);
            double[] eval = SeriesBenchmark.evalPointScores(model, shift, 20, PointScores.Aggregation.MEAN);
            assertEquals(shift.length() - shift.evalStart(), eval.length);
            for (int i = 0; i < eval.length; i++) {
                assertEquals(whole[shift.evalStart() + i], eval[i], 1e-9 * Math.abs(eval[i]) + 1e-12, "point " + i);
            }
        }
    }

    @Test
    void windowLengthFollowsThePeriodAndTheChannelBudget() {
        TimeSeries spike = SyntheticSeries.generate("spike", 0);
        assertEquals(50, SeriesBenchmark.windowLength(spike, 0), "the generated period");
        assertEquals(7, SeriesBenchmark.windowLength(spike, 7));
        TimeSeries shift = SyntheticSeries.generate("shift", 0);
        assertTrue(SeriesBenchmark.windowLength(shift, 0) * shift.channels() <= 1024);
        assertEquals(1, SeriesBenchmark.trainStride(1000, 100, 2000));
        assertEquals(3, SeriesBenchmark.trainStride(5100, 100, 2000));
    }

    @Test
    void publishedFiguresMatchTheShippedSeriesNames() {
        assertNotNull(PublishedFigures.anchor("smd/machine-2-1"));
        assertEquals(
                "TSB-AD-M 170_SMAP_id_27",
                PublishedFigures.anchor("smap_msl/A-1").reference());
        assertNotNull(PublishedFigures.anchor("ucr/136_UCR_Anomaly_InternalBleeding17_1600_3198_3309"));
        assertNotNull(PublishedFigures.anchor("tsb-ad/TSB-AD-M/002_MSL_id_1_Sensor_tr_500_1st_900"));
        assertNull(PublishedFigures.anchor("smap_msl/MA-1"));
        assertNull(PublishedFigures.anchor("synthetic-spike"));
    }
}
