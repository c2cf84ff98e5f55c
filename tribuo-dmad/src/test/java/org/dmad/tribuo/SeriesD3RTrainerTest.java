package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dmad.engine.DecompositionReconstruction;
import org.dmad.series.PointScores;
import org.dmad.series.SlidingWindows;
import org.dmad.testing.PlantedData;
import org.dmad.tribuo.series.SeriesModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/**
 * The decomposition-based (D3R-style) series detector on the generated 3-channel sine series of
 * {@link SeriesDDPMTrainerTest}: a spike in channel 1 at offset 10 is found and located; the trend operator,
 * provenance, serialization, the golden file, bad settings, and the chunked per-channel scores of a whole series.
 */
class SeriesD3RTrainerTest {

    private static final int L = SeriesImDiffusionTrainerTest.L;
    private static final int C = SeriesImDiffusionTrainerTest.C;

    private static MutableDataset<Event> trainData;
    private static List<Example<Event>> spiked;
    private static SeriesD3RModel model;

    static SeriesD3RTrainer.Builder shortTrainer() {
        return SeriesD3RTrainer.builder(L)
                .epochs(50)
                .learningRate(3e-4)
                .timesteps(200)
                .noiseTime(60)
                .seed(5)
                .threads(1);
    }

    @BeforeAll
    static void trainOnce() {
        trainData = SeriesImDiffusionTrainerTest.sineTraining();
        spiked = SeriesImDiffusionTrainerTest.testWindows(true);
        model = (SeriesD3RModel) shortTrainer().build().train(trainData);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void findsAndLocatesASpikeInChannelOne() {
        SeriesImDiffusionTrainerTest.findsAndLocatesTheSpike(model, model);
        assertEquals(
                new DecompositionReconstruction(
                        L, C, 9, 60, 1.0, model.getReconstruction().seed()),
                model.getReconstruction());
    }

    @Test
    void theTrendIsACentredMovingAverageShortenedAtTheEdges() {
        float[] m = new DecompositionReconstruction(4, 1, 3, 0, 0, 0).trendOperator();
        // Column t averages rows s in [t - 1, t + 1] within the window.
        float h = 1f / 2;
        float t = 1f / 3;
        assertArrayEquals(new float[] {h, t, 0, 0, h, t, t, 0, 0, t, t, h, 0, 0, t, h}, m, 1e-7f);
    }

    @Test
    void predictionsFollowTheThresholdAndScoringIsBatchIndependent() {
        DetectorContract.predictionsFollowTheThreshold(model, spiked);
        double[] scores = model.score(spiked);
        assertEquals(scores[3], model.score(List.of(spiked.get(3)))[0], 1e-5 * scores[3]);
    }

    @Test
    void serializationRoundTripsKeepScores(@TempDir Path dir) throws Exception {
        DetectorContract.serializationRoundTripsKeepScores(model, spiked, dir);
    }

    @Test
    void provenanceRebuildsATrainerThatRetrainsToTheSameScores() {
        DetectorContract.provenanceRebuildsTheTrainer(model, SeriesD3RTrainer.class, trainData, spiked);
    }

    /**
     * Per-channel scores of a series longer than one scoring chunk (4,096 windows) equal those aggregated from
     * every window's element errors at once, for the three aggregations.
     */
    @Test
    void chunkedChannelScoresOfAWholeSeriesEqualTheUnchunkedAggregation() {
        double[][] rows = SeriesDDPMTrainerTest.series(4200, 3);
        rows[3000][2] += 5;
        double[] series = new double[rows.length * C];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, series, i * C, C);
        }
        SeriesModel seriesModel = new SeriesModel(model, null, SlidingWindows.of(L, 2), C);
        double[][] errors = model.elementErrors(SeriesDDPMTrainerTest.windows(rows, L, 1));
        double[] flat = new double[errors.length * L * C];
        for (int i = 0; i < errors.length; i++) {
            System.arraycopy(errors[i], 0, flat, i * L * C, L * C);
        }
        for (PointScores.Aggregation a : PointScores.Aggregation.values()) {
            double[] expected = PointScores.channelScores(flat, SlidingWindows.of(L, 1), rows.length, C, a);
            assertArrayEquals(expected, seriesModel.channelScores(series, a), 1e-9, a.toString());
        }
        double[] mean = seriesModel.channelScores(series, PointScores.Aggregation.MEAN);
        assertEquals(3000 * C + 2, SeriesImDiffusionTrainerTest.argmax(mean));
    }

    @Test
    void badWindowsAndSettingsAreNamed() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> SeriesD3RTrainer.builder(5).epochs(1).build().train(trainData));
        assertTrue(
                e.getMessage().contains("48 features") && e.getMessage().contains("windowLength = 5"), e.getMessage());
        DetectorContract.badTrainingDataIsRejected(
                SeriesD3RTrainer.builder(1).epochs(1).build(), PlantedData.generate(30, 0, 4, 0, 1), 2);
        DDPMTrainerTest.assertNamed(
                "windowLength", () -> SeriesD3RTrainer.builder(0).build());
        DDPMTrainerTest.assertNamed(
                "trendWindow", () -> SeriesD3RTrainer.builder(8).trendWindow(0).build());
        DDPMTrainerTest.assertNamed(
                "noiseTime", () -> SeriesD3RTrainer.builder(8).noiseTime(1000).build());
        DDPMTrainerTest.assertNamed(
                "noiseTime", () -> SeriesD3RTrainer.builder(8).noiseTime(-1).build());
        DDPMTrainerTest.assertNamed(
                "disturbance",
                () -> SeriesD3RTrainer.builder(8).disturbance(-0.5).build());
        DDPMTrainerTest.assertNamed(
                "disturbance",
                () -> SeriesD3RTrainer.builder(8).disturbance(Double.NaN).build());
    }

    @Test
    void sampleXmlConfigurationLoadsTheDefaults() {
        DetectorContract.sampleConfigurationLoadsTheDefaults(
                "/org/dmad/tribuo/series-d3r-config.xml", "series-d3r", new SeriesD3RTrainer(32));
    }

    private static final String GOLDEN = "series-d3r-v0"; // written before the integrity digest (format version 0)

    /** The version 0 protobuf file loads and scores its probe windows as when it was written. */
    @Test
    void version0GoldenFileLoadsAndScoresAsWritten() throws Exception {
        try (SeriesD3RModel golden = assertInstanceOf(
                SeriesD3RModel.class, ModelFiles.load(Path.of("src/test/resources/golden", GOLDEN + ".tribuo")))) {
            assertEquals(new DecompositionReconstruction(4, 2, 3, 10, 0.5, 5), golden.getReconstruction());
            SeriesImDiffusionTrainerTest.checkGoldenScores(golden, GOLDEN);
        }
    }

    /** Writes the golden file; run only for a new format version: {@code -Ddmad.writeGolden=true}. */
    @Test
    @EnabledIfSystemProperty(named = "dmad.writeGolden", matches = "true")
    void writeGolden() throws Exception {
        SeriesImDiffusionTrainerTest.writeGolden(
                SeriesD3RTrainer.builder(4)
                        .trendWindow(3)
                        .timesteps(50)
                        .noiseTime(10)
                        .disturbance(0.5)
                        .architecture(16, 16, 16, 1)
                        .epochs(3)
                        .seed(5)
                        .threads(1)
                        .build(),
                GOLDEN);
    }
}
