package org.dmad.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dmad.series.PointScores.Aggregation;
import org.junit.jupiter.api.Test;

class PointScoresTest {

    // Length 3, stride 1, 6 time steps: windows [0,3) [1,4) [2,5) [3,6) with scores 1, 2, 3, 4.
    private static final SlidingWindows W = SlidingWindows.of(3, 1);
    private static final double[] SCORES = {1, 2, 3, 4};

    @Test
    void meanAndMaxCombineEveryCoveringWindow() {
        assertArrayEquals(
                new double[] {1, 1.5, 2, 3, 3.5, 4}, PointScores.pointScores(SCORES, W, 6, Aggregation.MEAN), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3, 4, 4, 4}, PointScores.pointScores(SCORES, W, 6, Aggregation.MAX));
    }

    @Test
    void lastTakesTheWindowEndingAtEachPointAndTheFirstWindowBeforeIt() {
        assertArrayEquals(new double[] {1, 1, 1, 2, 3, 4}, PointScores.pointScores(SCORES, W, 6, Aggregation.LAST));
    }

    @Test
    void uncoveredPointsFollowTheLastRule() {
        // Length 2, stride 3, 7 time steps: windows [0,2) [3,5); time steps 2, 5, 6 are in no window.
        SlidingWindows gaps = SlidingWindows.of(2, 3);
        double[] scores = {5, 7};
        assertArrayEquals(
                new double[] {5, 5, 5, 7, 7, 7, 7}, PointScores.pointScores(scores, gaps, 7, Aggregation.MEAN));
        assertArrayEquals(
                new double[] {5, 5, 5, 5, 7, 7, 7}, PointScores.pointScores(scores, gaps, 7, Aggregation.LAST));
        // End alignment adds a window [5,7) that covers the tail.
        SlidingWindows aligned = SlidingWindows.of(2, 3, true);
        assertArrayEquals(
                new double[] {5, 5, 5, 7, 7, 9, 9},
                PointScores.pointScores(new double[] {5, 7, 9}, aligned, 7, Aggregation.MAX));
    }

    @Test
    void channelScoresSayWhichChannelWhen() {
        // Length 2, stride 1, 3 time steps, 2 channels: windows [0,2) and [1,3).
        SlidingWindows w = SlidingWindows.of(2, 1);
        double[] elements = {
            1, 10, 2, 20, // window 0: (t0: c0=1, c1=10), (t1: c0=2, c1=20)
            3, 30, 4, 40
        }; // window 1: (t1: c0=3, c1=30), (t2: c0=4, c1=40)
        assertArrayEquals(
                new double[] {1, 10, 2.5, 25, 4, 40},
                PointScores.channelScores(elements, w, 3, 2, Aggregation.MEAN),
                1e-12);
        assertArrayEquals(
                new double[] {1, 10, 3, 30, 4, 40}, PointScores.channelScores(elements, w, 3, 2, Aggregation.MAX));
        assertArrayEquals(
                new double[] {1, 10, 2, 20, 4, 40}, PointScores.channelScores(elements, w, 3, 2, Aggregation.LAST));
    }

    @Test
    void refusesMismatchedCountsAndNaN() {
        assertThrows(
                IllegalArgumentException.class, () -> PointScores.pointScores(new double[3], W, 6, Aggregation.MEAN));
        assertThrows(
                IllegalArgumentException.class,
                () -> PointScores.pointScores(new double[] {1, Double.NaN, 3, 4}, W, 6, Aggregation.MAX));
        assertThrows(
                IllegalArgumentException.class, () -> PointScores.pointScores(new double[1], W, 2, Aggregation.LAST));
        assertThrows(
                IllegalArgumentException.class,
                () -> PointScores.channelScores(new double[4], W, 6, 2, Aggregation.MEAN));
    }
}
