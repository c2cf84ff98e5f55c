package org.dmad.weka;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Vector;
import org.dmad.engine.DMADEngine;
import org.dmad.engine.TrainingProgress;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DMADTrainer;
import weka.classifiers.RandomizableClassifier;
import weka.core.AdditionalMeasureProducer;
import weka.core.BatchPredictor;
import weka.core.Capabilities;
import weka.core.Capabilities.Capability;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.LogHandler;
import weka.core.Option;
import weka.core.TechnicalInformation;
import weka.core.TechnicalInformationHandler;
import weka.core.Utils;
import weka.core.WekaException;
import weka.gui.Logger;

/**
 * A dmad detector as a Weka classifier. Every detector setting comes from a {@code @Config} field of the detector's
 * Tribuo trainer ({@link TrainerSettings}): Weka's options, tip texts and GUI fields are derived from those fields,
 * their descriptions, defaults and {@link org.dmad.tribuo.ConfigValues}, so a detector class names only its trainer
 * and describes its method. The GUI shows the settings through {@link SettingsCustomizer}, grouped, with drop-downs
 * for fixed values.
 * <p>
 * Training runs the trainer on every row (the class is ignored); scoring runs its Tribuo model, and
 * {@code distributionForInstance} follows the isolationForest package: the anomaly value s at the anomaly class's
 * index ({@link AnomalyClass}), 1 - s at the other. Progress goes to the Explorer's status bar and log
 * ({@link LogHandler}). The trained model is Java-serializable (its native state is transient), so a saved
 * classifier loads and scores identically. Inside Weka's package class loader DJL finds its engine because
 * {@link DMADEngine#engine()} loads it with dmad's own class loader; the package integration test checks this.
 */
public abstract class DMADClassifier extends RandomizableClassifier
        implements TechnicalInformationHandler, BatchPredictor, AdditionalMeasureProducer, LogHandler {

    private static final long serialVersionUID = 2L;

    /**
     * How the training times in the detectors' About texts were measured (see the README's "How long").
     */
    protected static final String DEFAULTS_MEASURED = "(one thread; the whole weka.Run -t -no-cv process, data "
            + "generated from N(0, 1) and N(0, 9); measured once on a busy 2-core machine, so a rough figure). A "
            + "10-fold cross-validation trains eleven times.";

    /** The additional measure reporting training time, for the Experimenter. */
    public static final String MEASURE_TRAINING_SECONDS = "measureTrainingSeconds";

    private final Class<? extends DMADTrainer> trainer;
    private final ArrayList<String> inert;
    private final LinkedHashMap<String, String> values;
    private TrainedDetector trained;
    private transient Logger log;
    /** The device to score on; empty: the device the model trained on where it is visible, else the CPU. */
    private String scoringDevice = "";
    /** The model the scoring device was last applied to (a loaded classifier applies it again). */
    private transient DMADModel scoringDeviceAppliedTo;

    /**
     * A classifier with every setting at the trainer's default.
     *
     * @param trainer the detector's trainer class.
     * @param inert   settings that do nothing for this detector: accepted, but neither listed nor shown.
     */
    protected DMADClassifier(Class<? extends DMADTrainer> trainer, String... inert) {
        this.trainer = trainer;
        this.values = new LinkedHashMap<>(TrainerSettings.of(trainer).defaults());
        this.inert = new ArrayList<>(List.of(inert));
        this.inert.forEach(name -> TrainerSettings.of(trainer).get(name));
    }

    /**
     * What the method does, for {@link #globalInfo()}: one paragraph whose first sentence has no other full stop
     * (Weka's About box shows the text up to the first full stop), and how long the defaults take.
     *
     * @return the description.
     */
    protected abstract String methodDescription();

    /** @return the settings the detector uses, in the trainer's order, the shared ones first. */
    public List<Setting> settings() {
        return TrainerSettings.of(trainer).all().stream()
                .filter(s -> !inert.contains(s.name()))
                .toList();
    }

    /**
     * A setting's current value.
     *
     * @param name the {@code @Config} name.
     * @return the value as text.
     */
    public String getSetting(String name) {
        return values.get(TrainerSettings.of(trainer).get(name).name());
    }

    /**
     * Changes a setting.
     *
     * @param name  the {@code @Config} name.
     * @param value the value as text (lists comma-separated).
     * @throws IllegalArgumentException naming the option and what it accepts, when the value is malformed or not
     *                                  one of a fixed set; the trainer checks ranges when it is built.
     */
    public void setSetting(String name, String value) {
        Setting s = TrainerSettings.of(trainer).get(name);
        values.put(s.name(), s.canonical(value));
    }

    /**
     * The detector's trainer with the current settings.
     *
     * @return a new trainer (never reused, so every build trains with the configured seed).
     * @throws IllegalArgumentException naming the invalid setting.
     */
    public DMADTrainer newTrainer() {
        try {
            return TrainerSettings.of(trainer).build(values);
        } catch (PropertyException e) {
            String option = e.getProperty() == null || e.getProperty().isEmpty()
                    ? ""
                    : "-" + Setting.optionOf(e.getProperty()) + ": ";
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + option + e.getMsg(), e);
        }
    }

    /**
     * Describes the classifier for the Explorer: the method, the anomaly-detection convention, the settings, and the
     * citation.
     *
     * @return the description.
     */
    public String globalInfo() {
        StringBuilder b = new StringBuilder(methodDescription())
                .append("\n\n")
                .append("This classifier is an anomaly detector, not a two-class or multi-class classifier. As in the "
                        + "isolationForest package, the data may have a class attribute with one or two values, "
                        + "which is ignored in training: every training row counts as normal. The anomaly class is "
                        + "found by name (anomaly, outlier, 1, yes, ... against normal, inlier, 0, no, ...), else it "
                        + "is the second value. The distribution holds the anomaly value s at the anomaly class and "
                        + "1 - s at the other; s is a softsign of (score - threshold) / spread, strictly increasing "
                        + "in the detector's raw score, so the ROC area Weka reports for the anomaly class is the "
                        + "detector's AUROC. s exceeds 0.5 for scores above the (1 - contamination) quantile of the "
                        + "training scores. Numeric attributes only, no missing values. Progress (epoch n of N) "
                        + "shows in the Explorer's status bar.\n\nSettings (the detector's Tribuo trainer's):\n");
        for (Setting s : settings()) {
            b.append(s.name())
                    .append(" (-")
                    .append(s.option())
                    .append(") -- ")
                    .append(s.tipText())
                    .append('\n');
        }
        return b.append("\nFor more information, see:\n\n")
                .append(getTechnicalInformation())
                .toString();
    }

    /**
     * The paper the dmad detectors come from; a detector from another paper overrides this.
     *
     * @return Livernoche et al., ICLR 2024.
     */
    @Override
    public TechnicalInformation getTechnicalInformation() {
        TechnicalInformation info = new TechnicalInformation(TechnicalInformation.Type.INPROCEEDINGS);
        info.setValue(
                TechnicalInformation.Field.AUTHOR,
                "Victor Livernoche and Vineet Jain and Yashar Hezaveh and Siamak Ravanbakhsh");
        info.setValue(TechnicalInformation.Field.TITLE, "On Diffusion Modeling for Anomaly Detection");
        info.setValue(
                TechnicalInformation.Field.BOOKTITLE,
                "The Twelfth International Conference on Learning Representations (ICLR)");
        info.setValue(TechnicalInformation.Field.YEAR, "2024");
        info.setValue(TechnicalInformation.Field.URL, "https://openreview.net/forum?id=lR3rk7ysXz");
        return info;
    }

    /**
     * Numeric attributes; a unary or binary nominal class, or none (the class is ignored, so its values may be
     * missing); at least as many rows as the trainer needs with the current settings.
     *
     * @return the capabilities.
     */
    @Override
    public Capabilities getCapabilities() {
        Capabilities result = super.getCapabilities();
        result.disableAll();
        result.enable(Capability.NUMERIC_ATTRIBUTES);
        result.enable(Capability.UNARY_CLASS);
        result.enable(Capability.BINARY_CLASS);
        result.enable(Capability.MISSING_CLASS_VALUES);
        result.enable(Capability.NO_CLASS);
        int rows;
        try {
            rows = newTrainer().getMinimumRows();
        } catch (IllegalArgumentException e) {
            // Invalid settings are reported by buildClassifier; declare the defaults' minimum meanwhile.
            rows = TrainerSettings.of(trainer).build(Map.of()).getMinimumRows();
        }
        result.setMinimumNumberInstances(rows);
        return result;
    }

    /**
     * Trains the detector on every row (the class is ignored). Settings are read, never changed. An interrupt of
     * the calling thread (the Explorer's Stop button) stops training before its next step, releases its native
     * memory and leaves no model.
     *
     * @param data the training data.
     * @throws Exception when the data or a setting is not acceptable, or training is interrupted.
     */
    @Override
    public void buildClassifier(Instances data) throws Exception {
        releaseModel();
        Capabilities capabilities = getCapabilities();
        if (data.classIndex() >= 0) {
            // With NO_CLASS enabled Weka does not test a class it is given: test it as a class-bearing learner.
            capabilities.disable(Capability.NO_CLASS);
        }
        // Weka counts the minimum over labelled rows; the class is ignored here, so every row counts.
        int minimum = capabilities.getMinimumNumberInstances();
        capabilities.setMinimumNumberInstances(0);
        capabilities.testWithFail(data);
        if (data.numInstances() < minimum) {
            throw new WekaException(getClass().getSimpleName() + ": Not enough training instances (required: " + minimum
                    + ", provided: " + data.numInstances() + ")!");
        }
        int anomaly = AnomalyClass.index(data);
        DMADTrainer t = newTrainer();
        checkDevice();
        WekaRows layout = new WekaRows(data);
        var dataset = layout.trainingDataset(data);
        ProgressReport progress = new ProgressReport(getClass().getSimpleName(), log, getDebug());
        progress.message("training on " + data.numInstances() + " rows of " + layout.numFeatures() + " attributes");
        long start = System.nanoTime();
        DMADModel model;
        TrainingProgress.set(progress);
        try {
            model = t.train(dataset);
        } finally {
            TrainingProgress.set(null);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            AnomalyScoreScale scale = AnomalyScoreScale.fit(model.getThreshold(), model.score(dataset.getData()));
            trained = new TrainedDetector(
                    model,
                    layout,
                    scale,
                    seconds,
                    Utils.joinOptions(getOptions()),
                    anomaly,
                    AnomalyClass.describe(data, anomaly),
                    progress.epochs());
        } catch (Exception | Error e) {
            model.close();
            throw e;
        }
        progress.message(String.format(
                Locale.ROOT,
                "trained in %.1f s%s",
                seconds,
                trained.epochs().isEmpty() ? "" : " (epochs: " + trained.epochs() + ")"));
    }

    /** Refuses a GPU device where PyTorch sees none, saying which package to install. */
    private void checkDevice() {
        String device = values.get("device").trim().toLowerCase(Locale.ROOT);
        if (!device.startsWith("gpu") || DMADEngine.engine().getGpuCount() > 0) {
            return;
        }
        String flavor = DMADEngine.facts(DMADEngine.device("cpu"), 0).get(DMADEngine.PYTORCH_FLAVOR);
        throw new IllegalArgumentException(getClass().getSimpleName() + ": -device " + device + ", but PyTorch "
                + "sees no GPU. "
                + (flavor != null && flavor.startsWith("cpu")
                        ? "This is the CPU build of the dmad Weka package: for a GPU, install its GPU build in its place, "
                                + "the zip dmad-gpu-<version>.zip of the same release (the same package, dmad, with PyTorch for "
                                + "CUDA 12.4; Linux x86-64 with an NVIDIA driver), "
                        : "The GPU build (" + flavor + ") is installed: check the NVIDIA driver (nvidia-smi), ")
                + "or set -device to cpu or auto.");
    }

    private void releaseModel() {
        if (trained != null) {
            trained.model().close();
        }
        trained = null;
    }

    /** The trained model, on the scoring device (applied once per model, also after loading a saved classifier). */
    private DMADModel scoringModel(TrainedDetector t) {
        if (scoringDeviceAppliedTo != t.model()) {
            t.model().setScoringDevice(scoringDevice.isEmpty() ? null : scoringDevice);
            scoringDeviceAppliedTo = t.model();
        }
        return t.model();
    }

    /** @return the tip text of scoringDevice. */
    public String scoringDeviceTipText() {
        return "Device to score on: cpu, gpu, gpu:N or auto; empty (the default) scores on the device the model was "
                + "trained on where it is visible, else on the CPU. Not a training setting: a model trained on a GPU "
                + "scores on a machine without one.";
    }

    /** @return the scoring device setting ("" for the default). */
    public String getScoringDevice() {
        return scoringDevice;
    }

    /**
     * @param device cpu, gpu, gpu:N, auto, or empty for the default.
     * @throws IllegalArgumentException when the setting is none of these.
     */
    public void setScoringDevice(String device) {
        String d = device == null ? "" : device.trim();
        scoringDevice = d.isEmpty() ? "" : DMADEngine.checkDeviceSetting(d);
        scoringDeviceAppliedTo = null;
    }

    private TrainedDetector checkTrained() {
        if (trained == null) {
            throw new IllegalStateException(
                    getClass().getSimpleName() + ": no model built yet; call buildClassifier" + " first");
        }
        return trained;
    }

    /**
     * The detector's raw anomaly scores, as its Tribuo model computes them.
     *
     * @param data instances with the training attributes.
     * @return one score per instance, higher = more anomalous.
     * @throws Exception when the model is not built or a row cannot be scored.
     */
    public double[] anomalyScores(Instances data) throws Exception {
        TrainedDetector t = checkTrained();
        return scoringModel(t).score(t.rows().examples(data));
    }

    /**
     * The distribution of one instance: s at the anomaly class, 1 - s at the other ({@code [1 - s]} for a unary
     * class).
     *
     * @param instance the instance.
     * @return the distribution.
     * @throws Exception when the model is not built or the instance cannot be scored.
     */
    @Override
    public double[] distributionForInstance(Instance instance) throws Exception {
        TrainedDetector t = checkTrained();
        double raw = scoringModel(t).score(List.of(t.rows().example(instance)))[0];
        return t.scale().distribution(raw, numClasses(instance.dataset()), t.anomalyIndex());
    }

    /**
     * Scores all instances in batches, much faster than one at a time.
     *
     * @param data the instances.
     * @return one distribution per instance.
     * @throws Exception when the model is not built or a row cannot be scored.
     */
    @Override
    public double[][] distributionsForInstances(Instances data) throws Exception {
        double[] raw = anomalyScores(data);
        int k = numClasses(data);
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = trained.scale().distribution(raw[i], k, trained.anomalyIndex());
        }
        return out;
    }

    private static int numClasses(Instances header) {
        return header == null || header.classIndex() < 0 ? 2 : header.numClasses();
    }

    /** @return true: scoring a batch runs the network once per 1024 rows. */
    @Override
    public boolean implementsMoreEfficientBatchPrediction() {
        return true;
    }

    /** @return the trained Tribuo model, for its provenance or to use it from Tribuo; null before training. */
    public DMADModel getTribuoModel() {
        return trained == null ? null : trained.model();
    }

    /** @return the mapping from raw scores to the distribution's anomaly value; null before training. */
    public AnomalyScoreScale getScoreScale() {
        return trained == null ? null : trained.scale();
    }

    /** @return {@value #MEASURE_TRAINING_SECONDS}, for the Experimenter. */
    @Override
    public Enumeration<String> enumerateMeasures() {
        return Collections.enumeration(List.of(MEASURE_TRAINING_SECONDS));
    }

    /**
     * @param measureName {@value #MEASURE_TRAINING_SECONDS}.
     * @return the wall-clock seconds of the last training (NaN before training).
     * @throws IllegalArgumentException for any other measure.
     */
    @Override
    public double getMeasure(String measureName) {
        if (MEASURE_TRAINING_SECONDS.equals(measureName)) {
            return trained == null ? Double.NaN : trained.trainingSeconds();
        }
        throw new IllegalArgumentException(measureName + " is not supported by "
                + getClass().getSimpleName() + "; it offers " + MEASURE_TRAINING_SECONDS);
    }

    /** @param log the Explorer's logger, for progress. */
    @Override
    public void setLog(Logger log) {
        this.log = log;
    }

    /** @return the tip text of log, which Weka's Explorer sets itself. */
    public String logTipText() {
        return "Where training progress goes (the Explorer sets its status bar and log).";
    }

    /** @return the logger progress goes to, or null. */
    @Override
    public Logger getLog() {
        return log;
    }

    /**
     * A model summary: the data, settings, threshold and score mapping, the epochs trained, and the provenance.
     *
     * @return the summary.
     */
    @Override
    public String toString() {
        String name = getClass().getSimpleName();
        return trained == null ? name + ": no model built yet." : trained.summary(name);
    }

    // ---- Options, from the settings. Weka's -batch-size (prediction batches) is the training batch size here, and
    // ---- the seed is the trainer's (default 12345, not RandomizableClassifier's 1).

    /** @return the options: the detector's settings, then Weka's general options. */
    @Override
    public Enumeration<Option> listOptions() {
        Vector<Option> options = new Vector<>();
        for (Setting s : settings()) {
            String synopsis = s.isDropDown()
                    ? String.join("|", s.dropDownValues()) + (s.open() ? "|..." : "")
                    : s.kind().name().toLowerCase(Locale.ROOT).replace("int_list", "int,int,...");
            options.add(new Option("\t" + s.tipText(), s.option(), 1, "-" + s.option() + " <" + synopsis + ">"));
        }
        options.add(
                new Option("\t" + scoringDeviceTipText(), "scoringDevice", 1, "-scoringDevice <cpu|gpu|gpu:N|auto>"));
        Vector<Option> general = new Vector<>(Collections.list(super.listOptions()));
        Option.deleteOption(general, "S");
        Option.deleteOption(general, "batch-size");
        options.addAll(general);
        return options.elements();
    }

    /** @return every setting as an option, then Weka's general options. */
    @Override
    public String[] getOptions() {
        List<String> options = new ArrayList<>();
        for (Setting s : settings()) {
            options.add("-" + s.option());
            options.add(values.get(s.name()));
        }
        if (!scoringDevice.isEmpty()) {
            options.add("-scoringDevice");
            options.add(scoringDevice);
        }
        List<String> general = new Vector<>(List.of(super.getOptions()));
        Option.deleteOptionString(general, "-S");
        Option.deleteOptionString(general, "-batch-size");
        options.addAll(general);
        return options.toArray(new String[0]);
    }

    /**
     * Parses options; an option left out takes its default (Weka's convention). {@code -batch-size} is another
     * name of {@code -batchSize}; settings that do nothing for this detector are accepted too.
     *
     * @param options the options; recognised ones are removed.
     * @throws Exception naming the option when a value is malformed or not one of its fixed values.
     */
    @Override
    public void setOptions(String[] options) throws Exception {
        Map<String, String> next =
                new LinkedHashMap<>(TrainerSettings.of(trainer).defaults());
        for (Setting s : TrainerSettings.of(trainer).all()) {
            String v = Utils.getOption(s.option(), options);
            if (v.isEmpty() && s.name().equals("batchSize")) {
                v = Utils.getOption("batch-size", options);
            }
            if (!v.isEmpty()) {
                next.put(s.name(), s.canonical(v));
            }
        }
        String device = Utils.getOption("scoringDevice", options);
        super.setOptions(options);
        setScoringDevice(device);
        values.clear();
        values.putAll(next);
    }

    /** @return the tip text of batchSize. */
    @Override
    public String batchSizeTipText() {
        return TrainerSettings.of(trainer).get("batchSize").tipText();
    }

    /** @return rows per training step (also Weka's preferred prediction batch). */
    @Override
    public String getBatchSize() {
        return values.get("batchSize");
    }

    /** @param size rows per training step. */
    @Override
    public void setBatchSize(String size) {
        setSetting("batchSize", size);
    }

    /** @return the tip text of seed. */
    @Override
    public String seedTipText() {
        return TrainerSettings.of(trainer).get("seed").tipText();
    }

    /** @return the trainer's seed. */
    @Override
    public int getSeed() {
        return Math.toIntExact(Long.parseLong(values.get("seed")));
    }

    /** @param seed the trainer's seed. */
    @Override
    public void setSeed(int seed) {
        setSetting("seed", Integer.toString(seed));
    }
}
