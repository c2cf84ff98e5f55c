package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dmad.series.PointScores;
import org.dmad.series.SeriesNormalizer;
import org.dmad.series.SlidingWindows;
import org.dmad.tribuo.series.ChannelScaledTrainer;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.dmad.tribuo.series.SeriesDetector;
import org.dmad.tribuo.series.SeriesModel;
import org.dmad.tribuo.series.WindowedDataSource;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/**
 * {@link SeriesDetector} trains a dmad trainer on the windows as dense rows ({@link DMADTrainer#trainRows},
 * {@link ChannelScaledTrainer#trainRows}) instead of a Tribuo example per window: the models must be those a
 * {@link MutableDataset} of the same {@link WindowedDataSource} gives, bit for bit (scores, feature domain, dataset and
 * trainer provenance), for a tabular detector on windows and for each series detector under both channel scales.
 */
class SeriesRowsPathTest {

    private static final int L = 6;
    private static final int C = 3;
    private static final int TRAIN = 200;
    private static final int LENGTH = 320;
    private static final SlidingWindows WINDOWS = SlidingWindows.of(L, 3);

    /** Two sines and a channel that is zero (a value Tribuo's feature map counts) until step 150. */
    private static double[] series() {
        double[] v = new double[LENGTH * C];
        for (int t = 0; t < LENGTH; t++) {
            v[t * C] = Math.sin(t * 0.4) + (t == 260 ? 4 : 0);
            v[t * C + 1] = 2 + Math.cos(t * 0.25);
            v[t * C + 2] = t < 150 ? 0.0 : 0.5 * ((t / 20) % 2);
        }
        return v;
    }

    private static List<Supplier<DMADTrainer>> seriesTrainers(String channelScale) {
        return List.of(
                () -> SeriesDDPMTrainer.builder(L)
                        .channelScale(channelScale)
                        .sampler("ddim")
                        .ddimSteps(4)
                        .reconstructionTime(20)
                        .timesteps(50)
                        .epochs(2)
                        .threads(1)
                        .seed(5)
                        .build(),
                () -> SeriesDDPMTrainer.builder(L)
                        .channelScale(channelScale)
                        .mode("imputation")
                        .sampler("ddim")
                        .ddimSteps(4)
                        .reconstructionTime(20)
                        .timesteps(50)
                        .epochs(2)
                        .threads(1)
                        .seed(5)
                        .build(),
                () -> SeriesImDiffusionTrainer.builder(L)
                        .channelScale(channelScale)
                        .timesteps(50)
                        .reconstructionTime(50)
                        .ddimSteps(4)
                        .ensembleSteps(2)
                        .epochs(2)
                        .threads(1)
                        .seed(5)
                        .build(),
                () -> SeriesD3RTrainer.builder(L)
                        .channelScale(channelScale)
                        .timesteps(50)
                        .noiseTime(10)
                        .epochs(2)
                        .threads(1)
                        .seed(5)
                        .build());
    }

    private static String withoutCreationTime(Object provenance) {
        String text = provenance.toString();
        String stripped = text.replaceAll("datasource-creation-time=[^,]*,", "");
        assertTrue(stripped.length() < text.length(), "no creation time in " + text);
        return stripped;
    }

    private static void assertSameModel(Model<Event> viaDataset, SeriesModel viaRows, double[] series, String what) {
        Model<Event> rows = viaRows.model();
        assertEquals(viaDataset.getFeatureIDMap().size(), rows.getFeatureIDMap().size(), what);
        assertEquals(
                viaDataset.getFeatureIDMap().toString(), rows.getFeatureIDMap().toString(), what);
        // The two paths read two sources built a moment apart: equal but for the source's creation time.
        assertEquals(
                withoutCreationTime(viaDataset.getProvenance().getDatasetProvenance()),
                withoutCreationTime(rows.getProvenance().getDatasetProvenance()),
                what);
        assertEquals(
                viaDataset.getProvenance().getTrainerProvenance(),
                rows.getProvenance().getTrainerProvenance(),
                what);
        try (SeriesModel dataset =
                new SeriesModel(viaDataset, viaRows.normalizer().orElse(null), WINDOWS, C)) {
            double[] expected = dataset.pointScores(series, PointScores.Aggregation.MEAN);
            double[] actual = viaRows.pointScores(series, PointScores.Aggregation.MEAN);
            assertTrue(Arrays.stream(actual).allMatch(Double::isFinite), what);
            assertArrayEquals(expected, actual, 0.0, what);
        }
    }

    @Test
    void aTabularDetectorOnWindowsTrainsTheSameModelFromRows() {
        double[] all = series();
        double[] train = Arrays.copyOf(all, TRAIN * C);
        Supplier<DMADTrainer> trainer = () -> DTECategoricalTrainer.builder()
                .hiddenSizes(List.of(16, 16))
                .epochs(3)
                .threads(1)
                .seed(5)
                .build();
        SeriesNormalizer normalizer = SeriesNormalizer.fit(train, C);
        WindowedDataSource source = WindowedDataSource.builder(train, C, WINDOWS)
                .normalizer(normalizer)
                .name("sine")
                .build();
        Model<Event> viaDataset = trainer.get().train(new MutableDataset<>(source));
        try (SeriesModel viaRows = SeriesDetector.fit(trainer.get(), train, C, WINDOWS, true, "sine")) {
            assertSameModel(viaDataset, viaRows, all, "DTE-C on windows");
        }
    }

    @Test
    void eachSeriesDetectorTrainsTheSameModelFromRowsUnderBothScales() {
        double[] all = series();
        double[] train = Arrays.copyOf(all, TRAIN * C);
        SeriesChannelScale whole = SeriesChannelScale.of(all, C);
        for (String scale : List.of("channel", "series")) {
            for (Supplier<DMADTrainer> trainer : seriesTrainers(scale)) {
                WindowedDataSource source = WindowedDataSource.builder(train, C, WINDOWS)
                        .name("sine")
                        .build();
                ChannelScaledTrainer first = (ChannelScaledTrainer) trainer.get();
                String what = first + " " + scale;
                Model<Event> viaDataset = first.train(new MutableDataset<>(source), whole, Map.of());
                try (SeriesModel viaRows =
                        SeriesDetector.fit((ChannelScaledTrainer) trainer.get(), train, C, WINDOWS, "sine", whole)) {
                    assertSameModel(viaDataset, viaRows, all, what);
                }
            }
        }
    }

    @Test
    void theRowsPathRefusesWhatTheDatasetPathRefuses() {
        double[] train = Arrays.copyOf(series(), TRAIN * C);
        train[7] = Double.NaN;
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SeriesDetector.fit(seriesTrainers("channel").get(3).get(), train, C, WINDOWS, false, "nan"));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }
}
