package org.dmad.evaluation.detectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.dmad.series.PointScores;
import org.dmad.series.SlidingWindows;
import org.dmad.tribuo.series.DenseRowScorer;
import org.dmad.tribuo.series.SeriesDetector;
import org.dmad.tribuo.series.SeriesModel;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.impl.ArrayExample;

/**
 * The baselines' series scoring: windows scored on several threads and as dense rows give, bit for bit, the scores of
 * one Tribuo example per window through {@code Model.predict} (for the one-class SVM: through LibSVM itself).
 */
class SeriesBaselineScoringTest {

    private static final int CHANNELS = 3;
    private static final int WINDOW = 20;

    /** Three channels: a noisy sine, a noisy ramp-free cosine, and a constant (a column constant in training). */
    private static double[] series(int steps, long seed, boolean anomaly) {
        Random r = new Random(seed);
        double[] out = new double[steps * CHANNELS];
        for (int t = 0; t < steps; t++) {
            double bump = anomaly && t > steps / 2 && t < steps / 2 + 15 ? 3 : 0;
            out[t * CHANNELS] = Math.sin(2 * Math.PI * t / 17) + 0.1 * r.nextGaussian() + bump;
            out[t * CHANNELS + 1] = Math.cos(2 * Math.PI * t / 29) + 0.1 * r.nextGaussian();
            out[t * CHANNELS + 2] = 4.0;
        }
        return out;
    }

    private static List<Trainer<Event>> trainers() {
        return List.of(
                new IsolationForestTrainer(50, 128, 3),
                new KMeansADTrainer(8, 3),
                new PCATrainer(0, PCATrainer.Scoring.WEIGHTED_DISTANCE),
                new OneClassSVMTrainer(0.5, 0),
                new OneClassSVMTrainer(0.5, 0, OneClassSVMTrainer.ROW_MIN_MAX));
    }

    /** The score of every window of {@code scoring}, one Tribuo example per window (LibSVM's own loop for SVMs). */
    private static double[] throughExamples(SeriesModel model, double[] series, SlidingWindows scoring) {
        int n = series.length / CHANNELS;
        double[] values = model.normalizer().map(z -> z.apply(series)).orElse(series);
        String[] names = model.windows().featureNames(CHANNELS);
        Model<Event> m = model.model();
        double[] out = new double[scoring.count(n)];
        for (int i = 0; i < out.length; i++) {
            double[] w = new double[names.length];
            System.arraycopy(values, scoring.start(i, n) * CHANNELS, w, 0, w.length);
            ArrayExample<Event> e = new ArrayExample<>(AnomalyFactory.UNKNOWN_EVENT, names, w);
            out[i] = m instanceof NegatedScoreModel svm
                    ? svm.predictThroughInner(e).getOutput().getScore()
                    : m.predict(e).getOutput().getScore();
        }
        return out;
    }

    @Test
    void windowsOnSeveralThreadsAndAsDenseRowsScoreAsOneExampleAtATime() {
        double[] train = series(400, 1, false);
        double[] test = series(600, 2, true);
        int n = test.length / CHANNELS;
        for (Trainer<Event> trainer : trainers()) {
            try (SeriesModel model = SeriesDetector.fit(trainer, train, CHANNELS, SlidingWindows.of(WINDOW, 1), true)) {
                assertTrue(model.model() instanceof DenseRowScorer, trainer + " scores dense rows");
                if (model.model() instanceof NegatedScoreModel svm) {
                    assertNotNull(svm.decision(), trainer + ": LibSVM's one-class RBF model has a dense decision");
                }
                for (int stride : new int[] {1, 3}) {
                    SlidingWindows scoring = model.scoringWindows(stride);
                    double[] reference = throughExamples(model, test, scoring);
                    double[] points = PointScores.pointScores(reference, scoring, n, PointScores.Aggregation.MEAN);
                    // 581 windows at stride 1 and 195 at 3: both split into 4 blocks of at least 64 windows.
                    for (int threads : new int[] {1, 2, 4}) {
                        String what = trainer + " stride " + stride + " threads " + threads;
                        assertArrayEquals(reference, model.windowScores(test, scoring, threads), 0.0, what);
                        assertArrayEquals(
                                points,
                                model.pointScores(test, PointScores.Aggregation.MEAN, stride, threads),
                                0.0,
                                what);
                    }
                }
            }
        }
    }

    @Test
    void aThreadCountBelowOneIsRefused() {
        try (SeriesModel model = SeriesDetector.fit(
                new KMeansADTrainer(4, 1), series(200, 1, false), CHANNELS, SlidingWindows.of(WINDOW, 1), true)) {
            double[] test = series(100, 2, false);
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> model.pointScores(test, PointScores.Aggregation.MEAN, 1, 0));
            assertTrue(e.getMessage().contains("thread"), e.getMessage());
            // One thread is the path without threads, bit for bit.
            assertArrayEquals(
                    model.pointScores(test, PointScores.Aggregation.MEAN),
                    model.pointScores(test, PointScores.Aggregation.MEAN, 1, 1),
                    0.0);
            assertEquals(81, model.windowScores(test, model.scoringWindows(1), 3).length);
        }
    }
}
