package weka.classifiers.misc;

import org.dmad.tribuo.MedianDistanceTrainer;
import org.dmad.weka.DMADClassifier;

/**
 * The test-only extra detector as a Weka classifier (see {@link MedianDistanceTrainer}): the fifth of the five files
 * a new detector needs. Its settings panel, {@code MedianDistanceCustomizer}, is generated at build time.
 */
public class MedianDistance extends DMADClassifier {

    private static final long serialVersionUID = 1L;

    /** A classifier with the defaults of {@link MedianDistanceTrainer}. */
    public MedianDistance() {
        super(
                MedianDistanceTrainer.class,
                "epochs",
                "batchSize",
                "maxSteps",
                "learningRate",
                "weightDecay",
                "adamKernel");
    }

    @Override
    protected String methodDescription() {
        return "Median-Distance scores a row by its L_p distance to the coordinate-wise median of the standardised "
                + "training rows; it is a test-only detector that shows what a new detector needs.";
    }
}
