package org.dmad.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Ranking metrics for anomaly scores (higher = more anomalous, label 1 = anomaly), with tied scores handled as the
 * rank statistics define them: AUROC counts a tied positive-negative pair as one half (the Mann-Whitney statistic,
 * as scikit-learn's roc_auc_score), and average precision and the curves step once per distinct score, never
 * between tied rows (as scikit-learn's average_precision_score). Scores must be finite.
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
        check(labels, scores);
        Integer[] order = order(scores, false);
        long pos = Arrays.stream(labels).filter(l -> l == 1).count();
        long neg = labels.length - pos;
        // Mid-ranks of tied groups, ascending scores.
        double rankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    rankSum += midRank;
                }
            }
            i = j + 1;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Average precision: the sum over distinct thresholds of (recall gain) x precision.
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return AP in [0, 1].
     */
    public static double averagePrecision(int[] labels, double[] scores) {
        List<Point> pr = prCurve(labels, scores);
        double ap = 0;
        double previousRecall = 0;
        for (Point p : pr) {
            ap += (p.x() - previousRecall) * p.y();
            previousRecall = p.x();
        }
        return ap;
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
        check(labels, scores);
        int k = (int) Arrays.stream(labels).filter(l -> l == 1).count();
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double threshold = sorted[sorted.length - k];
        int tp = 0;
        int flagged = 0;
        for (int i = 0; i < labels.length; i++) {
            if (scores[i] >= threshold) {
                flagged++;
                tp += labels[i];
            }
        }
        double precision = (double) tp / flagged;
        double recall = (double) tp / k;
        return tp == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /**
     * The ROC curve with one point per distinct score, from (0, 0) to (1, 1).
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return (false positive rate, true positive rate) points.
     */
    public static List<Point> rocCurve(int[] labels, double[] scores) {
        check(labels, scores);
        long pos = Arrays.stream(labels).filter(l -> l == 1).count();
        long neg = labels.length - pos;
        List<Point> out = new ArrayList<>();
        out.add(new Point(0, 0));
        walk(labels, scores, (tp, fp) -> out.add(new Point((double) fp / neg, (double) tp / pos)));
        return out;
    }

    /**
     * The precision-recall curve with one point per distinct score, in order of increasing recall.
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return (recall, precision) points.
     */
    public static List<Point> prCurve(int[] labels, double[] scores) {
        check(labels, scores);
        long pos = Arrays.stream(labels).filter(l -> l == 1).count();
        List<Point> out = new ArrayList<>();
        walk(labels, scores, (tp, fp) -> out.add(new Point((double) tp / pos, (double) tp / (tp + fp))));
        return out;
    }

    private interface Step {
        void at(long tp, long fp);
    }

    /** Walks thresholds from the highest score down, reporting cumulative counts after each tied group. */
    private static void walk(int[] labels, double[] scores, Step step) {
        Integer[] order = order(scores, true);
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                if (labels[order[j]] == 1) {
                    tp++;
                } else {
                    fp++;
                }
                j++;
            }
            step.at(tp, fp);
            i = j;
        }
    }

    private static Integer[] order(double[] scores, boolean descending) {
        Comparator<Integer> c = Comparator.comparingDouble(i -> scores[i]);
        return IntStream.range(0, scores.length)
                .boxed()
                .sorted(descending ? c.reversed() : c)
                .toArray(Integer[]::new);
    }

    private static void check(int[] labels, double[] scores) {
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + scores.length + " scores");
        }
        long pos = Arrays.stream(labels).filter(l -> l == 1).count();
        if (pos == 0 || pos == labels.length) {
            throw new IllegalArgumentException("Ranking metrics need both anomalies and normal rows; got " + pos
                    + " anomalies in " + labels.length + " rows");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("Score " + i + " is " + scores[i] + ": scores must be finite");
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("Label " + i + " is " + labels[i] + ": labels must be 0 or 1");
            }
        }
    }
}
