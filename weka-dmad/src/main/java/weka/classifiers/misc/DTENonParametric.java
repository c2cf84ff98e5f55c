package weka.classifiers.misc;

import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.DTENonParametricTrainer;
import org.dmad.weka.DMADClassifier;
import org.dmad.weka.TrainerDefaults;
import weka.core.OptionMetadata;

/**
 * DTE-NonParametric (Diffusion Time Estimation from nearest neighbours) as a Weka classifier, built and scored by
 * dmad's {@link DTENonParametricTrainer}: the same algorithm, defaults and scores as through Tribuo. It follows the
 * isolationForest package's convention (see {@link DMADClassifier}).
 * <p>
 * The number of neighbours, the trainer's {@code k}, is the option {@code -K} (as in Weka's IBk): Weka's command-line
 * evaluation takes {@code -k} for itself (information-theoretic statistics) before the classifier sees its options.
 */
public class DTENonParametric extends DMADClassifier {

    private static final long serialVersionUID = 1L;

    private static final TrainerDefaults DEFAULTS = new TrainerDefaults(new DTENonParametricTrainer());

    private int k = DEFAULTS.intValue("k");
    private int timesteps = DEFAULTS.intValue("timesteps");
    private String schedule = DEFAULTS.stringValue("schedule");
    private String score = DEFAULTS.stringValue("score");

    /** A classifier with the reference's defaults (those of {@link DTENonParametricTrainer}). */
    public DTENonParametric() {
        super(DEFAULTS);
    }

    @Override
    protected String methodDescription() {
        return "DTE-NonParametric: Diffusion Time Estimation for anomaly detection (Livernoche et al., ICLR 2024), "
                + "without a network. The model keeps the standardised training rows; the mean squared distance of "
                + "a row to its K nearest training rows implies a posterior over the diffusion time at which the "
                + "row would have been noised from normal data, and the posterior mean (or its mode, score = "
                + "argmax) is the anomaly score. The threshold comes from leave-one-out scores of the training rows. "
                + "Nothing is trained, so epochs, batchSize, learningRate and weightDecay have no effect; device and "
                + "threads decide where the distances are computed. Needs at least 3 numeric attributes and more "
                + "than K training rows; the model holds every training row. Runs on DJL with the PyTorch engine.";
    }

    @Override
    protected DMADTrainer newTrainer() {
        return sharedSettings(DTENonParametricTrainer.builder())
                .k(k)
                .timesteps(timesteps)
                .schedule(schedule)
                .score(score)
                .build();
    }

    /** @return the tip text of k. */
    public String kTipText() {
        return "Number of nearest training rows whose mean squared distance sets the time posterior (the trainer's "
                + "k; -K on the command line).";
    }

    /** @return the number of nearest training rows. */
    public int getK() {
        return k;
    }

    /** @param k the number of nearest training rows (at least 1). */
    @OptionMetadata(displayName = "k", description = "Number of nearest training rows (default 5).",
            commandLineParamName = "K", commandLineParamSynopsis = "-K <int>", displayOrder = 10)
    public void setK(int k) {
        this.k = k;
    }

    /** @return the tip text of timesteps. */
    public String timestepsTipText() {
        return "Number of diffusion timesteps T the time posterior ranges over.";
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
            displayOrder = 12)
    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    /** @return the tip text of score. */
    public String scoreTipText() {
        return "posteriorMean (the default, as in the paper's figures): the mean of the time posterior; argmax: its "
                + "mode, which saturates at T - 1 and ties all rows beyond it.";
    }

    /** @return the score variant. */
    public String getScore() {
        return score;
    }

    /** @param score posteriorMean or argmax. */
    @OptionMetadata(displayName = "score", description = "Score, posteriorMean or argmax (default posteriorMean).",
            commandLineParamName = "score", commandLineParamSynopsis = "-score <posteriorMean|argmax>",
            displayOrder = 13)
    public void setScore(String score) {
        this.score = score;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.DTENonParametric -t train.arff -T test.arff -K 5}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new DTENonParametric(), args);
    }
}
