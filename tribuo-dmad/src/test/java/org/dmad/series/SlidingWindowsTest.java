package org.dmad.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SlidingWindowsTest {

    @Test
    void countsAndStartsWithAndWithoutEndAlignment() {
        SlidingWindows w = SlidingWindows.of(4, 3);
        // n = 10: starts 0, 3, 6 (6 + 4 = 10 ends exactly).
        assertEquals(3, w.count(10));
        assertEquals(6, w.start(2, 10));
        // n = 11: starts 0, 3, 6; time step 10 is in no window.
        assertEquals(3, w.count(11));
        SlidingWindows aligned = SlidingWindows.of(4, 3, true);
        assertEquals(3, aligned.count(10), "no extra window when the stride divides");
        assertEquals(4, aligned.count(11));
        assertArrayEquals(new int[] {0, 3, 6, 7}, starts(aligned, 11));
        assertEquals(1, w.count(4));
        assertEquals(7, SlidingWindows.of(4, 1).count(10));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, starts(SlidingWindows.of(4, 1), 10));
        assertEquals(2, SlidingWindows.of(2, 5).count(9));
    }

    private static int[] starts(SlidingWindows w, int n) {
        int[] out = new int[w.count(n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = w.start(i, n);
        }
        return out;
    }

    @Test
    void windowsAreFlattenedTimeMajor() {
        // 5 time steps x 2 channels: value = 10 t + c.
        double[] series = new double[10];
        for (int t = 0; t < 5; t++) {
            for (int c = 0; c < 2; c++) {
                series[t * 2 + c] = 10 * t + c;
            }
        }
        double[] windows = SlidingWindows.of(3, 2).windows(series, 5, 2);
        assertArrayEquals(new double[] {0, 1, 10, 11, 20, 21, 20, 21, 30, 31, 40, 41}, windows);
        assertArrayEquals(windows, SlidingWindows.of(3, 2).windows(series, 2));
    }

    @Test
    void featureNamesSortInTimeMajorOrder() {
        assertEquals("t07_c05", SlidingWindows.featureName(7, 5, 100, 38));
        assertEquals("t0_c0", SlidingWindows.featureName(0, 0, 1, 1));
        assertEquals("t9_c10", SlidingWindows.featureName(9, 10, 10, 11));
        for (int[] shape : new int[][] {{100, 38}, {11, 3}, {10, 10}, {1, 12}, {101, 1}}) {
            String[] names = SlidingWindows.of(shape[0], 1).featureNames(shape[1]);
            String[] sorted = names.clone();
            Arrays.sort(sorted);
            assertArrayEquals(names, sorted, "shape " + Arrays.toString(shape));
            assertEquals(names.length, Arrays.stream(names).distinct().count());
        }
    }

    @Test
    void refusesBadSpecificationsAndShortSeries() {
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(3, 0));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> SlidingWindows.of(8, 1).count(5));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("8"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> SlidingWindows.of(2, 1).windows(new double[5], 2));
        assertThrows(
                IllegalArgumentException.class, () -> SlidingWindows.of(2, 1).windows(new double[6], 4, 2));
        assertThrows(
                IndexOutOfBoundsException.class, () -> SlidingWindows.of(2, 1).start(9, 10));
        assertThrows(IllegalArgumentException.class, () -> SlidingWindows.featureName(3, 0, 3, 1));
        assertFalse(SlidingWindows.of(2, 1).equals(SlidingWindows.of(2, 1, true)));
        assertEquals(SlidingWindows.of(2, 1), SlidingWindows.of(2, 3).withStride(1));
    }
}
