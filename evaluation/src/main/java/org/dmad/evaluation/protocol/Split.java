package org.dmad.evaluation.protocol;

import java.util.Map;

/**
 * Training and test rows of one dataset under one protocol and seed, standardised with statistics of the training
 * rows only.
 *
 * @param train      training rows, row-major.
 * @param trainLabels labels of the training rows (all 0 under the semi-supervised protocols; the true labels,
 *                   unused by detectors, under {@code unsup}).
 * @param test       test rows, row-major.
 * @param testLabels labels of the test rows.
 * @param columns    features per row.
 * @param facts      how the split was made (protocol, seed, row counts, resampling, scaler source).
 */
public record Split(
        double[] train, int[] trainLabels, double[] test, int[] testLabels, int columns, Map<String, String> facts) {

    /** @return the number of training rows. */
    public int trainRows() {
        return trainLabels.length;
    }

    /** @return the number of test rows. */
    public int testRows() {
        return testLabels.length;
    }
}
