package org.dmad.evaluation.timeseries;

import java.util.Arrays;

/**
 * Volume under the range-based ROC and PR surfaces (Paparrizos et al., "Volume Under the Surface: A New Accuracy
 * Evaluation Measure for Time-Series Anomaly Detection", PVLDB 15(11), 2022), computed as TSB-AD's default
 * {@code version='opt'}, {@code thre=250} does (its {@code RangeAUC_volume_opt}).
 *
 * <p>For each buffer length {@code w = 0..maxWindow} every anomaly segment {@code [s, e]} gets a soft buffer of
 * {@code w / 2} points on each side, valued {@code sqrt(1 - d / w)} at distance {@code d} (summed where buffers
 * meet, capped at 1). Segments whose buffers meet or overlap are merged into one "extended" range. At each of 250
 * thresholds, taken at evenly spaced ranks of the scores sorted in descending order ({@code score >= threshold} is
 * flagged), with {@code B} the soft label mass of the flagged buffer points, {@code A} the flagged anomalies,
 * {@code P} the anomalies and {@code F} the flagged points:
 * <ul>
 *   <li>{@code TP = A + B}, {@code P' = (P + (P + B)) / 2},</li>
 *   <li>{@code TPR = min(TP / P', 1) * (extended ranges holding a flagged point) / (extended ranges)},</li>
 *   <li>{@code FPR = (F - TP) / (n - P')}, {@code precision = TP / F}.</li>
 * </ul>
 * The range AUC-ROC is the trapezoidal area of (FPR, TPR) from (0, 0) through the 250 points to (1, 1); the range
 * AUC-PR is {@code sum_k (TPR_k - TPR_(k-1)) * precision_k} with {@code TPR_0 = 0}. VUS is the mean of each over
 * the {@code maxWindow + 1} buffer lengths.
 *
 * <p>Cost: one sort, then per buffer length O(anomaly region + 250) work, because each point's first flagging
 * threshold is computed once and the per-threshold sums are prefix sums over it. TSB-AD's loop is
 * O(buffers x 250 x anomaly region).
 */
final class Vus {

    /** TSB-AD's number of thresholds ({@code thre}). */
    static final int THRESHOLDS = 250;

    /** The volume under the range ROC surface and under the range PR surface. */
    record Volumes(double roc, double pr) {}

    private Vus() {}

    static Volumes compute(int[] labels, double[] scores, int maxWindow) {
        int n = labels.length;
        double[] thresholds = thresholds(scores);
        int t = thresholds.length;
        // entry[p]: the first threshold index at which point p is flagged (thresholds never increase).
        int[] entry = new int[n];
        long[] flaggedAt = new long[t];
        long[] anomaliesAt = new long[t];
        int anomalies = 0;
        for (int p = 0; p < n; p++) {
            entry[p] = firstAtOrBelow(thresholds, scores[p]);
            flaggedAt[entry[p]]++;
            if (labels[p] == 1) {
                anomaliesAt[entry[p]]++;
                anomalies++;
            }
        }
        accumulate(flaggedAt);
        accumulate(anomaliesAt);
        RangeMetrics.Ranges segments = RangeMetrics.ranges(labels);
        double[] soft = new double[n];
        double rocSum = 0;
        double prSum = 0;
        for (int w = 0; w <= maxWindow; w++) {
            double[] buffer = bufferMassAt(labels, segments, entry, soft, w, t);
            long[] existing = extendedRangesDetected(segments, entry, n, w, t);
            int extendedRanges = extendedRangeCount(segments, w);
            double roc = 0;
            double pr = 0;
            double previousTpr = 0;
            double previousFpr = 0;
            for (int k = 0; k < t; k++) {
                double tp = anomaliesAt[k] + buffer[k];
                double positives = (anomalies + (anomalies + buffer[k])) / 2;
                double recall = Math.min(tp / positives, 1);
                double tpr = recall * existing[k] / extendedRanges;
                double fpr = (flaggedAt[k] - tp) / (n - positives);
                double precision = tp / flaggedAt[k];
                roc += (fpr - previousFpr) * (tpr + previousTpr) / 2;
                pr += (tpr - previousTpr) * precision;
                previousTpr = tpr;
                previousFpr = fpr;
            }
            roc += (1 - previousFpr) * (1 + previousTpr) / 2;
            rocSum += roc;
            prSum += pr;
        }
        return new Volumes(rocSum / (maxWindow + 1), prSum / (maxWindow + 1));
    }

    /**
     * The 250 thresholds: the scores at ranks {@code floor(k (n - 1) / 249)} of the descending order, the index
     * computed in double precision as {@code numpy.linspace(0, n - 1, 250).astype(int)} does, so ranks repeat when
     * {@code n < 250}.
     */
    static double[] thresholds(double[] scores) {
        double[] ascending = scores.clone();
        Arrays.sort(ascending);
        int n = ascending.length;
        double step = (double) (n - 1) / (THRESHOLDS - 1);
        double[] out = new double[THRESHOLDS];
        for (int k = 0; k < THRESHOLDS; k++) {
            int rank = k == THRESHOLDS - 1 ? n - 1 : (int) (k * step);
            out[k] = ascending[n - 1 - rank];
        }
        return out;
    }

    /** The first index k of the non-increasing thresholds with {@code score >= thresholds[k]}. */
    private static int firstAtOrBelow(double[] thresholds, double score) {
        int lo = 0;
        int hi = thresholds.length - 1; // the last threshold is the minimum score, so it always flags
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (score >= thresholds[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * For each threshold, the soft label mass of the flagged normal points in the buffers of length {@code w}.
     * Contributions are added segment by segment, right buffer then left, before capping at 1, as TSB-AD does.
     */
    private static double[] bufferMassAt(
            int[] labels, RangeMetrics.Ranges segments, int[] entry, double[] soft, int w, int t) {
        int n = labels.length;
        int half = w / 2;
        double[] mass = new double[t];
        if (half == 0) {
            return mass;
        }
        for (int s = 0; s < segments.count(); s++) {
            int start = segments.start()[s];
            int end = segments.end()[s];
            for (int x = end + 1; x < Math.min(end + half + 1, n); x++) {
                soft[x] += Math.sqrt(1 - (double) (x - end) / w);
            }
            for (int x = Math.max(start - half, 0); x < start; x++) {
                soft[x] += Math.sqrt(1 - (double) (start - x) / w);
            }
        }
        for (int s = 0; s < segments.count(); s++) {
            int from = Math.max(segments.start()[s] - half, 0);
            int to = Math.min(segments.end()[s] + half, n - 1);
            for (int x = from; x <= to; x++) {
                if (labels[x] == 0 && soft[x] > 0) {
                    mass[entry[x]] += Math.min(1, soft[x]);
                }
                soft[x] = 0; // counted once, and the scratch array is clean for the next buffer length
            }
        }
        for (int k = 1; k < t; k++) {
            mass[k] += mass[k - 1];
        }
        return mass;
    }

    /** For each threshold, how many extended ranges (buffer {@code w}) hold at least one flagged point. */
    private static long[] extendedRangesDetected(RangeMetrics.Ranges segments, int[] entry, int n, int w, int t) {
        long[] detected = new long[t];
        int half = w / 2;
        int s = 0;
        while (s < segments.count()) {
            int from = Math.max(segments.start()[s] - half, 0);
            int last = s;
            while (last + 1 < segments.count() && !separate(segments, last, half)) {
                last++;
            }
            int to = Math.min(segments.end()[last] + half, n - 1);
            int first = Integer.MAX_VALUE;
            for (int x = from; x <= to; x++) {
                first = Math.min(first, entry[x]);
            }
            detected[first]++;
            s = last + 1;
        }
        accumulate(detected);
        return detected;
    }

    private static int extendedRangeCount(RangeMetrics.Ranges segments, int w) {
        int count = segments.count() == 0 ? 0 : 1;
        for (int s = 0; s + 1 < segments.count(); s++) {
            if (separate(segments, s, w / 2)) {
                count++;
            }
        }
        return count;
    }

    /** Whether segment s and the next stay apart once both are extended by {@code half} points. */
    private static boolean separate(RangeMetrics.Ranges segments, int s, int half) {
        return segments.end()[s] + half < segments.start()[s + 1] - half;
    }

    private static void accumulate(long[] counts) {
        for (int k = 1; k < counts.length; k++) {
            counts[k] += counts[k - 1];
        }
    }
}
