package weka.classifiers.misc;

import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.dmad.weka.DMADClassifier;
import org.dmad.weka.TrainerDefaults;
import weka.core.OptionMetadata;

/**
 * DTE-Categorical (Diffusion Time Estimation with a categorical posterior) as a Weka classifier, trained and scored
 * by dmad's {@link DTECategoricalTrainer}: the same algorithm, defaults and scores as through Tribuo. It follows the
 * isolationForest package's convention (see {@link DMADClassifier}).
 * <p>
 * Lives in {@code weka.classifiers.misc}, beside {@code IsolationForest}, so that the Explorer lists it without a
 * {@code GenericPropertiesCreator.props} in the package.
 */
public class DTECategorical extends DMADClassifier {

    private static final long serialVersionUID = 1L;

    private static final TrainerDefaults DEFAULTS = new TrainerDefaults(new DTECategoricalTrainer());

    private String hiddenSizes = DEFAULTS.listValue("hiddenSizes");
    private int timesteps = DEFAULTS.intValue("timesteps");
    private int numBins = DEFAULTS.intValue("numBins");
    private double dropout = DEFAULTS.doubleValue("dropout");
    private String schedule = DEFAULTS.stringValue("schedule");
    private boolean softmaxOutput = DEFAULTS.booleanValue("softmaxOutput");

    /** A classifier with the paper's defaults (those of {@link DTECategoricalTrainer}). */
    public DTECategorical() {
        super(DEFAULTS);
    }

    @Override
    protected String methodDescription() {
        return "DTE-Categorical: Diffusion Time Estimation for anomaly detection (Livernoche et al., ICLR 2024). "
                + "Normal rows are noised by a diffusion process, and an MLP learns to tell into which of numBins "
                + "bins of the diffusion time a noised row falls. A clean test row far from the normal data looks "
                + "as if it had diffused for long: its expected time bin, in [0, numBins - 1], is its anomaly score. "
                + "Attributes are standardised with the training statistics. Runs on DJL with the PyTorch engine.";
    }

    @Override
    protected DMADTrainer newTrainer() {
        return sharedSettings(DTECategoricalTrainer.builder())
                .hiddenSizes(parseSizes("hiddenSizes", hiddenSizes))
                .timesteps(timesteps)
                .numBins(numBins)
                .dropout(dropout)
                .schedule(schedule)
                .softmaxOutput(softmaxOutput)
                .build();
    }

    /** @return the tip text of hiddenSizes. */
    public String hiddenSizesTipText() {
        return "Hidden layer widths of the MLP, comma-separated (the paper's 256,512,256).";
    }

    /** @return the hidden layer widths, comma-separated. */
    public String getHiddenSizes() {
        return hiddenSizes;
    }

    /** @param hiddenSizes the hidden layer widths, comma-separated. */
    @OptionMetadata(displayName = "hiddenSizes", description = "Hidden layer widths, comma-separated (default "
            + "256,512,256).", commandLineParamName = "hiddenSizes",
            commandLineParamSynopsis = "-hiddenSizes <int,int,...>", displayOrder = 10)
    public void setHiddenSizes(String hiddenSizes) {
        this.hiddenSizes = hiddenSizes;
    }

    /** @return the tip text of timesteps. */
    public String timestepsTipText() {
        return "Number of diffusion timesteps T.";
    }

    /** @return the number of diffusion timesteps. */
    public int getTimesteps() {
        return timesteps;
    }

    /** @param timesteps the number of diffusion timesteps T (at least 2). */
    @OptionMetadata(displayName = "timesteps", description = "Diffusion timesteps T (default 400).",
            commandLineParamName = "timesteps", commandLineParamSynopsis = "-timesteps <int>", displayOrder = 11)
    public void setTimesteps(int timesteps) {
        this.timesteps = timesteps;
    }

    /** @return the tip text of numBins. */
    public String numBinsTipText() {
        return "Number of diffusion-time bins K the network classifies into; the score lies in [0, K - 1].";
    }

    /** @return the number of time bins. */
    public int getNumBins() {
        return numBins;
    }

    /** @param numBins the number of time bins K, in [2, timesteps]. */
    @OptionMetadata(displayName = "numBins", description = "Diffusion-time bins K (default 7).",
            commandLineParamName = "numBins", commandLineParamSynopsis = "-numBins <int>", displayOrder = 12)
    public void setNumBins(int numBins) {
        this.numBins = numBins;
    }

    /** @return the tip text of dropout. */
    public String dropoutTipText() {
        return "Dropout after every hidden activation but the first (training only).";
    }

    /** @return the dropout probability. */
    public double getDropout() {
        return dropout;
    }

    /** @param dropout the dropout probability, in [0, 1). */
    @OptionMetadata(displayName = "dropout", description = "Dropout probability (default 0.5).",
            commandLineParamName = "dropout", commandLineParamSynopsis = "-dropout <double>", displayOrder = 13)
    public void setDropout(double dropout) {
        this.dropout = dropout;
    }

    /** @return the tip text of schedule. */
    public String scheduleTipText() {
        return "Noise schedule: linear (beta from 1e-4 to 1e-2) or cosine.";
    }

    /** @return the noise schedule. */
    public String getSchedule() {
        return schedule;
    }

    /** @param schedule linear or cosine. */
    @OptionMetadata(displayName = "schedule", description = "Noise schedule, linear or cosine (default linear).",
            commandLineParamName = "schedule", commandLineParamSynopsis = "-schedule <linear|cosine>",
            displayOrder = 14)
    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    /** @return the tip text of softmaxOutput. */
    public String softmaxOutputTipText() {
        return "true (the reference implementation, behind the paper's figures): cross-entropy on the network's "
                + "softmax probabilities; false: cross-entropy on logits.";
    }

    /** @return whether the loss is taken on softmax outputs. */
    public boolean getSoftmaxOutput() {
        return softmaxOutput;
    }

    /** @param softmaxOutput true for the reference's loss on softmax outputs, false for logits. */
    @OptionMetadata(displayName = "softmaxOutput", description = "Cross-entropy on softmax outputs (true, the "
            + "reference) or on logits (false) (default true).", commandLineParamName = "softmaxOutput",
            commandLineParamSynopsis = "-softmaxOutput <true|false>", displayOrder = 15)
    public void setSoftmaxOutput(boolean softmaxOutput) {
        this.softmaxOutput = softmaxOutput;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.DTECategorical -t train.arff -T test.arff}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new DTECategorical(), args);
    }
}
