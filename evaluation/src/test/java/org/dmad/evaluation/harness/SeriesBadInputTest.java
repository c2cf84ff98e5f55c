package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.timeseries.MissingValues;
import org.dmad.evaluation.timeseries.SyntheticSeries;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.evaluation.timeseries.TimeSeriesOptions;
import org.dmad.evaluation.timeseries.TimeSeriesSources;
import org.dmad.series.PointScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad series input under both protocols: NaN gaps, constant channels, a test part shorter than a window, a training
 * part with no normal step, labels that do not cover the series. Each gives a clear error or follows the policy
 * docs/TIME_SERIES.md states; no run ends with NaN scores.
 */
class SeriesBadInputTest {

    private static SeriesBenchmark.Source source(TimeSeries s) {
        return new SeriesBenchmark.Source() {
            @Override
            public String name() {
                return s.name();
            }

            @Override
            public TimeSeries load() {
                return s;
            }
        };
    }

    private static List<ResultRow> run(
            Path out, TimeSeries s, List<String> detectors, SeriesProtocol protocol, int window) throws IOException {
        return SeriesBenchmark.run(
                SeriesBenchmark.Settings.of(
                                List.of(source(s)),
                                detectors,
                                List.of(0L),
                                Profile.QUICK,
                                1,
                                "cpu",
                                out,
                                window,
                                500,
                                PointScores.Aggregation.MEAN)
                        .withProtocol(protocol),
                new Runner.Listener() {});
    }

    private static void assertFiniteMetrics(ResultRow r) {
        assertTrue(r.ok(), r.detector() + ": " + r.error());
        for (double v : new double[] {
            r.metric("auroc"), r.metric("aupr"), r.metric("vus_pr"), r.metric("vus_roc"), r.metric("best_f1")
        }) {
            assertTrue(v >= 0 && v <= 1, r.toString());
        }
    }

    /** A TSB-AD file: one data column, the Label column, tr_ and 1st_ in the name. */
    private static Path tsbAdFile(Path dir, String body) throws IOException {
        Path p = dir.resolve("tsb").resolve("001_Test_id_1_Sensor_tr_40_1st_70.csv");
        Files.createDirectories(p.getParent());
        Files.writeString(p, "Data,Label\n" + body);
        return p;
    }

    private static String rows(int n, int gapAt) {
        StringBuilder b = new StringBuilder();
        for (int t = 0; t < n; t++) {
            b.append(t == gapAt ? "NaN" : Double.toString(Math.sin(t * 0.7) + (t >= 70 && t < 74 ? 3 : 0)))
                    .append(',')
                    .append(t >= 70 && t < 74 ? 1 : 0)
                    .append('\n');
        }
        return b.toString();
    }

    @Test
    void aNanGapIsRefusedWithItsPlaceUnlessAFillPolicyIsChosenAndThenScoresAreFinite(@TempDir Path dir)
            throws IOException {
        Path file = tsbAdFile(dir, rows(120, 50));
        IOException e =
                assertThrows(IOException.class, () -> TimeSeriesSources.load(file, TimeSeriesOptions.defaults()));
        assertTrue(
                e.getMessage().contains(file.getFileName().toString())
                        && e.getMessage().contains("NaN"),
                e.getMessage());
        TimeSeries filled =
                TimeSeriesSources.load(file, TimeSeriesOptions.defaults().withMissing(MissingValues.LINEAR));
        for (ResultRow r : run(
                dir.resolve("out"),
                filled,
                List.of("pca", "kmeans-ad", "iforest", "ocsvm"),
                SeriesProtocol.TSB_AD,
                0)) {
            assertFiniteMetrics(r);
        }
    }

    @Test
    void labelsThatDoNotCoverTheSeriesAreRefused(@TempDir Path dir) throws IOException {
        // The last row has a value but no label.
        Path file = tsbAdFile(dir, rows(100, -1) + "0.5,\n");
        IOException e =
                assertThrows(IOException.class, () -> TimeSeriesSources.load(file, TimeSeriesOptions.defaults()));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        TimeSeries s = SyntheticSeries.generate("spike", 0);
        IllegalArgumentException short_ = assertThrows(
                IllegalArgumentException.class,
                () -> new TimeSeries(
                        "x", s.values(), s.length(), 1, new int[s.length() - 1], 10, 10, List.of("v"), s.record()));
        assertTrue(
                short_.getMessage().contains((s.length() - 1) + " labels for " + s.length() + " steps"),
                short_.getMessage());
    }

    @Test
    void aConstantChannelIsCentredOrZeroedAndEveryDetectorScoresFinitely(@TempDir Path dir) throws IOException {
        TimeSeries shift = SyntheticSeries.generate("shift", 0);
        double[] v = shift.values().clone();
        for (int t = 0; t < shift.length(); t++) {
            v[t * shift.channels() + 2] = 4.5;
        }
        TimeSeries constant = new TimeSeries(
                "constant-channel",
                v,
                shift.length(),
                shift.channels(),
                shift.labels(),
                shift.trainEnd(),
                shift.evalStart(),
                shift.channelNames(),
                shift.record());
        for (SeriesProtocol p : SeriesProtocol.values()) {
            for (ResultRow r : run(dir.resolve(p.cliName()), constant, List.of("pca", "kmeans-ad", "ocsvm"), p, 0)) {
                assertFiniteMetrics(r);
            }
        }
    }

    @Test
    void aTestPartShorterThanAWindowIsScoredFromTheWindowsReachingBackOrRefusedUnderTsbAd(@TempDir Path dir)
            throws IOException {
        TimeSeries spike = SyntheticSeries.generate("spike", 0);
        int n = spike.trainEnd() + 6;
        double[] v = java.util.Arrays.copyOf(spike.values(), n);
        int[] labels = new int[n];
        labels[n - 3] = 1;
        TimeSeries shortTest = new TimeSeries(
                "short-test", v, n, 1, labels, spike.trainEnd(), spike.trainEnd(), List.of("v"), spike.record());
        ResultRow semi = run(dir.resolve("semi"), shortTest, List.of("pca"), SeriesProtocol.SEMI, 16)
                .get(0);
        assertFiniteMetrics(semi);
        assertEquals(6, semi.evalPoints());

        // Under TSB-AD the series is the test part alone: 30 points without a period get TSB-AD's 125.
        double[] w = new double[40];
        int[] l = new int[40];
        for (int t = 0; t < 40; t++) {
            w[t] = 0.05 * t + (t == 35 ? 2 : 0);
        }
        l[35] = 1;
        TimeSeries tiny = new TimeSeries("tiny", w, 40, 1, l, 10, 10, List.of("v"), spike.record());
        TsbAdProtocol.Prepared p = TsbAdProtocol.prepare(tiny);
        assertTrue(p.period() > p.length(), "period " + p.period());
        ResultRow sub = run(dir.resolve("tsb"), tiny, List.of("sub-pca"), SeriesProtocol.TSB_AD, 0)
                .get(0);
        assertFalse(sub.ok());
        assertTrue(sub.error().contains("fewer than one window of " + p.period()), sub.error());
    }

    @Test
    void aTrainingPartWithNoNormalStepIsRefusedForSemiSupervisedDetectors(@TempDir Path dir) throws IOException {
        TimeSeries spike = SyntheticSeries.generate("spike", 0);
        int[] labels = spike.labels().clone();
        java.util.Arrays.fill(labels, 0, spike.trainEnd(), 1);
        TimeSeries bad = new TimeSeries(
                "all-anomalous-train",
                spike.values(),
                spike.length(),
                1,
                labels,
                spike.trainEnd(),
                spike.evalStart(),
                spike.channelNames(),
                spike.record());
        ResultRow semi = run(dir.resolve("semi"), bad, List.of("iforest"), SeriesProtocol.SEMI, 0)
                .get(0);
        assertFalse(semi.ok());
        assertTrue(semi.error().contains("has no normal time step (all 1500 are labelled anomalous)"), semi.error());

        // Under TSB-AD the prefix lies in the test part: label all of it anomalous.
        TsbAdProtocol.Prepared p = TsbAdProtocol.prepare(spike);
        int[] prefixLabels = spike.labels().clone();
        java.util.Arrays.fill(prefixLabels, spike.evalStart(), spike.evalStart() + p.prefix(), 1);
        TimeSeries badPrefix = new TimeSeries(
                "all-anomalous-prefix",
                spike.values(),
                spike.length(),
                1,
                prefixLabels,
                spike.trainEnd(),
                spike.evalStart(),
                spike.channelNames(),
                spike.record());
        List<ResultRow> rows =
                run(dir.resolve("tsb"), badPrefix, List.of("ocsvm", "iforest"), SeriesProtocol.TSB_AD, 0);
        assertFalse(rows.get(0).ok());
        assertTrue(
                rows.get(0).error().contains("training prefix")
                        && rows.get(0).error().contains("no normal"),
                rows.get(0).error());
        assertFiniteMetrics(rows.get(1));
    }
}
