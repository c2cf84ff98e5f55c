package weka.classifiers.misc;

import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.LatentTrainer;
import org.dmad.weka.DMADClassifier;
import org.dmad.weka.TrainerDefaults;
import weka.core.OptionMetadata;
import weka.core.TechnicalInformation;

/**
 * Latent diffusion anomaly detection as a Weka classifier, trained and scored by dmad's {@link LatentTrainer}: the
 * same algorithm, defaults and scores as through Tribuo. It follows the isolationForest package's convention (see
 * {@link DMADClassifier}). The shared settings (epochs, batchSize, learningRate, weightDecay, device, threads,
 * contamination, seed) are the latent detector's; the autoencoder has its own epochs and learning rate and shares
 * the batch size, weight decay and seed.
 */
public class LatentDiffusion extends DMADClassifier {

    private static final long serialVersionUID = 1L;

    private static final TrainerDefaults DEFAULTS = new TrainerDefaults(new LatentTrainer());

    private int latentSize = DEFAULTS.intValue("latentSize");
    private String autoencoderHiddenSizes = DEFAULTS.listValue("autoencoderHiddenSizes");
    private int autoencoderEpochs = DEFAULTS.intValue("autoencoderEpochs");
    private double autoencoderLearningRate = DEFAULTS.doubleValue("autoencoderLearningRate");
    private String latentDetector = DEFAULTS.stringValue("latentDetector");
    private String hiddenSizes = DEFAULTS.listValue("hiddenSizes");
    private double reconstructionWeight = DEFAULTS.doubleValue("reconstructionWeight");

    /** A classifier with the defaults of {@link LatentTrainer} (DTE-Categorical on the codes). */
    public LatentDiffusion() {
        super(DEFAULTS);
    }

    @Override
    protected String methodDescription() {
        return "Latent diffusion anomaly detection: an MLP autoencoder learns a compact code of the normal rows, and "
                + "a diffusion detector (latentDetector: dte-c, dte-np or ddpm, with its paper defaults) learns the "
                + "distribution of the standardised codes, the latent diffusion idea of Rombach et al. (CVPR 2022) "
                + "applied to anomaly detection. A row's anomaly score is the latent detector's score of its code, "
                + "optionally mixed with the autoencoder's reconstruction error (reconstructionWeight), which "
                + "catches rows whose anomaly the code cannot express. epochs, learningRate and the other shared "
                + "settings train the latent detector; the autoencoder has its own epochs and learning rate. "
                + "Attributes are standardised with the training statistics. Runs on DJL with the PyTorch engine.";
    }

    /**
     * Rombach et al.'s latent diffusion paper, with Livernoche et al.'s paper of the default latent detector
     * (DTE-Categorical) as a further reference.
     *
     * @return the references.
     */
    @Override
    public TechnicalInformation getTechnicalInformation() {
        TechnicalInformation info = new TechnicalInformation(TechnicalInformation.Type.INPROCEEDINGS);
        info.setValue(TechnicalInformation.Field.AUTHOR, "Robin Rombach and Andreas Blattmann and Dominik Lorenz and "
                + "Patrick Esser and Bjorn Ommer");
        info.setValue(TechnicalInformation.Field.TITLE, "High-Resolution Image Synthesis with Latent Diffusion "
                + "Models");
        info.setValue(TechnicalInformation.Field.BOOKTITLE, "IEEE/CVF Conference on Computer Vision and Pattern "
                + "Recognition (CVPR)");
        info.setValue(TechnicalInformation.Field.YEAR, "2022");
        info.setValue(TechnicalInformation.Field.URL, "https://arxiv.org/abs/2112.10752");
        info.add(super.getTechnicalInformation());
        return info;
    }

    @Override
    protected DMADTrainer newTrainer() {
        return sharedSettings(LatentTrainer.builder())
                .latentSize(latentSize)
                .autoencoderHiddenSizes(parseSizes("autoencoderHiddenSizes", autoencoderHiddenSizes))
                .autoencoderEpochs(autoencoderEpochs)
                .autoencoderLearningRate(autoencoderLearningRate)
                .latentDetector(latentDetector)
                .hiddenSizes(parseSizes("hiddenSizes", hiddenSizes))
                .reconstructionWeight(reconstructionWeight)
                .build();
    }

    /** @return the tip text of latentSize. */
    public String latentSizeTipText() {
        return "Width of the autoencoder's code; 0 picks max(3, ceil(d / 2)) for d attributes. dte-np needs at "
                + "least 3.";
    }

    /** @return the code width, 0 for automatic. */
    public int getLatentSize() {
        return latentSize;
    }

    /** @param latentSize the code width, 0 for max(3, ceil(d / 2)). */
    @OptionMetadata(displayName = "latentSize", description = "Code width, 0 = max(3, ceil(d / 2)) (default 0).",
            commandLineParamName = "latentSize", commandLineParamSynopsis = "-latentSize <int>", displayOrder = 10)
    public void setLatentSize(int latentSize) {
        this.latentSize = latentSize;
    }

    /** @return the tip text of autoencoderHiddenSizes. */
    public String autoencoderHiddenSizesTipText() {
        return "Hidden layer widths of the autoencoder's encoder, comma-separated; the decoder mirrors them (PyOD's "
                + "64,32).";
    }

    /** @return the encoder's hidden widths, comma-separated. */
    public String getAutoencoderHiddenSizes() {
        return autoencoderHiddenSizes;
    }

    /** @param autoencoderHiddenSizes the encoder's hidden widths, comma-separated. */
    @OptionMetadata(displayName = "autoencoderHiddenSizes", description = "Encoder hidden widths, comma-separated "
            + "(default 64,32).", commandLineParamName = "autoencoderHiddenSizes",
            commandLineParamSynopsis = "-autoencoderHiddenSizes <int,int,...>", displayOrder = 11)
    public void setAutoencoderHiddenSizes(String autoencoderHiddenSizes) {
        this.autoencoderHiddenSizes = autoencoderHiddenSizes;
    }

    /** @return the tip text of autoencoderEpochs. */
    public String autoencoderEpochsTipText() {
        return "Passes over the training rows for the autoencoder.";
    }

    /** @return the autoencoder's epochs. */
    public int getAutoencoderEpochs() {
        return autoencoderEpochs;
    }

    /** @param autoencoderEpochs the autoencoder's epochs (at least 1). */
    @OptionMetadata(displayName = "autoencoderEpochs", description = "Autoencoder epochs (default 100).",
            commandLineParamName = "autoencoderEpochs", commandLineParamSynopsis = "-autoencoderEpochs <int>",
            displayOrder = 12)
    public void setAutoencoderEpochs(int autoencoderEpochs) {
        this.autoencoderEpochs = autoencoderEpochs;
    }

    /** @return the tip text of autoencoderLearningRate. */
    public String autoencoderLearningRateTipText() {
        return "Adam's learning rate for the autoencoder.";
    }

    /** @return the autoencoder's learning rate. */
    public double getAutoencoderLearningRate() {
        return autoencoderLearningRate;
    }

    /** @param autoencoderLearningRate the autoencoder's learning rate (positive). */
    @OptionMetadata(displayName = "autoencoderLearningRate", description = "Autoencoder learning rate (default "
            + "0.001).", commandLineParamName = "autoencoderLearningRate",
            commandLineParamSynopsis = "-autoencoderLearningRate <double>", displayOrder = 13)
    public void setAutoencoderLearningRate(double autoencoderLearningRate) {
        this.autoencoderLearningRate = autoencoderLearningRate;
    }

    /** @return the tip text of latentDetector. */
    public String latentDetectorTipText() {
        return "Detector trained on the codes, with its paper defaults: dte-c (DTE-Categorical), dte-np "
                + "(DTE-NonParametric) or ddpm (DDPM reconstruction).";
    }

    /** @return the latent detector. */
    public String getLatentDetector() {
        return latentDetector;
    }

    /** @param latentDetector dte-c, dte-np or ddpm. */
    @OptionMetadata(displayName = "latentDetector", description = "Detector on the codes, dte-c, dte-np or ddpm "
            + "(default dte-c).", commandLineParamName = "latentDetector",
            commandLineParamSynopsis = "-latentDetector <dte-c|dte-np|ddpm>", displayOrder = 14)
    public void setLatentDetector(String latentDetector) {
        this.latentDetector = latentDetector;
    }

    /** @return the tip text of hiddenSizes. */
    public String hiddenSizesTipText() {
        return "dte-c only: hidden layer widths of the DTE-Categorical network, comma-separated.";
    }

    /** @return the DTE-C network's hidden widths, comma-separated. */
    public String getHiddenSizes() {
        return hiddenSizes;
    }

    /** @param hiddenSizes the DTE-C network's hidden widths, comma-separated. */
    @OptionMetadata(displayName = "hiddenSizes", description = "dte-c only: hidden widths, comma-separated (default "
            + "256,512,256).", commandLineParamName = "hiddenSizes",
            commandLineParamSynopsis = "-hiddenSizes <int,int,...>", displayOrder = 15)
    public void setHiddenSizes(String hiddenSizes) {
        this.hiddenSizes = hiddenSizes;
    }

    /** @return the tip text of reconstructionWeight. */
    public String reconstructionWeightTipText() {
        return "Weight w in [0, 1] of the reconstruction error: score = (1 - w) z(latent score) + w z(reconstruction "
                + "error), each standardised against its training scores; 0 (the default) is the latent score alone.";
    }

    /** @return the reconstruction error's weight. */
    public double getReconstructionWeight() {
        return reconstructionWeight;
    }

    /** @param reconstructionWeight the reconstruction error's weight, in [0, 1]. */
    @OptionMetadata(displayName = "reconstructionWeight", description = "Weight of the reconstruction error in "
            + "[0, 1] (default 0.0).", commandLineParamName = "reconstructionWeight",
            commandLineParamSynopsis = "-reconstructionWeight <double>", displayOrder = 16)
    public void setReconstructionWeight(double reconstructionWeight) {
        this.reconstructionWeight = reconstructionWeight;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.LatentDiffusion -t train.arff -T test.arff -latentDetector dte-np}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new LatentDiffusion(), args);
    }
}
