package weka.classifiers.misc;

import org.dmad.tribuo.DTECategoricalTrainer;
import org.dmad.weka.DMADClassifier;

/**
 * DTE-Categorical (Diffusion Time Estimation with a categorical posterior) as a Weka classifier, trained and scored
 * by dmad's {@link DTECategoricalTrainer}: the same algorithm, defaults and scores as through Tribuo. Its options,
 * tip texts and GUI fields come from the trainer's settings (see {@link DMADClassifier}).
 */
public class DTECategorical extends DMADClassifier {

    private static final long serialVersionUID = 2L;

    /** A classifier with the defaults of {@link DTECategoricalTrainer}. */
    public DTECategorical() {
        super(DTECategoricalTrainer.class);
    }

    @Override
    protected String methodDescription() {
        return "DTE-Categorical scores a row by how long it looks diffused: an MLP learns into which of numBins bins "
                + "of the diffusion time a noised normal row falls, and a clean test row's expected bin, in [0, "
                + "numBins - 1], is its anomaly score. It is Diffusion Time Estimation with a categorical posterior "
                + "(Livernoche et al., ICLR 2024). Attributes are standardised with the training statistics; it runs "
                + "on DJL with the PyTorch engine. With the defaults, training on 1,000 rows of 10 attributes took "
                + "about 37 s of processor time "
                + DEFAULTS_MEASURED;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.DTECategorical -t train.arff}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new DTECategorical(), args);
    }
}
