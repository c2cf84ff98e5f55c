package org.dmad.evaluation.metrics;

import java.util.List;
import org.dmad.tribuo.evaluation.RankingMetrics;

/**
 * Ranking metrics for anomaly scores (higher = more anomalous, label 1 = anomaly), with tied scores handled as the
 * rank statistics define them: AUROC counts a tied positive-negative pair as one half (the Mann-Whitney statistic,
 * as scikit-learn's roc_auc_score), and average precision and the curves step once per distinct score, never
 * between tied rows (as scikit-learn's average_precision_score). Scores must be finite.
 * <p>
 * The benchmark's names for {@link RankingMetrics}, which Tribuo users get through {@code AnomalyRankingEvaluator}:
 * one implementation, so the harness and the Tribuo API compute the same numbers.
 */
public final class Metrics {

    private Metrics() {}

    /** A point of a ROC curve (false and true positive rates) or PR curve (recall, precision). */
    public record Point(double x, double y) {}

    /**
     * The area under the ROC curve.
     *
     * @param labels 1 = anomaly, 0 = normal.
     * @param scores higher = more anomalous.
     * @return AUROC in [0, 1].
     */
    public static double auroc(int[] labels, double[] scores) {
        return RankingMetrics.auroc(labels, scores);
    }

    /**
     * Average precision: the sum over distinct thresholds of (recall gain) x precision.
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return AP in [0, 1].
     */
    public static double averagePrecision(int[] labels, double[] scores) {
        return RankingMetrics.averagePrecision(labels, scores);
    }

    /**
     * F1 when the rows scoring at least the k-th highest score are flagged, k being the true number of anomalies
     * (ties at the threshold are all flagged).
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return F1 in [0, 1].
     */
    public static double f1AtTrueCount(int[] labels, double[] scores) {
        return RankingMetrics.f1AtTrueCount(labels, scores);
    }

    /**
     * The ROC curve with one point per distinct score, from (0, 0) to (1, 1).
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return (false positive rate, true positive rate) points.
     */
    public static List<Point> rocCurve(int[] labels, double[] scores) {
        return points(RankingMetrics.rocCurve(labels, scores));
    }

    /**
     * The precision-recall curve with one point per distinct score, in order of increasing recall.
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return (recall, precision) points.
     */
    public static List<Point> prCurve(int[] labels, double[] scores) {
        return points(RankingMetrics.prCurve(labels, scores));
    }

    private static List<Point> points(List<RankingMetrics.Point> curve) {
        return curve.stream().map(p -> new Point(p.x(), p.y())).toList();
    }
}
