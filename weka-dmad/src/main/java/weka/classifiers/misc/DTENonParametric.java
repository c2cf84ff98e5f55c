package weka.classifiers.misc;

import org.dmad.tribuo.DTENonParametricTrainer;
import org.dmad.weka.DMADClassifier;

/**
 * DTE-NonParametric (Diffusion Time Estimation from nearest neighbours) as a Weka classifier, built and scored by
 * dmad's {@link DTENonParametricTrainer}. Nothing is trained, so the optimisation settings are accepted but neither
 * listed nor shown. The number of neighbours, the trainer's {@code k}, is the option {@code -K} (as in Weka's IBk):
 * Weka's command-line evaluation takes {@code -k} for itself.
 */
public class DTENonParametric extends DMADClassifier {

    private static final long serialVersionUID = 2L;

    /** A classifier with the defaults of {@link DTENonParametricTrainer}. */
    public DTENonParametric() {
        super(
                DTENonParametricTrainer.class,
                "epochs",
                "batchSize",
                "maxSteps",
                "learningRate",
                "weightDecay",
                "adamKernel");
    }

    @Override
    protected String methodDescription() {
        return "DTE-NonParametric scores a row by the diffusion time implied by its distance to its K nearest training "
                + "rows, without a network: the mean squared distance sets a posterior over the time at which the row "
                + "would have been noised from normal data, and the posterior mean (or its mode, score = argmax) is "
                + "the anomaly score. It is the non-parametric Diffusion Time Estimation of Livernoche et al. (ICLR "
                + "2024). The model keeps every standardised training row; the threshold comes from leave-one-out "
                + "scores. Needs at least 3 numeric attributes and more than K training rows; device and threads "
                + "decide where the distances are computed. With the defaults, training on 1,000 rows of 10 attributes "
                + "took about 3 s of processor time, most of it to start Java and PyTorch, "
                + DEFAULTS_MEASURED;
    }

    /**
     * Runs the classifier from the command line, e.g.
     * {@code weka.Run weka.classifiers.misc.DTENonParametric -t train.arff}.
     *
     * @param args Weka's evaluation options and this classifier's options.
     */
    public static void main(String[] args) {
        runClassifier(new DTENonParametric(), args);
    }
}
