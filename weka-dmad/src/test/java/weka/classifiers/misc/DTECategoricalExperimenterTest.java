package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.beans.PropertyDescriptor;
import java.io.File;
import java.nio.file.Path;
import javax.swing.DefaultListModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.Classifier;
import weka.core.Instances;
import weka.core.Utils;
import weka.core.converters.ConverterUtils.DataSource;
import weka.experiment.ClassifierSplitEvaluator;
import weka.experiment.CrossValidationResultProducer;
import weka.experiment.Experiment;
import weka.experiment.InstancesResultListener;
import weka.experiment.PropertyNode;

/** The Experimenter runs DTECategorical, records its options faithfully and reports the training-time measure. */
class DTECategoricalExperimenterTest {

    @Test
    void crossValidationExperimentRecordsOptionsAndTrainingSeconds(@TempDir Path dir) throws Exception {
        DetectorData data = DetectorData.generate(90, 30, 3, 21);
        File arff = dir.resolve("tiny.arff").toFile();
        data.writeArff(arff.toPath(), "tiny");
        File results = dir.resolve("results.arff").toFile();

        DTECategorical classifier = new DTECategorical();
        classifier.setOptions(DetectorData.SMALL_OPTIONS.clone());
        classifier.setSetting("contamination", "0.2");
        classifier.setSeed(99);
        String options = Utils.joinOptions(classifier.getOptions());

        ClassifierSplitEvaluator evaluator = new ClassifierSplitEvaluator();
        CrossValidationResultProducer producer = new CrossValidationResultProducer();
        producer.setNumFolds(2);
        producer.setSplitEvaluator(evaluator);
        producer.setAdditionalMeasures(new String[] {DTECategorical.MEASURE_TRAINING_SECONDS});
        Experiment experiment = new Experiment();
        experiment.setResultProducer(producer);
        experiment.setPropertyPath(new PropertyNode[] {
            new PropertyNode(
                    evaluator,
                    new PropertyDescriptor("splitEvaluator", CrossValidationResultProducer.class),
                    CrossValidationResultProducer.class),
            new PropertyNode(
                    evaluator.getClassifier(),
                    new PropertyDescriptor("classifier", ClassifierSplitEvaluator.class),
                    ClassifierSplitEvaluator.class)
        });
        experiment.setUsePropertyIterator(true);
        experiment.setPropertyArray(new Classifier[] {classifier});
        DefaultListModel<File> datasets = new DefaultListModel<>();
        datasets.addElement(arff);
        experiment.setDatasets(datasets);
        experiment.setRunLower(1);
        experiment.setRunUpper(1);
        InstancesResultListener listener = new InstancesResultListener();
        listener.setOutputFile(results);
        experiment.setResultListener(listener);

        experiment.initialize();
        experiment.runExperiment();
        experiment.postProcess();

        Instances rows = DataSource.read(results.getAbsolutePath());
        assertEquals(2, rows.numInstances(), "one row per fold");
        for (int i = 0; i < rows.numInstances(); i++) {
            assertEquals(DTECategorical.class.getName(), rows.instance(i).stringValue(rows.attribute("Key_Scheme")));
            String recorded = rows.instance(i).stringValue(rows.attribute("Key_Scheme_options"));
            assertEquals(options, recorded);
            DTECategorical rebuilt = new DTECategorical();
            rebuilt.setOptions(Utils.splitOptions(recorded));
            assertEquals(options, Utils.joinOptions(rebuilt.getOptions()), "options round trip");
            double seconds = rows.instance(i).value(rows.attribute(DTECategorical.MEASURE_TRAINING_SECONDS));
            assertTrue(seconds > 0 && seconds < 60, "training seconds " + seconds);
            double auc = rows.instance(i).value(rows.attribute("Area_under_ROC"));
            assertTrue(auc > 0.5 && auc <= 1, "ROC area " + auc);
        }
    }
}
