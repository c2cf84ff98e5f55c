package org.dmad.tribuo.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ranking metrics of anomaly scores (higher = more anomalous, label 1 = anomaly), computed as the {@code dmad}
 * benchmark computes them, with tied scores handled as the rank statistics define them: AUROC counts a tied
 * anomaly-normal pair as one half (the Mann-Whitney statistic, as scikit-learn's {@code roc_auc_score}); average
 * precision and the curves step once per distinct score, never between tied rows (as scikit-learn's
 * {@code average_precision_score}); F1 at k flags every row scoring at least the k-th highest score, so rows tied
 * at the threshold are all flagged. Scores must be finite, and there must be anomalies and normal rows.
 */
public final class RankingMetrics {

    private RankingMetrics() {}

    /**
     * A point of a curve: (false positive rate, true positive rate) on a ROC curve, (recall, precision) on a
     * precision-recall curve.
     *
     * @param x the first coordinate.
     * @param y the second coordinate.
     */
    public record Point(double x, double y) {}

    /**
     * The area under the ROC curve.
     *
     * @param labels 1 = anomaly, 0 = normal.
     * @param scores higher = more anomalous.
     * @return AUROC in [0, 1].
     * @throws IllegalArgumentException for mismatched lengths, a label other than 0 or 1, a non-finite score, or
     *                                  labels of one class only.
     */
    public static double auroc(int[] labels, double[] scores) {
        check(labels, scores);
        Groups g = new Groups(labels, scores);
        long pos = positives(labels);
        long neg = labels.length - pos;
        double rankSum = 0;
        int i = 0;
        // Ascending distinct scores; each positive of a tied group adds the group's mid rank, one at a time.
        for (int group = 0; group < g.count; group++) {
            int j = i + g.positives[group] + g.negatives[group] - 1;
            double midRank = (i + j) / 2.0 + 1;
            for (int k = 0; k < g.positives[group]; k++) {
                rankSum += midRank;
            }
            i = j + 1;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Average precision: the sum over distinct score thresholds of (recall gained) x precision.
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return AP in [0, 1].
     * @throws IllegalArgumentException as {@link #auroc}.
     */
    public static double averagePrecision(int[] labels, double[] scores) {
        double ap = 0;
        double previousRecall = 0;
        for (Point p : prCurve(labels, scores)) {
            ap += (p.x() - previousRecall) * p.y();
            previousRecall = p.x();
        }
        return ap;
    }

    /**
     * F1 when the rows scoring at least the k-th highest score are flagged as anomalies (all rows tied at that
     * score are flagged, so more than k rows may be).
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @param k      how many rows to flag, 1 to the number of rows.
     * @return F1 in [0, 1].
     * @throws IllegalArgumentException as {@link #auroc}, or for k outside [1, rows].
     */
    public static double f1AtK(int[] labels, double[] scores, int k) {
        check(labels, scores);
        if (k < 1 || k > labels.length) {
            throw new IllegalArgumentException("k must be between 1 and the " + labels.length + " rows, got " + k);
        }
        long anomalies = positives(labels);
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
        double recall = (double) tp / anomalies;
        return tp == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /**
     * F1 at k with k the true number of anomalies, the benchmark's F1.
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return F1 in [0, 1].
     * @throws IllegalArgumentException as {@link #auroc}.
     */
    public static double f1AtTrueCount(int[] labels, double[] scores) {
        check(labels, scores);
        return f1AtK(labels, scores, (int) positives(labels));
    }

    /**
     * The ROC curve, one point per distinct score, from (0, 0) to (1, 1).
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return (false positive rate, true positive rate) points.
     * @throws IllegalArgumentException as {@link #auroc}.
     */
    public static List<Point> rocCurve(int[] labels, double[] scores) {
        check(labels, scores);
        long pos = positives(labels);
        long neg = labels.length - pos;
        List<Point> out = new ArrayList<>();
        out.add(new Point(0, 0));
        walk(labels, scores, (tp, fp) -> out.add(new Point((double) fp / neg, (double) tp / pos)));
        return out;
    }

    /**
     * The precision-recall curve, one point per distinct score, in order of increasing recall.
     *
     * @param labels 1 = anomaly.
     * @param scores higher = more anomalous.
     * @return (recall, precision) points.
     * @throws IllegalArgumentException as {@link #auroc}.
     */
    public static List<Point> prCurve(int[] labels, double[] scores) {
        check(labels, scores);
        long pos = positives(labels);
        List<Point> out = new ArrayList<>();
        walk(labels, scores, (tp, fp) -> out.add(new Point((double) tp / pos, (double) tp / (tp + fp))));
        return out;
    }

    private interface Step {
        void at(long tp, long fp);
    }

    /** Walks thresholds from the highest score down, reporting cumulative counts after each tied group. */
    private static void walk(int[] labels, double[] scores, Step step) {
        Groups g = new Groups(labels, scores);
        long tp = 0;
        long fp = 0;
        for (int group = g.count - 1; group >= 0; group--) {
            tp += g.positives[group];
            fp += g.negatives[group];
            step.at(tp, fp);
        }
    }

    /**
     * The distinct scores in ascending order (equal under {@code ==}, so -0.0 and 0.0 are one score) with how many
     * anomalies and normal rows have each: the anomalies' and the normal rows' scores are sorted apart, as primitive
     * arrays, and merged.
     */
    private static final class Groups {
        final int[] positives;
        final int[] negatives;
        int count;

        Groups(int[] labels, double[] scores) {
            int pos = 0;
            for (int label : labels) {
                pos += label;
            }
            double[] p = new double[pos];
            double[] n = new double[labels.length - pos];
            int pi = 0;
            int ni = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == 1) {
                    p[pi++] = scores[i];
                } else {
                    n[ni++] = scores[i];
                }
            }
            Arrays.sort(p);
            Arrays.sort(n);
            positives = new int[labels.length];
            negatives = new int[labels.length];
            pi = 0;
            ni = 0;
            while (pi < p.length || ni < n.length) {
                double v;
                if (pi == p.length) {
                    v = n[ni];
                } else if (ni == n.length) {
                    v = p[pi];
                } else {
                    v = Math.min(p[pi], n[ni]);
                }
                int pStart = pi;
                while (pi < p.length && p[pi] == v) {
                    pi++;
                }
                int nStart = ni;
                while (ni < n.length && n[ni] == v) {
                    ni++;
                }
                positives[count] = pi - pStart;
                negatives[count] = ni - nStart;
                count++;
            }
        }
    }

    private static long positives(int[] labels) {
        return Arrays.stream(labels).filter(l -> l == 1).count();
    }

    private static void check(int[] labels, double[] scores) {
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + scores.length + " scores");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("Score " + i + " is " + scores[i] + ": scores must be finite");
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("Label " + i + " is " + labels[i] + ": labels must be 0 or 1");
            }
        }
        long pos = positives(labels);
        if (pos == 0 || pos == labels.length) {
            throw new IllegalArgumentException("Ranking metrics need both anomalies and normal rows; got " + pos
                    + " anomalies in " + labels.length + " rows");
        }
    }
}
