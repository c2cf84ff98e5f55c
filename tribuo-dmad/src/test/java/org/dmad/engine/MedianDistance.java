package org.dmad.engine;

import java.util.Arrays;

/**
 * The math of the test-only extra detector (see {@code org.dmad.tribuo.MedianDistanceTrainer}): the coordinate-wise
 * median of the standardised training rows, and each row's L<sub>p</sub> distance to it. It stands for a new
 * detector's engine class in the five-file test ({@code ExtraDetectorTest}) and, like every engine class, uses the JDK
 * only.
 */
public final class MedianDistance {

    private MedianDistance() {}

    /**
     * The coordinate-wise median.
     *
     * @param rows standardised rows, at least one.
     * @return one median per column (the mean of the two middle values for an even count).
     */
    public static double[] median(Matrix rows) {
        if (rows.rows() < 1) {
            throw new IllegalArgumentException("The median needs at least one row");
        }
        double[] centre = new double[rows.columns()];
        double[] column = new double[rows.rows()];
        for (int j = 0; j < rows.columns(); j++) {
            for (int i = 0; i < rows.rows(); i++) {
                column[i] = rows.get(i, j);
            }
            Arrays.sort(column);
            int n = column.length;
            centre[j] = n % 2 == 1 ? column[n / 2] : 0.5 * (column[n / 2 - 1] + column[n / 2]);
        }
        return centre;
    }

    /**
     * Each row's L<sub>p</sub> distance to the centre.
     *
     * @param rows   standardised rows.
     * @param centre the centre, one value per column.
     * @param p      the order of the norm, at least 1.
     * @return one distance per row.
     */
    public static double[] score(Matrix rows, double[] centre, int p) {
        if (centre.length != rows.columns()) {
            throw new IllegalArgumentException(
                    "The centre has " + centre.length + " columns, the rows " + rows.columns());
        }
        if (p < 1) {
            throw new IllegalArgumentException("The norm order must be at least 1, got " + p);
        }
        double[] scores = new double[rows.rows()];
        for (int i = 0; i < scores.length; i++) {
            double sum = 0;
            for (int j = 0; j < centre.length; j++) {
                sum += Math.pow(Math.abs(rows.get(i, j) - centre[j]), p);
            }
            scores[i] = Math.pow(sum, 1.0 / p);
        }
        return scores;
    }
}
