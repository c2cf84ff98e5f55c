package org.dmad.tribuo.series;

/**
 * A Tribuo anomaly model that scores dense rows without one Tribuo example per row: what {@link SeriesModel} uses for
 * the windows of a model that is not a dmad model (dmad models have {@code DMADModel.scoreRows}).
 * <p>
 * The contract: row {@code i}'s score is, bit for bit, {@code predict(example).getOutput().getScore()} for an example
 * that holds feature {@code j} of the model's feature map with value {@code rows[i * d + j]} for every {@code j < d}
 * ({@code d = getFeatureIDMap().size()}), and the method is safe to call from several threads at once.
 */
public interface DenseRowScorer {

    /**
     * Scores dense rows.
     *
     * @param rows  {@code count} rows of {@code d} values each, row-major; value {@code j} of a row is the feature of
     *              id {@code j}. Not modified.
     * @param count the number of rows.
     * @return one score per row, as the model's {@code predict} gives it.
     * @throws IllegalArgumentException when {@code rows} does not hold {@code count} rows of {@code d} values, or a
     *                                  value is not finite (as {@code predict} refuses it).
     */
    double[] scoreDenseRows(double[] rows, int count);
}
