package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dmad.engine.DTEInverseGamma;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;

class DTEInverseGammaTrainerTest {

    private static final int D = 8;
    private static PlantedData train;
    private static PlantedData test;
    private static List<Example<Event>> testExamples;
    private static DTEInverseGammaModel model;

    static DTEInverseGammaTrainer shortTrainer(long seed) {
        return DTEInverseGammaTrainer.builder()
                .epochs(400)
                .seed(seed)
                .threads(1)
                .build();
    }

    @BeforeAll
    static void trainOnce() {
        train = PlantedData.generate(1000, 0, D, 0, 1);
        test = PlantedData.generate(500, 50, D, 6, 2);
        testExamples = TribuoData.examples(test.values, test.labels, D);
        model = (DTEInverseGammaModel) shortTrainer(3).train(TribuoData.normals(train));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void shortTrainingFindsPlantedAnomalies() {
        double[] scores = model.score(testExamples);
        double auroc = PlantedData.auroc(test.labels, scores);
        assertTrue(auroc >= 0.9, "AUROC " + auroc);
        for (double s : scores) {
            assertTrue(s >= 0, "betaHat = s^2 is never negative: " + s);
        }
        List<Prediction<Event>> predictions = model.predict(testExamples);
        for (int i = 0; i < predictions.size(); i++) {
            Event e = predictions.get(i).getOutput();
            assertEquals(scores[i], e.getScore(), 0.0);
            assertEquals(
                    scores[i] > model.getThreshold() ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED,
                    e.getType());
        }
        DetectorContract.thresholdFlagsTheContaminationShare(model, TribuoData.normals(train), 0.1);
    }

    @Test
    void rawScoreIsTheSignedRootOfBetaHat() {
        try (DTEInverseGammaModel raw = (DTEInverseGammaModel) DTEInverseGammaTrainer.builder()
                .epochs(400)
                .seed(3)
                .threads(1)
                .score("raw")
                .build()
                .train(TribuoData.normals(train))) {
            assertEquals(DTEInverseGamma.Score.RAW, raw.getScoreVariant());
            double[] s = raw.score(testExamples);
            double[] betaHat = model.score(testExamples);
            for (int i = 0; i < s.length; i++) {
                // Same seed, same training: only the scoring differs.
                assertEquals(betaHat[i], s[i] * s[i], 1e-6 * Math.max(1, betaHat[i]));
            }
        }
    }

    @Test
    void protobufAndJavaSerializationRoundTripsGiveIdenticalScores(@TempDir Path dir) throws Exception {
        DetectorContract.serializationRoundTripsKeepScores(model, testExamples, dir);
    }

    @Test
    void provenanceRebuildsTheTrainerAndRetrainsToIdenticalScores() {
        DetectorContract.provenanceRebuildsTheTrainer(
                model, DTEInverseGammaTrainer.class, TribuoData.normals(train), testExamples);
    }

    @Test
    void otherSeedsGiveOtherModels() {
        try (DTEInverseGammaModel other = (DTEInverseGammaModel) shortTrainer(4).train(TribuoData.normals(train))) {
            assertTrue(!java.util.Arrays.equals(model.score(testExamples), other.score(testExamples)));
        }
    }

    @Test
    void badTrainingDataIsRejectedWithAClearMessage() {
        DetectorContract.badTrainingDataIsRejected(shortTrainer(1), train, 2);
        DetectorContract.twoFeaturesAreRejected(shortTrainer(1));
    }

    @Test
    void theExcuseOfARowShiftedInTwoFeaturesNamesThoseTwoFirst() {
        DetectorContract.excuseNamesTheShiftedFeatures(model, train);
    }

    @Test
    void sampleXmlConfigurationLoadsTheReferenceDefaults() {
        DetectorContract.sampleConfigurationLoadsTheDefaults(
                "/org/dmad/tribuo/dte-inverse-gamma-config.xml", "dte-ig", new DTEInverseGammaTrainer());
        DTEInverseGammaTrainer defaults = new DTEInverseGammaTrainer();
        assertEquals(0.0, defaults.getWeightDecay());
        assertEquals(
                defaults.toString(), DTEInverseGammaTrainer.builder().build().toString());
        assertTrue(
                defaults.toString().contains("timesteps=300,schedule=linear,hiddenSizes=[128, 128]"),
                defaults.toString());
    }

    @Test
    void invalidSettingsAreNamed() {
        DetectorContract.refused(DTEInverseGammaTrainer.builder().score("s"), "score", "betaHat");
        DetectorContract.refused(DTEInverseGammaTrainer.builder().timesteps(1), "timesteps");
        DetectorContract.refused(DTEInverseGammaTrainer.builder().dropout(1.0), "dropout");
        DetectorContract.refused(DTEInverseGammaTrainer.builder().hiddenSizes(List.of(0)), "hiddenSizes");
        DetectorContract.refused(DTEInverseGammaTrainer.builder().schedule("cube"), "schedule");
    }

    @Test
    void theInverseGammaShapeIsHalfTheDimensionMinusOne() {
        assertEquals(3.0, DTEInverseGamma.shape(8));
        assertEquals(0.5, DTEInverseGamma.shape(3));
        assertThrows(IllegalArgumentException.class, () -> DTEInverseGamma.shape(2));
    }
}
