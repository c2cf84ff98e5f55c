package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.data.DatasetRecord;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.timeseries.SyntheticSeries;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.series.PointScores;
import org.dmad.tribuo.series.ChannelScaledTrainer;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;

/** TSB-AD's protocol: prefix, normalisation, windows, score mapping, and whole runs with their reproduction. */
class TsbAdProtocolTest {

    private static final DatasetRecord RECORD =
            SyntheticSeries.generate("spike", 0).record();

    /** A univariate series of {@code train} training and {@code test} test steps, first anomaly at test step f. */
    private static TimeSeries split(int train, int test, int first) {
        int n = train + test;
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = Math.sin(t * 0.3);
        }
        int[] labels = new int[n];
        labels[train + first] = 1;
        return new TimeSeries("s", v, n, 1, labels, train, train, List.of("v"), RECORD);
    }

    @Test
    void thePrefixOfASeriesWithATrainingFileIsTsbAdsRuleAndOtherwiseTheLoadersOne() {
        // The tr_ of TSB-AD's copies of the shipped SMD, SMAP and MSL test files (063, 075, 170, 002).
        assertEquals(5923, TsbAdProtocol.prefix(split(100, 23694, 6506)));
        assertEquals(564, TsbAdProtocol.prefix(split(100, 23696, 664)));
        assertEquals(2160, TsbAdProtocol.prefix(split(100, 8640, 4690)));
        assertEquals(500, TsbAdProtocol.prefix(split(100, 1827, 900)));
        assertEquals(300, TsbAdProtocol.prefix(split(100, 300, 10)), "never more than the series");
        TimeSeries csv = split(0, 4031, 2014);
        TimeSeries named = new TimeSeries(
                "tsb-ad/x_tr_1007_1st_2014",
                csv.values(),
                csv.length(),
                1,
                csv.labels(),
                1007,
                0,
                List.of("v"),
                RECORD);
        assertEquals(1007, TsbAdProtocol.prefix(named));
    }

    @Test
    void theWholeSeriesIsZNormalisedPerChannelAndAConstantChannelBecomesZero() {
        int n = 200;
        double[] v = new double[n * 2];
        for (int t = 0; t < n; t++) {
            v[t * 2] = 10 + 3 * Math.sin(t);
            v[t * 2 + 1] = 7.25;
        }
        int[] labels = new int[n];
        labels[150] = 1;
        TimeSeries s = new TimeSeries("c", v, n, 2, labels, 50, 0, List.of("a", "b"), RECORD);
        TsbAdProtocol.Prepared p = TsbAdProtocol.prepare(s);
        double mean = 0;
        double sq = 0;
        for (int t = 0; t < n; t++) {
            mean += p.values()[t * 2];
            sq += p.values()[t * 2] * p.values()[t * 2];
            assertEquals(0.0, p.values()[t * 2 + 1]);
        }
        assertEquals(0, mean / n, 1e-12);
        assertEquals(1, sq / n, 1e-12, "population standard deviation, as scikit-learn's StandardScaler");
        assertEquals(10 + 3 * Math.sin(5), p.raw0()[5], 0, "the period and VUS window use the loaded values");
        assertEquals(50, p.prefix());
        TsbAdProtocol.Prepared raw = TsbAdProtocol.prepare(s, false);
        assertArrayEquals(v, raw.values(), "tsb-ad-raw: the values as loaded");
        assertEquals(p.period(), raw.period());
    }

    @Test
    void windowScoresGoToTheWindowCentreAsTsbAdPadsThem() {
        // TSB-AD: [first] * ceil((w-1)/2) + scores + [last] * ((w-1)//2).
        assertArrayEquals(new double[] {1, 1, 2, 3, 3}, TsbAdProtocol.centre(new double[] {1, 2, 3}, 3, 5));
        assertArrayEquals(new double[] {1, 1, 1, 2, 3, 3}, TsbAdProtocol.centre(new double[] {1, 2, 3}, 4, 6));
        assertArrayEquals(new double[] {4, 5}, TsbAdProtocol.centre(new double[] {4, 5}, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> TsbAdProtocol.centre(new double[] {1}, 3, 5));
    }

    @Test
    void eachMethodGetsTsbAdsWindowAndTrainingData() {
        TsbAdProtocol.Prepared uni = TsbAdProtocol.prepare(SyntheticSeries.generate("spike", 0));
        TsbAdProtocol.Prepared multi = TsbAdProtocol.prepare(SyntheticSeries.generate("shift", 0));
        assertEquals(1, TsbAdProtocol.window("iforest", uni));
        assertEquals(1, TsbAdProtocol.window("pca", multi));
        assertEquals(uni.period(), TsbAdProtocol.window("sub-pca", uni));
        assertEquals(uni.period(), TsbAdProtocol.window("kmeans-ad", uni));
        assertEquals(40, TsbAdProtocol.window("kmeans-ad", multi));
        assertTrue(TsbAdProtocol.unsupervised("iforest") && TsbAdProtocol.unsupervised("kmeans-ad"));
        assertFalse(TsbAdProtocol.unsupervised("ocsvm") || TsbAdProtocol.unsupervised("dte-np"));
        assertEquals(TsbAdProtocol.Mapping.CENTRE, TsbAdProtocol.mapping("sub-ocsvm"));
        assertEquals(TsbAdProtocol.Mapping.AGGREGATION, TsbAdProtocol.mapping("kmeans-ad"));
    }

    @Test
    void aTsbAdRunRecordsItsChoicesAndIsReproducedBitForBit(@TempDir Path dir) throws Exception {
        SeriesBenchmark.Settings s = SeriesBenchmark.Settings.of(
                        SeriesBenchmark.synthetic(0).subList(0, 1),
                        List.of("pca", "sub-pca", "kmeans-ad", "iforest", "ocsvm"),
                        List.of(0L),
                        Profile.QUICK,
                        1,
                        "cpu",
                        dir,
                        0,
                        2000,
                        PointScores.Aggregation.MEAN)
                .withProtocol(SeriesProtocol.TSB_AD);
        List<ResultRow> rows = SeriesBenchmark.run(s, new Runner.Listener() {});
        assertEquals(5, rows.size());
        TsbAdProtocol.Prepared p = TsbAdProtocol.prepare(SyntheticSeries.generate("spike", 0));
        for (ResultRow r : rows) {
            assertTrue(r.ok(), r.error());
            assertEquals(SyntheticSeries.LENGTH - SyntheticSeries.TRAIN, r.evalPoints());
            assertEquals(TsbAdProtocol.window(r.detector(), p), r.window());
        }
        ResultRow kmeans = rows.get(2);
        assertTrue(kmeans.metric("vus_pr") > 0.5, "the generated spikes: " + kmeans);
        Path recordPath = new RunRecords(dir.resolve("runs")).recordPath(kmeans);
        JsonNode windows = new ObjectMapper().readTree(recordPath.toFile()).path("windows");
        assertEquals("tsb-ad", windows.path("protocol").asText());
        assertEquals("whole series", windows.path("trained_on").asText());
        assertEquals("[1500, 3500)", windows.path("train_range").asText());
        Reproduction.Outcome o = Reproduction.reproduce(recordPath);
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());
        ResultRow ocsvm = rows.get(4);
        JsonNode semi = new ObjectMapper()
                .readTree(new RunRecords(dir.resolve("runs")).recordPath(ocsvm).toFile())
                .path("windows");
        assertEquals(
                "[1500, " + (1500 + p.prefix()) + ")", semi.path("train_range").asText());
        assertTrue(Reproduction.reproduce(new RunRecords(dir.resolve("runs")).recordPath(ocsvm))
                .identical());
    }

    @Test
    void theSeriesDiffusionDetectorsAreBuiltToScaleByTheWholeSeries() {
        TsbAdProtocol.Prepared p = TsbAdProtocol.prepare(SyntheticSeries.generate("shift", 0), false);
        for (String detector : List.of("ts-recon", "ts-impute", "ts-imdiff", "ts-d3r")) {
            int window = TsbAdProtocol.window(detector, p);
            Trainer<Event> registry = DetectorRegistry.get(detector, Task.TIMESERIES)
                    .factory()
                    .create(new DetectorRegistry.Run(Profile.QUICK, 0, 1, "cpu", window));
            ChannelScaledTrainer tsbAd = assertInstanceOf(
                    ChannelScaledTrainer.class, TsbAdProtocol.trainer(detector, p, Profile.QUICK, 0, 1, "cpu", window));
            assertEquals(SeriesChannelScale.Source.CHANNEL, ((ChannelScaledTrainer) registry).channelScale(), detector);
            assertEquals(SeriesChannelScale.Source.SERIES, tsbAd.channelScale(), detector);
            assertEquals(
                    ((ChannelScaledTrainer) registry).withChannelScale("series").getProvenance(),
                    tsbAd.getProvenance(),
                    detector);
        }
        assertFalse(TsbAdProtocol.trainer("dte-np", p, Profile.QUICK, 0, 1, "cpu", 16) instanceof ChannelScaledTrainer);
        SeriesChannelScale whole = TsbAdProtocol.wholeSeriesScale(p);
        assertEquals(p.channels(), whole.channels());
        assertEquals(SeriesChannelScale.of(p.values(), p.channels()), whole);
    }

    @Test
    void aSeriesScaledTsbAdRawRunRecordsTheStatisticsAndIsReproducedBitForBit(@TempDir Path dir) throws Exception {
        SeriesBenchmark.Settings s = SeriesBenchmark.Settings.of(
                        SeriesBenchmark.synthetic(0).subList(1, 2),
                        List.of("ts-d3r"),
                        List.of(0L),
                        Profile.QUICK,
                        1,
                        "cpu",
                        dir,
                        0,
                        200,
                        PointScores.Aggregation.MEAN)
                .withProtocol(SeriesProtocol.TSB_AD_RAW);
        ResultRow row = SeriesBenchmark.run(s, new Benchmark.Listener() {}).get(0);
        assertTrue(row.ok(), row.error());
        Path record = new RunRecords(dir.resolve("runs")).recordPath(row);
        JsonNode windows = new ObjectMapper().readTree(record.toFile()).path("windows");
        assertEquals("tsb-ad-raw", windows.path("protocol").asText());
        assertEquals("none (values as loaded)", windows.path("normalisation").asText());
        assertTrue(
                windows.path("summary")
                        .asText()
                        .startsWith("tsb-ad-raw: values as loaded; channels scaled by whole-series statistics "
                                + "(channelScale=series); trained on the tr_"),
                windows.path("summary").asText());
        TsbAdProtocol.Prepared p = TsbAdProtocol.prepare(SyntheticSeries.generate("shift", 0), false);
        String text = Files.readString(record);
        assertTrue(text.contains(ChannelScaledTrainer.SERIES_SCALE_PROVENANCE), "the statistics are recorded");
        assertTrue(text.contains(TsbAdProtocol.wholeSeriesScale(p).toString()), "the statistics are recorded");
        Reproduction.Outcome o = Reproduction.reproduce(record);
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());
    }

    @Test
    void theRunRecordNamesTheNormalisationOfEachTsbAdProtocol() {
        TsbAdProtocol.Prepared raw = TsbAdProtocol.prepare(SyntheticSeries.generate("spike", 0), false);
        TsbAdProtocol.Prepared z = TsbAdProtocol.prepare(SyntheticSeries.generate("spike", 0), true);
        assertFalse(raw.zscored());
        assertTrue(z.zscored());
    }

    @Test
    void unknownSeriesProtocolsAndAFixedWindowWithTsbAdAreRefused() {
        assertEquals(SeriesProtocol.SEMI, SeriesProtocol.parse("semi"));
        assertEquals(SeriesProtocol.TSB_AD, SeriesProtocol.parse("TSB-AD"));
        assertEquals(SeriesProtocol.TSB_AD_RAW, SeriesProtocol.parse("tsb-ad-raw"));
        assertTrue(SeriesProtocol.TSB_AD_RAW.tsbAd() && !SeriesProtocol.SEMI.tsbAd());
        for (String bad : new String[] {"tsbad", "semi-clean", "unsup", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesProtocol.parse(bad));
            assertTrue(
                    e.getMessage().startsWith("Unknown protocol '" + bad + "' for --task timeseries"), e.getMessage());
        }
        IllegalArgumentException window = assertThrows(
                IllegalArgumentException.class,
                () -> SeriesBenchmark.Settings.of(
                                List.of(),
                                List.of("pca"),
                                List.of(0L),
                                Profile.QUICK,
                                1,
                                "cpu",
                                Path.of("x"),
                                16,
                                100,
                                PointScores.Aggregation.MEAN)
                        .withProtocol(SeriesProtocol.TSB_AD));
        assertTrue(window.getMessage().contains("--window 16 cannot be combined"), window.getMessage());
    }
}
