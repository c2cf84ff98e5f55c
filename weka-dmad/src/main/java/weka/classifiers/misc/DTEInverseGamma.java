package weka.classifiers.misc;

import org.dmad.tribuo.DTEInverseGammaTrainer;
import org.dmad.weka.DMADClassifier;

/**
 * DTE-InverseGamma (Diffusion Time Estimation with an inverse-gamma posterior) as a Weka classifier, trained and
 * scored by dmad's {@link DTEInverseGammaTrainer}. The defaults are the reference implementation's DTE-IG runs, so
 * unlike the other detectors its weight decay defaults to 0.
 */
public class DTEInverseGamma extends DMADClassifier {

    private static final long serialVersionUID = 2L;

    /** A classifier with the defaults of {@link DTEInverseGammaTrainer}. */
    public DTEInverseGamma() {
        super(DTEInverseGammaTrainer.class);
    }

    @Override
    protected String methodDescription() {
        return "DTE-InverseGamma scores a row by the noise it seems to carry: an MLP learns the scale of the "
                + "inverse-gamma posterior of the noise variance of a noised normal row, and a clean test row far from "
                + "the normal data gets a large scale. It is Diffusion Time Estimation with an inverse-gamma posterior "
                + "(Livernoche et al., ICLR 2024); the score is the predicted scale betaHat, or the raw network output "
                + "(score = raw, as the reference implementation scores). Needs at least 3 numeric attributes, "
                + "standardised with the training statistics; runs on DJL with the PyTorch engine. With the defaults, "
                + "training on 1,000 rows of 10 attributes took about 17 s of processor time "
                + DEFAULTS_MEASURED;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.DTEInverseGamma -t train.arff}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new DTEInverseGamma(), args);
    }
}
