package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.dmad.weka.AnomalyScoreScale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import weka.core.Instances;

/**
 * The distribution {@code [1 - s, s]} keeps the raw scores' ranking without ties or saturation, and unary and absent
 * classes get their distributions (shown with DTECategorical; the mapping is the same for every dmad classifier).
 * Agreement with Tribuo is {@link DetectorTribuoTest}'s.
 */
class DTECategoricalDistributionTest {

    private static final DetectorData TRAIN = DetectorData.generate(300, 0, 4, 1);
    private static final DetectorData TEST = DetectorData.generate(160, 40, 4, 2);

    private static DTECategorical classifier;
    private static Instances train;
    private static Instances test;

    @BeforeAll
    static void train() throws Exception {
        train = TRAIN.instances("train");
        test = TEST.instances("test");
        classifier = new DTECategorical();
        classifier.setOptions(DetectorData.SMALL_OPTIONS.clone());
        classifier.buildClassifier(train);
    }

    @AfterAll
    static void close() {
        classifier.getTribuoModel().close();
    }

    @Test
    void anomalyValueKeepsTheRankingWithoutTiesOrSaturation() throws Exception {
        double[] raw = classifier.anomalyScores(test);
        double[][] dists = classifier.distributionsForInstances(test);
        Integer[] order = new Integer[raw.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(raw[a], raw[b]));
        for (int k = 1; k < order.length; k++) {
            double previous = dists[order[k - 1]][1];
            double current = dists[order[k]][1];
            if (raw[order[k]] > raw[order[k - 1]]) {
                assertTrue(current > previous, "tie or inversion at raw " + raw[order[k]]);
            }
            assertTrue(current > 0 && current < 1);
        }
        AnomalyScoreScale scale = classifier.getScoreScale();
        assertEquals(0.5, scale.anomaly(scale.threshold()));
        // Far beyond any DTE-C score (they lie in [0, numBins - 1]), still strictly inside (0, 1) and increasing.
        assertTrue(scale.anomaly(1e6) < scale.anomaly(1e6 + 1) && scale.anomaly(1e6 + 1) < 1);
        assertTrue(scale.anomaly(-1e6) > scale.anomaly(-1e6 - 1) && scale.anomaly(-1e6 - 1) > 0);
    }

    @Test
    void unaryAndMissingClassesGetTheirDistributions() throws Exception {
        Instances unary = new Instances(test);
        unary.setClassIndex(-1);
        unary.deleteAttributeAt(unary.numAttributes() - 1);
        unary.insertAttributeAt(new weka.core.Attribute("class", List.of("normal")), unary.numAttributes());
        unary.setClassIndex(unary.numAttributes() - 1);
        double[] dist = classifier.distributionForInstance(unary.instance(0));
        assertEquals(1, dist.length);
        assertEquals(classifier.distributionForInstance(test.instance(0))[0], dist[0], 0.0);

        DTECategorical unlabelled = new DTECategorical();
        unlabelled.setOptions(DetectorData.SMALL_OPTIONS.clone());
        Instances trainNoClass = new Instances(train);
        trainNoClass.setClassIndex(-1);
        trainNoClass.deleteAttributeAt(trainNoClass.numAttributes() - 1);
        unlabelled.buildClassifier(trainNoClass);
        Instances testNoClass = new Instances(test);
        testNoClass.setClassIndex(-1);
        testNoClass.deleteAttributeAt(testNoClass.numAttributes() - 1);
        // Same rows, same seed: the class attribute makes no difference to the model.
        assertArrayEquals(
                classifier.distributionsForInstances(test)[3],
                unlabelled.distributionsForInstances(testNoClass)[3],
                0.0);
    }
}
