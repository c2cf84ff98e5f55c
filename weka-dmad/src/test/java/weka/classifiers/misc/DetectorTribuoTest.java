package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmad.tribuo.DMADModel;
import org.dmad.weka.AnomalyScoreScale;
import org.dmad.weka.DMADClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;
import weka.classifiers.evaluation.Evaluation;
import weka.core.Instances;
import weka.core.SerializationHelper;
import weka.core.Utils;

/**
 * Every dmad classifier gives the same scores as the Tribuo trainer it adapts with the same settings, Weka's ROC area
 * is the detector's AUROC (in the API and on the command line), and a saved model scores identically after loading.
 * Each case trains once through Weka and once through Tribuo; the tests share the two models. For a detector whose
 * trainings are not bit-reproducible ({@link DetectorCase#reproducible()}) the two trainings are compared by AUROC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorTribuoTest {

    private static final String CASES = "weka.classifiers.misc.DetectorCase#all";
    private static final DetectorData TRAIN = DetectorData.generate(300, 0, 4, 1);
    private static final DetectorData TEST = DetectorData.generate(160, 40, 4, 2);

    private final Instances train = TRAIN.instances("train");
    private final Instances test = TEST.instances("test");
    private final Map<DetectorCase, Trained> trained = new HashMap<>();

    /** A case trained through Weka and through Tribuo. */
    private record Trained(DMADClassifier classifier, DMADModel tribuo) {}

    private Trained trained(DetectorCase c) throws Exception {
        Trained t = trained.get(c);
        if (t == null) {
            DMADClassifier classifier = c.small();
            classifier.buildClassifier(train);
            t = new Trained(classifier, c.smallTrainer().get().train(TRAIN.dataset()));
            trained.put(c, t);
        }
        return t;
    }

    @AfterAll
    void close() {
        for (Trained t : trained.values()) {
            t.classifier().getTribuoModel().close();
            t.tribuo().close();
        }
    }

    /**
     * The classifier trains its Tribuo model with the settings of the independently written trainer, and its raw
     * scores and distributions are that model's; a reproducible detector's model is also the one the trainer
     * itself trains.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void rawScoresAndDistributionsEqualTribuos(DetectorCase c) throws Exception {
        Trained t = trained(c);
        DMADModel own = t.classifier().getTribuoModel();
        assertEquals(
                c.smallTrainer().get().getProvenance().getConfiguredParameters(),
                own.getProvenance().getTrainerProvenance().getConfiguredParameters());
        double[] raw = t.classifier().anomalyScores(test);
        assertArrayEquals(own.score(TEST.examples()), raw, 0.0);
        if (c.reproducible()) {
            assertArrayEquals(t.tribuo().score(TEST.examples()), raw, 0.0);
            assertEquals(t.tribuo().getThreshold(), own.getThreshold(), 0.0);
        }
        AnomalyScoreScale scale = AnomalyScoreScale.fit(own.getThreshold(), own.score(TRAIN.examples()));
        assertEquals(scale, t.classifier().getScoreScale());
        double[][] dists = t.classifier().distributionsForInstances(test);
        for (int i = 0; i < dists.length; i++) {
            double s = scale.anomaly(raw[i]);
            assertArrayEquals(new double[] {1 - s, s}, dists[i], 0.0, "row " + i);
        }
        // One row runs PyTorch's matrix-vector kernel instead of the batch's matrix-matrix one: equal to float
        // precision, not bit for bit (Tribuo's model behaves the same way).
        for (int i = 0; i < dists.length; i += 20) {
            assertArrayEquals(dists[i], t.classifier().distributionForInstance(test.instance(i)), 1e-5, "row " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void wekaRocAreaIsTribuoAuroc(DetectorCase c) throws Exception {
        Trained t = trained(c);
        Evaluation evaluation = new Evaluation(train);
        evaluation.evaluateModel(t.classifier(), test);
        double auroc = auroc(t.classifier().getTribuoModel());
        assertEquals(auroc, evaluation.areaUnderROC(1), 1e-9);
        // Planted anomalies: a working detector ranks them high, so the equality is not between two trivial values.
        assertTrue(auroc > 0.6 && auroc < 1.0, "AUROC " + auroc);
        assertEquals(auroc(t.tribuo()), auroc, c.retrainingAurocTolerance(), "the Tribuo trainer's own model");
    }

    private static double auroc(DMADModel model) {
        return LabelEvaluationUtil.binaryAUCROC(TEST.anomalous, model.score(TEST.examples()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void savedModelLoadsAndScoresIdentically(DetectorCase c) throws Exception {
        DMADClassifier classifier = trained(c).classifier();
        double[][] before = classifier.distributionsForInstances(test);
        // What the Explorer's "Save model" writes: the classifier and the training header.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SerializationHelper.writeAll(bytes, new Object[] {classifier, new Instances(train, 0)});
        Object[] read = SerializationHelper.readAll(new ByteArrayInputStream(bytes.toByteArray()));
        DMADClassifier loaded = (DMADClassifier) read[0];
        try {
            assertEquals(classifier.getClass(), loaded.getClass());
            assertEquals(Utils.joinOptions(classifier.getOptions()), Utils.joinOptions(loaded.getOptions()));
            double[][] after = loaded.distributionsForInstances(test);
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], 0.0, "row " + i);
            }
            assertEquals(classifier.toString(), loaded.toString());
        } finally {
            loaded.getTribuoModel().close();
        }
    }

    /**
     * Weka's command-line evaluation with every option of the classifier: no option name collides with the
     * evaluation's own (which it would take away from the classifier), and the printed ROC area is the AUROC.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES)
    void commandLineTakesEveryOption(DetectorCase c, @TempDir Path dir) throws Exception {
        Path trainArff = dir.resolve("train.arff");
        Path testArff = dir.resolve("test.arff");
        TRAIN.writeArff(trainArff, "train");
        TEST.writeArff(testArff, "test");
        List<String> args = new ArrayList<>(List.of("-t", trainArff.toString(), "-T", testArff.toString()));
        args.addAll(List.of(c.small().getOptions()));
        String output = Evaluation.evaluateModel(c.factory().get(), args.toArray(new String[0]));
        double auroc = auroc(trained(c).classifier().getTribuoModel());
        // Weka prints three decimals.
        assertEquals(auroc, EvaluationOutput.testSetRocArea(output), 0.0005 + c.retrainingAurocTolerance(), output);
    }
}
