package weka.classifiers.misc;

import org.dmad.tribuo.DenoisingLikelihoodTrainer;
import org.dmad.weka.DMADClassifier;

/**
 * The denoising-likelihood detector as a Weka classifier, trained and scored by dmad's
 * {@link DenoisingLikelihoodTrainer}: a DDPM denoiser whose loss or score norm is the anomaly score.
 */
public class DenoisingLikelihood extends DMADClassifier {

    private static final long serialVersionUID = 2L;

    /** A classifier with the defaults of {@link DenoisingLikelihoodTrainer}. */
    public DenoisingLikelihood() {
        super(DenoisingLikelihoodTrainer.class);
    }

    @Override
    protected String methodDescription() {
        return "Denoising likelihood scores a row by how hard it is to denoise: a DDPM noise-prediction network learns "
                + "the normal rows, and a row's anomaly score is its denoising loss at scoreTimesteps timesteps with "
                + "noiseDraws fixed noise draws each, a bound on -log p(x) (statistic = loss), or the norm of the "
                + "estimated score function at timestep scoreNormTime (statistic = scorenorm). The network is Ho et "
                + "al.'s DDPM (NeurIPS 2020) with the tabular settings of Livernoche et al. (ICLR 2024). The scoring "
                + "noise is seeded with the training seed, so scores are deterministic; training stops early when the "
                + "loss stops improving (patience, minEpochs). With the defaults, training on 1,000 rows of 10 "
                + "attributes took about 16 s (early stopping ended it) of processor time "
                + DEFAULTS_MEASURED;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.DenoisingLikelihood -t train.arff}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new DenoisingLikelihood(), args);
    }
}
