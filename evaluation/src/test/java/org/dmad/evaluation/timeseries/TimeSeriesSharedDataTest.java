package org.dmad.evaluation.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dmad.evaluation.data.Hashing;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads the shared time-series fixtures ({@code shared/datasets/timeseries}) and checks them against the shapes and
 * counts their README states. Skipped when the shared folder is absent.
 */
class TimeSeriesSharedDataTest {

    private static final Path DIR =
            Path.of(System.getProperty("dmad.shared.dir", "../shared"), "datasets", "timeseries");
    private static final TimeSeriesOptions OPTS = TimeSeriesOptions.defaults();

    @BeforeAll
    static void requireSharedData() {
        Assumptions.assumeTrue(
                Files.isDirectory(DIR),
                "shared time-series data not found at " + DIR.toAbsolutePath() + " (set -Ddmad.shared.dir); skipping");
    }

    private static TimeSeries load(String relative) throws IOException {
        return TimeSeriesSources.load(DIR.resolve(relative), OPTS);
    }

    private static int count(int[] labels, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += labels[i];
        }
        return n;
    }

    @Test
    void smdMachineIsTrainFollowedByTest() throws IOException {
        TimeSeries s = load("smd/test/machine-2-1.txt");
        assertEquals("smd/machine-2-1", s.name());
        assertEquals(23_693 + 23_694, s.length());
        assertEquals(38, s.channels());
        assertEquals(23_693, s.trainEnd());
        assertEquals(23_693, s.evalStart());
        assertEquals(1_170, s.anomalyCount());
        assertEquals(0, count(s.labels(), 0, s.trainEnd()));
        assertEquals(23_694, s.evalLabels().length);
        assertEquals(0.20202, s.value(0, 0), 1e-12);
        assertEquals(TimeSeriesFormat.SMD, TimeSeriesFormat.of(DIR.resolve("smd/train/machine-2-1.txt")));
        assertEquals(
                s.record().sha256(), TimeSeriesSources.fingerprint(s.record().source()));
        assertEquals(
                DIR.resolve("smd/test/machine-2-1.txt")
                        .toAbsolutePath()
                        .normalize()
                        .toString(),
                s.record().source());
        assertEquals(47_387, s.record().rows());
        assertEquals(1_170, s.record().anomalies());
    }

    @Test
    void smapChannelA1HasOneInclusiveSequence() throws IOException {
        TimeSeries s = load("smap_msl/test/A-1.npy");
        assertEquals("smap_msl/A-1", s.name());
        assertEquals(2_880 + 8_640, s.length());
        assertEquals(25, s.channels());
        assertEquals(2_880, s.trainEnd());
        assertEquals(2_880, s.evalStart());
        assertEquals(85, s.anomalyCount());
        int[] eval = s.evalLabels();
        assertEquals(0, eval[4689]);
        assertEquals(1, eval[4690]);
        assertEquals(1, eval[4774]);
        assertEquals(0, eval[4775]);
        assertEquals(85, count(eval, 4690, 4775));
        assertEquals(
                s.record().sha256(), TimeSeriesSources.fingerprint(s.record().source()));
    }

    @Test
    void mslChannelC1HasTwoSequences() throws IOException {
        TimeSeries s = load("smap_msl/train/C-1.npy");
        assertEquals("smap_msl/C-1", s.name());
        assertEquals(2_158 + 2_264, s.length());
        assertEquals(55, s.channels());
        int[] eval = s.evalLabels();
        assertEquals(201, count(eval, 550, 751));
        assertEquals(111, count(eval, 2100, 2211));
        assertEquals(312, s.anomalyCount());
        assertEquals(0, eval[549] + eval[751] + eval[2099] + eval[2211]);
    }

    @Test
    void mslChannelS2TestPartEqualsTsbAdFile002() throws IOException {
        TimeSeries smap = load("smap_msl/test/S-2.npy");
        TimeSeries tsb = load("tsb_ad_samples/TSB-AD-M/002_MSL_id_1_Sensor_tr_500_1st_900.csv");
        assertEquals("tsb-ad/TSB-AD-M/002_MSL_id_1_Sensor_tr_500_1st_900", tsb.name());
        assertEquals(1_827, tsb.length());
        assertEquals(55, tsb.channels());
        assertEquals(11, tsb.anomalyCount());
        assertEquals(500, tsb.trainEnd());
        assertEquals(0, tsb.evalStart());
        assertArrayEquals(tsb.values(), smap.evalValues());
        assertArrayEquals(tsb.labels(), smap.evalLabels());
        assertEquals(
                Hashing.sha256(DIR.resolve("tsb_ad_samples/TSB-AD-M/002_MSL_id_1_Sensor_tr_500_1st_900.csv")),
                tsb.record().sha256());
    }

    @Test
    void ucrFileTakesItsSplitAndAnomalyFromTheName() throws IOException {
        TimeSeries s = load("ucr_kdd21/136_UCR_Anomaly_InternalBleeding17_1600_3198_3309.txt");
        assertEquals("ucr/136_UCR_Anomaly_InternalBleeding17_1600_3198_3309", s.name());
        assertEquals(7_500, s.length());
        assertEquals(1, s.channels());
        assertEquals(1_600, s.trainEnd());
        assertEquals(0, s.evalStart());
        assertEquals(111, s.anomalyCount());
        assertEquals(111, count(s.labels(), 3198, 3309));
        assertEquals(63.732150, s.value(0, 0), 1e-9);
    }

    @Test
    void tsbAdUnivariateIsNabWithItsOwnLabels() throws IOException {
        TimeSeries tsb = load("tsb_ad_samples/TSB-AD-U/001_NAB_id_1_Facility_tr_1007_1st_2014.csv");
        assertEquals(4_031, tsb.length());
        assertEquals(1, tsb.channels());
        assertEquals(List.of("Data"), tsb.channelNames());
        assertEquals(343, tsb.anomalyCount());
        assertEquals(1_007, tsb.trainEnd());
        TimeSeries nab = load("nab/data/realKnownCause/ec2_request_latency_system_failure.csv");
        assertArrayEquals(Arrays.copyOfRange(nab.values(), 1, 4_032), tsb.values(), 1e-9, "TSB-AD rounds NAB's text");
    }

    @Test
    void tsbUadOccupancyHasItsPublishedAnomalyShare() throws IOException {
        TimeSeries s = load("tsb_uad_samples/Occupancy/room-occupancy-0.test.csv@1.out");
        assertEquals("tsb-uad/Occupancy/room-occupancy-0.test.csv@1", s.name());
        assertEquals(2_665, s.length());
        assertEquals(972, s.anomalyCount());
        assertEquals(36.47, 100.0 * s.anomalyCount() / s.length(), 0.005);
        assertEquals(266, s.trainEnd());
        assertEquals(0, s.evalStart());
        assertFalse(s.record().source().contains(";missing="));
    }

    @Test
    void nabLabelsArePointsInsideTheWindows() throws IOException {
        TimeSeries s = load("nab/data/realKnownCause/ec2_request_latency_system_failure.csv");
        assertEquals("nab/realKnownCause/ec2_request_latency_system_failure", s.name());
        assertEquals(4_032, s.length());
        // Counted independently: rows whose timestamp lies within one of the file's three windows, ends included.
        assertEquals(346, s.anomalyCount());
        assertEquals(604, s.trainEnd());
        assertEquals(0, s.evalStart());
        assertEquals(
                s.record().sha256(), TimeSeriesSources.fingerprint(s.record().source()));
        assertTrue(
                !s.record().sha256().equals(Hashing.sha256(Path.of(s.record().source()))),
                "a NAB hash covers the windows file too");
    }

    @Test
    void theWholeFolderGivesEverySeriesOnceWithUniqueNames() throws IOException {
        List<TimeSeriesSources.Source> all = TimeSeriesSources.sources(List.of(DIR), OPTS);
        Map<TimeSeriesFormat, Integer> byFormat = new TreeMap<>();
        Set<String> names = new HashSet<>();
        for (TimeSeriesSources.Source s : all) {
            byFormat.merge(s.format(), 1, Integer::sum);
            assertTrue(names.add(s.name()), "duplicate name " + s.name());
        }
        assertEquals(
                Map.of(
                        TimeSeriesFormat.NAB,
                        58,
                        TimeSeriesFormat.SMD,
                        2,
                        TimeSeriesFormat.SMAP_MSL,
                        3,
                        TimeSeriesFormat.UCR,
                        4,
                        TimeSeriesFormat.TSB_AD,
                        3,
                        TimeSeriesFormat.TSB_UAD,
                        5),
                byFormat);
        assertEquals(75, all.size());
        // Listing the folder twice, or a file inside it as well, adds nothing.
        assertEquals(
                75,
                TimeSeriesSources.sources(List.of(DIR, DIR.resolve("smd/train/machine-2-7.txt")), OPTS)
                        .size());
        int rows = 0;
        int inside = 0;
        for (TimeSeriesSources.Source s : TimeSeriesSources.sources(List.of(DIR.resolve("nab")), OPTS)) {
            TimeSeries t = s.load();
            assertEquals(s.name(), t.name());
            rows += t.length();
            inside += t.anomalyCount();
        }
        assertEquals(365_558, rows);
        assertEquals(33_495, inside, "independently counted rows inside NAB windows");
    }
}
