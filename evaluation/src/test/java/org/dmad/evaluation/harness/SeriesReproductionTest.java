package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.evaluation.timeseries.TimeSeriesOptions;
import org.dmad.evaluation.timeseries.TimeSeriesSources;
import org.dmad.series.PointScores;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmad reproduce} on time-series run records: bit-identical metrics, and changed files caught first. */
class SeriesReproductionTest {

    private static SeriesBenchmark.Source source(TimeSeriesSources.Source s) {
        return new SeriesBenchmark.Source() {
            @Override
            public String name() {
                return s.name();
            }

            @Override
            public TimeSeries load() throws IOException {
                return s.load();
            }
        };
    }

    private static ResultRow bench(Path out, List<SeriesBenchmark.Source> data, String detector) throws IOException {
        SeriesBenchmark.Settings s = SeriesBenchmark.Settings.of(
                data,
                List.of(detector),
                List.of(3L),
                Profile.QUICK,
                1,
                "cpu",
                out,
                0,
                400,
                PointScores.Aggregation.MEAN);
        List<ResultRow> rows = SeriesBenchmark.run(s, new Runner.Listener() {});
        assertTrue(rows.get(0).ok(), rows.get(0).error());
        return rows.get(0);
    }

    @Test
    void aGeneratedSeriesRunIsReproducedBitForBit(@TempDir Path dir) throws IOException {
        ResultRow row = bench(dir, SeriesBenchmark.synthetic(0).subList(1, 2), "dte-np");
        Reproduction.Outcome o = Reproduction.reproduce(new RunRecords(dir.resolve("runs")).recordPath(row));
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());
        assertEquals(row.metric("vus_pr"), o.reproduced().get("vus_pr"));
        assertEquals(8, o.recorded().size());
    }

    @Test
    void groupedTsbAdRunsRecordTheirGroupAndReproduceUnderIt(@TempDir Path dir) throws IOException {
        // The three-channel generated series under TSB-AD's protocol: ts-recon scales by whole-series statistics
        // (channelScale=series), which each member of the group receives as a plain training does.
        SeriesBenchmark.Settings s = SeriesBenchmark.Settings.of(
                        SeriesBenchmark.synthetic(0).subList(1, 2),
                        List.of("ts-recon"),
                        List.of(0L, 1L),
                        Profile.QUICK,
                        1,
                        "cpu",
                        dir,
                        0,
                        128,
                        PointScores.Aggregation.MEAN)
                .withProtocol(SeriesProtocol.TSB_AD)
                .withGroup(0);
        List<ResultRow> rows = SeriesBenchmark.run(s, new Runner.Listener() {});
        assertEquals(2, rows.size());
        RunRecords records = new RunRecords(dir.resolve("runs"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (ResultRow row : rows) {
            assertTrue(row.ok(), row.error());
            var record = json.readTree(Files.readString(records.recordPath(row)));
            assertEquals("[0,1]", record.path("run").path("group").path("seeds").toString());
            assertEquals(
                    row.seed(), record.path("run").path("group").path("member").asLong());
            assertEquals("tsb-ad", record.path("windows").path("protocol").asText());
            assertTrue(
                    record.path("model_provenance")
                            .toString()
                            .contains(org.dmad.tribuo.series.ChannelScaledTrainer.SERIES_SCALE_PROVENANCE),
                    "scaled by whole-series statistics");
        }
        Reproduction.Outcome o = Reproduction.reproduce(records.recordPath(rows.get(1)));
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());
    }

    @Test
    void aScoringStrideIsRecordedAndReproduced(@TempDir Path dir) throws IOException {
        List<SeriesBenchmark.Source> data = SeriesBenchmark.synthetic(0).subList(1, 2);
        SeriesBenchmark.Settings s = SeriesBenchmark.Settings.of(
                        data,
                        List.of("dte-np"),
                        List.of(3L),
                        Profile.QUICK,
                        1,
                        "cpu",
                        dir.resolve("s4"),
                        0,
                        400,
                        PointScores.Aggregation.MEAN)
                .withScoreStride(4);
        ResultRow strided = SeriesBenchmark.run(s, new Runner.Listener() {}).get(0);
        assertTrue(strided.ok(), strided.error());
        Path record = new RunRecords(dir.resolve("s4").resolve("runs")).recordPath(strided);
        assertEquals(
                4,
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(record.toFile())
                        .path("windows")
                        .path("score_stride")
                        .asInt());
        Reproduction.Outcome o = Reproduction.reproduce(record);
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());
        // The stride changes the scores (fewer windows), so the run is not the stride-1 run.
        ResultRow every = bench(dir.resolve("s1"), data, "dte-np");
        assertTrue(
                every.metric("vus_pr") != strided.metric("vus_pr") || every.metric("aupr") != strided.metric("aupr"),
                "stride 4 = stride 1");
    }

    @Test
    void aScoringStrideIsRefusedBelowOneAndUnderTsbAd() {
        SeriesBenchmark.Settings s = SeriesBenchmark.Settings.of(
                List.of(),
                List.of("pca"),
                List.of(0L),
                Profile.QUICK,
                1,
                "cpu",
                Path.of("x"),
                0,
                400,
                PointScores.Aggregation.MEAN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.withScoreStride(0));
        assertTrue(e.getMessage().contains("--score-stride must be at least 1, got 0"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> s.withProtocol(SeriesProtocol.TSB_AD).withScoreStride(4));
        assertTrue(e.getMessage().contains("applies to --protocol semi only"), e.getMessage());
    }

    @Test
    void aSharedMultiFileSeriesIsReproducedFromItsRecordedSource(@TempDir Path dir) throws IOException {
        Path msl = Path.of(System.getProperty("dmad.shared.dir", "../shared"), "datasets", "timeseries", "smap_msl");
        Assumptions.assumeTrue(Files.isDirectory(msl), "shared time-series data not present: " + msl);
        List<SeriesBenchmark.Source> data = new ArrayList<>();
        for (TimeSeriesSources.Source s : TimeSeriesSources.sources(List.of(msl), TimeSeriesOptions.defaults())) {
            if (s.name().endsWith("S-2")) {
                data.add(source(s));
            }
        }
        assertEquals(1, data.size());
        ResultRow row = bench(dir, data, "iforest");
        Reproduction.Outcome o = Reproduction.reproduce(new RunRecords(dir.resolve("runs")).recordPath(row));
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());
    }

    @Test
    void aChangedSeriesFileIsRefusedBeforeTraining(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("pump.csv");
        StringBuilder sb = new StringBuilder("timestamp,current,label\n");
        for (int t = 0; t < 600; t++) {
            double v = Math.sin(t * 2 * Math.PI / 25) + (t >= 500 && t < 510 ? 3 : 0);
            sb.append(String.format(
                    Locale.ROOT, "2026-01-01T00:%02d:%02d,%.6f,%d%n", t / 60, t % 60, v, t >= 500 && t < 510 ? 1 : 0));
        }
        Files.writeString(csv, sb.toString());
        List<SeriesBenchmark.Source> data = new ArrayList<>();
        for (TimeSeriesSources.Source s : TimeSeriesSources.sources(
                List.of(csv), TimeSeriesOptions.defaults().withTrainFraction(0.5))) {
            data.add(source(s));
        }
        ResultRow row = bench(dir.resolve("out"), data, "dte-np");
        Path record = new RunRecords(dir.resolve("out").resolve("runs")).recordPath(row);
        // The training range came from an option, not from the file: reproduction uses the recorded range.
        assertTrue(Reproduction.reproduce(record).identical());
        Files.writeString(csv, sb.toString().replace("0.000000", "0.000001"));
        IOException e = assertThrows(IOException.class, () -> Reproduction.reproduce(record));
        assertTrue(
                e.getMessage().contains("changed since the run")
                        && e.getMessage().contains("nothing was retrained"),
                e.getMessage());
    }
}
