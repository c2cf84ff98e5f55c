package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dmad.engine.Autoencoder;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;

class LatentTrainerTest {

    private static final int D = 8;
    private static PlantedData train;
    private static PlantedData test;
    private static List<Example<Event>> testExamples;
    private static LatentModel model;
    private static LatentModel combined;

    /** A short training: a small DTE-C on the codes. */
    static LatentTrainer.Builder shortTrainer() {
        return LatentTrainer.builder()
                .hiddenSizes(List.of(64, 64))
                .epochs(40)
                .autoencoderEpochs(30)
                .seed(3)
                .threads(1);
    }

    @BeforeAll
    static void trainOnce() {
        train = PlantedData.generate(600, 0, D, 0, 1);
        test = PlantedData.generate(300, 30, D, 6, 2);
        testExamples = TribuoData.examples(test.values, test.labels, D);
        model = (LatentModel) shortTrainer().build().train(TribuoData.normals(train));
        combined =
                (LatentModel) shortTrainer().reconstructionWeight(0.5).build().train(TribuoData.normals(train));
    }

    @AfterAll
    static void close() {
        model.close();
        combined.close();
    }

    @Test
    void shortTrainingFindsPlantedAnomalies() {
        double[] scores = model.score(testExamples);
        double auroc = PlantedData.auroc(test.labels, scores);
        System.out.printf("latent dte-c AUROC %.4f%n", auroc);
        assertTrue(auroc >= 0.9, "AUROC " + auroc);
        assertEquals(Autoencoder.defaultLatentSize(D), model.getLatentSize());
        assertEquals(4, model.getLatentSize());
        DMADModel latent = model.getLatentDetector();
        assertInstanceOf(DTECategoricalModel.class, latent);
        assertEquals("z000", latent.getFeatureIDMap().get(0).getName());
        assertEquals(DTECategoricalModel.class.getName(), latent.getProvenance().getClassName());
        // With reconstruction weight 0 the score is the latent detector's expected bin.
        for (double s : scores) {
            assertTrue(s >= 0 && s <= 6, "expected bin " + s);
        }
        DetectorContract.predictionsFollowTheThreshold(model, testExamples);
    }

    @Test
    void reconstructionErrorCombinesAsAWeightedSumOfStandardisedScores() {
        LatentModel both = combined;
        double[] scores = both.score(testExamples);
        double auroc = PlantedData.auroc(test.labels, scores);
        System.out.printf("latent dte-c + reconstruction AUROC %.4f%n", auroc);
        assertTrue(auroc >= 0.9, "AUROC " + auroc);
        // The combination by hand, from the parts: the latent detector's score of the standardised code and the
        // autoencoder's reconstruction error.
        var rows = both.getStandardizer().apply(ExampleRows.scoring(testExamples, both.getFeatureIDMap(), null), D);
        DMADModel detector = both.getLatentDetector();
        double[] latent = detector.scoreStandardized(
                LatentModel.codes(both.autoencoderNetwork(), detector.getStandardizer(), rows));
        double[] errors = LatentModel.reconstructionErrors(both.autoencoderNetwork(), rows);
        for (int i = 0; i < scores.length; i++) {
            double expected = 0.5 * both.getLatentScaling().apply(latent[i])
                    + 0.5 * both.getReconstructionScaling().apply(errors[i]);
            assertEquals(expected, scores[i], 1e-9);
        }
        // Same seed: the same parts as the latent-only model, whose score is the latent detector's alone.
        assertArrayEquals(model.score(testExamples), latent);
        assertNotEquals(model.getThreshold(), both.getThreshold());
    }

    @Test
    void protobufAndJavaSerializationRoundTripsGiveIdenticalScores(@TempDir Path dir) throws Exception {
        DetectorContract.serializationRoundTripsKeepScores(model, testExamples, dir);
    }

    @Test
    void provenanceRebuildsTheTrainerAndRetrainsToIdenticalScores() {
        DetectorContract.provenanceRebuildsTheTrainer(
                model, LatentTrainer.class, TribuoData.normals(train), testExamples);
    }

    @Test
    void badTrainingDataIsRejectedWithAClearMessage() {
        DetectorContract.badTrainingDataIsRejected(shortTrainer().build(), train, 2);
        // DTE-NP on the codes keeps its own minimum: more than k = 5 rows.
        DetectorContract.badTrainingDataIsRejected(
                shortTrainer().latentDetector("dte-np").build(), train, 6);
    }

    /**
     * On the model with the reconstruction error. The planted rows are full rank, so a 4-wide code of 8 features
     * cannot carry every shift: how far the latent score alone moves under occlusion depends on how much of the two
     * shifted features the code keeps, while the reconstruction error sees every feature.
     */
    @Test
    void theExcuseOfARowShiftedInTwoFeaturesNamesThoseTwoFirst() {
        DetectorContract.excuseNamesTheShiftedFeatures(combined, train);
    }

    @Test
    void dteNonParametricAndDDPMLearnTheCodesToo() {
        try (LatentModel np =
                (LatentModel) shortTrainer().latentDetector("dte-np").build().train(TribuoData.normals(train))) {
            assertInstanceOf(DTENonParametricModel.class, np.getLatentDetector());
            double auroc = PlantedData.auroc(test.labels, np.score(testExamples));
            System.out.printf("latent dte-np AUROC %.4f%n", auroc);
            assertTrue(auroc >= 0.9, "DTE-NP AUROC " + auroc);
        }
        try (LatentModel ddpm = (LatentModel)
                shortTrainer().latentDetector("ddpm").epochs(5).build().train(TribuoData.normals(train))) {
            assertInstanceOf(DDPMModel.class, ddpm.getLatentDetector());
            double auroc = PlantedData.auroc(test.labels, ddpm.score(testExamples));
            System.out.printf("latent ddpm (5 epochs) AUROC %.4f%n", auroc);
            assertTrue(auroc >= 0.7, "DDPM AUROC " + auroc);
        }
    }

    @Test
    void sampleXmlConfigurationLoadsTheDefaults() {
        DetectorContract.sampleConfigurationLoadsTheDefaults(
                "/org/dmad/tribuo/latent-config.xml", "latent", new LatentTrainer());
        assertEquals(
                new LatentTrainer().toString(), LatentTrainer.builder().build().toString());
    }

    @Test
    void invalidSettingsAreNamed() {
        DetectorContract.refused(
                LatentTrainer.builder().latentDetector("dte-np").latentSize(2), "latentSize must be at least 3");
        DetectorContract.refused(LatentTrainer.builder().latentDetector("iforest"), "latentDetector", "dte-c");
        DetectorContract.refused(LatentTrainer.builder().reconstructionWeight(1.5), "reconstructionWeight");
        DetectorContract.refused(LatentTrainer.builder().autoencoderHiddenSizes(List.of(0)), "autoencoderHiddenSizes");
        DetectorContract.refused(LatentTrainer.builder().latentSize(-1), "latentSize");
        DetectorContract.refused(LatentTrainer.builder().autoencoderEpochs(0), "autoencoderEpochs");
        // DTE-C and DDPM take a code of any width.
        assertTrue(LatentTrainer.builder().latentSize(2).build().toString().contains("latentSize=2"));
        assertTrue(LatentTrainer.builder()
                .latentSize(1)
                .latentDetector("ddpm")
                .build()
                .toString()
                .contains("latentSize=1"));
    }
}
