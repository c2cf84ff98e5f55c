package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.dmad.engine.GratingImputation;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/**
 * The imputation-ensemble (ImDiffusion-style) series detector on the generated 3-channel sine series of
 * {@link SeriesDDPMTrainerTest}: a spike in channel 1 at offset 10 is found and located; provenance, serialization,
 * the golden file and bad settings.
 */
class SeriesImDiffusionTrainerTest {

    static final int L = 16;
    static final int C = 3;
    static final int SPIKE_T = 10;
    static final int SPIKE_C = 1;

    private static MutableDataset<Event> trainData;
    private static List<Example<Event>> spiked;
    private static SeriesImDiffusionModel model;

    static SeriesImDiffusionTrainer.Builder shortTrainer() {
        // T = 1000 (the default): with the linear schedule, T = 200 leaves abar = 0.37 at the last step, far from
        // the pure noise the hidden part starts from.
        return SeriesImDiffusionTrainer.builder(L)
                .epochs(50)
                .learningRate(3e-4)
                .seed(5)
                .threads(1);
    }

    /** Training windows of the sine series, normal test windows, and the same test windows spiked. */
    static MutableDataset<Event> sineTraining() {
        return TribuoData.dataset(
                SeriesDDPMTrainerTest.windows(SeriesDDPMTrainerTest.series(1200, 1), L, 2), "sine-windows");
    }

    static List<Example<Event>> testWindows(boolean spike) {
        double[][] test = SeriesDDPMTrainerTest.series(400, 2);
        if (spike) {
            for (int start = 0; start + L <= test.length; start += 16) {
                test[start + SPIKE_T][SPIKE_C] += 4.0;
            }
        }
        return SeriesDDPMTrainerTest.windows(test, L, 16);
    }

    @BeforeAll
    static void trainOnce() {
        trainData = sineTraining();
        spiked = testWindows(true);
        model = (SeriesImDiffusionModel) shortTrainer().build().train(trainData);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Spiked windows outscore every normal one; the largest error is at channel 1 near offset 10. */
    static void findsAndLocatesTheSpike(DMADModel detector, SeriesElementErrors elements) {
        double[] normalScores = detector.score(testWindows(false));
        List<Example<Event>> spikedWindows = testWindows(true);
        double[] spikedScores = detector.score(spikedWindows);
        double maxNormal = 0;
        for (double s : normalScores) {
            assertTrue(Double.isFinite(s) && s >= 0, "score " + s);
            maxNormal = Math.max(maxNormal, s);
        }
        double[][] errors = elements.elementErrors(spikedWindows);
        double[][] channels = elements.channelErrors(spikedWindows);
        double[][] steps = elements.stepErrors(spikedWindows);
        for (int i = 0; i < spikedWindows.size(); i++) {
            assertTrue(
                    spikedScores[i] > maxNormal,
                    detector + ": window " + i + " " + spikedScores[i] + " vs " + maxNormal);
            int argmax = argmax(errors[i]);
            assertEquals(SPIKE_C, argmax % C, "window " + i + " element " + argmax);
            assertTrue(Math.abs(argmax / C - SPIKE_T) <= 1, "window " + i + " element " + argmax);
            assertEquals(SPIKE_C, argmax(channels[i]));
            assertTrue(Math.abs(argmax(steps[i]) - SPIKE_T) <= 1, "step " + argmax(steps[i]));
            assertEquals(spikedScores[i], mean(errors[i]), 1e-9 * spikedScores[i]);
        }
        var ranked = detector.getExcuse(spikedWindows.get(0)).orElseThrow().excuse(DMADModel.EXCUSE_KEY);
        assertEquals(L * C, ranked.size());
        assertTrue(
                ranked.get(0).getA().matches("t(09|10|11)_c1"),
                ranked.subList(0, 3).toString());
    }

    @Test
    void findsAndLocatesASpikeInChannelOne() {
        findsAndLocatesTheSpike(model, model);
        assertEquals(L, model.getWindowLength());
        assertEquals(C, model.getChannels());
        assertEquals(16, model.getImputation().networkEvaluations());
        assertEquals(
                new GratingImputation(L, C, 4, 1000, 8, 4, model.getImputation().seed()), model.getImputation());
        for (double s : model.getStepScales()) {
            assertTrue(s > 0 && Double.isFinite(s), "scale " + s);
        }
    }

    @Test
    void gratingsAreComplementaryStripsOverTime() {
        float[][] masks = new GratingImputation(6, 2, 2, 10, 2, 1, 0).masks();
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1}, masks[0]);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0}, masks[1]);
        assertArrayEquals(new int[] {9, 5, 0}, new GratingImputation(6, 2, 2, 10, 3, 1, 0).timesteps());
    }

    @Test
    void predictionsFollowTheThresholdAndScoringIsBatchIndependent() {
        DetectorContract.predictionsFollowTheThreshold(model, spiked);
        double[] scores = model.score(spiked);
        assertArrayEquals(scores, model.score(spiked));
        assertEquals(scores[3], model.score(List.of(spiked.get(3)))[0], 1e-5 * scores[3]);
    }

    @Test
    void serializationRoundTripsKeepScores(@TempDir Path dir) throws Exception {
        DetectorContract.serializationRoundTripsKeepScores(model, spiked, dir);
    }

    @Test
    void provenanceRebuildsATrainerThatRetrainsToTheSameScores() {
        DetectorContract.provenanceRebuildsTheTrainer(model, SeriesImDiffusionTrainer.class, trainData, spiked);
    }

    @Test
    void badWindowsAndSettingsAreNamed() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> SeriesImDiffusionTrainer.builder(5).epochs(1).build().train(trainData));
        assertTrue(
                e.getMessage().contains("48 features") && e.getMessage().contains("windowLength = 5"), e.getMessage());
        DetectorContract.badTrainingDataIsRejected(
                SeriesImDiffusionTrainer.builder(2).gratingWidth(1).epochs(1).build(),
                PlantedData.generate(30, 0, 4, 0, 1),
                2);
        DDPMTrainerTest.assertNamed(
                "windowLength", () -> SeriesImDiffusionTrainer.builder(1).build());
        DDPMTrainerTest.assertNamed(
                "gratingWidth",
                () -> SeriesImDiffusionTrainer.builder(8).gratingWidth(8).build());
        DDPMTrainerTest.assertNamed(
                "gratingWidth",
                () -> SeriesImDiffusionTrainer.builder(8).gratingWidth(0).build());
        DDPMTrainerTest.assertNamed(
                "ddimSteps",
                () -> SeriesImDiffusionTrainer.builder(8).ddimSteps(0).build());
        DDPMTrainerTest.assertNamed(
                "ensembleSteps",
                () -> SeriesImDiffusionTrainer.builder(8).ensembleSteps(9).build());
        DDPMTrainerTest.assertNamed(
                "reconstructionTime",
                () -> SeriesImDiffusionTrainer.builder(8).timesteps(100).build());
    }

    @Test
    void sampleXmlConfigurationLoadsTheDefaults() {
        DetectorContract.sampleConfigurationLoadsTheDefaults(
                "/org/dmad/tribuo/series-imdiffusion-config.xml",
                "series-imdiffusion",
                new SeriesImDiffusionTrainer(32));
    }

    private static final String GOLDEN =
            "series-imdiffusion-v0"; // written before the integrity digest (format version 0)

    /** The version 0 protobuf file loads and scores its probe windows as when it was written. */
    @Test
    void version0GoldenFileLoadsAndScoresAsWritten() throws Exception {
        try (SeriesImDiffusionModel golden = assertInstanceOf(
                SeriesImDiffusionModel.class,
                ModelFiles.load(Path.of("src/test/resources/golden", GOLDEN + ".tribuo")))) {
            assertEquals(new GratingImputation(4, 2, 1, 20, 5, 3, 5), golden.getImputation());
            assertEquals(3, golden.getStepScales().length);
            checkGoldenScores(golden, GOLDEN);
        }
    }

    /** Writes the golden file; run only for a new format version: {@code -Ddmad.writeGolden=true}. */
    @Test
    @EnabledIfSystemProperty(named = "dmad.writeGolden", matches = "true")
    void writeGolden() throws Exception {
        writeGolden(
                SeriesImDiffusionTrainer.builder(4)
                        .gratingWidth(1)
                        .timesteps(50)
                        .reconstructionTime(20)
                        .ddimSteps(5)
                        .ensembleSteps(3)
                        .architecture(16, 16, 16, 1)
                        .epochs(3)
                        .seed(5)
                        .threads(1)
                        .build(),
                GOLDEN);
    }

    static void writeGolden(DMADTrainer trainer, String stem) throws Exception {
        Path dir = Path.of("src/test/resources/golden");
        try (DMADModel m = trainer.train(
                TribuoData.dataset(SeriesDDPMTrainerTest.windows(goldenSeries(200, false), 4, 1), "golden-series"))) {
            ModelFiles.save(m, dir.resolve(stem + ".tribuo"));
            Files.writeString(
                    dir.resolve(stem + ".scores"),
                    DoubleStream.of(m.score(goldenProbe()))
                                    .mapToObj(Double::toString)
                                    .collect(Collectors.joining("\n")) + "\n");
        }
    }

    static void checkGoldenScores(DMADModel golden, String stem) throws Exception {
        List<String> expected = Files.readAllLines(Path.of("src/test/resources/golden", stem + ".scores"));
        double[] scores = golden.score(goldenProbe());
        assertEquals(expected.size(), scores.length);
        for (int i = 0; i < scores.length; i++) {
            double want = Double.parseDouble(expected.get(i));
            // Exact on the machine that wrote it; other CPUs may round float kernels differently.
            assertEquals(want, scores[i], 1e-5 * Math.max(1, Math.abs(want)), "probe window " + i);
        }
        assertTrue(scores[scores.length - 1] > scores[0], "the spiked probe window scores higher");
    }

    private static double[][] goldenSeries(int length, boolean spike) {
        double[][] series = new double[length][2];
        for (int i = 0; i < series.length; i++) {
            series[i][0] = Math.sin(i / 2.0);
            series[i][1] = Math.cos(i / 3.0);
        }
        if (spike) {
            series[length - 2][1] += 3;
        }
        return series;
    }

    /** Two-channel windows of length 4, the last one spiked. */
    static List<Example<Event>> goldenProbe() {
        return SeriesDDPMTrainerTest.windows(goldenSeries(12, true), 4, 4);
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
