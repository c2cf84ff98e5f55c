package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DTE-NP against a brute-force evaluation of the reference's definition, written independently here. */
class DTENonParametricEngineTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.of(NoiseSchedule.Type.LINEAR, 300);

    private static Matrix gaussian(int rows, int columns, double spread, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * columns];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (spread * r.nextGaussian());
        }
        return new Matrix(v, rows, columns);
    }

    /** Mean of the k smallest squared distances, by loops and a sort, optionally skipping one training row. */
    private static double bruteMean(Matrix train, float[] x, int k, int skip) {
        double[] d2 = new double[train.rows()];
        for (int i = 0; i < train.rows(); i++) {
            double s = 0;
            for (int j = 0; j < train.columns(); j++) {
                double diff = (double) x[j] - train.get(i, j);
                s += diff * diff;
            }
            d2[i] = i == skip ? Double.POSITIVE_INFINITY : s;
        }
        Arrays.sort(d2);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += d2[i];
        }
        return sum / k;
    }

    /** [argmax, posterior mean] of the normalised inverse-gamma density with its full normalising constant. */
    private static double[] bruteScores(double m, int d) {
        double a = d / 2.0 - 1;
        double scale = m / 2;
        int timesteps = SCHEDULE.timesteps();
        double[] logPdf = new double[timesteps];
        for (int t = 0; t < timesteps; t++) {
            double x = SCHEDULE.sigma2(t);
            logPdf[t] = a * Math.log(scale) - logGamma(a) - (a + 1) * Math.log(x) - scale / x;
        }
        double max = Arrays.stream(logPdf).max().orElseThrow();
        double z = 0;
        int argmax = 0;
        for (int t = 0; t < timesteps; t++) {
            z += Math.exp(logPdf[t] - max);
            argmax = logPdf[t] > logPdf[argmax] ? t : argmax;
        }
        double mean = 0;
        for (int t = 0; t < timesteps; t++) {
            mean += t * Math.exp(logPdf[t] - max) / z;
        }
        return new double[] {argmax, mean};
    }

    /** Lanczos approximation; constants cancel in the normalisation anyway, so precision here is not critical. */
    private static double logGamma(double x) {
        double[] c = {
            76.18009172947146,
            -86.50532032941677,
            24.01409824083091,
            -1.231739572450155,
            0.1208650973866179e-2,
            -0.5395239384953e-5
        };
        double y = x;
        double tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.log(tmp);
        double ser = 1.000000000190015;
        for (double ci : c) {
            ser += ci / ++y;
        }
        return -tmp + Math.log(2.5066282746310005 * ser / x);
    }

    @Test
    void scoresEqualTheBruteForceDefinitionForBothVariantsAndAnyBlocking() {
        int d = 5;
        Matrix train = gaussian(40, d, 1.0, 1);
        // Test rows from near the data to far away, so that scores span the whole range of t.
        Matrix near = gaussian(20, d, 1.0, 2);
        Matrix far = gaussian(10, d, 3.0, 3);
        float[] all = new float[30 * d];
        System.arraycopy(near.data(), 0, all, 0, near.data().length);
        System.arraycopy(far.data(), 0, all, near.data().length, far.data().length);
        Matrix test = new Matrix(all, 30, d);

        double[] expectedArgmax = new double[30];
        double[] expectedMean = new double[30];
        for (int i = 0; i < 30; i++) {
            double[] s = bruteScores(bruteMean(train, test.rows(i, i + 1), 5, -1), d);
            expectedArgmax[i] = s[0];
            expectedMean[i] = s[1];
        }
        assertTrue(Arrays.stream(expectedArgmax).distinct().count() > 10, Arrays.toString(expectedArgmax));

        // Blocks of 7 queries and 9 training rows exercise the running top-k merge and partial blocks.
        for (int[] blocks : new int[][] {{1024, 4096}, {7, 9}, {1, 5}}) {
            try (DTENonParametric argmax = new DTENonParametric(
                            train, 5, SCHEDULE, DTENonParametric.Score.ARGMAX, "cpu", blocks[0], blocks[1]);
                    DTENonParametric mean = new DTENonParametric(
                            train, 5, SCHEDULE, DTENonParametric.Score.POSTERIOR_MEAN, "cpu", blocks[0], blocks[1])) {
                assertArrayEquals(expectedArgmax, argmax.score(test), Arrays.toString(blocks));
                assertArrayEquals(expectedMean, mean.score(test), 1e-6, Arrays.toString(blocks));
            }
        }
    }

    @Test
    void trainingScoresLeaveEachRowOutOfItsOwnNeighbours() {
        int d = 4;
        Matrix train = gaussian(23, d, 1.0, 4);
        double[] expected = new double[23];
        for (int i = 0; i < 23; i++) {
            expected[i] = bruteMean(train, train.rows(i, i + 1), 3, i);
        }
        for (int[] blocks : new int[][] {{1024, 4096}, {5, 4}, {3, 7}}) {
            try (DTENonParametric np = new DTENonParametric(
                    train, 3, SCHEDULE, DTENonParametric.Score.ARGMAX, "cpu", blocks[0], blocks[1])) {
                assertArrayEquals(expected, np.leaveOneOutMeanNeighbourDistances(), 1e-9, Arrays.toString(blocks));
                double[] scores = np.trainingScores();
                for (int i = 0; i < 23; i++) {
                    assertEquals(bruteScores(expected[i], d)[0], scores[i], "row " + i);
                }
            }
        }
    }

    @Test
    void duplicatesOfTrainingRowsScoreZeroAndFarRowsSaturate() {
        int d = 3;
        Matrix train = gaussian(10, d, 1.0, 5);
        float[] dup = new float[6 * d];
        for (int r = 0; r < 6; r++) {
            System.arraycopy(train.data(), 0, dup, r * d, d);
        }
        Matrix sixCopies = new Matrix(dup, 6, d);
        try (DTENonParametric np =
                new DTENonParametric(sixCopies, 5, SCHEDULE, DTENonParametric.Score.POSTERIOR_MEAN, "cpu")) {
            double m = np.meanNeighbourDistances(new Matrix(train.rows(0, 1), 1, d))[0];
            assertEquals(0.0, m, 1e-9);
            double s = np.score(new Matrix(train.rows(0, 1), 1, d))[0];
            double[] lp = np.logPosterior(0.0);
            for (int t = 1; t < lp.length; t++) {
                assertTrue(lp[t] < lp[0], "with m = 0 the posterior peaks at t = 0");
            }
            // Shape 1/2 gives the posterior a slowly decaying tail: the mean sits a little above 0.
            assertTrue(Double.isFinite(s) && s < 2, "a row on top of its neighbours scores near 0, got " + s);
            assertEquals(1.0, Arrays.stream(lp).map(Math::exp).sum(), 1e-9);
            float[] farRow = {1000f, -1000f, 1000f};
            assertEquals(299.0, np.score(new Matrix(farRow, 1, d))[0], 1e-6);
        }
    }

    @Test
    void inputsThatCannotBeScoredAreRefused() {
        Matrix two = gaussian(10, 2, 1.0, 6);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new DTENonParametric(two, 5, SCHEDULE, DTENonParametric.Score.ARGMAX, "cpu"));
        assertTrue(e.getMessage().contains("at least 3 features"), e.getMessage());
        Matrix four = gaussian(4, 3, 1.0, 6);
        assertThrows(
                IllegalArgumentException.class,
                () -> new DTENonParametric(four, 5, SCHEDULE, DTENonParametric.Score.ARGMAX, "cpu"));
        try (DTENonParametric five =
                new DTENonParametric(gaussian(5, 3, 1.0, 6), 5, SCHEDULE, DTENonParametric.Score.ARGMAX, "cpu")) {
            var loo = assertThrows(IllegalArgumentException.class, five::trainingScores);
            assertTrue(loo.getMessage().contains("more than k = 5"), loo.getMessage());
            assertThrows(IllegalArgumentException.class, () -> five.score(gaussian(2, 4, 1.0, 7)));
        }
    }
}
