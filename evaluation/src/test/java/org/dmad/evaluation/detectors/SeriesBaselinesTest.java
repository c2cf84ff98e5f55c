package org.dmad.evaluation.detectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dmad.evaluation.metrics.Metrics;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** The PCA and KMeansAD baselines on generated data with planted anomalies. */
class SeriesBaselinesTest {

    private static final AnomalyFactory FACTORY = new AnomalyFactory();

    private static MutableDataset<Event> dataset(double[][] rows, int[] labels) {
        String[] names = new String[rows[0].length];
        for (int j = 0; j < names.length; j++) {
            names[j] = String.format("f%02d", j);
        }
        List<Example<Event>> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            out.add(new ArrayExample<>(
                    labels[i] == 1 ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT, names, rows[i]));
        }
        return new MutableDataset<>(new ListDataSource<>(out, FACTORY, new SimpleDataSourceProvenance("t", FACTORY)));
    }

    /** Rows on a 2-d plane inside 5-d space (plus a constant column); anomalies leave the plane. */
    private static double[][] planar(int n, int[] labels, Random r) {
        double[][] x = new double[n][6];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            double off = labels[i] == 1 ? 4 : 0;
            x[i][0] = a;
            x[i][1] = a + b;
            x[i][2] = b - a + off;
            x[i][3] = 2 * a + 0.05 * r.nextGaussian();
            x[i][4] = b + 0.05 * r.nextGaussian() - off;
            x[i][5] = 3.0;
        }
        return x;
    }

    private static double[] scores(Model<Event> model, MutableDataset<Event> data) {
        return model.predict(data).stream()
                .mapToDouble(p -> p.getOutput().getScore())
                .toArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T model) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void pcaFindsRowsThatLeaveTheNormalPlaneWithBothScores() throws Exception {
        Random r = new Random(1);
        int[] none = new int[600];
        MutableDataset<Event> train = dataset(planar(600, none, r), none);
        int[] labels = new int[400];
        for (int i = 0; i < 400; i += 20) {
            labels[i] = 1;
        }
        MutableDataset<Event> test = dataset(planar(400, labels, r), labels);
        for (PCATrainer trainer : List.of(
                new PCATrainer(0, PCATrainer.Scoring.WEIGHTED_DISTANCE),
                new PCATrainer(2, PCATrainer.Scoring.RECONSTRUCTION))) {
            PCAModel model = trainer.train(train);
            double[] s = scores(model, test);
            for (double v : s) {
                assertTrue(Double.isFinite(v), "score " + v + " (the constant column must be left out)");
            }
            double auroc = Metrics.auroc(labels, s);
            assertTrue(auroc > 0.95, trainer + " AUROC " + auroc);
            PCAModel back = roundTrip(model);
            assertArrayEquals(s, scores(back, test));
            assertTrue(model.getProvenance()
                    .getTrainerProvenance()
                    .getConfiguredParameters()
                    .containsKey("scoring"));
        }
        // The constant column is left out: 5 varying columns, all of them components by default.
        assertEquals(
                5,
                new PCATrainer(0, PCATrainer.Scoring.WEIGHTED_DISTANCE)
                        .train(train)
                        .componentCount());
    }

    @Test
    void pcaCountsComponentsAsScikitLearnAndRefusesImpossibleSettings() {
        double[] ratios = {0.5, 0.3, 0.15, 0.05};
        assertEquals(4, PCATrainer.componentCount(0, ratios));
        assertEquals(2, PCATrainer.componentCount(0.75, ratios));
        assertEquals(2, PCATrainer.componentCount(0.5, ratios), "strictly more than the share, as searchsorted");
        assertEquals(3, PCATrainer.componentCount(3, ratios));
        assertThrows(IllegalArgumentException.class, () -> PCATrainer.componentCount(5, ratios));
        assertThrows(
                com.oracle.labs.mlrg.olcut.config.PropertyException.class,
                () -> new PCATrainer(1.5, PCATrainer.Scoring.WEIGHTED_DISTANCE));
        double[][] constant = new double[10][3];
        int[] labels = new int[10];
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new PCATrainer(0, PCATrainer.Scoring.WEIGHTED_DISTANCE).train(dataset(constant, labels)));
        assertTrue(e.getMessage().contains("every one of the 3 columns is constant"), e.getMessage());
        Random r = new Random(2);
        IllegalArgumentException full = assertThrows(
                IllegalArgumentException.class,
                () -> new PCATrainer(0, PCATrainer.Scoring.RECONSTRUCTION)
                        .train(dataset(planar(50, new int[50], r), new int[50])));
        assertTrue(full.getMessage().contains("rebuilt exactly"), full.getMessage());
        double[][] wide = new double[3][PCATrainer.MAX_COLUMNS + 1];
        for (int i = 0; i < wide.length; i++) {
            for (int j = 0; j < wide[i].length; j++) {
                wide[i][j] = (i * 31 + j * 7) % 5;
            }
        }
        IllegalArgumentException tooWide = assertThrows(
                IllegalArgumentException.class,
                () -> new PCATrainer(0, PCATrainer.Scoring.WEIGHTED_DISTANCE).train(dataset(wide, new int[3])));
        assertTrue(tooWide.getMessage().contains("4097 varying columns"), tooWide.getMessage());
    }

    @Test
    void tsbAdsOneClassSVMScalesEachRowSoAnAffineChangeOfARowChangesNoScore() {
        Random r = new Random(4);
        int[] none = new int[200];
        MutableDataset<Event> train = dataset(shapes(200, none, r), none);
        int[] labels = new int[100];
        for (int i = 3; i < 100; i += 10) {
            labels[i] = 1;
        }
        double[][] rows = shapes(100, labels, r);
        double[][] moved = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            moved[i] = new double[rows[i].length];
            for (int t = 0; t < rows[i].length; t++) {
                moved[i][t] = 5 + (1 + i % 7) * rows[i][t];
            }
        }
        Model<Event> model = new OneClassSVMTrainer(0.5, 0, OneClassSVMTrainer.ROW_MIN_MAX).train(train);
        double[] s = scores(model, dataset(rows, labels));
        double[] m = scores(model, dataset(moved, labels));
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i], m[i], 1e-9, "row " + i);
        }
        assertTrue(Metrics.auroc(labels, s) > 0.9, "AUROC " + Metrics.auroc(labels, s));
        // The default standardises features, so the same change moves the scores.
        Model<Event> standard = new OneClassSVMTrainer(0.5, 0).train(train);
        assertTrue(!java.util.Arrays.equals(
                scores(standard, dataset(rows, labels)), scores(standard, dataset(moved, labels))));
        assertThrows(
                com.oracle.labs.mlrg.olcut.config.PropertyException.class,
                () -> new OneClassSVMTrainer(0.5, 0, "min-max"));
    }

    /** Windows of three repeated shapes; anomalies are a fourth shape. */
    private static double[][] shapes(int n, int[] labels, Random r) {
        double[][] x = new double[n][16];
        for (int i = 0; i < n; i++) {
            int kind = labels[i] == 1 ? 3 : i % 3;
            for (int t = 0; t < 16; t++) {
                double v = switch (kind) {
                    case 0 -> Math.sin(2 * Math.PI * t / 16);
                    case 1 -> t < 8 ? 1 : -1;
                    case 2 -> t / 8.0 - 1;
                    default -> Math.cos(6 * Math.PI * t / 16);
                };
                x[i][t] = v + 0.05 * r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void kmeansScoresTheDistanceToTheNearestCentroidAndIsSeeded() throws Exception {
        Random r = new Random(3);
        MutableDataset<Event> train = dataset(shapes(300, new int[300], r), new int[300]);
        int[] labels = new int[200];
        for (int i = 5; i < 200; i += 25) {
            labels[i] = 1;
        }
        double[][] testRows = shapes(200, labels, r);
        MutableDataset<Event> test = dataset(testRows, labels);
        KMeansADModel model = new KMeansADTrainer(3, 7).train(train);
        double[] s = scores(model, test);
        assertTrue(Metrics.auroc(labels, s) > 0.99, "AUROC " + Metrics.auroc(labels, s));
        // The score is the distance to the nearest centroid.
        double[] row = testRows[0];
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < 3; j++) {
            double[] c = model.centroid(j);
            double d = 0;
            for (int t = 0; t < 16; t++) {
                d += (row[t] - c[t]) * (row[t] - c[t]);
            }
            best = Math.min(best, Math.sqrt(d));
        }
        assertEquals(best, s[0], 1e-12);
        assertArrayEquals(s, scores(new KMeansADTrainer(3, 7).train(train), test), "same seed, same scores");
        assertArrayEquals(s, scores(roundTrip(model), test));
        IllegalArgumentException few = assertThrows(
                IllegalArgumentException.class,
                () -> new KMeansADTrainer(30, 1).train(dataset(shapes(10, new int[10], r), new int[10])));
        assertTrue(few.getMessage().contains("needs at least 30 training rows"), few.getMessage());
    }
}
