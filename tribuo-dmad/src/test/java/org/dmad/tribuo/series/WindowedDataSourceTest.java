package org.dmad.tribuo.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.util.ArrayList;
import java.util.List;
import org.dmad.series.SeriesNormalizer;
import org.dmad.series.SlidingWindows;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.Event;

class WindowedDataSourceTest {

    /** n time steps x c channels, value = 100 t + c. */
    private static double[] ramp(int n, int c) {
        double[] s = new double[n * c];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < c; j++) {
                s[t * c + j] = 100 * t + j;
            }
        }
        return s;
    }

    @Test
    void tribuoFeatureIdsFollowTimeMajorOrder() {
        int length = 11;
        int channels = 3;
        WindowedDataSource source = WindowedDataSource.builder(
                        ramp(30, channels), channels, SlidingWindows.of(length, 2))
                .build();
        MutableDataset<Event> dataset = new MutableDataset<>(source);
        assertEquals(10, dataset.size());
        ImmutableFeatureMap ids = new ImmutableFeatureMap(dataset.getFeatureMap());
        assertEquals(length * channels, ids.size());
        for (int t = 0; t < length; t++) {
            for (int c = 0; c < channels; c++) {
                assertEquals(t * channels + c, ids.getID(SlidingWindows.featureName(t, c, length, channels)));
            }
        }
        // Window 3 starts at time step 6; its features in id order are the series' values in time-major order.
        Example<Event> third = dataset.getExample(3);
        double[] dense = new double[ids.size()];
        for (Feature f : third) {
            dense[ids.getID(f.getName())] = f.getValue();
        }
        double[] expected = new double[length * channels];
        System.arraycopy(ramp(30, channels), 6 * channels, expected, 0, expected.length);
        assertArrayEquals(expected, dense);
    }

    @Test
    void aWindowIsAnomalousWhenAnyOfItsPointsIs() {
        int[] labels = new int[10];
        labels[5] = 1;
        WindowedDataSource source = WindowedDataSource.builder(ramp(10, 1), 1, SlidingWindows.of(3, 1))
                .labels(labels)
                .build();
        List<Event.EventType> types = new ArrayList<>();
        for (Example<Event> e : source) {
            types.add(e.getOutput().getType());
        }
        // Windows start at 0..7; those starting at 3, 4, 5 contain time step 5.
        for (int i = 0; i < types.size(); i++) {
            Event.EventType want = i >= 3 && i <= 5 ? Event.EventType.ANOMALOUS : Event.EventType.EXPECTED;
            assertEquals(want, types.get(i), "window " + i);
        }
        for (Example<Event> e : WindowedDataSource.builder(ramp(10, 1), 1, SlidingWindows.of(3, 1))
                .build()) {
            assertEquals(Event.EventType.EXPECTED, e.getOutput().getType());
        }
    }

    @Test
    void testWindowsUseTrainingStatisticsAndRecordThemInProvenance() {
        int channels = 2;
        double[] series = ramp(40, channels);
        SeriesNormalizer train = SeriesNormalizer.fit(series, channels, 0, 20);
        WindowedDataSource test = WindowedDataSource.builder(series, channels, SlidingWindows.of(4, 4))
                .range(20, 40)
                .normalizer(train)
                .name("ramp")
                .sha256("abc")
                .build();
        assertEquals(5, test.size());
        assertEquals(24, test.windowStart(1));
        double mean0 = train.means()[0];
        double std0 = train.stds()[0];
        assertEquals(950.0, mean0, 1e-9, "mean of 100 t over t < 20 only");
        Example<Event> first = test.iterator().next();
        for (Feature f : first) {
            if (f.getName().equals("t0_c0")) {
                assertEquals((2000 - mean0) / std0, f.getValue(), 1e-12);
            }
        }
        WindowedDataSource.WindowedDataSourceProvenance p =
                (WindowedDataSource.WindowedDataSourceProvenance) test.getProvenance();
        assertEquals(4, ((IntProvenance) p.get("length")).getValue());
        assertEquals(20, ((IntProvenance) p.get("from")).getValue());
        assertEquals("ramp", ((StringProvenance) p.get("name")).getValue());
        assertEquals("abc", ((StringProvenance) p.get("file-sha256")).getValue());
        assertEquals(WindowedDataSource.sha256(series), ((StringProvenance) p.get("values-sha256")).getValue());
        assertTrue(((StringProvenance) p.get("normalizer")).getValue().contains("[0, 20)"));
        // The provenance survives OLCUT's marshalling, as a saved Tribuo model needs.
        ObjectProvenance back = ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(p));
        assertInstanceOf(WindowedDataSource.WindowedDataSourceProvenance.class, back);
        assertEquals(p, back);
    }

    @Test
    void refusesInconsistentInputs() {
        double[] series = ramp(10, 2);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> WindowedDataSource.builder(series, 2, SlidingWindows.of(6, 1))
                        .range(0, 5)
                        .build());
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("6"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowedDataSource.builder(series, 2, SlidingWindows.of(2, 1))
                        .labels(new int[9])
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowedDataSource.builder(series, 2, SlidingWindows.of(2, 1))
                        .labels(new int[] {0, 0, 2, 0, 0, 0, 0, 0, 0, 0})
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowedDataSource.builder(series, 3, SlidingWindows.of(2, 1))
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowedDataSource.builder(series, 2, SlidingWindows.of(2, 1))
                        .normalizer(SeriesNormalizer.fit(new double[] {1, 2, 3}, 1))
                        .build());
        double[] nan = series.clone();
        nan[7] = Double.NaN;
        e = assertThrows(
                IllegalArgumentException.class,
                () -> WindowedDataSource.builder(nan, 2, SlidingWindows.of(2, 1))
                        .build());
        assertTrue(e.getMessage().contains("Time step 3, channel 1"), e.getMessage());
    }
}
