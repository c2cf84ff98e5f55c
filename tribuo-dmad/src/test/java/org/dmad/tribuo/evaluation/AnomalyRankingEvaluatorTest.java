package org.dmad.tribuo.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.dmad.testing.TribuoData;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DTENonParametricTrainer;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;

/** Ranking metrics by hand on tied scores, and the evaluator on a trained model. */
class AnomalyRankingEvaluatorTest {

    @Test
    void tiedScoresAreHandledAsTheRankStatisticsDefineThem() {
        int[] labels = {1, 0, 1, 0};
        double[] scores = {0.9, 0.9, 0.5, 0.1};
        // Anomaly-normal pairs: (0.9, 0.9) tied = 1/2, (0.9, 0.1) = 1, (0.5, 0.9) = 0, (0.5, 0.1) = 1.
        assertEquals(2.5 / 4, RankingMetrics.auroc(labels, scores), 1e-15);
        // Thresholds 0.9 (recall 1/2, precision 1/2), 0.5 (recall 1, precision 2/3), 0.1 (no recall gained).
        assertEquals(0.5 * 0.5 + 0.5 * 2.0 / 3, RankingMetrics.averagePrecision(labels, scores), 1e-15);
        // k = 2 flags both rows tied at 0.9: precision 1/2, recall 1/2.
        assertEquals(0.5, RankingMetrics.f1AtTrueCount(labels, scores), 1e-15);
        assertEquals(0.8, RankingMetrics.f1AtK(labels, scores, 3), 1e-15);
        assertEquals(
                List.of(
                        new RankingMetrics.Point(0, 0),
                        new RankingMetrics.Point(0.5, 0.5),
                        new RankingMetrics.Point(0.5, 1),
                        new RankingMetrics.Point(1, 1)),
                RankingMetrics.rocCurve(labels, scores));
        assertEquals(0.5, RankingMetrics.auroc(new int[] {1, 0}, new double[] {3, 3}), 0.0);
    }

    @Test
    void badInputIsRefusedWithTheProblemNamed() {
        assertMessage(
                "both anomalies and normal rows", () -> RankingMetrics.auroc(new int[] {0, 0}, new double[] {1, 2}));
        assertMessage("Score 1 is NaN", () -> RankingMetrics.auroc(new int[] {0, 1}, new double[] {1, Double.NaN}));
        assertMessage("Label 0 is 2", () -> RankingMetrics.auroc(new int[] {2, 1}, new double[] {1, 2}));
        assertMessage("2 labels but 3 scores", () -> RankingMetrics.auroc(new int[] {0, 1}, new double[] {1, 2, 3}));
        assertMessage(
                "k must be between 1 and the 2 rows",
                () -> RankingMetrics.f1AtK(new int[] {0, 1}, new double[] {1, 2}, 3));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }

    @Test
    void theEvaluatorRanksAModelsScoresOfLabelledExamples() {
        int d = 4;
        MutableDataset<Event> train = TribuoData.normals(PlantedData.generate(300, 0, d, 0, 1));
        PlantedData test = PlantedData.generate(200, 20, d, 3, 2);
        MutableDataset<Event> testData = TribuoData.dataset(TribuoData.examples(test.values, test.labels, d), "test");
        try (DMADModel model = DTENonParametricTrainer.builder().build().train(train)) {
            AnomalyRankingEvaluator evaluator = new AnomalyRankingEvaluator();
            AnomalyRankingEvaluation e = evaluator.evaluate(model, testData);
            double[] scores = model.score(testData.getData());
            assertEquals(RankingMetrics.auroc(test.labels, scores), e.auroc(), 0.0);
            assertEquals(RankingMetrics.averagePrecision(test.labels, scores), e.averagePrecision(), 0.0);
            assertEquals(RankingMetrics.f1AtTrueCount(test.labels, scores), e.f1AtTrueCount(), 0.0);
            assertEquals(RankingMetrics.f1AtK(test.labels, scores, 10), e.f1AtK(10), 0.0);
            assertTrue(e.auroc() > 0.8, e.toString());
            assertEquals(e.auroc(), e.get(AnomalyRankingEvaluation.AUROC), 0.0);
            assertEquals(3, e.asMap().size());
            assertEquals(220, e.getPredictions().size());
            assertEquals(20, e.anomalies());
            assertEquals(model.getProvenance(), e.getProvenance().getModelProvenance());
            assertEquals(testData.getProvenance(), e.getProvenance().getTestDatasetProvenance());
            // Scores where lower means more anomalous are negated: the ranking reverses.
            AnomalyRankingEvaluation flipped =
                    AnomalyRankingEvaluator.lowerIsAnomalous().evaluate(model, testData);
            assertEquals(1 - e.auroc(), flipped.auroc(), 1e-12);

            List<Prediction<Event>> predictions = new ArrayList<>(model.predict(testData));
            Example<Event> unlabelled = new ArrayExample<>(
                    AnomalyFactory.UNKNOWN_EVENT,
                    new String[] {"f000", "f001", "f002", "f003"},
                    new double[] {0, 0, 0, 0});
            predictions.add(model.predict(unlabelled));
            IllegalArgumentException ex = assertThrows(
                    IllegalArgumentException.class,
                    () -> evaluator.evaluate(model, predictions, testData.getProvenance()));
            assertTrue(ex.getMessage().contains("Example 220 is labelled UNKNOWN"), ex.getMessage());
        }
    }
}
