package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import java.nio.file.Path;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.anomaly.Event;

class HybridTrainerTest {

    private static final int D = 8;
    private static PlantedData train;
    private static PlantedData test;
    private static List<Example<Event>> trainExamples;
    private static List<Example<Event>> testExamples;
    private static HybridModel model;

    /** The default members, DDPM and DTE-C with their paper networks, for a short training. */
    static List<DMADTrainer> shortMembers() {
        return List.of(
                DDPMTrainer.builder().epochs(10).threads(1).build(),
                DTECategoricalTrainer.builder().epochs(15).threads(1).build());
    }

    @BeforeAll
    static void trainOnce() {
        train = PlantedData.generate(1000, 0, D, 0, 1);
        test = PlantedData.generate(500, 50, D, 6, 2);
        trainExamples = TribuoData.normals(train).getData();
        testExamples = TribuoData.examples(test.values, test.labels, D);
        model = (HybridModel)
                HybridTrainer.builder().members(shortMembers()).seed(3).build().train(TribuoData.normals(train));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void shortTrainingFindsPlantedAnomalies() {
        double[] scores = model.score(testExamples);
        double auroc = PlantedData.auroc(test.labels, scores);
        System.out.printf(
                "hybrid AUROC %.4f (members %.4f, %.4f)%n",
                auroc,
                PlantedData.auroc(test.labels, model.getMembers().get(0).score(testExamples)),
                PlantedData.auroc(test.labels, model.getMembers().get(1).score(testExamples)));
        assertTrue(auroc >= 0.9, "AUROC " + auroc);
        assertInstanceOf(DDPMModel.class, model.getMembers().get(0));
        assertInstanceOf(DTECategoricalModel.class, model.getMembers().get(1));
        assertArrayEquals(new double[] {0.5, 0.5}, model.getWeights());
        DetectorContract.predictionsFollowTheThreshold(model, testExamples);
        // About the contamination share of the training rows lies above the threshold of their combined scores.
        long above = java.util.Arrays.stream(model.score(trainExamples))
                .filter(s -> s > model.getThreshold())
                .count();
        assertEquals(100, above, 2);
    }

    @Test
    void theScoreIsTheWeightedSumOfTheMembersStandardisedScores() {
        double[] scores = model.score(testExamples);
        double[] expected = new double[scores.length];
        for (int m = 0; m < model.getMembers().size(); m++) {
            DMADModel member = model.getMembers().get(m);
            double[] memberTraining = member.score(trainExamples);
            // Each member is standardised with the median and robust spread of its own training scores.
            double median = DMADTrainer.quantile(memberTraining, 0.5);
            double spread = (DMADTrainer.quantile(memberTraining, 0.75) - DMADTrainer.quantile(memberTraining, 0.25))
                    / 1.3489795003921634;
            assertEquals(median, model.getScalings().get(m).center(), 1e-12);
            assertEquals(spread, model.getScalings().get(m).scale(), 1e-12);
            double[] memberScores = member.score(testExamples);
            for (int i = 0; i < scores.length; i++) {
                expected[i] += 0.5 * (memberScores[i] - median) / spread;
            }
        }
        assertArrayEquals(expected, scores, 1e-9);
    }

    @Test
    void membersKeepTheirOwnProvenanceAndTheHybridRecordsTheirSettings() {
        var trainerProvenance = model.getProvenance().getTrainerProvenance();
        var members = assertInstanceOf(
                ListProvenance.class,
                trainerProvenance.getConfiguredParameters().get("members"));
        assertEquals(2, members.getList().size());
        assertEquals(
                DDPMModel.class.getName(),
                model.getMembers().get(0).getProvenance().getClassName());
        assertEquals(
                DDPMTrainer.class.getName(),
                model.getMembers().get(0).getProvenance().getTrainerProvenance().getClassName());
        // Member m trains with the m-th seed derived from the hybrid's.
        for (int m = 0; m < 2; m++) {
            var seed = assertInstanceOf(
                    LongProvenance.class,
                    model.getMembers()
                            .get(m)
                            .getProvenance()
                            .getInstanceProvenance()
                            .getMap()
                            .get(DMADTrainer.EFFECTIVE_SEED));
            assertEquals(DMADTrainer.effectiveSeed(3, m), seed.getValue());
        }
    }

    @Test
    void protobufAndJavaSerializationRoundTripsGiveIdenticalScores(@TempDir Path dir) throws Exception {
        DetectorContract.serializationRoundTripsKeepScores(model, testExamples, dir);
    }

    @Test
    void provenanceRebuildsTheTrainerAndRetrainsToIdenticalScores() {
        DetectorContract.provenanceRebuildsTheTrainer(
                model, HybridTrainer.class, TribuoData.normals(train), testExamples);
    }

    @Test
    void badTrainingDataIsRejectedWithAClearMessage() {
        DetectorContract.badTrainingDataIsRejected(
                HybridTrainer.builder().members(shortMembers()).build(), train, 2);
        // The hybrid needs as many rows as its most demanding member: DTE-NP's more than k = 5.
        DetectorContract.badTrainingDataIsRejected(
                HybridTrainer.builder()
                        .members(List.of(
                                DTENonParametricTrainer.builder().build(),
                                shortMembers().get(1)))
                        .build(),
                train,
                6);
    }

    @Test
    void theExcuseOfARowShiftedInTwoFeaturesNamesThoseTwoFirst() {
        DetectorContract.excuseNamesTheShiftedFeatures(model, train);
    }

    @Test
    void sampleXmlConfigurationLoadsTheDefaults() {
        DetectorContract.sampleConfigurationLoadsTheDefaults(
                "/org/dmad/tribuo/hybrid-config.xml", "hybrid", new HybridTrainer());
        assertEquals(
                new HybridTrainer().toString(), HybridTrainer.builder().build().toString());
    }

    @Test
    void weightsAreNormalisedAndInvalidSettingsNamed() {
        assertArrayEquals(new double[] {0.75, 0.25}, HybridTrainer.normalisedWeights(List.of(3.0, 1.0), 2));
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, HybridTrainer.normalisedWeights(List.of(), 3));
        DetectorContract.refused(HybridTrainer.builder().weights(List.of(1.0)), "weights", "one per member");
        DetectorContract.refused(HybridTrainer.builder().weights(List.of(1.0, -1.0)), "non-negative");
        DetectorContract.refused(HybridTrainer.builder().weights(List.of(0.0, 0.0)), "all be zero");
        DetectorContract.refused(HybridTrainer.builder().members(List.of()), "members");
    }
}
