package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dmad.tribuo.MedianDistanceTrainer;
import org.dmad.weka.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;
import weka.classifiers.AbstractClassifier;
import weka.classifiers.Evaluation;
import weka.core.Instances;
import weka.core.Option;
import weka.core.SerializationHelper;
import weka.core.Utils;

/**
 * The Weka class of the test-only extra detector ({@link MedianDistance}, a few lines naming the trainer and its
 * description): its options come from the trainer's {@code @Config} fields alone, round-trip through
 * {@code setOptions}/{@code getOptions}, refuse unknown options and bad values by name, and the classifier trains and
 * classifies under Weka's own evaluation. Its settings panel is generated ({@link GeneratedCustomizerTest}).
 */
class ExtraDetectorWekaTest {

    /** The settings Median-Distance uses: the shared ones a detector without training steps keeps, and its own. */
    private static final List<String> USED = List.of("seed", "threads", "device", "contamination", "norm");

    @Test
    void optionsAreTheTrainersConfigFields() {
        MedianDistance classifier = new MedianDistance();
        List<String> names = classifier.settings().stream().map(Setting::name).toList();
        assertTrue(names.containsAll(USED), names.toString());
        // The training-loop settings the detector passes as inert are neither settings nor options.
        for (String inert : List.of("epochs", "batchSize", "learningRate")) {
            assertFalse(names.contains(inert), inert + " is listed");
        }
        Map<String, Option> options = Collections.list(classifier.listOptions()).stream()
                .collect(Collectors.toMap(Option::name, o -> o, (a, b) -> a));
        Option norm = options.get("norm");
        assertTrue(norm != null, "no -norm in " + options.keySet());
        assertTrue(
                norm.description().contains("Order p of the distance to the median"),
                "the tip text is the @Config description: " + norm.description());
        assertEquals("-norm <int>", norm.synopsis());
        assertEquals("2", classifier.getSetting("norm"), "the default is the field's initial value");
        assertFalse(options.containsKey("epochs"), options.keySet().toString());
    }

    @Test
    void optionsRoundTripAndUnknownOnesAreRefused(@TempDir Path dir) throws Exception {
        MedianDistance classifier = new MedianDistance();
        classifier.setOptions(new String[] {"-norm", "3", "-S", "7", "-contamination", "0.05"});
        String[] written = classifier.getOptions();
        assertEquals("3", Utils.getOption("norm", written.clone()));
        assertEquals("7", Utils.getOption("S", written.clone()));
        MedianDistance copy = new MedianDistance();
        copy.setOptions(written.clone());
        assertArrayEquals(written, copy.getOptions());
        assertEquals("3", copy.newTrainer().toString().replaceAll(".*norm=(\\d+).*", "$1"));

        // Weka's command line (Evaluation) refuses what no setting recognises, naming it.
        Path arff = dir.resolve("train.arff");
        DetectorData.generate(50, 0, 3, 5).writeArff(arff, "train");
        Exception unknown = assertThrows(
                Exception.class,
                () -> Evaluation.evaluateModel(
                        new MedianDistance(),
                        new String[] {"-t", arff.toString(), "-no-cv", "-norm", "1", "-nrom", "2"}));
        assertTrue(unknown.getMessage().contains("-nrom"), unknown.getMessage());
        // A malformed value is refused when set, an out-of-range one when the trainer is built; both name -norm.
        Exception malformed =
                assertThrows(Exception.class, () -> new MedianDistance().setOptions(new String[] {"-norm", "two"}));
        assertTrue(malformed.getMessage().contains("-norm"), malformed.getMessage());
        MedianDistance zero = new MedianDistance();
        zero.setOptions(new String[] {"-norm", "0"});
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, zero::newTrainer);
        assertTrue(range.getMessage().contains("-norm: norm must be at least 1, got 0"), range.getMessage());
    }

    @Test
    void trainsAndClassifiesUnderWekasEvaluation(@TempDir Path dir) throws Exception {
        DetectorData train = DetectorData.generate(300, 0, 4, 31);
        DetectorData test = DetectorData.generate(150, 50, 4, 32);
        Instances testInstances = test.instances("test");
        MedianDistance classifier = (MedianDistance) AbstractClassifier.forName(
                MedianDistance.class.getName(), new String[] {"-norm", "2", "-threads", "1"});
        classifier.buildClassifier(train.instances("train"));
        double[] scores = classifier.anomalyScores(testInstances);
        double auroc = LabelEvaluationUtil.binaryAUCROC(test.anomalous, scores);
        assertTrue(auroc > 0.8, "AUROC " + auroc);
        Evaluation evaluation = new Evaluation(train.instances("train"));
        evaluation.evaluateModel(classifier, testInstances);
        assertEquals(auroc, evaluation.areaUnderROC(1), 1e-9, "Weka's ROC area is the detector's AUROC");
        double[] dist = classifier.distributionForInstance(testInstances.instance(0));
        assertEquals(1.0, dist[0] + dist[1], 1e-12);
        assertTrue(classifier.toString().contains("MedianDistance"), classifier.toString());

        Path file = dir.resolve("median.model");
        SerializationHelper.write(file.toString(), classifier);
        MedianDistance loaded = (MedianDistance) SerializationHelper.read(file.toString());
        assertArrayEquals(scores, loaded.anomalyScores(testInstances));
        assertArrayEquals(classifier.getOptions(), loaded.getOptions());
    }

    @Test
    void theTrainerIsTheOneNamed() {
        assertEquals(
                MedianDistanceTrainer.class, new MedianDistance().newTrainer().getClass());
    }
}
