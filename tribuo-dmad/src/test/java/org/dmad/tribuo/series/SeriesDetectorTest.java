package org.dmad.tribuo.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.OptionalDouble;
import java.util.Random;
import org.dmad.series.PointScores.Aggregation;
import org.dmad.series.SlidingWindows;
import org.dmad.testing.PlantedData;
import org.dmad.tribuo.DTENonParametricTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.provenance.DataProvenance;

class SeriesDetectorTest {

    private static final int CHANNELS = 2;
    private static final int LENGTH = 16;
    private static final int[] SPIKES = {150, 400, 650, 850};
    private static final int SPIKE_WIDTH = 6;

    private static double[] train;
    private static double[] test;
    private static int[] testLabels;
    private static SeriesModel model;

    /** Two noisy sines of period 50 around 10 and -3 (so that normalisation matters), n time steps. */
    private static double[] sines(int n, long seed) {
        Random r = new Random(seed);
        double[] s = new double[n * CHANNELS];
        for (int t = 0; t < n; t++) {
            double phase = 2 * Math.PI * t / 50;
            s[t * CHANNELS] = 10 + 4 * Math.sin(phase) + 0.1 * r.nextGaussian();
            s[t * CHANNELS + 1] = -3 + 0.5 * Math.cos(phase) + 0.02 * r.nextGaussian();
        }
        return s;
    }

    @BeforeAll
    static void fit() {
        train = sines(2000, 1);
        test = sines(1000, 2);
        testLabels = new int[1000];
        for (int spike : SPIKES) {
            for (int t = spike; t < spike + SPIKE_WIDTH; t++) {
                test[t * CHANNELS + 1] += 2.0; // 4 standard deviations of channel 1
                testLabels[t] = 1;
            }
        }
        DTENonParametricTrainer trainer =
                DTENonParametricTrainer.builder().seed(3).threads(1).build();
        model = SeriesDetector.fit(trainer, train, CHANNELS, SlidingWindows.of(LENGTH, 2), true, "sines");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void pointScoresPeakAtTheInjectedSpikes() {
        for (Aggregation a : Aggregation.values()) {
            double[] scores = model.pointScores(test, a);
            assertEquals(1000, scores.length);
            double auroc = PlantedData.auroc(testLabels, scores);
            // Measured: MEAN 1.0, MAX 0.96, LAST 0.95 (MAX and LAST also raise the normal steps next to a spike).
            assertTrue(auroc > (a == Aggregation.MEAN ? 0.97 : 0.9), a + " AUROC " + auroc);
        }
        double[] mean = model.pointScores(test, CHANNELS, Aggregation.MEAN);
        int top = 0;
        for (int t = 1; t < mean.length; t++) {
            if (mean[t] > mean[top]) {
                top = t;
            }
        }
        assertEquals(1, testLabels[top], "the highest MEAN point score is at time step " + top);
        assertEquals(1000 - LENGTH + 1, model.windowScores(test).length);
    }

    @Test
    void aLongSeriesIsScoredInChunksWithTheSameScoresAsInOneBatch() {
        double[] lng = sines(SeriesModel.SCORE_CHUNK + 1500, 4);
        double[] chunked = model.windowScores(lng);
        int count = chunked.length;
        assertEquals(SeriesModel.SCORE_CHUNK + 1500 - LENGTH + 1, count);
        double[] flat =
                model.scoringWindows().windows(model.normalizer().orElseThrow().apply(lng), CHANNELS);
        assertArrayEquals(model.scoreWindows(flat, count), chunked, "chunking must change no bit");
    }

    @Test
    void normaliserAndProvenanceComeFromTheTrainingSeries() {
        double[] means = model.normalizer().orElseThrow().means();
        assertEquals(10.0, means[0], 0.05);
        assertEquals(-3.0, means[1], 0.05);
        DataProvenance source =
                model.model().getProvenance().getDatasetProvenance().getSourceProvenance();
        WindowedDataSource.WindowedDataSourceProvenance p =
                assertInstanceOf(WindowedDataSource.WindowedDataSourceProvenance.class, source);
        assertTrue(p.get("normalizer").toString().contains("[0, 2000)"), p.toString());
        assertTrue(p.get("name").toString().contains("sines"), p.toString());
    }

    @Test
    void streamingScoresEqualBatchLastScores() {
        double[] batch = model.pointScores(test, Aggregation.LAST);
        StreamingScorer scorer = new StreamingScorer(model);
        for (int t = 0; t < 1000; t++) {
            OptionalDouble s = scorer.offer(test[t * CHANNELS], test[t * CHANNELS + 1]);
            if (t < LENGTH - 1) {
                assertFalse(s.isPresent(), "no score before a full window, time step " + t);
            } else {
                // dmad's engine computes distances with matrix products whose rounding depends on the batch
                // size (one window here, hundreds in the batch); StreamingScorerTest checks bit equality on a
                // detector whose scoring is batch-invariant.
                assertEquals(batch[t], s.getAsDouble(), 1e-9 * Math.max(1, Math.abs(batch[t])), "time step " + t);
            }
        }
        scorer.reset();
        assertEquals(0, scorer.seen());
        for (int t = 0; t < LENGTH - 1; t++) {
            assertFalse(scorer.offer(test[t * CHANNELS], test[t * CHANNELS + 1]).isPresent());
        }
        assertEquals(
                batch[LENGTH - 1],
                scorer.offer(test[(LENGTH - 1) * CHANNELS], test[(LENGTH - 1) * CHANNELS + 1])
                        .getAsDouble(),
                1e-9 * Math.max(1, Math.abs(batch[LENGTH - 1])));
    }

    @Test
    void serializedModelGivesIdenticalScores() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        SeriesModel back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (SeriesModel) in.readObject();
        }
        try {
            assertArrayEquals(model.windowScores(test), back.windowScores(test));
            assertEquals(model.windows(), back.windows());
            assertArrayEquals(
                    model.normalizer().orElseThrow().stds(),
                    back.normalizer().orElseThrow().stds());
        } finally {
            back.close();
        }
    }

    @Test
    void refusesBadSeriesAndObservations() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> model.pointScores(new double[30], 3, Aggregation.MEAN));
        assertTrue(e.getMessage().contains("3 channels") && e.getMessage().contains("2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.windowScores(new double[31]));
        e = assertThrows(IllegalArgumentException.class, () -> model.windowScores(new double[2 * (LENGTH - 1)]));
        assertTrue(e.getMessage().contains(Integer.toString(LENGTH - 1)), e.getMessage());
        double[] nan = test.clone();
        nan[5] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> model.windowScores(nan));
        assertThrows(IllegalArgumentException.class, () -> model.windowScores(test, SlidingWindows.of(8, 1)));
        StreamingScorer scorer = new StreamingScorer(model);
        e = assertThrows(IllegalArgumentException.class, () -> scorer.offer(1, 2, 3));
        assertTrue(e.getMessage().contains("3 values") && e.getMessage().contains("2 channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> scorer.offer(1, Double.NaN));
        assertTrue(e.getMessage().contains("channel 1"), e.getMessage());
        assertEquals(0, scorer.seen(), "refused observations do not enter the buffer");
        assertThrows(
                IllegalArgumentException.class,
                () -> SeriesDetector.fit(
                        DTENonParametricTrainer.builder().build(),
                        new double[10],
                        CHANNELS,
                        SlidingWindows.of(LENGTH, 1),
                        false));
    }
}
