package weka.classifiers.misc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.beans.Introspector;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.swing.JComboBox;
import javax.swing.JTextField;
import org.dmad.engine.DMADEngine;
import org.dmad.tribuo.DenoiserModel;
import org.dmad.weka.DMADClassifier;
import org.dmad.weka.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;
import weka.classifiers.Evaluation;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;
import weka.core.Option;
import weka.core.WekaPackageManager;

/**
 * What a Weka user meets (issue 19): drop-downs for fixed values, old option names, class value order, the About
 * text, capabilities, the model summary, the GUI panel's size, the package description and the build's Weka home.
 */
class WekaFrontEndTest {

    private static final Instances TRAIN = DetectorData.generate(200, 0, 3, 11).instances("train");

    /** Every option each classifier took before its options were derived from the trainers. */
    private static final Map<String, List<String>> OLD_OPTIONS = Map.of(
            "DTECategorical", List.of("hiddenSizes", "timesteps", "numBins", "dropout", "schedule", "softmaxOutput"),
            "DTEInverseGamma", List.of("hiddenSizes", "timesteps", "dropout", "schedule", "score"),
            "DTENonParametric", List.of("K", "timesteps", "schedule", "score"),
            "DDPM",
                    List.of(
                            "timesteps",
                            "schedule",
                            "width",
                            "hiddenSize",
                            "embeddingSize",
                            "residualBlocks",
                            "dropoutFirst",
                            "dropoutSecond",
                            "patience",
                            "minEpochs",
                            "sampler",
                            "reconstructionTime",
                            "start",
                            "stochastic",
                            "fullPath",
                            "ddimSteps",
                            "ddimEta"),
            "DenoisingLikelihood",
                    List.of(
                            "timesteps",
                            "schedule",
                            "width",
                            "hiddenSize",
                            "embeddingSize",
                            "residualBlocks",
                            "dropoutFirst",
                            "dropoutSecond",
                            "patience",
                            "minEpochs",
                            "statistic",
                            "scoreTimesteps",
                            "noiseDraws",
                            "scoreNormTime"),
            "LatentDiffusion",
                    List.of(
                            "latentSize",
                            "autoencoderHiddenSizes",
                            "autoencoderEpochs",
                            "autoencoderLearningRate",
                            "latentDetector",
                            "hiddenSizes",
                            "reconstructionWeight"));

    private static final List<String> OLD_SHARED = List.of(
            "epochs",
            "batchSize",
            "batch-size",
            "maxSteps",
            "learningRate",
            "weightDecay",
            "adamKernel",
            "device",
            "threads",
            "contamination",
            "S");

    @ParameterizedTest(name = "{0}")
    @MethodSource("weka.classifiers.misc.DetectorCase#classifiers")
    void everyOldOptionNameStillParses(DetectorCase c) throws Exception {
        DMADClassifier classifier = c.factory().get();
        List<String> names = new ArrayList<>(OLD_SHARED);
        names.addAll(OLD_OPTIONS.get(classifier.getClass().getSimpleName()));
        for (String name : names) {
            String option = name.equals("batch-size") ? "batchSize" : name;
            String[] options = {"-" + name, current(classifier, option)};
            classifier.setOptions(options);
            assertTrue(options[0].isEmpty() && options[1].isEmpty(), "-" + name + " was not taken");
        }
    }

    /** The current value of an option, or the shared default where the detector does not list it (DTE-NP). */
    private static String current(DMADClassifier classifier, String option) {
        for (Setting s : classifier.settings()) {
            if (s.option().equals(option)) {
                return classifier.getSetting(s.name());
            }
        }
        return new DTECategorical().getSetting(option);
    }

    @Test
    void fixedValuesAreDropDownsAndTyposNameTheAllowedValues() throws Exception {
        DDPM ddpm = new DDPM();
        Map<String, List<String>> expected = Map.of(
                "schedule",
                List.of("linear", "cosine"),
                "adamKernel",
                List.of("fused", "djl"),
                "sampler",
                List.of("ddpm", "ddim"),
                "start",
                List.of("input", "noised", "inversion"),
                "device",
                List.of("cpu", "auto", "gpu"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            Setting s = ddpm.settings().stream()
                    .filter(x -> x.name().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow();
            assertTrue(s.isDropDown(), e.getKey());
            assertEquals(e.getValue(), s.dropDownValues(), e.getKey());
        }
        assertEquals(
                List.of("loss", "scorenorm"),
                new DenoisingLikelihood()
                        .settings().stream()
                                .filter(s -> s.name().equals("statistic"))
                                .findFirst()
                                .orElseThrow()
                                .dropDownValues());
        assertEquals(
                List.of("posteriorMean", "argmax"),
                new DTENonParametric()
                        .settings().stream()
                                .filter(s -> s.name().equals("score"))
                                .findFirst()
                                .orElseThrow()
                                .dropDownValues());

        Exception e =
                assertThrows(IllegalArgumentException.class, () -> ddpm.setOptions(new String[] {"-sampler", "ddin"}));
        assertEquals("-sampler (sampler) takes ddpm, ddim, got 'ddin'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ddpm.setOptions(new String[] {"-epochs", "many"}));
        assertEquals("-epochs (epochs) takes an integer, got 'many'", e.getMessage());
        // Case does not matter; the listed spelling is kept. device also takes gpu:N.
        ddpm.setOptions(new String[] {"-sampler", "DDIM", "-device", "gpu:1"});
        assertEquals("ddim", ddpm.getSetting("sampler"));
        assertEquals("gpu:1", ddpm.getSetting("device"));
    }

    @Test
    void nonParametricListsOnlyWhatItUsesButAcceptsTheRest() throws Exception {
        DTENonParametric np = new DTENonParametric();
        List<String> listed =
                Collections.list(np.listOptions()).stream().map(Option::name).toList();
        for (String inert : List.of("epochs", "batchSize", "maxSteps", "learningRate", "weightDecay", "adamKernel")) {
            assertFalse(listed.contains(inert), inert + " is listed: " + listed);
            assertFalse(List.of(np.getOptions()).contains("-" + inert));
        }
        assertTrue(
                listed.containsAll(
                        List.of("K", "timesteps", "schedule", "score", "device", "threads", "contamination", "S")),
                listed.toString());
        String[] old = {"-epochs", "5", "-K", "4"};
        np.setOptions(old);
        assertArrayEquals(new String[] {"", "", "", ""}, old);
        assertEquals("4", np.getSetting("k"));
    }

    @Test
    void capabilitiesStateTheMinimumRows() throws Exception {
        assertEquals(2, new DTECategorical().getCapabilities().getMinimumNumberInstances());
        DTENonParametric np = new DTENonParametric();
        np.setOptions(new String[] {"-K", "7"});
        assertEquals(8, np.getCapabilities().getMinimumNumberInstances());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weka.classifiers.misc.DetectorCase#classifiers")
    void aboutBoxShowsAWholeFirstSentence(DetectorCase c) {
        String info = c.factory().get().globalInfo();
        // Weka's About box shows the text up to the first full stop.
        String shown = info.substring(0, info.indexOf('.') + 1);
        assertTrue(shown.length() > 60 && shown.split(" ").length >= 10, shown);
        assertFalse(shown.endsWith("al.") || shown.matches("(?s).*\\d\\.$") || shown.endsWith("e.g."), shown);
        assertEquals(count(shown, '('), count(shown, ')'), "unbalanced parentheses: " + shown);
        assertTrue(Character.isWhitespace(info.charAt(shown.length())), shown);
        // And how long the defaults take.
        assertTrue(info.matches("(?s).*With the defaults, training on 1,000 rows of 10 attributes took .*"), info);
    }

    private static long count(String s, char ch) {
        return s.chars().filter(x -> x == ch).count();
    }

    /** {anomaly,normal} gives the same ROC area as {normal,anomaly}; contradictory names are refused. */
    @Test
    void anomalyClassIsFoundByName() throws Exception {
        DetectorData train = DetectorData.generate(200, 0, 3, 21);
        DetectorData test = DetectorData.generate(80, 20, 3, 22);
        DTECategorical usual = (DTECategorical) DetectorCase.DTE_CATEGORICAL.small();
        usual.buildClassifier(train.instances("train"));
        double auroc = LabelEvaluationUtil.binaryAUCROC(test.anomalous, usual.anomalyScores(test.instances("t")));

        DTECategorical reversed = (DTECategorical) DetectorCase.DTE_CATEGORICAL.small();
        Instances reversedTrain = relabel(train.instances("train"), "anomaly", "normal", true);
        reversed.buildClassifier(reversedTrain);
        Instances reversedTest = relabel(test.instances("test"), "anomaly", "normal", true);
        double[] dist = reversed.distributionForInstance(reversedTest.instance(0));
        double s = usual.getScoreScale().anomaly(usual.anomalyScores(test.instances("t"))[0]);
        assertArrayEquals(new double[] {s, 1 - s}, dist, 1e-12);
        Evaluation evaluation = new Evaluation(reversedTrain);
        evaluation.evaluateModel(reversed, reversedTest);
        assertEquals(auroc, evaluation.areaUnderROC(0), 1e-9, "ROC area of class 'anomaly' (index 0)");
        assertTrue(reversed.toString().contains("Anomaly class: 'anomaly' (recognised by name)"), reversed.toString());

        DTECategorical contradictory = (DTECategorical) DetectorCase.DTE_CATEGORICAL.small();
        Exception e = assertThrows(
                IllegalArgumentException.class,
                () -> contradictory.buildClassifier(relabel(train.instances("train"), "outlier", "anomaly", false)));
        assertTrue(e.getMessage().contains("Cannot tell which value"), e.getMessage());

        DTECategorical unknown = (DTECategorical) DetectorCase.DTE_CATEGORICAL.small();
        unknown.buildClassifier(relabel(train.instances("train"), "a", "b", false));
        assertTrue(
                unknown.toString().contains("Anomaly class: 'b' (neither value is a known name"), unknown.toString());
    }

    /** The same rows with the class values renamed {first,second}, the anomalies' value first or second. */
    private static Instances relabel(Instances data, String first, String second, boolean anomalyFirst) {
        ArrayList<Attribute> atts = new ArrayList<>();
        for (int j = 0; j < data.numAttributes() - 1; j++) {
            atts.add(new Attribute(data.attribute(j).name()));
        }
        atts.add(new Attribute("class", List.of(first, second)));
        Instances out = new Instances(data.relationName(), atts, data.numInstances());
        out.setClassIndex(out.numAttributes() - 1);
        for (int i = 0; i < data.numInstances(); i++) {
            double[] row = data.instance(i).toDoubleArray();
            row[row.length - 1] = anomalyFirst ? 1 - row[row.length - 1] : row[row.length - 1];
            out.add(new DenseInstance(1.0, row));
        }
        return out;
    }

    @Test
    void summarySaysHowManyEpochsTrained() throws Exception {
        DTECategorical dtec = (DTECategorical) DetectorCase.DTE_CATEGORICAL.small();
        dtec.buildClassifier(TRAIN);
        assertTrue(dtec.toString().contains("Epochs trained: 20 of at most 20\n"), dtec.toString());

        DMADClassifier ddpm = DetectorCase.DDPM_RECONSTRUCTION.small();
        ddpm.setOptions(new String[] {
            "-epochs",
            "60",
            "-patience",
            "2",
            "-minEpochs",
            "3",
            "-batchSize",
            "32",
            "-learningRate",
            "0.001",
            "-threads",
            "1",
            "-timesteps",
            "100",
            "-width",
            "16",
            "-hiddenSize",
            "32",
            "-embeddingSize",
            "16",
            "-residualBlocks",
            "1",
            "-reconstructionTime",
            "20"
        });
        ddpm.buildClassifier(TRAIN);
        int run = ((DenoiserModel) ddpm.getTribuoModel()).getEpochsRun();
        assertTrue(ddpm.toString().contains("Epochs trained: " + run + " of at most 60\n"), ddpm.toString());

        DTENonParametric np = new DTENonParametric();
        np.setOptions(DetectorCase.DTE_NON_PARAMETRIC.smallOptions().clone());
        np.buildClassifier(TRAIN);
        assertTrue(np.toString().contains("Epochs trained: none"), np.toString());
    }

    @Test
    void scoringDeviceIsAnOptionAppliedWhereTheModelScores() throws Exception {
        DTENonParametric np = new DTENonParametric();
        np.setOptions(DetectorCase.DTE_NON_PARAMETRIC.smallOptions().clone());
        np.buildClassifier(TRAIN);
        double[] byDefault = np.anomalyScores(TRAIN);

        np.setOptions(concat(DetectorCase.DTE_NON_PARAMETRIC.smallOptions(), "-scoringDevice", "CPU"));
        assertEquals("cpu", np.getScoringDevice());
        assertTrue(List.of(np.getOptions()).contains("-scoringDevice"), String.join(" ", np.getOptions()));
        np.buildClassifier(TRAIN);
        assertArrayEquals(byDefault, np.anomalyScores(TRAIN));

        Exception typo = assertThrows(
                IllegalArgumentException.class,
                () -> np.setOptions(concat(DetectorCase.DTE_NON_PARAMETRIC.smallOptions(), "-scoringDevice", "gpx")));
        assertTrue(typo.getMessage().contains("gpx"), typo.getMessage());
        if (DMADEngine.engine().getGpuCount() == 0) {
            np.setScoringDevice("gpu");
            Exception e = assertThrows(IllegalArgumentException.class, () -> np.anomalyScores(TRAIN));
            assertTrue(e.getMessage().contains("not visible"), e.getMessage());
        }
    }

    private static String[] concat(String[] options, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(options));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void gpuWithoutOneNamesThePackageToInstall() {
        assumeTrue(DMADEngine.engine().getGpuCount() == 0, "a GPU is visible");
        DTECategorical classifier = new DTECategorical();
        classifier.setSetting("device", "gpu");
        Exception e = assertThrows(IllegalArgumentException.class, () -> classifier.buildClassifier(TRAIN));
        assertTrue(
                e.getMessage().contains("install its GPU build")
                        && e.getMessage().contains("dmad-gpu-"),
                e.getMessage());
        assertFalse(e.getMessage().contains("-Pgpu"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weka.classifiers.misc.DetectorCase#classifiers")
    void objectEditorShowsTheSettingsPanelWhichFitsA1024x768Screen(DetectorCase c) throws Exception {
        DMADClassifier classifier = c.factory().get();
        Class<?> customizer = Introspector.getBeanInfo(classifier.getClass())
                .getBeanDescriptor()
                .getCustomizerClass();
        assertEquals(classifier.getClass().getName() + "Customizer", customizer.getName());
        org.dmad.weka.SettingsCustomizer panel = (org.dmad.weka.SettingsCustomizer)
                customizer.getDeclaredConstructor().newInstance();
        panel.setObject(classifier);
        List<Component> all = components(panel);
        long boxes = all.stream().filter(x -> x instanceof JComboBox<?>).count();
        long fields = all.stream()
                .filter(x -> x instanceof JTextField && !(x.getParent() instanceof JComboBox<?>))
                .count();
        // Every setting has an editor, plus Weka's three general options.
        assertEquals(classifier.settings().size() + 3, boxes + fields);
        Dimension size = panel.getPreferredSize();
        // The object editor adds its About box, class chooser, buttons and title bar (about 230 pixels).
        assertTrue(size.height <= 768 - 260 && size.width <= 1000, "panel " + size);

        // An edit goes to the classifier; a malformed one does not.
        JTextField epochs = (JTextField) all.stream()
                .filter(x -> x instanceof JTextField t
                        && classifier.getSetting("contamination").equals(t.getText()))
                .findFirst()
                .orElseThrow();
        epochs.setText("0.25");
        assertEquals("0.25", classifier.getSetting("contamination"));
        epochs.setText("x");
        assertEquals("0.25", classifier.getSetting("contamination"));
        assertTrue(epochs.getToolTipText().contains("-contamination (contamination) takes a finite number"));
    }

    private static List<Component> components(Container c) {
        List<Component> out = new ArrayList<>();
        for (Component child : c.getComponents()) {
            out.add(child);
            if (child instanceof Container container) {
                out.addAll(components(container));
            }
        }
        return out;
    }

    @Test
    void packageDescriptionNamesEveryClassifier() throws Exception {
        String props = Files.readString(Path.of("src/package/Description.props"));
        for (String name : DetectorCase.classNames()) {
            assertTrue(props.contains(name), name + " missing from Description.props");
        }
        Matcher title = Pattern.compile("(?m)^Title=(.*)$").matcher(props);
        assertTrue(title.find() && !title.group(1).contains("DTE-Categorical)"), props);
    }

    @Test
    void testsUseATemporaryWekaHome() {
        File home = WekaPackageManager.WEKA_HOME;
        assertTrue(
                home.toPath().toAbsolutePath().startsWith(Path.of("target").toAbsolutePath()), "WEKA_HOME is " + home);
        assertFalse(home.equals(new File(System.getProperty("user.home"), "wekafiles")));
    }
}
