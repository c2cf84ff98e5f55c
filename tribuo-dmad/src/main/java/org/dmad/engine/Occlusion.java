package org.dmad.engine;

import java.util.function.Function;

/**
 * Occlusion explanations: a feature's contribution to a row's anomaly score is how much the score drops when that
 * feature is replaced by its training mean (0 after standardisation). It needs only inference, so it runs
 * concurrently with other scoring and without gradients; all d + 1 variants of a row are scored in one batch.
 */
public final class Occlusion {

    private Occlusion() {}

    /**
     * Contributions of each feature of one standardised row.
     *
     * @param row    one standardised row (1 x d).
     * @param scorer scores standardised rows, higher = more anomalous.
     * @return per-feature contributions: score(row) - score(row with feature j at its mean).
     */
    public static double[] contributions(Matrix row, Function<Matrix, double[]> scorer) {
        if (row.rows() != 1) {
            throw new IllegalArgumentException("Occlusion explains one row at a time, got " + row.rows());
        }
        int d = row.columns();
        float[] variants = new float[(d + 1) * d];
        for (int v = 0; v <= d; v++) {
            System.arraycopy(row.data(), 0, variants, v * d, d);
            if (v > 0) {
                variants[v * d + (v - 1)] = 0f;
            }
        }
        double[] scores = scorer.apply(new Matrix(variants, d + 1, d));
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            out[j] = scores[0] - scores[j + 1];
        }
        return out;
    }
}
