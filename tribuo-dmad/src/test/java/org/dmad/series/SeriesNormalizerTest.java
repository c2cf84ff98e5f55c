package org.dmad.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeriesNormalizerTest {

    @Test
    void zScoresEachChannelWithPopulationStatistics() {
        // Channel 0: 1, 3 (mean 2, std 1); channel 1: constant 5.
        SeriesNormalizer n = SeriesNormalizer.fit(new double[] {1, 5, 3, 5}, 2);
        assertArrayEquals(new double[] {2, 5}, n.means());
        assertArrayEquals(new double[] {1, 1}, n.stds(), "a constant channel keeps scale 1");
        assertArrayEquals(new double[] {-1, 0, 1, 0, 4, 2}, n.apply(new double[] {1, 5, 3, 5, 6, 7}));
        assertArrayEquals(new int[] {0, 2}, n.fittedRange());
    }

    @Test
    void fitsOnTheTrainingPartOnly() {
        double[] series = {0, 2, 0, 2, 1000, -1000};
        SeriesNormalizer train = SeriesNormalizer.fit(series, 1, 0, 4);
        assertEquals(1.0, train.means()[0]);
        assertEquals(1.0, train.stds()[0]);
        assertArrayEquals(new int[] {0, 4}, train.fittedRange());
        // Test values are normalised with training statistics, not their own.
        assertArrayEquals(new double[] {999, -1001}, train.apply(new double[] {1000, -1000}));
        // A NaN in the unread test part does not matter.
        SeriesNormalizer.fit(new double[] {0, 2, Double.NaN}, 1, 0, 2);
    }

    @Test
    void refusesNonFiniteValuesAndMismatchedShapes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SeriesNormalizer.fit(new double[] {0, Double.POSITIVE_INFINITY}, 2));
        assertTrue(e.getMessage().contains("channel 1"), e.getMessage());
        SeriesNormalizer n = SeriesNormalizer.fit(new double[] {0, 1, 2, 3}, 2);
        assertThrows(IllegalArgumentException.class, () -> n.apply(new double[] {Double.NaN, 0}));
        assertThrows(IllegalArgumentException.class, () -> n.apply(new double[3]));
        e = assertThrows(IllegalArgumentException.class, () -> n.apply(new double[6], 3));
        assertTrue(e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SeriesNormalizer.fit(new double[4], 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SeriesNormalizer.of(new double[] {0}, new double[] {0}));
        assertArrayEquals(
                new double[] {-1},
                SeriesNormalizer.of(new double[] {1}, new double[] {2}).apply(new double[] {-1}));
    }
}
