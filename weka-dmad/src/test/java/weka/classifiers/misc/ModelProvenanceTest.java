package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.dmad.tribuo.DMADModel;
import org.dmad.weka.DMADClassifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;
import org.tribuo.provenance.TrainerProvenance;

/**
 * A Weka-trained model's provenance rebuilds an equivalent Tribuo trainer: OLCUT turns the trainer provenance of the
 * classifier's Tribuo model back into a trainer whose settings are the classifier's options and which, retrained on
 * the same rows, gives identical scores (the same AUROC, within {@link DetectorCase#RETRAINING_AUROC_TOLERANCE}, for a
 * detector whose trainings are not bit-reproducible).
 */
class ModelProvenanceTest {

    private static final DetectorData TRAIN = DetectorData.generate(200, 0, 4, 41);
    private static final DetectorData TEST = DetectorData.generate(80, 20, 4, 42);

    @ParameterizedTest(name = "{0}")
    @MethodSource("weka.classifiers.misc.DetectorCase#all")
    void provenanceRebuildsAnEquivalentTrainer(DetectorCase c) throws Exception {
        DMADClassifier classifier = c.small();
        // Shared settings away from their defaults too, the seed among them (Weka's -S, Tribuo's seed).
        classifier.setSeed(77);
        classifier.setSetting("contamination", "0.2");
        classifier.buildClassifier(TRAIN.instances("train"));
        try (DMADModel model = classifier.getTribuoModel()) {
            TrainerProvenance provenance = model.getProvenance().getTrainerProvenance();
            ConfigurationManager cm = new ConfigurationManager();
            cm.addConfiguration(ProvenanceUtil.extractConfiguration(provenance));
            @SuppressWarnings("unchecked")
            Trainer<Event> rebuilt = (Trainer<Event>) cm.lookup(ProvenanceUtil.computeName(provenance, 0));

            assertEquals(c.defaults().get().getClass(), rebuilt.getClass());
            WekaOptionsAndSettings.assertSame(classifier, classifier.getOptions(), rebuilt.getProvenance());
            assertEquals(
                    provenance.getConfiguredParameters(),
                    rebuilt.getProvenance().getConfiguredParameters());
            try (DMADModel retrained = (DMADModel) rebuilt.train(TRAIN.dataset())) {
                double[] weka = classifier.anomalyScores(TEST.instances("test"));
                double[] tribuo = retrained.score(TEST.examples());
                if (c.reproducible()) {
                    assertArrayEquals(weka, tribuo, 0.0);
                } else {
                    assertEquals(
                            LabelEvaluationUtil.binaryAUCROC(TEST.anomalous, weka),
                            LabelEvaluationUtil.binaryAUCROC(TEST.anomalous, tribuo),
                            c.retrainingAurocTolerance());
                }
            }
        }
    }
}
