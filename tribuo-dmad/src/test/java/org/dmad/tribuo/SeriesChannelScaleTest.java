package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dmad.series.SlidingWindows;
import org.dmad.tribuo.series.ChannelScaledTrainer;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.dmad.tribuo.series.SeriesDetector;
import org.dmad.tribuo.series.SeriesModel;
import org.dmad.tribuo.series.WindowedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;

/**
 * The {@code channelScale} setting of the series trainers: {@code channel} (the statistics of the training windows,
 * as every model before the setting) or {@code series} (whole-series statistics given at training). A series-scaled
 * model is scaled by the given statistics, records them, and round-trips through both serializations with identical
 * scores; model files written before the setting read as {@code channel}; a bad value or missing statistics are
 * refused.
 */
class SeriesChannelScaleTest {

    private static final int L = 6;
    private static final int C = 3;
    private static final int TRAIN = 240;
    private static final int LENGTH = 400;

    /**
     * Three channels: two sines, and a third that is constant in the training part and moves after it, as channel 0
     * of TSB-AD-M 002 in its tr_500 prefix.
     */
    private static double[] series() {
        double[] v = new double[LENGTH * C];
        for (int t = 0; t < LENGTH; t++) {
            v[t * C] = Math.sin(t * 0.4);
            v[t * C + 1] = 2 + Math.cos(t * 0.25);
            v[t * C + 2] = t < TRAIN ? 5.0 : 5.0 + ((t / 20) % 2);
        }
        return v;
    }

    /** The small trainers of the three series detectors, with the given channelScale. */
    private static List<DMADTrainer> trainers(String channelScale) {
        return List.of(
                SeriesDDPMTrainer.builder(L)
                        .channelScale(channelScale)
                        .sampler("ddim")
                        .ddimSteps(4)
                        .reconstructionTime(20)
                        .timesteps(50)
                        .epochs(3)
                        .threads(1)
                        .seed(3)
                        .build(),
                SeriesImDiffusionTrainer.builder(L)
                        .channelScale(channelScale)
                        .timesteps(50)
                        .reconstructionTime(50)
                        .ddimSteps(4)
                        .ensembleSteps(2)
                        .epochs(3)
                        .threads(1)
                        .seed(3)
                        .build(),
                SeriesD3RTrainer.builder(L)
                        .channelScale(channelScale)
                        .timesteps(50)
                        .noiseTime(10)
                        .epochs(3)
                        .threads(1)
                        .seed(3)
                        .build());
    }

    @Test
    void anUnknownValueIsRefusedNamingTheSetting() {
        List<Runnable> builds = List.of(
                () -> SeriesDDPMTrainer.builder(L).channelScale("global").build(),
                () -> SeriesImDiffusionTrainer.builder(L).channelScale("global").build(),
                () -> SeriesD3RTrainer.builder(L).channelScale("global").build(),
                () -> ((ChannelScaledTrainer) trainers("channel").get(2)).withChannelScale("Series!"));
        for (Runnable build : builds) {
            PropertyException e = assertThrows(PropertyException.class, build::run);
            assertEquals("channelScale", e.getProperty(), e.getMsg());
            assertTrue(e.getMsg().contains("channelScale must be one of channel, series"), e.getMsg());
        }
        IllegalArgumentException parse =
                assertThrows(IllegalArgumentException.class, () -> SeriesChannelScale.Source.parse("whole"));
        assertTrue(parse.getMessage().contains("channelScale"), parse.getMessage());
    }

    @Test
    void theDefaultIsChannelAndACopyWithAnotherValueKeepsEveryOtherSetting() {
        List<DMADTrainer> channel = trainers("channel");
        List<DMADTrainer> series = trainers("series");
        for (int i = 0; i < channel.size(); i++) {
            ChannelScaledTrainer c = (ChannelScaledTrainer) channel.get(i);
            assertEquals(SeriesChannelScale.Source.CHANNEL, c.channelScale());
            ChannelScaledTrainer copy = c.withChannelScale("series");
            assertEquals(series.get(i).getProvenance(), copy.getProvenance());
            assertEquals(series.get(i).toString(), copy.toString());
            assertTrue(copy.toString().contains("channelScale=series"), copy.toString());
            // The original is unchanged.
            assertEquals(SeriesChannelScale.Source.CHANNEL, c.channelScale());
        }
        assertEquals(
                SeriesChannelScale.Source.CHANNEL, ((ChannelScaledTrainer) new SeriesD3RTrainer(4)).channelScale());
    }

    @Test
    void seriesScalingNeedsTheStatisticsOfTheWindowsChannels() {
        double[] train = Arrays.copyOf(series(), TRAIN * C);
        MutableDataset<org.tribuo.anomaly.Event> windows = new MutableDataset<>(
                WindowedDataSource.builder(train, C, SlidingWindows.of(L, 4)).build());
        for (DMADTrainer t : trainers("series")) {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> t.train(windows));
            assertTrue(none.getMessage().contains("channelScale=series"), none.getMessage());
            SeriesChannelScale two = SeriesChannelScale.of(new double[] {1, 2, 3, 4}, 2);
            IllegalArgumentException wrong = assertThrows(
                    IllegalArgumentException.class, () -> ((ChannelScaledTrainer) t).train(windows, two, Map.of()));
            assertTrue(wrong.getMessage().contains("2 channels but the windows 3"), wrong.getMessage());
        }
    }

    @Test
    void theWholeSeriesStatisticsAreEachChannelsMeanAndPopulationDeviation() {
        SeriesChannelScale s = SeriesChannelScale.of(new double[] {1, 7, 3, 7, 5, 7}, 2);
        assertEquals(2, s.channels());
        assertEquals(3.0, s.mean(0));
        assertEquals(Math.sqrt(8.0 / 3), s.deviation(0), 1e-15);
        assertEquals(s.deviation(0), s.scale(0));
        assertEquals(7.0, s.mean(1));
        assertEquals(0.0, s.deviation(1));
        assertEquals(1.0, s.scale(1), "a constant channel keeps scale 1");
        assertThrows(IllegalArgumentException.class, () -> SeriesChannelScale.of(new double[] {1, 2, 3}, 2));
        assertThrows(IllegalArgumentException.class, () -> SeriesChannelScale.of(new double[] {1, Double.NaN}, 1));
    }

    @Test
    void aSeriesScaledModelUsesRecordsAndKeepsTheStatisticsThroughBothSerializations(@TempDir Path dir)
            throws Exception {
        double[] whole = series();
        double[] train = Arrays.copyOf(whole, TRAIN * C);
        SeriesChannelScale statistics = SeriesChannelScale.of(whole, C);
        List<DMADTrainer> channelTrainers = trainers("channel");
        List<DMADTrainer> seriesTrainers = trainers("series");
        for (int i = 0; i < seriesTrainers.size(); i++) {
            ChannelScaledTrainer trainer = (ChannelScaledTrainer) seriesTrainers.get(i);
            try (SeriesModel scaled =
                            SeriesDetector.fit(trainer, train, C, SlidingWindows.of(L, 4), "generated", statistics);
                    SeriesModel pooled = SeriesDetector.fit(
                            channelTrainers.get(i), train, C, SlidingWindows.of(L, 4), false, "generated")) {
                DMADModel model = (DMADModel) scaled.model();
                String name = model.getClass().getSimpleName();
                assertEquals(SeriesChannelScale.Source.SERIES, channelScale(model), name);
                assertEquals(SeriesChannelScale.Source.CHANNEL, channelScale((DMADModel) pooled.model()), name);
                // Every element is scaled by its channel's whole-series statistics.
                double[] mean = model.parts().standardizer().mean();
                double[] scale = model.parts().standardizer().scale();
                for (int k = 0; k < L * C; k++) {
                    assertEquals(statistics.mean(k % C), mean[k], name);
                    assertEquals(statistics.scale(k % C), scale[k], name);
                }
                // Channel 2 is constant in the training part: pooled statistics give it scale 1, the whole series 0.4
                // (80 of the 400 steps at 6, the others at 5).
                assertEquals(
                        1.0, ((DMADModel) pooled.model()).parts().standardizer().scale()[2], name);
                assertEquals(0.4, scale[2], 1e-12, name);
                Provenance recorded = model.getProvenance()
                        .getInstanceProvenance()
                        .getMap()
                        .get(ChannelScaledTrainer.SERIES_SCALE_PROVENANCE);
                assertEquals(statistics.toString(), ((StringProvenance) recorded).getValue());
                assertFalse(((DMADModel) pooled.model())
                        .getProvenance()
                        .getInstanceProvenance()
                        .getMap()
                        .containsKey(ChannelScaledTrainer.SERIES_SCALE_PROVENANCE));
                assertTrue(model.toString().contains(",channelScale=series"), model.toString());
                assertFalse(
                        pooled.model().toString().contains("channelScale"),
                        pooled.model().toString());

                double[] scores = scaled.windowScores(whole);
                assertNotEquals(
                        Arrays.toString(scores), Arrays.toString(pooled.windowScores(whole)), "the scaling matters");
                Path file = dir.resolve(name + ".tribuo");
                ModelFiles.save(model, file);
                DMADModel fromProto = (DMADModel) ModelFiles.load(file);
                DMADModel fromJava = javaRoundTrip(model);
                for (DMADModel loaded : List.of(fromProto, fromJava)) {
                    try (SeriesModel again = new SeriesModel(loaded, null, SlidingWindows.of(L, 1), C)) {
                        assertEquals(SeriesChannelScale.Source.SERIES, channelScale(loaded), name);
                        assertArrayEquals(scores, again.windowScores(whole), name);
                        assertEquals(model.getProvenance(), loaded.getProvenance(), name);
                    }
                }
            }
        }
    }

    @Test
    void modelFilesWrittenBeforeTheSettingReadAsChannel() throws Exception {
        Path golden = Path.of("src/test/resources/golden");
        for (String stem : List.of("series-ddpm-v0", "series-d3r-v0", "series-imdiffusion-v0")) {
            try (DMADModel proto = (DMADModel) ModelFiles.load(golden.resolve(stem + ".tribuo"));
                    DMADModel java = javaSerialized(golden.resolve("java").resolve(stem + ".ser"))) {
                assertEquals(SeriesChannelScale.Source.CHANNEL, channelScale(proto), stem);
                assertEquals(SeriesChannelScale.Source.CHANNEL, channelScale(java), stem);
                assertFalse(proto.toString().contains("channelScale"), proto.toString());
            }
        }
    }

    private static SeriesChannelScale.Source channelScale(DMADModel model) {
        Function<DMADModel, SeriesChannelScale.Source> get = m -> {
            if (m instanceof SeriesDDPMModel s) {
                return s.getChannelScale();
            }
            if (m instanceof SeriesImDiffusionModel s) {
                return s.getChannelScale();
            }
            return ((SeriesD3RModel) m).getChannelScale();
        };
        return get.apply(model);
    }

    private static DMADModel javaRoundTrip(DMADModel model) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (DMADModel) in.readObject();
        }
    }

    private static DMADModel javaSerialized(Path file) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            return (DMADModel) in.readObject();
        }
    }
}
