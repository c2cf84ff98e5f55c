package org.dmad.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void aurocCountsTiedPairsAsOneHalf() {
        // Positives 0.9 and 0.5; negatives 0.5, 0.3, 0.1. Pairs: (0.9 beats all 3) + (0.5 ties 1, beats 2) = 5.5 / 6.
        int[] y = {1, 1, 0, 0, 0};
        double[] s = {0.9, 0.5, 0.5, 0.3, 0.1};
        assertEquals(5.5 / 6, Metrics.auroc(y, s), 1e-12);
        assertEquals(0.5, Metrics.auroc(new int[] {1, 0, 1, 0}, new double[] {1, 1, 1, 1}), 1e-12);
        assertEquals(1.0, Metrics.auroc(new int[] {0, 1}, new double[] {0, 1}), 1e-12);
        assertEquals(0.0, Metrics.auroc(new int[] {0, 1}, new double[] {1, 0}), 1e-12);
    }

    @Test
    void averagePrecisionStepsOncePerDistinctScore() {
        // Descending: 0.9 (pos) -> P=1, R=0.5; then tied group {0.5 pos, 0.5 neg} -> P=2/3, R=1.
        // AP = 0.5 * 1 + 0.5 * 2/3 = 5/6 (scikit-learn gives the same).
        int[] y = {1, 1, 0, 0, 0};
        double[] s = {0.9, 0.5, 0.5, 0.3, 0.1};
        assertEquals(5.0 / 6, Metrics.averagePrecision(y, s), 1e-12);
        // All tied: precision = prevalence at full recall.
        assertEquals(0.5, Metrics.averagePrecision(new int[] {1, 0, 1, 0}, new double[] {2, 2, 2, 2}), 1e-12);
    }

    @Test
    void f1AtTheTrueCountFlagsTiesAtTheThreshold() {
        int[] y = {1, 1, 0, 0, 0};
        // Top 2 scores: 0.9 (pos) and a tie at 0.5 (pos + neg): 3 flagged, 2 true -> P 2/3, R 1, F1 0.8.
        assertEquals(0.8, Metrics.f1AtTrueCount(y, new double[] {0.9, 0.5, 0.5, 0.3, 0.1}), 1e-12);
        assertEquals(1.0, Metrics.f1AtTrueCount(y, new double[] {0.9, 0.8, 0.5, 0.3, 0.1}), 1e-12);
    }

    @Test
    void curvesHaveOnePointPerDistinctScore() {
        int[] y = {1, 1, 0, 0, 0};
        double[] s = {0.9, 0.5, 0.5, 0.3, 0.1};
        List<Metrics.Point> roc = Metrics.rocCurve(y, s);
        assertEquals(
                List.of(
                        new Metrics.Point(0, 0),
                        new Metrics.Point(0, 0.5),
                        new Metrics.Point(1.0 / 3, 1),
                        new Metrics.Point(2.0 / 3, 1),
                        new Metrics.Point(1, 1)),
                roc);
        assertEquals(4, Metrics.prCurve(y, s).size());
    }

    @Test
    void degenerateInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.auroc(new int[] {0, 0}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.auroc(new int[] {0, 1}, new double[] {1}));
        var e = assertThrows(
                IllegalArgumentException.class, () -> Metrics.auroc(new int[] {0, 1}, new double[] {Double.NaN, 1}));
        assertEquals("Score 0 is NaN: scores must be finite", e.getMessage());
    }
}
