package org.dmad.tribuo.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.dmad.series.PointScores.Aggregation;
import org.dmad.series.SlidingWindows;
import org.junit.jupiter.api.Test;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;

/**
 * The scoring stride of {@link SeriesModel#pointScores(double[], Aggregation, int)} and
 * {@link SeriesModel#stepScores}, checked with LibSVM's one-class SVM, whose score of a window does not depend on the
 * windows scored with it, against point scores computed here by hand from the stride-1 window scores.
 */
class SeriesScoringStrideTest {

    private static final int C = 2;
    private static final int L = 6;

    private static double[] series(int n, long seed) {
        Random r = new Random(seed);
        double[] s = new double[n * C];
        for (int t = 0; t < n; t++) {
            s[t * C] = Math.sin(t / 3.0) + 0.1 * r.nextGaussian();
            s[t * C + 1] = Math.cos(t / 5.0) + 0.1 * r.nextGaussian();
        }
        return s;
    }

    private static SeriesModel fit() {
        SVMParameters<Event> params =
                new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS), KernelType.RBF);
        params.setGamma(0.1);
        params.setNu(0.1);
        return SeriesDetector.fit(new LibSVMAnomalyTrainer(params), series(200, 1), C, SlidingWindows.of(L, 2), true);
    }

    /** Windows starting at 0, s, 2s, ... and one ending at the last step; MEAN over the covering ones, by hand. */
    @Test
    void aStrideScoresEverySthWindowAndSpreadsItOverItsSteps() {
        SeriesModel model = fit();
        int n = 103;
        double[] test = series(n, 2);
        double[] all = model.windowScores(test);
        for (int stride : new int[] {4, 5}) {
            int[] starts = java.util.stream.IntStream.concat(
                            java.util.stream.IntStream.iterate(0, s -> s <= n - L, s -> s + stride),
                            (n - L) % stride == 0
                                    ? java.util.stream.IntStream.empty()
                                    : java.util.stream.IntStream.of(n - L))
                    .toArray();
            double[] mean = model.pointScores(test, Aggregation.MEAN, stride);
            double[] last = model.pointScores(test, Aggregation.LAST, stride);
            assertEquals(n, mean.length);
            for (int p = 0; p < n; p++) {
                double sum = 0;
                int covered = 0;
                int latestEnded = 0;
                for (int s : starts) {
                    if (s <= p && p < s + L) {
                        sum += all[s];
                        covered++;
                    }
                    if (s + L - 1 <= p) {
                        latestEnded = s;
                    }
                }
                assertTrue(covered > 0, "stride " + stride + " leaves step " + p + " uncovered");
                assertEquals(sum / covered, mean[p], 1e-12, "stride " + stride + ", MEAN at " + p);
                assertEquals(all[latestEnded], last[p], 0.0, "stride " + stride + ", LAST at " + p);
            }
        }
    }

    @Test
    void strideOneIsTodaysPointScoresAndAStrideBeyondTheWindowStaysFinite() {
        SeriesModel model = fit();
        double[] test = series(80, 3);
        for (Aggregation a : Aggregation.values()) {
            assertArrayEquals(model.pointScores(test, a), model.pointScores(test, a, 1), a.toString());
            double[] gaps = model.pointScores(test, a, 2 * L);
            assertTrue(Arrays.stream(gaps).allMatch(Double::isFinite), a.toString());
        }
    }

    @Test
    void stepScoresAreTheTailOfThePointScores() {
        SeriesModel model = fit();
        double[] test = series(90, 4);
        for (Aggregation a : Aggregation.values()) {
            double[] whole = model.pointScores(test, a, 1);
            for (int from : new int[] {0, 3, L - 1, 40, 89}) {
                assertArrayEquals(
                        Arrays.copyOfRange(whole, from, whole.length),
                        model.stepScores(test, from, a, 1),
                        a + " from " + from);
            }
        }
    }

    @Test
    void badStridesAndRangesAreRefused() {
        SeriesModel model = fit();
        double[] test = series(40, 5);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> model.pointScores(test, Aggregation.MEAN, 0));
        assertTrue(e.getMessage().contains("scoring stride must be at least 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.stepScores(test, 40, Aggregation.MEAN, 1));
        assertTrue(e.getMessage().contains("must be in [0, 40)"), e.getMessage());
    }
}
