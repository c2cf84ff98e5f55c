package org.dmad.tribuo.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;
import org.tribuo.provenance.EvaluationProvenance;

/**
 * Ranking metrics of an anomaly detector on labelled examples, as the {@code dmad} benchmark computes them (see
 * {@link RankingMetrics}): AUROC, average precision and F1 at k (k = the number of true anomalies unless another k
 * is asked for), tie-aware. Made by {@link AnomalyRankingEvaluator}. Tribuo's own {@code AnomalyEvaluation} counts
 * the thresholded predictions (TP/FP/TN/FN); this one ranks by score and needs no threshold.
 */
public final class AnomalyRankingEvaluation implements Evaluation<Event> {

    /** The metric target of every metric here: the anomalous class. */
    public static final MetricTarget<Event> TARGET = new MetricTarget<>(AnomalyFactory.ANOMALOUS_EVENT);
    /** Key of the area under the ROC curve in {@link #asMap()}. */
    public static final MetricID<Event> AUROC = new MetricID<>(TARGET, "AUROC");
    /** Key of average precision in {@link #asMap()}. */
    public static final MetricID<Event> AVERAGE_PRECISION = new MetricID<>(TARGET, "AveragePrecision");
    /** Key of F1 at the true number of anomalies in {@link #asMap()}. */
    public static final MetricID<Event> F1_AT_TRUE_COUNT = new MetricID<>(TARGET, "F1@TrueCount");

    private final List<Prediction<Event>> predictions;
    private final int[] labels;
    private final double[] scores;
    private final EvaluationProvenance provenance;
    private final double auroc;
    private final double averagePrecision;
    private final double f1;

    AnomalyRankingEvaluation(
            List<Prediction<Event>> predictions, int[] labels, double[] scores, EvaluationProvenance provenance) {
        this.predictions = Collections.unmodifiableList(predictions);
        this.labels = labels;
        this.scores = scores;
        this.provenance = provenance;
        this.auroc = RankingMetrics.auroc(labels, scores);
        this.averagePrecision = RankingMetrics.averagePrecision(labels, scores);
        this.f1 = RankingMetrics.f1AtTrueCount(labels, scores);
    }

    /** @return the area under the ROC curve, tied pairs counting one half. */
    public double auroc() {
        return auroc;
    }

    /** @return average precision, stepping once per distinct score. */
    public double averagePrecision() {
        return averagePrecision;
    }

    /** @return F1 when the k highest-scoring rows are flagged, k = the number of true anomalies (the benchmark's). */
    public double f1AtTrueCount() {
        return f1;
    }

    /**
     * F1 when the k highest-scoring rows are flagged (and every row tied with the k-th).
     *
     * @param k how many rows to flag.
     * @return F1 in [0, 1].
     * @throws IllegalArgumentException for k outside [1, rows].
     */
    public double f1AtK(int k) {
        return RankingMetrics.f1AtK(labels, scores, k);
    }

    /** @return the ROC curve, (false positive rate, true positive rate), one point per distinct score. */
    public List<RankingMetrics.Point> rocCurve() {
        return RankingMetrics.rocCurve(labels, scores);
    }

    /** @return the precision-recall curve, (recall, precision), one point per distinct score. */
    public List<RankingMetrics.Point> prCurve() {
        return RankingMetrics.prCurve(labels, scores);
    }

    /** @return the number of rows evaluated. */
    public int size() {
        return labels.length;
    }

    /** @return the number of true anomalies among them. */
    public int anomalies() {
        int n = 0;
        for (int l : labels) {
            n += l;
        }
        return n;
    }

    /** @return the scores ranked, one per prediction, in prediction order (higher = more anomalous). */
    public double[] scores() {
        return scores.clone();
    }

    /** @return the labels, 1 = anomaly, in prediction order. */
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public Map<MetricID<Event>, Double> asMap() {
        Map<MetricID<Event>, Double> out = new LinkedHashMap<>();
        out.put(AUROC, auroc);
        out.put(AVERAGE_PRECISION, averagePrecision);
        out.put(F1_AT_TRUE_COUNT, f1);
        return out;
    }

    @Override
    public List<Prediction<Event>> getPredictions() {
        return predictions;
    }

    @Override
    public EvaluationProvenance getProvenance() {
        return provenance;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "AnomalyRankingEvaluation(rows=%d, anomalies=%d, AUROC=%.4f, AP=%.4f, " + "F1@%d=%.4f)",
                size(),
                anomalies(),
                auroc,
                averagePrecision,
                anomalies(),
                f1);
    }
}
