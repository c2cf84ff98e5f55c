package org.dmad.weka;

import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DMADTrainer;
import weka.classifiers.RandomizableClassifier;
import weka.core.AdditionalMeasureProducer;
import weka.core.BatchPredictor;
import weka.core.Capabilities;
import weka.core.Capabilities.Capability;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Option;
import weka.core.OptionMetadata;
import weka.core.TechnicalInformation;
import weka.core.TechnicalInformationHandler;
import weka.core.Utils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Vector;

/**
 * What every dmad Weka classifier shares: the shared settings (epochs, batchSize, maxSteps, learningRate,
 * weightDecay, adamKernel, device, threads, contamination and Weka's seed), the data checks, training through the detector's
 * Tribuo trainer, scoring through its Tribuo model, the isolationForest package's {@code [1 - s, s]} distribution,
 * the model summary and the training-time measure. A detector is a subclass that adds its own options and builds
 * its trainer with {@link #newTrainer()}, starting from {@link #sharedSettings}.
 * <p>
 * The trained Tribuo model is Java-serializable and keeps its native PyTorch state transient (the network is
 * written as parameter bytes and materialised again on first use), so a classifier saved from Weka loads and
 * scores identically. Inside Weka's package class loader DJL can find its engine only because
 * {@link org.dmad.engine.DmadEngine#engine()}, through which every DJL use starts, loads the engine with dmad's own
 * class loader as the thread context class loader; the package integration test (WekaPackageIT) checks this.
 */
public abstract class DMADClassifier extends RandomizableClassifier
        implements TechnicalInformationHandler, BatchPredictor, AdditionalMeasureProducer {

    private static final long serialVersionUID = 1L;

    /** The additional measure reporting training time, for the Experimenter. */
    public static final String MEASURE_TRAINING_SECONDS = "measureTrainingSeconds";

    private final int defaultSeed;
    private int epochs;
    private int batchSize;
    private int maxSteps;
    private double learningRate;
    private double weightDecay;
    private String adamKernel;
    private String device;
    private int threads;
    private double contamination;

    private TrainedDetector trained;

    /**
     * Starts every shared setting at the Tribuo trainer's default.
     *
     * @param defaults the defaults of the detector's trainer.
     */
    protected DMADClassifier(TrainerDefaults defaults) {
        this.epochs = defaults.intValue("epochs");
        this.batchSize = defaults.intValue("batchSize");
        this.maxSteps = defaults.intValue("maxSteps");
        this.learningRate = defaults.doubleValue("learningRate");
        this.weightDecay = defaults.doubleValue("weightDecay");
        this.adamKernel = defaults.stringValue("adamKernel");
        this.device = defaults.stringValue("device");
        this.threads = defaults.intValue("threads");
        this.contamination = defaults.doubleValue("contamination");
        this.defaultSeed = Math.toIntExact(defaults.longValue("seed"));
        setSeed(defaultSeed);
    }

    /**
     * The detector's trainer with the current settings; subclasses start from {@link #sharedSettings} and add
     * their own.
     *
     * @return a new trainer (never reused, so every build trains with the configured seed).
     * @throws Exception when a setting is invalid; the message names it.
     */
    protected abstract DMADTrainer newTrainer() throws Exception;

    /**
     * What the method does, for {@link #globalInfo()}: one paragraph, in the detector's own words.
     *
     * @return the description.
     */
    protected abstract String methodDescription();

    /**
     * Applies the shared settings to a trainer builder.
     *
     * @param builder the detector's builder.
     * @param <B>     the builder type.
     * @return the builder.
     */
    protected <B extends DMADTrainer.Builder<B>> B sharedSettings(B builder) {
        return builder.epochs(epochs).batchSize(batchSize).maxSteps(maxSteps).learningRate(learningRate)
                .weightDecay(weightDecay).adamKernel(adamKernel).seed(getSeed()).device(device).threads(threads)
                .contamination(contamination);
    }

    /**
     * Parses a list setting written as Weka shows it, comma-separated integers such as {@code 256,512,256}.
     *
     * @param option the option's name, for the message.
     * @param sizes  the comma-separated integers.
     * @return the integers, in order (the trainer checks their range).
     * @throws IllegalArgumentException naming the option when an element is not an integer.
     */
    protected static List<Integer> parseSizes(String option, String sizes) {
        List<Integer> out = new ArrayList<>();
        for (String part : sizes.split(",", -1)) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be comma-separated layer widths such as 64,32, "
                        + "got '" + sizes + "'", e);
            }
        }
        return out;
    }

    /**
     * Describes the classifier for the Explorer: the method, the anomaly-detection convention, and the citation.
     *
     * @return the description.
     */
    public String globalInfo() {
        return methodDescription() + "\n\n"
                + "This classifier is an anomaly detector, not a two-class or multi-class classifier. As in the "
                + "isolationForest package, the data may have a class attribute with one or two values (normal "
                + "first, anomaly second), which is ignored in training: every training row counts as normal. "
                + "distributionForInstance returns [1 - s, s] with the anomaly score s at index 1; s is a softsign "
                + "of (score - threshold) / spread, strictly increasing in the detector's raw score, so the ROC area "
                + "Weka reports for the second class value is the detector's AUROC. s exceeds 0.5 (the anomaly "
                + "class is predicted) for scores above the (1 - contamination) quantile of the training scores. "
                + "Numeric attributes only, no missing values.\n\n"
                + "For more information, see:\n\n" + getTechnicalInformation().toString();
    }

    /**
     * The paper the dmad detectors come from; a detector from another paper overrides this.
     *
     * @return Livernoche et al., ICLR 2024.
     */
    @Override
    public TechnicalInformation getTechnicalInformation() {
        TechnicalInformation info = new TechnicalInformation(TechnicalInformation.Type.INPROCEEDINGS);
        info.setValue(TechnicalInformation.Field.AUTHOR,
                "Victor Livernoche and Vineet Jain and Yashar Hezaveh and Siamak Ravanbakhsh");
        info.setValue(TechnicalInformation.Field.TITLE, "On Diffusion Modeling for Anomaly Detection");
        info.setValue(TechnicalInformation.Field.BOOKTITLE,
                "The Twelfth International Conference on Learning Representations (ICLR)");
        info.setValue(TechnicalInformation.Field.YEAR, "2024");
        info.setValue(TechnicalInformation.Field.URL, "https://openreview.net/forum?id=lR3rk7ysXz");
        return info;
    }

    /**
     * Numeric attributes; a unary or binary nominal class, or none (the class is ignored, so its values may be
     * missing). Nominal, string, date and relational attributes and missing attribute values are refused with
     * Weka's capability messages; a numeric or multi-valued class is refused in {@link #buildClassifier}.
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
        // The trainer reports too few rows itself, naming the detector's minimum; labels are not needed at all.
        result.setMinimumNumberInstances(0);
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
        capabilities.testWithFail(data);
        DMADTrainer trainer = newTrainer();
        WekaRows layout = new WekaRows(data);
        var dataset = layout.trainingDataset(data);
        long start = System.nanoTime();
        DMADModel model = trainer.train(dataset);
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            AnomalyScoreScale scale = AnomalyScoreScale.fit(model.getThreshold(), model.score(dataset.getData()));
            trained = new TrainedDetector(model, layout, scale, seconds, Utils.joinOptions(getOptions()));
        } catch (Exception | Error e) {
            model.close();
            throw e;
        }
    }

    private void releaseModel() {
        if (trained != null) {
            trained.model().close();
        }
        trained = null;
    }

    private TrainedDetector checkTrained() {
        if (trained == null) {
            throw new IllegalStateException(getClass().getSimpleName() + ": no model built yet; call buildClassifier"
                    + " first");
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
        return t.model().score(t.rows().examples(data));
    }

    /**
     * The distribution {@code [1 - s, s]} of one instance ({@code [1 - s]} for a unary class).
     *
     * @param instance the instance.
     * @return the distribution.
     * @throws Exception when the model is not built or the instance cannot be scored.
     */
    @Override
    public double[] distributionForInstance(Instance instance) throws Exception {
        TrainedDetector t = checkTrained();
        double raw = t.model().score(List.of(t.rows().example(instance)))[0];
        return t.scale().distribution(raw, numClasses(instance.dataset()));
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
        AnomalyScoreScale scale = trained.scale();
        int k = numClasses(data);
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = scale.distribution(raw[i], k);
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

    /**
     * The trained Tribuo model, for its provenance or to use it from Tribuo.
     *
     * @return the model, or null before training.
     */
    public DMADModel getTribuoModel() {
        return trained == null ? null : trained.model();
    }

    /**
     * The mapping from raw scores to the distribution's anomaly value.
     *
     * @return the mapping, or null before training.
     */
    public AnomalyScoreScale getScoreScale() {
        return trained == null ? null : trained.scale();
    }

    /**
     * The additional measures, for the Experimenter.
     *
     * @return {@value #MEASURE_TRAINING_SECONDS}.
     */
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
        throw new IllegalArgumentException(measureName + " is not supported by " + getClass().getSimpleName()
                + "; it offers " + MEASURE_TRAINING_SECONDS);
    }

    /**
     * A model summary: the data it was trained on, the settings, the threshold and score mapping, and its
     * provenance (trainer settings as Tribuo recorded them, engine, device, threads and effective seed).
     *
     * @return the summary.
     */
    @Override
    public String toString() {
        String name = getClass().getSimpleName();
        return trained == null ? name + ": no model built yet." : trained.summary(name);
    }

    // ---- Options. Weka's own -batch-size (prediction batches) is replaced by the training batch size, and the
    // ---- seed's default is Tribuo's rather than RandomizableClassifier's 1.

    /**
     * Lists the options: the detector's and the shared ones, then Weka's general options.
     *
     * @return the options.
     */
    @Override
    public Enumeration<Option> listOptions() {
        Vector<Option> options = new Vector<>(Collections.list(super.listOptions()));
        Option.deleteOption(options, "S");
        Option.deleteOption(options, "batch-size");
        options.add(new Option("\tRandom number seed (default " + defaultSeed + ", as in Tribuo).", "S", 1,
                "-S <num>"));
        return options.elements();
    }

    /**
     * Gets the current settings.
     *
     * @return the options, every setting included.
     */
    @Override
    public String[] getOptions() {
        List<String> options = new Vector<>(List.of(super.getOptions()));
        Option.deleteOptionString(options, "-batch-size");
        return options.toArray(new String[0]);
    }

    /**
     * Parses options; an option left out takes its default (Weka's convention). {@code -batch-size} is accepted as
     * another name of {@code -batchSize}.
     *
     * @param options the options; recognised ones are removed.
     * @throws Exception when an option is malformed.
     */
    @Override
    public void setOptions(String[] options) throws Exception {
        String seed = Utils.getOption('S', options);
        BooleanOptions.Values booleans = BooleanOptions.take(this, options);
        super.setOptions(options);
        setSeed(seed.isEmpty() ? defaultSeed : Integer.parseInt(seed));
        booleans.apply(this);
    }

    /** @return the tip text of epochs. */
    public String epochsTipText() {
        return "Passes over the training rows.";
    }

    /** @return passes over the training rows. */
    public int getEpochs() {
        return epochs;
    }

    /** @param epochs passes over the training rows (at least 1). */
    @OptionMetadata(displayName = "epochs", description = "Passes over the training rows (default 400).",
            commandLineParamName = "epochs", commandLineParamSynopsis = "-epochs <int>", displayOrder = 1)
    public void setEpochs(int epochs) {
        this.epochs = epochs;
    }

    /** @return the tip text of batchSize. */
    @Override
    public String batchSizeTipText() {
        return "Rows per training step; a training set smaller than one batch trains in one batch. It also serves "
                + "as Weka's preferred batch for batch prediction (scoring itself runs 1024 rows at a time).";
    }

    /** @return rows per training step. */
    @Override
    public String getBatchSize() {
        return Integer.toString(batchSize);
    }

    /** @param size rows per training step (a positive integer). */
    @Override
    @OptionMetadata(displayName = "batchSize", description = "Rows per training step (default 64).",
            commandLineParamName = "batchSize", commandLineParamSynopsis = "-batchSize <int>", displayOrder = 2)
    public void setBatchSize(String size) {
        try {
            this.batchSize = Integer.parseInt(size.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("batchSize must be a positive integer, got '" + size + "'", e);
        }
    }

    /** @return the tip text of learningRate. */
    public String learningRateTipText() {
        return "Adam's learning rate.";
    }

    /** @return Adam's learning rate. */
    public double getLearningRate() {
        return learningRate;
    }

    /** @param learningRate Adam's learning rate (positive). */
    @OptionMetadata(displayName = "learningRate", description = "Adam's learning rate (default 1e-4).",
            commandLineParamName = "learningRate", commandLineParamSynopsis = "-learningRate <double>",
            displayOrder = 3)
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    /** @return the tip text of weightDecay. */
    public String weightDecayTipText() {
        return "L2 weight decay added to the gradient (classic Adam, not AdamW).";
    }

    /** @return the L2 weight decay. */
    public double getWeightDecay() {
        return weightDecay;
    }

    /** @param weightDecay the L2 weight decay (non-negative). */
    @OptionMetadata(displayName = "weightDecay", description = "L2 weight decay (the trainer's default: 5e-4, or "
            + "0 for DTEInverseGamma).", commandLineParamName = "weightDecay",
            commandLineParamSynopsis = "-weightDecay <double>", displayOrder = 4)
    public void setWeightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
    }

    /** @return the tip text of device. */
    public String deviceTipText() {
        return "cpu, gpu (the first GPU), gpu:N, or auto (the first GPU if one is visible, else cpu). A GPU needs "
                + "the GPU build of the package (dmad-gpu).";
    }

    /** @return the device setting. */
    public String getDevice() {
        return device;
    }

    /** @param device cpu, gpu, gpu:N or auto. */
    @OptionMetadata(displayName = "device", description = "cpu, gpu, gpu:N or auto (default cpu).",
            commandLineParamName = "device", commandLineParamSynopsis = "-device <name>", displayOrder = 5)
    public void setDevice(String device) {
        this.device = device;
    }

    /** @return the tip text of threads. */
    public String threadsTipText() {
        return "PyTorch intra-op threads; 0 means automatic (1: measured faster than more for these networks). Results are bit-reproducible for "
                + "the same seed and thread count.";
    }

    /** @return the PyTorch thread setting. */
    public int getThreads() {
        return threads;
    }

    /** @param threads PyTorch intra-op threads, 0 for automatic (1). */
    @OptionMetadata(displayName = "threads", description = "PyTorch intra-op threads, 0 = automatic (1) "
            + "(default 0).", commandLineParamName = "threads", commandLineParamSynopsis = "-threads <int>",
            displayOrder = 6)
    public void setThreads(int threads) {
        this.threads = threads;
    }

    /** @return the tip text of contamination. */
    public String contaminationTipText() {
        return "Expected share of anomalies, in (0, 0.5]: rows scoring above the (1 - contamination) quantile of the "
                + "training scores get s > 0.5 and are predicted as the anomaly class. It does not change the "
                + "ranking, so the ROC area does not depend on it.";
    }

    /** @return the expected share of anomalies. */
    public double getContamination() {
        return contamination;
    }

    /** @param contamination the expected share of anomalies, in (0, 0.5]. */
    @OptionMetadata(displayName = "contamination", description = "Expected share of anomalies, for the "
            + "threshold (default 0.1).", commandLineParamName = "contamination",
            commandLineParamSynopsis = "-contamination <double>", displayOrder = 7)
    public void setContamination(double contamination) {
        this.contamination = contamination;
    }

    /** @return the tip text of adamKernel. */
    public String adamKernelTipText() {
        return "Adam implementation: fused (PyTorch's fused Adam kernel, torch.optim.Adam's arithmetic; faster) or "
                + "djl (DJL's per-tensor Adam, dmad's optimiser before 2026-11-29). Same algorithm; trained numbers "
                + "differ in rounding.";
    }

    /** @return the Adam implementation setting. */
    public String getAdamKernel() {
        return adamKernel;
    }

    /** @param adamKernel fused or djl. */
    @OptionMetadata(displayName = "adamKernel", description = "Adam implementation: fused or djl (default fused).",
            commandLineParamName = "adamKernel", commandLineParamSynopsis = "-adamKernel <fused|djl>",
            displayOrder = 9)
    public void setAdamKernel(String adamKernel) {
        this.adamKernel = adamKernel;
    }

    /** @return the tip text of maxSteps. */
    public String maxStepsTipText() {
        return "Step budget, 0 for none: train min(epochs, ceil(maxSteps / batches per epoch)) epochs, so that "
                + "training time stops growing with the number of rows. Sets whose epochs fit the budget train "
                + "exactly as without it.";
    }

    /** @return the step budget, 0 for none. */
    public int getMaxSteps() {
        return maxSteps;
    }

    /** @param maxSteps the step budget, 0 for none. */
    @OptionMetadata(displayName = "maxSteps", description = "Step budget, 0 for none (default 0).",
            commandLineParamName = "maxSteps", commandLineParamSynopsis = "-maxSteps <int>", displayOrder = 8)
    public void setMaxSteps(int maxSteps) {
        this.maxSteps = maxSteps;
    }

    /** @return the tip text of seed. */
    @Override
    public String seedTipText() {
        return "Seed of shuffling, timestep sampling, initialisation, noise and dropout (default " + defaultSeed
                + ", as in Tribuo).";
    }
}
