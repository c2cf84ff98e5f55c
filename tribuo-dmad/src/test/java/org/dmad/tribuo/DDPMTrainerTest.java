package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmad.engine.DDPMScoring;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;

/** The DDPM reconstruction detector and its DDIM scoring through Tribuo, on planted anomalies. */
class DDPMTrainerTest {

    private static final int D = 8;
    private static PlantedData train;
    private static PlantedData test;
    private static MutableDataset<Event> trainData;
    private static List<Example<Event>> testExamples;
    private static DDPMModel model;
    private static DDPMModel ddim;

    static DDPMTrainer.Builder shortTrainer(long seed) {
        return DDPMTrainer.builder().epochs(10).seed(seed).threads(1);
    }

    @BeforeAll
    static void trainOnce() {
        train = PlantedData.generate(1000, 0, D, 0, 1);
        test = PlantedData.generate(500, 50, D, 6, 2);
        trainData = TribuoData.normals(train);
        testExamples = TribuoData.examples(test.values, test.labels, D);
        model = (DDPMModel) shortTrainer(3).build().train(trainData);
        ddim = model.withScoring(model.getScoring().withDDIM(20), trainData);
    }

    @AfterAll
    static void close() {
        model.close();
        ddim.close();
    }

    @Test
    void ddpmFindsPlantedAnomaliesAndThresholdsAtTheContaminationQuantile() {
        double[] scores = model.score(testExamples);
        double auroc = PlantedData.auroc(test.labels, scores);
        assertTrue(auroc >= 0.9, "AUROC " + auroc);
        List<Prediction<Event>> predictions = model.predict(testExamples);
        for (int i = 0; i < predictions.size(); i++) {
            Event e = predictions.get(i).getOutput();
            assertEquals(scores[i], e.getScore(), 0.0);
            assertEquals(
                    scores[i] > model.getThreshold() ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED,
                    e.getType());
        }
        DetectorContract.thresholdFlagsTheContaminationShare(model, trainData, 0.1);
        assertEquals(10, model.getEpochsRun());
        assertTrue(
                model.toString().contains("epochsRun=10") && model.toString().contains("ddpm(t_r=250"),
                model.toString());
    }

    @Test
    void ddimScoresTheSameDenoiserWellWithATwelfthOfTheEvaluations() {
        double auroc = PlantedData.auroc(test.labels, ddim.score(testExamples));
        assertTrue(auroc >= 0.9, "DDIM AUROC " + auroc);
        assertEquals(20, ddim.getScoring().networkEvaluations());
        assertEquals(250, model.getScoring().networkEvaluations());
        assertEquals("ddim", ddim.getName());
        assertTrue(ddim.getProvenance().getInstanceProvenance().getMap().containsKey(DDPMModel.SCORING_OVERRIDE));
        assertTrue(ddim.getThreshold() != model.getThreshold());
        // The original is unchanged.
        assertEquals(DDPMScoring.Sampler.DDPM, model.getScoring().sampler());
    }

    @Test
    void aDDIMTrainerTrainsTheSameDenoiserAndScoresAsWithScoring() {
        try (DDPMModel trained = (DDPMModel) DDPMTrainer.ddimBuilder(20)
                .epochs(10)
                .seed(3)
                .threads(1)
                .build()
                .train(trainData)) {
            assertArrayEquals(ddim.score(testExamples), trained.score(testExamples));
            assertEquals(ddim.getThreshold(), trained.getThreshold());
        }
    }

    @Test
    void serializationRoundTripsKeepScores(@TempDir Path dir) throws Exception {
        DetectorContract.serializationRoundTripsKeepScores(model, testExamples, dir);
        DetectorContract.serializationRoundTripsKeepScores(ddim, testExamples, dir);
    }

    @Test
    void provenanceRebuildsTheTrainerAndRetrainsToIdenticalScores() {
        DetectorContract.provenanceRebuildsTheTrainer(model, DDPMTrainer.class, trainData, testExamples);
    }

    @Test
    void scoringTwiceAndFromManyThreadsGivesTheSerialScores() throws Exception {
        double[] serial = model.score(testExamples);
        assertArrayEquals(serial, model.score(testExamples));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                DDPMModel m = i % 2 == 0 ? model : ddim;
                futures.add(pool.submit(() -> m.score(testExamples)));
            }
            double[] ddimSerial = ddim.score(testExamples);
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(
                        i % 2 == 0 ? serial : ddimSerial, futures.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void noisedAndStochasticScoringIsDeterministicForItsSeed() {
        DDPMScoring noisy =
                new DDPMScoring(DDPMScoring.Sampler.DDPM, 50, DDPMScoring.Start.NOISED, true, true, 10, 0, 11);
        try (DDPMModel a = model.withScoring(noisy, trainData);
                DDPMModel b = model.withScoring(noisy, trainData);
                DDPMModel other = model.withScoring(
                        new DDPMScoring(DDPMScoring.Sampler.DDPM, 50, DDPMScoring.Start.NOISED, true, true, 10, 0, 12),
                        trainData)) {
            double[] scores = a.score(testExamples);
            assertArrayEquals(scores, b.score(testExamples));
            assertTrue(!Arrays.equals(scores, other.score(testExamples)));
            // A row's score does not depend on the rows it is scored with.
            assertEquals(scores[7], a.score(List.of(testExamples.get(7)))[0], 1e-5 * Math.abs(scores[7]));
        }
    }

    @Test
    void aSetSmallerThanOneBatchTrainsInOneBatch() {
        PlantedData small = PlantedData.generate(20, 0, D, 0, 4);
        try (DDPMModel tiny = (DDPMModel) shortTrainer(1).build().train(TribuoData.normals(small))) {
            assertEquals(20, tiny.getDenoiserFit().batchSize());
            for (double s : tiny.score(testExamples)) {
                assertTrue(Double.isFinite(s) && s >= 0);
            }
        }
    }

    @Test
    void badTrainingAndScoringDataAreRejectedWithAClearMessage() {
        DetectorContract.badTrainingDataIsRejected(shortTrainer(1).build(), train, 2);
        double[] row = new double[D];
        row[4] = Double.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> model.score(TribuoData.examples(row, null, D)));
        assertTrue(e.getMessage().contains("f004") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void theExcuseOfARowShiftedInTwoFeaturesNamesThoseTwoFirst() {
        DetectorContract.excuseNamesTheShiftedFeatures(model, train);
        DetectorContract.excuseNamesTheShiftedFeatures(ddim, train);
    }

    @Test
    void sampleXmlConfigurationsLoadTheDefaults() {
        DetectorContract.sampleConfigurationLoadsTheDefaults(
                "/org/dmad/tribuo/ddpm-config.xml", "ddpm", new DDPMTrainer());
        DetectorContract.sampleConfigurationLoadsTheDefaults(
                "/org/dmad/tribuo/ddim-config.xml",
                "ddim",
                DDPMTrainer.ddimBuilder(20).build());
    }

    @Test
    void invalidSettingsAreNamed() {
        assertNamed("ddimSteps", () -> DDPMTrainer.ddimBuilder(300).build());
        assertNamed("start", () -> DDPMTrainer.builder().start("inversion").build());
        assertNamed("start", () -> DDPMTrainer.builder().start("middle").build());
        assertNamed("sampler", () -> DDPMTrainer.builder().sampler("euler").build());
        assertNamed(
                "stochastic", () -> DDPMTrainer.ddimBuilder(20).stochastic(true).build());
        assertNamed(
                "reconstructionTime",
                () -> DDPMTrainer.builder().reconstructionTime(1001).build());
        assertNamed(
                "patience", () -> DDPMTrainer.builder().earlyStopping(-1, 51).build());
        assertNamed(
                "embeddingSize",
                () -> DDPMTrainer.builder().architecture(128, 256, 255, 3).build());
        assertNamed(
                "dropoutFirst", () -> DDPMTrainer.builder().dropout(1.0, 0.1).build());
        assertNamed("epochs", () -> DDPMTrainer.builder().epochs(0).build());
        assertNamed("adamKernel", () -> DDPMTrainer.builder().adamKernel("sgd").build());
    }

    static void assertNamed(String field, Runnable build) {
        PropertyException e = assertThrows(PropertyException.class, build::run);
        assertEquals(field, e.getProperty(), e.getMessage());
    }

    @Test
    void earlyStoppingEndsATrainingWhoseLossStopsImproving() {
        // A learning rate of 1e-12 leaves the network as initialised: the epoch loss only fluctuates with the
        // sampled timesteps and noise, so with patience 1 an epoch soon has a higher loss than the one before.
        DDPMTrainer trainer = DDPMTrainer.builder()
                .epochs(60)
                .learningRate(1e-12)
                .earlyStopping(1, 2)
                .seed(2)
                .threads(1)
                .architecture(16, 16, 16, 1)
                .build();
        try (DDPMModel stopped = (DDPMModel) trainer.train(TribuoData.normals(PlantedData.generate(64, 0, D, 0, 5)))) {
            assertTrue(stopped.getEpochsRun() >= 3 && stopped.getEpochsRun() < 60, stopped.toString());
        }
    }
}
