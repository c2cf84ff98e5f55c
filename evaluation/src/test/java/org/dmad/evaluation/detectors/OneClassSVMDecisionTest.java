package org.dmad.evaluation.detectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** The dense one-class SVM decision function against LibSVM's own loop, bit for bit. */
class OneClassSVMDecisionTest {

    private static final AnomalyFactory FACTORY = new AnomalyFactory();
    private static final int D = 7;

    /** Rows of correlated Gaussians, column 5 constant (7.0), column 6 zero in training; outliers shifted. */
    private static List<Example<Event>> rows(int n, long seed, boolean outliers) {
        Random r = new Random(seed);
        String[] names = new String[D];
        for (int j = 0; j < D; j++) {
            names[j] = "x" + j;
        }
        List<Example<Event>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean anomalous = outliers && i % 10 == 0;
            double a = r.nextGaussian();
            double[] v = {
                a,
                a + 0.3 * r.nextGaussian(),
                r.nextGaussian() * 5,
                -2 * a,
                r.nextGaussian(),
                7.0,
                outliers ? r.nextGaussian() : 0.0
            };
            if (anomalous) {
                v[0] += 4;
                v[2] -= 20;
            }
            if (i == 3) {
                v[4] = 0.0; // an exact zero in a row
            }
            out.add(new ArrayExample<>(
                    anomalous ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT, names, v));
        }
        return out;
    }

    private static byte[] serialized(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @Test
    void denseScoresArePredictionsThroughLibSVMBitForBitForBothScalings() throws Exception {
        MutableDataset<Event> train = new MutableDataset<>(
                new ListDataSource<>(rows(300, 1, false), FACTORY, new SimpleDataSourceProvenance("t", FACTORY)));
        List<Example<Event>> test = rows(203, 2, true);
        for (String scaling : List.of(OneClassSVMTrainer.STANDARDISE, OneClassSVMTrainer.ROW_MIN_MAX)) {
            NegatedScoreModel model = new OneClassSVMTrainer(0.5, 0, scaling).train(train);
            byte[] before = serialized(model);
            assertNotNull(model.decision(), scaling + ": the dense decision function applies");
            double[] dense = new double[test.size() * D];
            for (int i = 0; i < test.size(); i++) {
                System.arraycopy(DenseRows.row(test.get(i), model.getFeatureIDMap()), 0, dense, i * D, D);
            }
            double[] rowScores = model.scoreDenseRows(dense, test.size());
            List<Prediction<Event>> batch = model.predict(test);
            int anomalous = 0;
            for (int i = 0; i < test.size(); i++) {
                Prediction<Event> libsvm = model.predictThroughInner(test.get(i));
                Prediction<Event> one = model.predict(test.get(i));
                long bits = Double.doubleToLongBits(libsvm.getOutput().getScore());
                String what = scaling + " row " + i;
                assertEquals(bits, Double.doubleToLongBits(one.getOutput().getScore()), what);
                assertEquals(
                        bits, Double.doubleToLongBits(batch.get(i).getOutput().getScore()), what);
                assertEquals(bits, Double.doubleToLongBits(rowScores[i]), what);
                assertEquals(libsvm.getOutput().getType(), one.getOutput().getType(), what);
                assertEquals(
                        libsvm.getOutput().getType(), batch.get(i).getOutput().getType(), what);
                assertEquals(libsvm.getNumActiveFeatures(), one.getNumActiveFeatures(), what);
                assertEquals(libsvm.getNumActiveFeatures(), batch.get(i).getNumActiveFeatures(), what);
                anomalous += one.getOutput().getType() == Event.EventType.ANOMALOUS ? 1 : 0;
            }
            assertTrue(anomalous > 0 && anomalous < test.size(), scaling + ": both kinds of prediction");
            assertArrayEquals(before, serialized(model), "the dense copy is not serialized");
            assertThrows(IllegalArgumentException.class, () -> model.scoreDenseRows(new double[D + 1], 1));
            double[] nan = dense.clone();
            nan[3] = Double.NaN;
            assertThrows(IllegalArgumentException.class, () -> model.scoreDenseRows(nan, test.size()));
        }
    }

    /** A one-class RBF model of two support vectors with missing nodes, against LibSVM's sparse merge. */
    @Test
    void missingNodesCountAsZerosAsLibSVMsMergeDoes() {
        svm_model m = new svm_model();
        m.param = new svm_parameter();
        m.param.svm_type = svm_parameter.ONE_CLASS;
        m.param.kernel_type = svm_parameter.RBF;
        m.param.gamma = 0.37;
        m.l = 2;
        m.SV = new svm_node[][] {{node(0, 1.5), node(2, -0.25)}, {node(1, 2.0), node(3, 0.125)}};
        m.sv_coef = new double[][] {{0.6, 0.4}};
        m.rho = new double[] {0.3};
        OneClassSVMDecision dense = OneClassSVMDecision.of(m, 4);
        assertNotNull(dense);
        double[][] xs = {{0.1, -0.7, 3.0, 0.0}, {0.0, 0.0, 0.0, 0.0}, {-1e-3, 5.5, -0.0, 2.25}};
        double[] flat = new double[12];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(xs[i], 0, flat, i * 4, 4);
        }
        double[] values = dense.values(flat, 3);
        for (int i = 0; i < 3; i++) {
            svm_node[] x = new svm_node[4];
            for (int j = 0; j < 4; j++) {
                x[j] = node(j, xs[i][j]);
            }
            double[] dec = new double[1];
            libsvm.svm.svm_predict_values(m, x, dec);
            assertEquals(Double.doubleToLongBits(dec[0]), Double.doubleToLongBits(values[i]), "row " + i);
        }
        // Nodes out of order or beyond the features: no dense function (LibSVM's loop stays the reference).
        m.SV[1] = new svm_node[] {node(3, 1.0), node(1, 2.0)};
        assertNull(OneClassSVMDecision.of(m, 4));
        m.SV[1] = new svm_node[] {node(1, 2.0), node(4, 1.0)};
        assertNull(OneClassSVMDecision.of(m, 4));
        m.SV[1] = new svm_node[] {node(1, 2.0)};
        m.param.kernel_type = svm_parameter.LINEAR;
        assertNull(OneClassSVMDecision.of(m, 4));
    }

    private static svm_node node(int index, double value) {
        svm_node n = new svm_node();
        n.index = index;
        n.value = value;
        return n;
    }
}
