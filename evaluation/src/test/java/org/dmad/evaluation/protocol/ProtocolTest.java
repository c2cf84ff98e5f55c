package org.dmad.evaluation.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.dmad.evaluation.data.DatasetRecord;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    /** Rows i = 0..n-1 with one feature holding i, so that rows can be traced through a split. */
    static TabularData traced(int n, int[] y) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        int anomalies = Arrays.stream(y).sum();
        return new TabularData(
                x, y, TabularData.genericNames(1), new DatasetRecord("traced", "test", "0", n, 1, anomalies));
    }

    private static Set<Long> rowIds(double[] standardised, double mean, double sd) {
        Set<Long> ids = new HashSet<>();
        for (double v : standardised) {
            ids.add(Math.round(v * sd + mean));
        }
        return ids;
    }

    @Test
    void semiCleanTrainsOnTheFirstHalfOfTheNormalsInFileOrderAndNeverLeaks() {
        int n = 200;
        int[] y = new int[n];
        for (int i = 0; i < n; i += 10) {
            y[i] = 1;
        }
        Split split = Protocol.SEMI_CLEAN.split(traced(n, y), 0);
        assertEquals(90, split.trainRows(), "round(0.5 * 180 normals)");
        assertEquals(110, split.testRows());
        assertEquals(20, Arrays.stream(split.testLabels()).sum());
        assertEquals(0, Arrays.stream(split.trainLabels()).sum());
        // Training rows are standardised with their own statistics: mean 0, population sd 1.
        double mean = Arrays.stream(split.train()).average().orElseThrow();
        assertEquals(0, mean, 1e-12);
        // Recover row ids: the training rows are the first 90 normal ids in file order.
        double[] trainIds = new double[90];
        int k = 0;
        for (int i = 0; i < n && k < 90; i++) {
            if (y[i] == 0) {
                trainIds[k++] = i;
            }
        }
        double m = Arrays.stream(trainIds).average().orElseThrow();
        double sd = Math.sqrt(
                Arrays.stream(trainIds).map(v -> (v - m) * (v - m)).average().orElseThrow());
        Set<Long> train = rowIds(split.train(), m, sd);
        Set<Long> test = rowIds(split.test(), m, sd);
        assertEquals(90, train.size());
        assertEquals(110, test.size());
        train.retainAll(test);
        assertTrue(train.isEmpty(), "rows on both sides: " + train);
        assertEquals("none", split.facts().get("resampling"));
    }

    @Test
    void semiResamplesSmallFilesToAThousandRowsReproducibly() {
        int n = 120;
        int[] y = new int[n];
        for (int i = 0; i < 12; i++) {
            y[i * 10] = 1;
        }
        TabularData data = traced(n, y);
        Split a = Protocol.SEMI.split(data, 3);
        Split b = Protocol.SEMI.split(data, 3);
        Split c = Protocol.SEMI.split(data, 4);
        assertEquals(1000, a.trainRows() + a.testRows());
        assertArrayEquals(a.train(), b.train());
        assertTrue(!Arrays.equals(a.test(), c.test()), "another seed draws other rows");
        assertTrue(a.facts().get("resampling").startsWith("resampled 120 -> 1000"));
        // Semi-clean leaves a small file alone.
        assertEquals(
                120,
                Protocol.SEMI_CLEAN.split(data, 3).trainRows()
                        + Protocol.SEMI_CLEAN.split(data, 3).testRows());
    }

    @Test
    void unsupervisedTrainsOnABootstrapAndTestsOnEverything() {
        TabularData data = SyntheticSuite.generate("global", 300, 20, 4, 1);
        Split s = Protocol.UNSUP.split(data, 0);
        assertEquals(320, s.trainRows());
        assertEquals(320, s.testRows());
        assertArrayEquals(data.y(), s.testLabels());
        assertTrue(Arrays.stream(s.trainLabels()).sum() > 0, "the bootstrap sample contains anomalies");
    }

    @Test
    void theTrainingRowsAreCountedWithoutSplittingAsTheSplitDrawsThem() {
        // Resampled under SEMI (under 1,000 rows), as is, and subsampled (over 50,000): every protocol, two seeds.
        for (int n : new int[] {300, 1500, Protocol.MAX_ROWS + 700}) {
            int[] y = new int[n];
            for (int i = 0; i < n; i += 7) {
                y[i] = 1;
            }
            TabularData data = traced(n, y);
            for (Protocol p : Protocol.values()) {
                for (long seed : new long[] {0, 5}) {
                    assertEquals(
                            p.split(data, seed).trainRows(), p.trainRows(data, seed), p + " n=" + n + " seed " + seed);
                }
            }
        }
        assertEquals(0, Protocol.SEMI.trainRows(traced(3, new int[] {1, 1, 1}), 0), "the split refuses it");
    }

    @Test
    void aDatasetWithoutNormalRowsCannotBeSplit() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Protocol.SEMI_CLEAN.split(traced(3, new int[] {1, 1, 1}), 0));
        assertTrue(e.getMessage().contains("nothing to train on"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Protocol.parse("supervised"));
        assertEquals(Protocol.SEMI_CLEAN, Protocol.parse("semi-clean"));
    }
}
