package weka.classifiers.misc;

import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.DTEInverseGammaTrainer;
import org.dmad.weka.DMADClassifier;
import org.dmad.weka.TrainerDefaults;
import weka.core.OptionMetadata;

/**
 * DTE-InverseGamma (Diffusion Time Estimation with an inverse-gamma posterior) as a Weka classifier, trained and
 * scored by dmad's {@link DTEInverseGammaTrainer}: the same algorithm, defaults and scores as through Tribuo. It
 * follows the isolationForest package's convention (see {@link DMADClassifier}). The defaults are the reference
 * implementation's DTE-IG runs, so unlike the other detectors its weight decay defaults to 0.
 */
public class DTEInverseGamma extends DMADClassifier {

    private static final long serialVersionUID = 1L;

    private static final TrainerDefaults DEFAULTS = new TrainerDefaults(new DTEInverseGammaTrainer());

    private String hiddenSizes = DEFAULTS.listValue("hiddenSizes");
    private int timesteps = DEFAULTS.intValue("timesteps");
    private double dropout = DEFAULTS.doubleValue("dropout");
    private String schedule = DEFAULTS.stringValue("schedule");
    private String score = DEFAULTS.stringValue("score");

    /** A classifier with the reference's defaults (those of {@link DTEInverseGammaTrainer}). */
    public DTEInverseGamma() {
        super(DEFAULTS);
    }

    @Override
    protected String methodDescription() {
        return "DTE-InverseGamma: Diffusion Time Estimation for anomaly detection (Livernoche et al., ICLR 2024). "
                + "Normal rows are noised by a diffusion process, and an MLP learns the scale of the inverse-gamma "
                + "posterior of the noise variance of a noised row. A clean test row far from the normal data looks "
                + "as if much noise had been added: the predicted scale betaHat (the default score) or the raw "
                + "network output (score = raw, as the reference implementation scores) is its anomaly score. "
                + "Needs at least 3 numeric attributes. Attributes are standardised with the training statistics. "
                + "Runs on DJL with the PyTorch engine.";
    }

    @Override
    protected DMADTrainer newTrainer() {
        return sharedSettings(DTEInverseGammaTrainer.builder())
                .hiddenSizes(parseSizes("hiddenSizes", hiddenSizes))
                .timesteps(timesteps)
                .dropout(dropout)
                .schedule(schedule)
                .score(score)
                .build();
    }

    /** @return the tip text of hiddenSizes. */
    public String hiddenSizesTipText() {
        return "Hidden layer widths of the MLP, comma-separated (the reference's 128,128).";
    }

    /** @return the hidden layer widths, comma-separated. */
    public String getHiddenSizes() {
        return hiddenSizes;
    }

    /** @param hiddenSizes the hidden layer widths, comma-separated. */
    @OptionMetadata(displayName = "hiddenSizes", description = "Hidden layer widths, comma-separated (default "
            + "128,128).", commandLineParamName = "hiddenSizes",
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
    @OptionMetadata(displayName = "timesteps", description = "Diffusion timesteps T (default 300).",
            commandLineParamName = "timesteps", commandLineParamSynopsis = "-timesteps <int>", displayOrder = 11)
    public void setTimesteps(int timesteps) {
        this.timesteps = timesteps;
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
            commandLineParamName = "dropout", commandLineParamSynopsis = "-dropout <double>", displayOrder = 12)
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
            displayOrder = 13)
    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    /** @return the tip text of score. */
    public String scoreTipText() {
        return "betaHat (the default): the predicted scale s^2, which the loss trains and which does not depend on "
                + "the sign of s; raw: the network output s, as the reference implementation scores (the loss cannot "
                + "see its sign, so a training may invert the ranking).";
    }

    /** @return the score variant. */
    public String getScore() {
        return score;
    }

    /** @param score betaHat or raw. */
    @OptionMetadata(displayName = "score", description = "Score, betaHat or raw (default betaHat).",
            commandLineParamName = "score", commandLineParamSynopsis = "-score <betaHat|raw>", displayOrder = 14)
    public void setScore(String score) {
        this.score = score;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.DTEInverseGamma -t train.arff -T test.arff}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new DTEInverseGamma(), args);
    }
}
