package org.dmad.tribuo;

import java.io.Serializable;
import java.util.Arrays;
import org.dmad.tribuo.protos.ScoreScalingProto;

/**
 * Puts a detector's scores on a common scale before they are combined with other scores ({@link HybridModel},
 * {@link LatentModel}): z = (s - center) / scale, with the center and scale of the detector's scores of its own
 * training rows. Standardising every member against its own training-score distribution before a weighted sum is
 * the combination Aggarwal and Sathe recommend for heterogeneous detectors ("Theoretical Foundations and Algorithms
 * for Outlier Ensembles", SIGKDD Explorations 17(1), 2015; Outlier Ensembles, Springer 2017, ch. 5).
 * <p>
 * The statistics are robust ones: the median, and the interquartile range divided by 1.349 (the standard deviation
 * for Gaussian scores). Training sets may hold UNKNOWN rows that are anomalies, and reconstruction errors are
 * heavy-tailed: a few extreme training scores would inflate a standard deviation and silently down-weight that
 * member, but move the quartiles hardly at all. When the quartiles coincide (over half the training scores tied),
 * the population standard deviation is used instead, and 1 when that is zero too, so the scaling is always finite
 * and positive.
 *
 * @param center the median of the training scores.
 * @param scale  the robust spread of the training scores, positive.
 */
public record ScoreScaling(double center, double scale) implements Serializable {

    /** The interquartile range of a standard normal distribution. */
    static final double NORMAL_IQR = 1.3489795003921634;

    /**
     * Validates the statistics.
     *
     * @param center the center.
     * @param scale  the spread.
     */
    public ScoreScaling {
        if (!Double.isFinite(center) || !(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("A score scaling needs a finite center and a positive finite scale, "
                    + "got " + center + " and " + scale);
        }
    }

    /**
     * Fits the statistics of training scores.
     *
     * @param trainingScores the scores of the training rows, all finite.
     * @return the scaling.
     * @throws IllegalArgumentException when there are no scores.
     */
    public static ScoreScaling fit(double[] trainingScores) {
        if (trainingScores.length == 0) {
            throw new IllegalArgumentException("Cannot fit a score scaling on no scores");
        }
        double median = DMADTrainer.quantile(trainingScores, 0.5);
        double spread =
                (DMADTrainer.quantile(trainingScores, 0.75) - DMADTrainer.quantile(trainingScores, 0.25)) / NORMAL_IQR;
        if (!(spread > 1e-12 * Math.max(1.0, Math.abs(median)))) {
            double mean = Arrays.stream(trainingScores).average().orElseThrow();
            spread = Math.sqrt(Arrays.stream(trainingScores)
                    .map(s -> (s - mean) * (s - mean))
                    .average()
                    .orElseThrow());
            if (!(spread > 1e-12 * Math.max(1.0, Math.abs(median))) || !Double.isFinite(spread)) {
                spread = 1.0;
            }
        }
        return new ScoreScaling(median, spread);
    }

    /**
     * Standardises one score.
     *
     * @param score a raw score.
     * @return (score - center) / scale.
     */
    public double apply(double score) {
        return (score - center) / scale;
    }

    /**
     * The weighted sum of standardised scores: combined[i] = sum_m weights[m] * scalings[m].apply(scores[m][i]).
     *
     * @param scores   per member, one score per row (all of one length).
     * @param scalings per member, its scaling.
     * @param weights  per member, its weight.
     * @return one combined score per row.
     * @throws IllegalStateException when a combined score is not finite.
     */
    static double[] weightedSum(double[][] scores, ScoreScaling[] scalings, double[] weights) {
        int n = scores[0].length;
        double[] out = new double[n];
        for (int m = 0; m < scores.length; m++) {
            if (scores[m].length != n) {
                throw new IllegalArgumentException(
                        "Member " + m + " scored " + scores[m].length + " rows, member 0 " + n);
            }
            for (int i = 0; i < n; i++) {
                out[i] += weights[m] * scalings[m].apply(scores[m][i]);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(out[i])) {
                throw new IllegalStateException("The combined score of row " + i + " is " + out[i]
                        + "; a member produced a score too large to standardise");
            }
        }
        return out;
    }

    ScoreScalingProto toProto() {
        return ScoreScalingProto.newBuilder().setCenter(center).setScale(scale).build();
    }

    static ScoreScaling fromProto(ScoreScalingProto p) {
        return new ScoreScaling(p.getCenter(), p.getScale());
    }
}
