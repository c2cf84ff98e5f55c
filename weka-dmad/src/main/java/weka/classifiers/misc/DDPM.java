package weka.classifiers.misc;

import org.dmad.tribuo.DDPMTrainer;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.weka.DMADClassifier;
import org.dmad.weka.DenoiserClassifier;
import org.dmad.weka.TrainerDefaults;
import weka.core.OptionMetadata;
import weka.core.TechnicalInformation;

/**
 * Diffusion reconstruction (DDPM, or DDIM with {@code -sampler ddim}) as a Weka classifier, trained and scored by
 * dmad's {@link DDPMTrainer}: the same algorithm, defaults and scores as through Tribuo. It follows the
 * isolationForest package's convention (see {@link DMADClassifier}). The denoiser settings come from
 * {@link DenoiserClassifier}; this class adds the scoring settings, with the trainer's DDIM design: one classifier,
 * whose {@code sampler} chooses the reverse process.
 */
public class DDPM extends DenoiserClassifier {

    private static final long serialVersionUID = 1L;

    private static final TrainerDefaults DEFAULTS = new TrainerDefaults(new DDPMTrainer());

    private String sampler = DEFAULTS.stringValue("sampler");
    private int reconstructionTime = DEFAULTS.intValue("reconstructionTime");
    private String start = DEFAULTS.stringValue("start");
    private boolean stochastic = DEFAULTS.booleanValue("stochastic");
    private boolean fullPath = DEFAULTS.booleanValue("fullPath");
    private int ddimSteps = DEFAULTS.intValue("ddimSteps");
    private double ddimEta = DEFAULTS.doubleValue("ddimEta");

    /** A classifier with the paper's defaults (those of {@link DDPMTrainer}: the DDPM sampler). */
    public DDPM() {
        super(DEFAULTS);
    }

    @Override
    protected String methodDescription() {
        return "DDPM: diffusion reconstruction for anomaly detection. A DDPM noise-prediction network (Ho et al., "
                + "NeurIPS 2020) learns the normal rows; a test row is pushed through the reverse chain from "
                + "reconstructionTime - 1 down to 0, and the mean squared error of its reconstruction (or the summed "
                + "change along the path, fullPath = true) is its anomaly score (AnoDDPM, Wyatt et al. 2022; the "
                + "tabular settings of Livernoche et al., ICLR 2024). -sampler ddim gives DDIM (Song et al., ICLR "
                + "2021): the same network scored with ddimSteps strided steps instead of reconstructionTime, about "
                + "ten times faster at nearly the same AUROC. Training stops early when the loss stops improving "
                + "(patience, minEpochs). Attributes are standardised with the training statistics. Runs on DJL with "
                + "the PyTorch engine; use threads = 1 where bit-reproducibility matters.";
    }

    /**
     * Ho, Jain and Abbeel's DDPM paper, with Song, Meng and Ermon's DDIM paper as a further reference.
     *
     * @return the references.
     */
    @Override
    public TechnicalInformation getTechnicalInformation() {
        TechnicalInformation info = new TechnicalInformation(TechnicalInformation.Type.INPROCEEDINGS);
        info.setValue(TechnicalInformation.Field.AUTHOR, "Jonathan Ho and Ajay Jain and Pieter Abbeel");
        info.setValue(TechnicalInformation.Field.TITLE, "Denoising Diffusion Probabilistic Models");
        info.setValue(TechnicalInformation.Field.BOOKTITLE, "Advances in Neural Information Processing Systems 33 "
                + "(NeurIPS)");
        info.setValue(TechnicalInformation.Field.YEAR, "2020");
        info.setValue(TechnicalInformation.Field.URL, "https://arxiv.org/abs/2006.11239");
        TechnicalInformation ddim = info.add(TechnicalInformation.Type.INPROCEEDINGS);
        ddim.setValue(TechnicalInformation.Field.AUTHOR, "Jiaming Song and Chenlin Meng and Stefano Ermon");
        ddim.setValue(TechnicalInformation.Field.TITLE, "Denoising Diffusion Implicit Models");
        ddim.setValue(TechnicalInformation.Field.BOOKTITLE, "The Ninth International Conference on Learning "
                + "Representations (ICLR)");
        ddim.setValue(TechnicalInformation.Field.YEAR, "2021");
        ddim.setValue(TechnicalInformation.Field.URL, "https://arxiv.org/abs/2010.02502");
        return info;
    }

    @Override
    protected DMADTrainer newTrainer() {
        return denoiserSettings(DDPMTrainer.builder())
                .sampler(sampler)
                .reconstructionTime(reconstructionTime)
                .start(start)
                .stochastic(stochastic)
                .fullPath(fullPath)
                .ddimSteps(ddimSteps)
                .ddimEta(ddimEta)
                .build();
    }

    /** @return the tip text of sampler. */
    public String samplerTipText() {
        return "Reverse process used for scoring: ddpm (the full chain, reconstructionTime network evaluations) or "
                + "ddim (DDIM, ddimSteps evaluations on strided timesteps).";
    }

    /** @return the sampler. */
    public String getSampler() {
        return sampler;
    }

    /** @param sampler ddpm or ddim. */
    @OptionMetadata(displayName = "sampler", description = "Scoring sampler, ddpm or ddim (default ddpm).",
            commandLineParamName = "sampler", commandLineParamSynopsis = "-sampler <ddpm|ddim>", displayOrder = 20)
    public void setSampler(String sampler) {
        this.sampler = sampler;
    }

    /** @return the tip text of reconstructionTime. */
    public String reconstructionTimeTipText() {
        return "Reconstruction time t_r: the reverse chain runs from t_r - 1 down to 0; at most timesteps.";
    }

    /** @return the reconstruction time. */
    public int getReconstructionTime() {
        return reconstructionTime;
    }

    /** @param reconstructionTime the reconstruction time t_r, in [1, timesteps]. */
    @OptionMetadata(displayName = "reconstructionTime", description = "Reconstruction time t_r (default 250).",
            commandLineParamName = "reconstructionTime", commandLineParamSynopsis = "-reconstructionTime <int>",
            displayOrder = 21)
    public void setReconstructionTime(int reconstructionTime) {
        this.reconstructionTime = reconstructionTime;
    }

    /** @return the tip text of start. */
    public String startTipText() {
        return "Where the chain starts: input (the row itself, as behind the paper's figures), noised (AnoDDPM: the "
                + "row noised to t_r with fixed-seed noise) or inversion (ddim only: the deterministic DDIM "
                + "inversion of the row).";
    }

    /** @return where the chain starts. */
    public String getStart() {
        return start;
    }

    /** @param start input, noised or inversion. */
    @OptionMetadata(displayName = "start", description = "Chain start, input, noised or inversion (default input).",
            commandLineParamName = "start", commandLineParamSynopsis = "-start <input|noised|inversion>",
            displayOrder = 22)
    public void setStart(String start) {
        this.start = start;
    }

    /** @return the tip text of stochastic. */
    public String stochasticTipText() {
        return "ddpm only: add fixed-seed noise sqrt(betaTilde_t) z at every step, as the reference's last revision "
                + "does (false, the default, is the noise-free chain behind the paper's figures).";
    }

    /** @return whether noise is added along a DDPM chain. */
    public boolean getStochastic() {
        return stochastic;
    }

    /** @param stochastic whether to add noise along a DDPM chain. */
    @OptionMetadata(displayName = "stochastic", description = "ddpm only: noise along the chain (default false).",
            commandLineParamName = "stochastic", commandLineParamSynopsis = "-stochastic <true|false>",
            displayOrder = 23)
    public void setStochastic(boolean stochastic) {
        this.stochastic = stochastic;
    }

    /** @return the tip text of fullPath. */
    public String fullPathTipText() {
        return "Score the summed mean squared change along the whole path instead of the final reconstruction "
                + "error.";
    }

    /** @return whether the path error is scored. */
    public boolean getFullPath() {
        return fullPath;
    }

    /** @param fullPath whether to score the path error instead of the final error. */
    @OptionMetadata(displayName = "fullPath", description = "Score the path error instead of the final error "
            + "(default false).", commandLineParamName = "fullPath",
            commandLineParamSynopsis = "-fullPath <true|false>", displayOrder = 24)
    public void setFullPath(boolean fullPath) {
        this.fullPath = fullPath;
    }

    /** @return the tip text of ddimSteps. */
    public String ddimStepsTipText() {
        return "ddim only: network evaluations from t_r - 1 down to 0, at most reconstructionTime.";
    }

    /** @return the DDIM steps. */
    public int getDdimSteps() {
        return ddimSteps;
    }

    /** @param ddimSteps the DDIM steps, in [1, reconstructionTime]. */
    @OptionMetadata(displayName = "ddimSteps", description = "ddim only: network evaluations (default 20).",
            commandLineParamName = "ddimSteps", commandLineParamSynopsis = "-ddimSteps <int>", displayOrder = 25)
    public void setDdimSteps(int ddimSteps) {
        this.ddimSteps = ddimSteps;
    }

    /** @return the tip text of ddimEta. */
    public String ddimEtaTipText() {
        return "ddim only: Song et al.'s eta in [0, 1]; 1 (the default) is the noise-free DDPM chain on the strided "
                + "timesteps, 0 the deterministic DDIM update.";
    }

    /** @return DDIM's eta. */
    public double getDdimEta() {
        return ddimEta;
    }

    /** @param ddimEta DDIM's eta, in [0, 1]. */
    @OptionMetadata(displayName = "ddimEta", description = "ddim only: eta in [0, 1] (default 1.0).",
            commandLineParamName = "ddimEta", commandLineParamSynopsis = "-ddimEta <double>", displayOrder = 26)
    public void setDdimEta(double ddimEta) {
        this.ddimEta = ddimEta;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.DDPM -t train.arff -T test.arff -sampler ddim}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new DDPM(), args);
    }
}
