package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dmad.engine.DenoisingLikelihood;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

/** The denoising-likelihood detector through Tribuo, on planted anomalies. */
class DenoisingLikelihoodTrainerTest {

    private static final int D = 8;
    private static PlantedData train;
    private static PlantedData test;
    private static MutableDataset<Event> trainData;
    private static List<Example<Event>> testExamples;
    private static DenoisingLikelihoodModel model;

    static DenoisingLikelihoodTrainer.Builder shortTrainer(long seed) {
        return DenoisingLikelihoodTrainer.builder().epochs(10).seed(seed).threads(1);
    }

    @BeforeAll
    static void trainOnce() {
        train = PlantedData.generate(1000, 0, D, 0, 1);
        test = PlantedData.generate(500, 50, D, 6, 2);
        trainData = TribuoData.normals(train);
        testExamples = TribuoData.examples(test.values, test.labels, D);
        model = (DenoisingLikelihoodModel) shortTrainer(3).build().train(trainData);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void likelihoodFindsPlantedAnomalies() {
        double[] scores = model.score(testExamples);
        double auroc = PlantedData.auroc(test.labels, scores);
        assertTrue(auroc >= 0.9, "AUROC " + auroc);
        assertArrayEquals(scores, model.score(testExamples));
        assertEquals(DenoisingLikelihood.Statistic.LOSS, model.getScoring().statistic());
        assertTrue(model.toString().contains("epochsRun=10"), model.toString());
    }

    @Test
    void theScoreNormStatisticAlsoFindsThem() {
        try (DenoisingLikelihoodModel norm = (DenoisingLikelihoodModel)
                shortTrainer(3).statistic("scorenorm").build().train(trainData)) {
            double auroc = PlantedData.auroc(test.labels, norm.score(testExamples));
            assertTrue(auroc >= 0.9, "score-norm AUROC " + auroc);
        }
    }

    @Test
    void serializationRoundTripsKeepScores(@TempDir Path dir) throws Exception {
        DetectorContract.serializationRoundTripsKeepScores(model, testExamples, dir);
    }

    @Test
    void provenanceRebuildsTheTrainerAndRetrainsToIdenticalScores() {
        DetectorContract.provenanceRebuildsTheTrainer(model, DenoisingLikelihoodTrainer.class, trainData, testExamples);
    }

    @Test
    void badDataAndSettingsAreRejectedWithAClearMessage() {
        DetectorContract.badTrainingDataIsRejected(shortTrainer(1).build(), train, 2);
        double[] row = new double[D];
        row[1] = Double.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> model.score(TribuoData.examples(row, null, D)));
        assertTrue(e.getMessage().contains("f001"), e.getMessage());
        DDPMTrainerTest.assertNamed(
                "statistic",
                () -> DenoisingLikelihoodTrainer.builder().statistic("elbo").build());
        DDPMTrainerTest.assertNamed(
                "scoreTimesteps",
                () -> DenoisingLikelihoodTrainer.builder().lossDraws(0, 4).build());
        DDPMTrainerTest.assertNamed(
                "noiseDraws",
                () -> DenoisingLikelihoodTrainer.builder().lossDraws(10, 0).build());
        DDPMTrainerTest.assertNamed(
                "scoreNormTime",
                () -> DenoisingLikelihoodTrainer.builder().scoreNormTime(1000).build());
    }

    @Test
    void theExcuseOfARowShiftedInTwoFeaturesNamesThoseTwoFirst() {
        DetectorContract.excuseNamesTheShiftedFeatures(model, train);
    }

    @Test
    void sampleXmlConfigurationLoadsTheDefaults() {
        DetectorContract.sampleConfigurationLoadsTheDefaults(
                "/org/dmad/tribuo/denoising-likelihood-config.xml", "dlik", new DenoisingLikelihoodTrainer());
    }
}
