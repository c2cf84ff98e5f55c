package weka.filters.unsupervised.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dmad.series.SlidingWindows;
import org.junit.jupiter.api.Test;
import weka.classifiers.meta.FilteredClassifier;
import weka.classifiers.misc.DTENonParametric;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;
import weka.core.Utils;
import weka.filters.Filter;

class TimeSeriesWindowsTest {

    /** A series with the given channels (value[t][c]) and class labels (1 = anomaly, -1 = missing; null = none). */
    private static Instances series(double[][] values, int[] labels) {
        ArrayList<Attribute> attributes = new ArrayList<>();
        for (int c = 0; c < values[0].length; c++) {
            attributes.add(new Attribute("x" + c));
        }
        if (labels != null) {
            attributes.add(new Attribute("class", List.of("normal", "anomaly")));
        }
        Instances data = new Instances("series", attributes, values.length);
        for (int t = 0; t < values.length; t++) {
            double[] row = new double[attributes.size()];
            System.arraycopy(values[t], 0, row, 0, values[t].length);
            if (labels != null) {
                row[row.length - 1] = labels[t] < 0 ? Utils.missingValue() : labels[t];
            }
            data.add(new DenseInstance(1.0, row));
        }
        if (labels != null) {
            data.setClassIndex(data.numAttributes() - 1);
        }
        return data;
    }

    /** The first batch: sets the input format, as Weka requires, then filters. */
    private static Instances first(Instances data, TimeSeriesWindows f) throws Exception {
        f.setInputFormat(data);
        return Filter.useFilter(data, f);
    }

    private static TimeSeriesWindows filter(String... options) throws Exception {
        TimeSeriesWindows f = new TimeSeriesWindows();
        f.setOptions(options);
        return f;
    }

    @Test
    void windowsTinySeriesTimeMajorWithWindowClasses() throws Exception {
        // 5 time steps, 2 channels: x0 = 10 t, x1 = 10 t + 1; time step 3 is an anomaly, time step 0's class missing.
        double[][] values = new double[5][];
        for (int t = 0; t < 5; t++) {
            values[t] = new double[] {10 * t, 10 * t + 1};
        }
        Instances out = first(series(values, new int[] {-1, 0, 0, 1, 0}), filter("-L", "3", "-S", "1"));
        assertEquals(3, out.numInstances());
        assertEquals(7, out.numAttributes());
        assertEquals(6, out.classIndex());
        String[] names = SlidingWindows.of(3, 1).featureNames(2);
        for (int a = 0; a < 6; a++) {
            assertEquals(names[a], out.attribute(a).name());
        }
        assertEquals("t2_c1", out.attribute(5).name());
        assertArrayEquals(
                new double[] {10, 11, 20, 21, 30, 31, 1}, out.instance(1).toDoubleArray());
        assertTrue(out.instance(0).classIsMissing(), "window 0: no anomaly, time step 0's class missing");
        assertEquals("anomaly", out.instance(1).stringValue(out.classIndex()));
        assertEquals("anomaly", out.instance(2).stringValue(out.classIndex()));

        Instances strided = first(series(values, null), filter("-L", "2", "-S", "2", "-A"));
        assertEquals(3, strided.numInstances(), "windows at 0, 2 and the end-aligned 3");
        assertEquals(-1, strided.classIndex());
        assertArrayEquals(new double[] {30, 31, 40, 41}, strided.instance(2).toDoubleArray());
    }

    @Test
    void laterBatchesUseFirstBatchStatistics() throws Exception {
        double[][] train = {{0}, {2}, {0}, {2}};
        double[][] test = {{100}, {200}, {300}};
        TimeSeriesWindows f = filter("-L", "2", "-N");
        Instances firstBatch = first(series(train, null), f);
        assertArrayEquals(new double[] {-1, 1}, firstBatch.instance(0).toDoubleArray());
        assertEquals(1.0, f.getNormalizer().means()[0]);
        Instances second = Filter.useFilter(series(test, null), f);
        assertEquals(2, second.numInstances(), "the second batch is windowed as a whole series");
        assertArrayEquals(new double[] {99, 199}, second.instance(0).toDoubleArray());
        assertArrayEquals(new double[] {199, 299}, second.instance(1).toDoubleArray());
        assertEquals(1.0, f.getNormalizer().means()[0], "statistics are not refitted");
    }

    @Test
    void optionsRoundTrip() throws Exception {
        TimeSeriesWindows f = filter("-L", "24", "-S", "4", "-N", "-A");
        assertEquals(24, f.getWindowLength());
        assertEquals(4, f.getStride());
        assertTrue(f.getNormalize());
        assertTrue(f.getAlignEnd());
        TimeSeriesWindows copy = filter(f.getOptions());
        assertArrayEquals(f.getOptions(), copy.getOptions());
        assertEquals(24, copy.getWindowLength());
        TimeSeriesWindows defaults = filter();
        assertEquals(16, defaults.getWindowLength());
        assertEquals(1, defaults.getStride());
        assertFalse(defaults.getNormalize());
        assertFalse(defaults.getAlignEnd());
        assertTrue(Utils.joinOptions(f.getOptions()).contains("-L 24"), Utils.joinOptions(f.getOptions()));
    }

    @Test
    void refusesShortSeriesAndMissingValues() throws Exception {
        double[][] values = {{1}, {2}, {3}};
        Exception e = assertThrows(Exception.class, () -> first(series(values, null), filter("-L", "5")));
        assertTrue(e.getMessage().contains("3") && e.getMessage().contains("5"), e.getMessage());
        double[][] missing = {{1}, {Utils.missingValue()}, {3}};
        e = assertThrows(Exception.class, () -> first(series(missing, null), filter("-L", "2")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        // In a later batch Weka's capability check does not run; the filter names the attribute itself.
        TimeSeriesWindows f = filter("-L", "2");
        first(series(values, null), f);
        e = assertThrows(Exception.class, () -> Filter.useFilter(series(missing, null), f));
        assertTrue(e.getMessage().contains("Instance 2: attribute 'x0' is missing"), e.getMessage());
    }

    @Test
    void dmadDetectorTrainsOnWindowsAndFindsTheSpike() throws Exception {
        Random r = new Random(5);
        int n = 600;
        double[][] train = new double[n][];
        double[][] test = new double[n][];
        int[] testLabels = new int[n];
        for (int t = 0; t < n; t++) {
            double phase = 2 * Math.PI * t / 40;
            train[t] = new double[] {5 + Math.sin(phase) + 0.05 * r.nextGaussian()};
            test[t] = new double[] {5 + Math.sin(phase) + 0.05 * r.nextGaussian()};
        }
        for (int t = 300; t < 304; t++) {
            test[t][0] += 3;
            testLabels[t] = 1;
        }
        TimeSeriesWindows f = filter("-L", "8", "-S", "1", "-N");
        DTENonParametric detector = new DTENonParametric();
        detector.setOptions(new String[] {"-threads", "1"});
        FilteredClassifier fc = new FilteredClassifier();
        fc.setFilter(f);
        fc.setClassifier(detector);
        fc.buildClassifier(series(train, new int[n]));
        // Score the test series' windows with the trained detector and the filter's first-batch statistics.
        Instances windows = Filter.useFilter(series(test, testLabels), fc.getFilter());
        assertEquals(n - 7, windows.numInstances());
        double[] scores = ((DTENonParametric) fc.getClassifier()).anomalyScores(windows);
        double spike = Double.NEGATIVE_INFINITY;
        double rest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            if (windows.instance(i).classValue() == 1.0) {
                spike = Math.max(spike, scores[i]);
            } else {
                rest = Math.max(rest, scores[i]);
            }
        }
        assertTrue(spike > rest, "windows with the spike score " + spike + ", the others at most " + rest);
    }
}
