package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.series.PointScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The imputation-ensemble and decomposition series detectors run in the time-series benchmark. */
class SeriesDiffusionBenchTest {

    @Test
    void tsImdiffAndTsD3rRunInTheBenchmarkAndFindTheGeneratedSpikes(@TempDir Path dir) throws Exception {
        List<SeriesBenchmark.Source> spike = SeriesBenchmark.synthetic(0).subList(0, 1);
        SeriesBenchmark.Settings settings = SeriesBenchmark.Settings.of(
                spike,
                List.of("ts-imdiff", "ts-d3r"),
                List.of(0L),
                Profile.QUICK,
                1,
                "cpu",
                dir,
                0,
                500,
                PointScores.Aggregation.MEAN);
        List<ResultRow> rows = SeriesBenchmark.run(settings, new Runner.Listener() {});
        assertEquals(2, rows.size());
        for (ResultRow r : rows) {
            assertTrue(r.ok(), r.error());
            assertEquals("synthetic-spike", r.dataset());
            assertTrue(r.metric("auroc") > 0.9, r.toString());
        }
        assertTrue(DetectorRegistry.describe(Task.TIMESERIES).contains("ts-imdiff")
                && DetectorRegistry.describe(Task.TIMESERIES).contains("ts-d3r"));
        assertEquals(List.of("ts-imdiff", "ts-d3r"), DetectorRegistry.parseList("ts-imdiff, ts-d3r", Task.TIMESERIES));
    }
}
