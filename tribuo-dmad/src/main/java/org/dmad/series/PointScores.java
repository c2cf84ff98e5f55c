package org.dmad.series;

import java.util.Arrays;
import java.util.Objects;

/**
 * Turns scores of sliding windows into one score per time step, the unit in which time-series anomalies are
 * labelled and evaluated.
 * <p>
 * {@link Aggregation#MEAN} and {@link Aggregation#MAX} combine every window that covers a time step (the batch view:
 * later windows are used too). {@link Aggregation#LAST} gives a time step the score of the window that ends at it,
 * the only window a streaming detector has seen at that moment (see {@code StreamingScorer}); with a stride above 1
 * not every time step ends a window, and a time step then takes the latest window that ended before it.
 * <p>
 * Edge points: a time step before the end of the first window (the first {@code length - 1} steps) takes the first
 * window's score, and a time step that no window covers (a gap when the stride exceeds the length, or the tail when
 * the stride does not divide and {@link SlidingWindows#alignEnd()} is off) follows the LAST rule. So every time step
 * gets a finite score from a real window and the result never holds NaN.
 */
public final class PointScores {

    /** How the scores of windows covering a time step are combined. */
    public enum Aggregation {
        /** The mean over the windows covering the time step. */
        MEAN,
        /** The maximum over the windows covering the time step. */
        MAX,
        /** The window ending at the time step (the streaming view). */
        LAST
    }

    private PointScores() {}

    /**
     * One score per time step from one score per window.
     *
     * @param windowScores one score per window, in window order (NaN refused).
     * @param windows      the windows the scores belong to.
     * @param seriesLength time steps in the series.
     * @param aggregation  how covering windows are combined.
     * @return {@code seriesLength} scores.
     * @throws IllegalArgumentException when the number of scores is not the number of windows, or a score is NaN.
     */
    public static double[] pointScores(
            double[] windowScores, SlidingWindows windows, int seriesLength, Aggregation aggregation) {
        Objects.requireNonNull(aggregation, "aggregation");
        int count = checkScores(windowScores, windows, seriesLength, 1);
        int length = windows.length();
        int[] last = lastWindows(windows, seriesLength, count);
        double[] out = new double[seriesLength];
        if (aggregation == Aggregation.LAST) {
            for (int p = 0; p < seriesLength; p++) {
                out[p] = windowScores[last[p]];
            }
            return out;
        }
        double[] acc = new double[seriesLength];
        int[] covered = new int[seriesLength];
        if (aggregation == Aggregation.MAX) {
            Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        }
        for (int i = 0; i < count; i++) {
            int s = windows.start(i, seriesLength);
            double v = windowScores[i];
            for (int p = s; p < s + length; p++) {
                acc[p] = aggregation == Aggregation.MEAN ? acc[p] + v : Math.max(acc[p], v);
                covered[p]++;
            }
        }
        for (int p = 0; p < seriesLength; p++) {
            if (covered[p] == 0) {
                out[p] = windowScores[last[p]];
            } else {
                out[p] = aggregation == Aggregation.MEAN ? acc[p] / covered[p] : acc[p];
            }
        }
        return out;
    }

    /**
     * One score per time step and channel from per-element scores of windows, such as the per-element
     * reconstruction errors of a reconstruction detector: it says which channel is anomalous when.
     * <p>
     * Element {@code t * channels + c} of window {@code i} scores channel {@code c} at time step
     * {@code start(i) + t}. MEAN and MAX combine, for each time step and channel, the elements of every covering
     * window at that position. LAST takes the element at the last offset of the window ending at the time step; a
     * time step before the first window's end takes the first window's element at its own position, and an uncovered
     * time step the last offset of the latest window that ended before it.
     *
     * @param windowElementScores {@code count x (length * channels)} scores, row-major, time-major within a window
     *                            (NaN refused).
     * @param windows             the windows the scores belong to.
     * @param seriesLength        time steps in the series.
     * @param channels            channels per time step.
     * @param aggregation         how covering windows are combined.
     * @return {@code seriesLength x channels} scores, row-major.
     * @throws IllegalArgumentException when the number of scores does not match, or a score is NaN.
     */
    public static double[] channelScores(
            double[] windowElementScores,
            SlidingWindows windows,
            int seriesLength,
            int channels,
            Aggregation aggregation) {
        Objects.requireNonNull(aggregation, "aggregation");
        if (channels < 1) {
            throw new IllegalArgumentException("A series needs at least 1 channel, got " + channels);
        }
        int length = windows.length();
        int width = length * channels;
        int count = checkScores(windowElementScores, windows, seriesLength, width);
        int[] last = lastWindows(windows, seriesLength, count);
        double[] out = new double[seriesLength * channels];
        if (aggregation != Aggregation.LAST) {
            double[] acc = new double[seriesLength * channels];
            int[] covered = new int[seriesLength];
            if (aggregation == Aggregation.MAX) {
                Arrays.fill(acc, Double.NEGATIVE_INFINITY);
            }
            for (int i = 0; i < count; i++) {
                int s = windows.start(i, seriesLength);
                for (int t = 0; t < length; t++) {
                    int p = s + t;
                    covered[p]++;
                    for (int c = 0; c < channels; c++) {
                        double v = windowElementScores[i * width + t * channels + c];
                        int k = p * channels + c;
                        acc[k] = aggregation == Aggregation.MEAN ? acc[k] + v : Math.max(acc[k], v);
                    }
                }
            }
            for (int p = 0; p < seriesLength; p++) {
                if (covered[p] > 0) {
                    for (int c = 0; c < channels; c++) {
                        int k = p * channels + c;
                        out[k] = aggregation == Aggregation.MEAN ? acc[k] / covered[p] : acc[k];
                    }
                } else {
                    lastElement(windowElementScores, windows, seriesLength, channels, last[p], p, out);
                }
            }
            return out;
        }
        for (int p = 0; p < seriesLength; p++) {
            lastElement(windowElementScores, windows, seriesLength, channels, last[p], p, out);
        }
        return out;
    }

    private static void lastElement(
            double[] scores, SlidingWindows windows, int seriesLength, int channels, int window, int p, double[] out) {
        int length = windows.length();
        int offset = Math.min(p - windows.start(window, seriesLength), length - 1);
        int base = window * length * channels + offset * channels;
        System.arraycopy(scores, base, out, p * channels, channels);
    }

    /** For each time step, the latest window ending at or before it, or window 0 before the first window's end. */
    private static int[] lastWindows(SlidingWindows windows, int seriesLength, int count) {
        int[] last = new int[seriesLength];
        int w = 0;
        for (int p = 0; p < seriesLength; p++) {
            while (w + 1 < count && windows.start(w + 1, seriesLength) + windows.length() - 1 <= p) {
                w++;
            }
            last[p] = w;
        }
        return last;
    }

    private static int checkScores(double[] scores, SlidingWindows windows, int seriesLength, int width) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(windows, "windows");
        int count = windows.count(seriesLength);
        if (scores.length != (long) count * width) {
            throw new IllegalArgumentException("Expected " + count + " windows x " + width + " scores for a series"
                    + " of " + seriesLength + " time steps with " + windows + ", got " + scores.length + " scores");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("The score of window " + i / width + " is NaN");
            }
        }
        return count;
    }
}
