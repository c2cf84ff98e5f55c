package weka.classifiers.misc;

import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.DenoisingLikelihoodTrainer;
import org.dmad.weka.DMADClassifier;
import org.dmad.weka.DenoiserClassifier;
import org.dmad.weka.TrainerDefaults;
import weka.core.OptionMetadata;

/**
 * The denoising-likelihood detector as a Weka classifier, trained and scored by dmad's
 * {@link DenoisingLikelihoodTrainer}: the same algorithm, defaults and scores as through Tribuo. It follows the
 * isolationForest package's convention (see {@link DMADClassifier}). The denoiser settings come from
 * {@link DenoiserClassifier}; this class adds the scoring statistic's settings.
 */
public class DenoisingLikelihood extends DenoiserClassifier {

    private static final long serialVersionUID = 1L;

    private static final TrainerDefaults DEFAULTS = new TrainerDefaults(new DenoisingLikelihoodTrainer());

    private String statistic = DEFAULTS.stringValue("statistic");
    private int scoreTimesteps = DEFAULTS.intValue("scoreTimesteps");
    private int noiseDraws = DEFAULTS.intValue("noiseDraws");
    private int scoreNormTime = DEFAULTS.intValue("scoreNormTime");

    /** A classifier with the defaults of {@link DenoisingLikelihoodTrainer}. */
    public DenoisingLikelihood() {
        super(DEFAULTS);
    }

    @Override
    protected String methodDescription() {
        return "Denoising likelihood: a density-based diffusion anomaly detector. The DDPM noise-prediction network "
                + "of Ho et al. (NeurIPS 2020), with the tabular settings of Livernoche et al. (ICLR 2024), learns "
                + "the normal rows; a row's anomaly score is its denoising loss at scoreTimesteps timesteps evenly "
                + "spaced over the chain with noiseDraws fixed noise draws each, a bound on -log p(x) (statistic = "
                + "loss), or the norm of the estimated score function at timestep scoreNormTime (statistic = "
                + "scorenorm). The scoring noise is seeded with the training seed, so scores are deterministic. "
                + "Training stops early when the loss stops improving (patience, minEpochs). Attributes are "
                + "standardised with the training statistics. Runs on DJL with the PyTorch engine.";
    }

    @Override
    protected DMADTrainer newTrainer() {
        return denoiserSettings(DenoisingLikelihoodTrainer.builder())
                .statistic(statistic)
                .lossDraws(scoreTimesteps, noiseDraws)
                .scoreNormTime(scoreNormTime)
                .build();
    }

    /** @return the tip text of statistic. */
    public String statisticTipText() {
        return "loss: the denoising loss at fixed timesteps and noise draws (a bound on -log p(x)); scorenorm: "
                + "||eps_theta(x, t)|| / sqrt(sigma2_t) at timestep scoreNormTime.";
    }

    /** @return the statistic. */
    public String getStatistic() {
        return statistic;
    }

    /** @param statistic loss or scorenorm. */
    @OptionMetadata(displayName = "statistic", description = "Statistic, loss or scorenorm (default loss).",
            commandLineParamName = "statistic", commandLineParamSynopsis = "-statistic <loss|scorenorm>",
            displayOrder = 20)
    public void setStatistic(String statistic) {
        this.statistic = statistic;
    }

    /** @return the tip text of scoreTimesteps. */
    public String scoreTimestepsTipText() {
        return "loss only: the number of timesteps, evenly spaced over 0..T-1, at which the loss is taken.";
    }

    /** @return the loss statistic's number of timesteps. */
    public int getScoreTimesteps() {
        return scoreTimesteps;
    }

    /** @param scoreTimesteps the loss statistic's number of timesteps, in [1, timesteps]. */
    @OptionMetadata(displayName = "scoreTimesteps", description = "loss only: timesteps of the loss (default 10).",
            commandLineParamName = "scoreTimesteps", commandLineParamSynopsis = "-scoreTimesteps <int>",
            displayOrder = 21)
    public void setScoreTimesteps(int scoreTimesteps) {
        this.scoreTimesteps = scoreTimesteps;
    }

    /** @return the tip text of noiseDraws. */
    public String noiseDrawsTipText() {
        return "loss only: noise draws per timestep (scoreTimesteps x noiseDraws network evaluations per batch).";
    }

    /** @return the noise draws per timestep. */
    public int getNoiseDraws() {
        return noiseDraws;
    }

    /** @param noiseDraws the noise draws per timestep (at least 1). */
    @OptionMetadata(displayName = "noiseDraws", description = "loss only: noise draws per timestep (default 4).",
            commandLineParamName = "noiseDraws", commandLineParamSynopsis = "-noiseDraws <int>", displayOrder = 22)
    public void setNoiseDraws(int noiseDraws) {
        this.noiseDraws = noiseDraws;
    }

    /** @return the tip text of scoreNormTime. */
    public String scoreNormTimeTipText() {
        return "scorenorm only: the timestep t at which the score function's norm is taken, in [0, timesteps).";
    }

    /** @return the score-norm timestep. */
    public int getScoreNormTime() {
        return scoreNormTime;
    }

    /** @param scoreNormTime the score-norm timestep, in [0, timesteps). */
    @OptionMetadata(displayName = "scoreNormTime", description = "scorenorm only: the timestep (default 10).",
            commandLineParamName = "scoreNormTime", commandLineParamSynopsis = "-scoreNormTime <int>",
            displayOrder = 23)
    public void setScoreNormTime(int scoreNormTime) {
        this.scoreNormTime = scoreNormTime;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.DenoisingLikelihood -t train.arff -T test.arff}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new DenoisingLikelihood(), args);
    }
}
