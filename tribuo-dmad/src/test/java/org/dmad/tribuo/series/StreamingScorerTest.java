package org.dmad.tribuo.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.OptionalDouble;
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
 * Streaming against batch scoring with a plain Tribuo detector (LibSVM's one-class SVM, pure Java, scored one row at
 * a time), which also shows that the series adapters are not tied to dmad's detectors.
 */
class StreamingScorerTest {

    private static double[] series(int n, int channels, long seed) {
        Random r = new Random(seed);
        double[] s = new double[n * channels];
        for (int t = 0; t < n; t++) {
            for (int c = 0; c < channels; c++) {
                s[t * channels + c] = 5 * c + Math.sin(2 * Math.PI * t / (20 + 7 * c)) + 0.1 * r.nextGaussian();
            }
        }
        return s;
    }

    private static SeriesModel fit(boolean normalize, int channels, int length) {
        SVMParameters<Event> params =
                new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS), KernelType.RBF);
        params.setGamma(0.1);
        params.setNu(0.1);
        return SeriesDetector.fit(
                new LibSVMAnomalyTrainer(params),
                series(300, channels, 1),
                channels,
                SlidingWindows.of(length, 3, true),
                normalize);
    }

    @Test
    void streamingEqualsBatchLastBitForBit() {
        for (boolean normalize : new boolean[] {true, false}) {
            int channels = 3;
            int length = 7;
            SeriesModel model = fit(normalize, channels, length);
            double[] test = series(120, channels, 2);
            double[] batch = model.pointScores(test, channels, Aggregation.LAST);
            StreamingScorer scorer = new StreamingScorer(model);
            for (int t = 0; t < 120; t++) {
                double[] observation = new double[channels];
                System.arraycopy(test, t * channels, observation, 0, channels);
                OptionalDouble s = scorer.offer(observation);
                if (t < length - 1) {
                    assertFalse(s.isPresent());
                } else {
                    assertEquals(batch[t], s.getAsDouble(), 0.0, "normalize=" + normalize + ", time step " + t);
                }
            }
            assertEquals(120, scorer.seen());
        }
    }
}
