package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dmad.engine.DTENonParametric;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;

class DTENonParametricTrainerTest {

    private static final int D = 8;
    private static PlantedData train;
    private static PlantedData test;
    private static List<Example<Event>> testExamples;
    private static DTENonParametricModel model;

    static DTENonParametricTrainer trainer(String score) {
        return DTENonParametricTrainer.builder().score(score).seed(3).threads(1).build();
    }

    @BeforeAll
    static void fitOnce() {
        train = PlantedData.generate(1000, 0, D, 0, 1);
        test = PlantedData.generate(500, 50, D, 6, 2);
        testExamples = TribuoData.examples(test.values, test.labels, D);
        model = (DTENonParametricModel) trainer("argmax").train(TribuoData.normals(train));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void findsPlantedAnomaliesWithBothScores() {
        double[] scores = model.score(testExamples);
        double auroc = PlantedData.auroc(test.labels, scores);
        assertTrue(auroc >= 0.9, "argmax AUROC " + auroc);
        for (double s : scores) {
            assertTrue(s >= 0 && s <= 299 && s == Math.rint(s), "argmax is a timestep: " + s);
        }
        try (DTENonParametricModel mean =
                (DTENonParametricModel) trainer("posteriorMean").train(TribuoData.normals(train))) {
            double[] means = mean.score(testExamples);
            double meanAuroc = PlantedData.auroc(test.labels, means);
            assertTrue(meanAuroc >= auroc - 1e-9, "posterior mean AUROC " + meanAuroc + " vs argmax " + auroc);
            // The mean breaks the argmax's ties among far-away rows.
            assertTrue(Arrays.stream(means).distinct().count()
                    > Arrays.stream(scores).distinct().count());
        }
        List<Prediction<Event>> predictions = model.predict(testExamples);
        for (int i = 0; i < predictions.size(); i++) {
            Event e = predictions.get(i).getOutput();
            assertEquals(
                    scores[i] > model.getThreshold() ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED,
                    e.getType());
        }
    }

    @Test
    void trainingRowsAreScoredWithoutThemselvesSoTheThresholdIsMeaningful() {
        double[] trainingScores = model.score(TribuoData.normals(train).getData());
        // Scored as test rows, each training row finds itself at distance 0; the threshold came from leave-one-out
        // scores, so it lies above almost all of these.
        long above = Arrays.stream(trainingScores)
                .filter(s -> s > model.getThreshold())
                .count();
        assertTrue(above < 100, above + " training rows above the threshold");
        // Fresh normal rows are flagged at roughly the contamination rate.
        PlantedData fresh = PlantedData.generate(1000, 0, D, 0, 7);
        long flagged = model.predict(TribuoData.examples(fresh.values, null, D)).stream()
                .filter(p -> p.getOutput().getType() == Event.EventType.ANOMALOUS)
                .count();
        assertTrue(flagged > 40 && flagged < 180, flagged + " of 1000 fresh normal rows flagged");
    }

    @Test
    void protobufAndJavaSerializationRoundTripsGiveIdenticalScores(@TempDir Path dir) throws Exception {
        DetectorContract.serializationRoundTripsKeepScores(model, testExamples, dir);
    }

    @Test
    void provenanceRebuildsTheTrainerAndRefitsToIdenticalScores() {
        DetectorContract.provenanceRebuildsTheTrainer(
                model, DTENonParametricTrainer.class, TribuoData.normals(train), testExamples);
    }

    @Test
    void badTrainingDataIsRejectedWithAClearMessage() {
        // Leave-one-out needs more than k = 5 rows.
        DetectorContract.badTrainingDataIsRejected(trainer("argmax"), train, 6);
        DetectorContract.twoFeaturesAreRejected(trainer("argmax"));
    }

    @Test
    void theExcuseOfARowShiftedInTwoFeaturesNamesThoseTwoFirst() {
        DetectorContract.excuseNamesTheShiftedFeatures(model, train);
    }

    @Test
    void sampleXmlConfigurationLoadsTheReferenceDefaults() {
        DetectorContract.sampleConfigurationLoadsTheDefaults(
                "/org/dmad/tribuo/dte-nonparametric-config.xml", "dte-np", new DTENonParametricTrainer());
        assertEquals(
                new DTENonParametricTrainer().toString(),
                DTENonParametricTrainer.builder().build().toString());
        assertEquals(5, model.getNeighbours());
        assertEquals(300, model.getTimesteps());
        assertEquals(DTENonParametric.Score.ARGMAX, model.getScoreVariant());
        assertTrue(new DTENonParametricTrainer().toString().contains("score=posteriorMean"));
    }

    @Test
    void invalidSettingsAreNamed() {
        DetectorContract.refused(DTENonParametricTrainer.builder().k(0), "k must");
        DetectorContract.refused(DTENonParametricTrainer.builder().score("median"), "score", "posteriorMean");
        DetectorContract.refused(DTENonParametricTrainer.builder().timesteps(1), "timesteps");
        DetectorContract.refused(DTENonParametricTrainer.builder().schedule("cube"), "schedule");
    }
}
