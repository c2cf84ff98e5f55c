package org.dmad.evaluation.timeseries;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Counts behind the threshold-dependent F1 variants, for any threshold, in O(log n) after an O(n log n) set-up: how
 * many points are flagged, how many of them are anomalies, how many anomaly segments hold at least one flagged point
 * and how long those segments are. A segment is detected at every threshold up to its highest score, which is what
 * makes point adjustment and event recall cheap to sweep.
 */
final class TimeSeriesMetricsSweep {

    /** The counts of one binary prediction. */
    record Counts(long flagged, long truePositives, int detectedSegments, long detectedLength) {}

    private final double[] sortedScores;
    private final double[] sortedAnomalyScores;
    /** Highest score of each segment, ascending. */
    private final double[] segmentMax;
    /** Total length of the segments from index i of {@link #segmentMax} to the end. */
    private final long[] lengthFrom;

    private final int anomalies;

    TimeSeriesMetricsSweep(int[] labels, double[] scores) {
        sortedScores = scores.clone();
        Arrays.sort(sortedScores);
        sortedAnomalyScores = IntStream.range(0, labels.length)
                .filter(i -> labels[i] == 1)
                .mapToDouble(i -> scores[i])
                .sorted()
                .toArray();
        anomalies = sortedAnomalyScores.length;
        RangeMetrics.Ranges segments = RangeMetrics.ranges(labels);
        double[] max = new double[segments.count()];
        for (int s = 0; s < max.length; s++) {
            max[s] = Double.NEGATIVE_INFINITY;
            for (int i = segments.start()[s]; i <= segments.end()[s]; i++) {
                max[s] = Math.max(max[s], scores[i]);
            }
        }
        Integer[] order = IntStream.range(0, max.length)
                .boxed()
                .sorted(Comparator.comparingDouble(s -> max[s]))
                .toArray(Integer[]::new);
        segmentMax = new double[max.length];
        lengthFrom = new long[max.length + 1];
        for (int k = max.length - 1; k >= 0; k--) {
            segmentMax[k] = max[order[k]];
            lengthFrom[k] = lengthFrom[k + 1] + segments.length(order[k]);
        }
    }

    int anomalies() {
        return anomalies;
    }

    int segments() {
        return segmentMax.length;
    }

    /** The distinct scores, ascending. */
    double[] distinctScores() {
        double[] distinct = new double[sortedScores.length];
        int count = 0;
        for (double s : sortedScores) {
            if (count == 0 || s != distinct[count - 1]) {
                distinct[count++] = s;
            }
        }
        return Arrays.copyOf(distinct, count);
    }

    /** The smallest score above {@code threshold}, or +infinity when no score is above it. */
    double smallestAbove(double threshold) {
        int i = firstIndex(sortedScores, threshold, false);
        return i < sortedScores.length ? sortedScores[i] : Double.POSITIVE_INFINITY;
    }

    /**
     * Counts when the points scoring at least {@code threshold} ({@code inclusive}) or above it (not inclusive) are
     * flagged.
     */
    Counts at(double threshold, boolean inclusive) {
        int fromSegment = firstIndex(segmentMax, threshold, inclusive);
        return new Counts(
                sortedScores.length - firstIndex(sortedScores, threshold, inclusive),
                sortedAnomalyScores.length - firstIndex(sortedAnomalyScores, threshold, inclusive),
                segmentMax.length - fromSegment,
                lengthFrom[fromSegment]);
    }

    /** The first index of an ascending array whose value is >= (inclusive) or > (not inclusive) the threshold. */
    private static int firstIndex(double[] ascending, double threshold, boolean inclusive) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            boolean flagged = inclusive ? ascending[mid] >= threshold : ascending[mid] > threshold;
            if (flagged) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
