package org.dmad.evaluation.timeseries;

import java.util.Arrays;

/**
 * Anomaly segments (maximal runs of consecutive 1s) and the range-based precision and recall of Tatbul et al.,
 * "Precision and Recall for Time Series", NeurIPS 2018, in the configuration TSB-AD reports as "R-based-F1":
 * flat positional bias, cardinality factor {@code 1 / (number of overlapping ranges)}, existence weight
 * {@code alpha = 0.2} for recall and {@code alpha = 0} for precision.
 */
final class RangeMetrics {

    /** TSB-AD's existence weight for range recall; range precision uses no existence term. */
    static final double RECALL_ALPHA = 0.2;

    private RangeMetrics() {}

    /**
     * Maximal runs of {@code true} (or of 1) in a binary sequence, as inclusive index pairs in time order.
     *
     * @param start first index of each run.
     * @param end   last index of each run (inclusive).
     */
    record Ranges(int[] start, int[] end) {

        int count() {
            return start.length;
        }

        int length(int i) {
            return end[i] - start[i] + 1;
        }

        /** Index of the first range ending at or after {@code position}, or {@code count()} if none. */
        int firstEndingAtOrAfter(int position) {
            int i = Arrays.binarySearch(end, position);
            return i >= 0 ? i : -i - 1;
        }

        /** Index of the last range starting at or before {@code position}, or -1 if none. */
        int lastStartingAtOrBefore(int position) {
            int i = Arrays.binarySearch(start, position);
            return i >= 0 ? i : -i - 2;
        }

        /** The number of these ranges that share at least one index with {@code [from, to]}. */
        int overlapping(int from, int to) {
            return Math.max(0, lastStartingAtOrBefore(to) - firstEndingAtOrAfter(from) + 1);
        }
    }

    static Ranges ranges(int[] binary) {
        boolean[] flags = new boolean[binary.length];
        for (int i = 0; i < binary.length; i++) {
            flags[i] = binary[i] == 1;
        }
        return ranges(flags);
    }

    static Ranges ranges(boolean[] flags) {
        int count = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] && (i == 0 || !flags[i - 1])) {
                count++;
            }
        }
        int[] start = new int[count];
        int[] end = new int[count];
        int r = -1;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] && (i == 0 || !flags[i - 1])) {
                start[++r] = i;
            }
            if (flags[i] && (i == flags.length - 1 || !flags[i + 1])) {
                end[r] = i;
            }
        }
        return new Ranges(start, end);
    }

    /**
     * Range-based precision, recall and F1 ({@code 2 R P / (R + P)}, 0 when both are 0) of flagging the points
     * scoring above {@code threshold}. One pass over the scores finds the predicted ranges; the rest costs
     * O(anomalies + ranges log ranges).
     *
     * @param truth     ground-truth ranges.
     * @param truthSums prefix sums of the labels ({@code truthSums[i]} = anomalies before index i).
     * @param scores    the scores.
     * @param threshold points scoring strictly above it are flagged.
     * @param start     scratch space for predicted range starts, at least {@code (n + 1) / 2} long.
     * @param end       scratch space for predicted range ends, as long as {@code start}.
     * @return {precision, recall, F1}.
     */
    static double[] scoresAbove(
            Ranges truth, int[] truthSums, double[] scores, double threshold, int[] start, int[] end) {
        int n = scores.length;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (scores[i] > threshold) {
                if (i == 0 || !(scores[i - 1] > threshold)) {
                    start[count] = i;
                }
                if (i == n - 1 || !(scores[i + 1] > threshold)) {
                    end[count++] = i;
                }
            }
        }
        // Recall: alpha = 0.2 over the true segments.
        double recall = 0;
        for (int r = 0; r < truth.count(); r++) {
            int from = truth.start()[r];
            int to = truth.end()[r];
            int covered = 0;
            for (int i = from; i <= to; i++) {
                covered += scores[i] > threshold ? 1 : 0;
            }
            int touching = overlapping(start, end, count, from, to);
            double overlap = touching == 0 ? 0 : (double) covered / truth.length(r) / touching;
            recall += RECALL_ALPHA * (covered > 0 ? 1 : 0) + (1 - RECALL_ALPHA) * overlap;
        }
        recall /= truth.count();
        // Precision: alpha = 0 over the predicted ranges.
        double precision = 0;
        for (int q = 0; q < count; q++) {
            int covered = truthSums[end[q] + 1] - truthSums[start[q]];
            int touching = truth.overlapping(start[q], end[q]);
            precision += touching == 0 ? 0 : (double) covered / (end[q] - start[q] + 1) / touching;
        }
        precision = count == 0 ? 0 : precision / count;
        double f1 = recall + precision == 0 ? 0 : 2 * recall * precision / (recall + precision);
        return new double[] {precision, recall, f1};
    }

    /** How many of the first {@code count} ranges (sorted, disjoint) share an index with {@code [from, to]}. */
    private static int overlapping(int[] start, int[] end, int count, int from, int to) {
        int first = Arrays.binarySearch(end, 0, count, from);
        first = first >= 0 ? first : -first - 1;
        int last = Arrays.binarySearch(start, 0, count, to);
        last = last >= 0 ? last : -last - 2;
        return Math.max(0, last - first + 1);
    }
}
