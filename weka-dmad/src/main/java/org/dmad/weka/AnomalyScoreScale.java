package org.dmad.weka;

import java.io.Serializable;

/**
 * Maps a detector's raw anomaly score to the value s in (0, 1) that a Weka distribution carries at index 1, following
 * the isolationForest package's convention {@code [1 - s, s]}.
 * <p>
 * s is a softsign of {@code z = (raw - threshold) / scale}: {@code s = 1 - 0.5 / (1 + z)} for {@code z >= 0} and
 * {@code s = 0.5 / (1 - z)} below. It is strictly increasing, so rankings, and with them Weka's ROC area, are the raw
 * score's; it is 0.5 exactly at the contamination threshold, so Weka predicts the anomaly class for the same rows as
 * Tribuo's {@code ANOMALOUS}; and it approaches 0 and 1 only polynomially, so, unlike a logistic, it never saturates
 * to exactly 0 or 1 in double precision for a realistic score (1 is reached only beyond z = 9e15). Each branch is a
 * chain of correctly rounded monotone operations, so the mapping cannot reorder two scores in floating point either.
 *
 * @param threshold the raw score where s = 0.5: the model's contamination threshold.
 * @param scale     the raw-score distance that moves s from 0.5 to 0.75: the spread of the training scores.
 */
public record AnomalyScoreScale(double threshold, double scale) implements Serializable {

    /**
     * Validates the parameters.
     *
     * @param threshold the threshold.
     * @param scale     the scale, positive.
     */
    public AnomalyScoreScale {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("The threshold must be finite, got " + threshold);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("The scale must be positive and finite, got " + scale);
        }
    }

    /**
     * The scale for a model: the standard deviation of its training scores, or 1 when they do not spread (a
     * detector that scores every training row alike).
     *
     * @param threshold      the model's threshold.
     * @param trainingScores the model's raw scores of its training rows.
     * @return the mapping.
     */
    public static AnomalyScoreScale fit(double threshold, double[] trainingScores) {
        double mean = 0;
        for (double v : trainingScores) {
            mean += v;
        }
        mean /= trainingScores.length;
        double ss = 0;
        for (double v : trainingScores) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / trainingScores.length);
        return new AnomalyScoreScale(threshold, sd > 0 && Double.isFinite(sd) ? sd : 1.0);
    }

    /**
     * The anomaly value s of a raw score.
     *
     * @param raw a raw score, higher = more anomalous.
     * @return s in (0, 1), strictly increasing in {@code raw}.
     */
    public double anomaly(double raw) {
        double z = (raw - threshold) / scale;
        return z >= 0 ? 1.0 - 0.5 / (1.0 + z) : 0.5 / (1.0 - z);
    }

    /**
     * The Weka distribution of a raw score: {@code [1 - s]} for a unary class; for two classes s at the anomaly
     * class's index and 1 - s at the other.
     *
     * @param raw          a raw score.
     * @param numClasses   the class attribute's number of values (1 or 2); 2 when there is no class.
     * @param anomalyIndex the index of the anomaly class value, 0 or 1 (1 without a class).
     * @return the distribution.
     */
    public double[] distribution(double raw, int numClasses, int anomalyIndex) {
        double s = anomaly(raw);
        double[] dist = new double[numClasses];
        if (numClasses == 1) {
            dist[0] = 1.0 - s;
        } else {
            dist[anomalyIndex] = s;
            dist[1 - anomalyIndex] = 1.0 - s;
        }
        return dist;
    }
}
