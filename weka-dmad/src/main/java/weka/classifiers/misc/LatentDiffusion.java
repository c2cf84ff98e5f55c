package weka.classifiers.misc;

import org.dmad.tribuo.LatentTrainer;
import org.dmad.weka.DMADClassifier;
import weka.core.TechnicalInformation;

/**
 * Latent diffusion anomaly detection as a Weka classifier, trained and scored by dmad's {@link LatentTrainer}. The
 * shared settings train the latent detector; the autoencoder has its own epochs and learning rate and shares the
 * batch size, weight decay and seed.
 */
public class LatentDiffusion extends DMADClassifier {

    private static final long serialVersionUID = 2L;

    /** A classifier with the defaults of {@link LatentTrainer}. */
    public LatentDiffusion() {
        super(LatentTrainer.class);
    }

    @Override
    protected String methodDescription() {
        return "Latent diffusion scores a row by how unusual its compressed code is: an MLP autoencoder learns a "
                + "compact code of the normal rows, and a diffusion detector (latentDetector: dte-c, dte-np or ddpm, "
                + "with its paper defaults) learns the distribution of the standardised codes. It is the latent "
                + "diffusion idea of Rombach et al. (CVPR 2022) applied to anomaly detection; reconstructionWeight "
                + "mixes in the autoencoder's reconstruction error, which catches rows whose anomaly the code cannot "
                + "express. epochs, learningRate and the other shared settings train the latent detector; the "
                + "autoencoder has its own epochs and learning rate. With the defaults, training on 1,000 rows of 10 "
                + "attributes took about 39 s of processor time (the autoencoder, then DTE-Categorical on the codes) "
                + DEFAULTS_MEASURED;
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
        info.setValue(
                TechnicalInformation.Field.AUTHOR,
                "Robin Rombach and Andreas Blattmann and Dominik Lorenz and " + "Patrick Esser and Bjorn Ommer");
        info.setValue(
                TechnicalInformation.Field.TITLE, "High-Resolution Image Synthesis with Latent Diffusion " + "Models");
        info.setValue(
                TechnicalInformation.Field.BOOKTITLE,
                "IEEE/CVF Conference on Computer Vision and Pattern " + "Recognition (CVPR)");
        info.setValue(TechnicalInformation.Field.YEAR, "2022");
        info.setValue(TechnicalInformation.Field.URL, "https://arxiv.org/abs/2112.10752");
        info.add(super.getTechnicalInformation());
        return info;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.LatentDiffusion -t train.arff}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new LatentDiffusion(), args);
    }
}
