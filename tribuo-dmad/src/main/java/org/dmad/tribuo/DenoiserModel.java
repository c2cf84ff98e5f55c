package org.dmad.tribuo;

import org.dmad.engine.BatchScorer;
import org.dmad.engine.Matrix;

/**
 * What the models built on a trained denoiser share ({@link DDPMModel}, {@link DenoisingLikelihoodModel} and the
 * series denoisers): their scores are reductions of per-feature values (reconstruction errors, denoising errors), so
 * the same values score a row and explain it feature by feature. A model passes its {@link Scorer}, built from its
 * own scoring state, to this class, which scores and explains with it; a Java-deserialized model rebuilds its scorer
 * through its constructor ({@code readResolve}), since the scorer is not serialized.
 */
public abstract class DenoiserModel extends DMADModel {

    private static final long serialVersionUID = 1L;

    /** The trained denoiser. */
    protected final DenoiserFit fit;

    /** How this model scores with the denoiser; rebuilt from the model's state, never serialized. */
    private final transient Scorer scorer;

    /**
     * A denoiser model from its parts.
     *
     * @param parts  the shared parts.
     * @param fit    the trained denoiser.
     * @param scorer how the model scores with the denoiser.
     */
    protected DenoiserModel(Parts parts, DenoiserFit fit, Scorer scorer) {
        super(parts);
        this.fit = fit;
        this.scorer = scorer;
    }

    /**
     * How a denoiser model scores: the per-feature values of a batch of standardised rows through the denoiser, and
     * their reduction to one score per row.
     *
     * @param featureValues the per-feature values of a batch, shape (batch, d).
     * @param reduction     the reduction of row-major values to scores.
     */
    public record Scorer(BatchScorer.ScoreFunction featureValues, Reduction reduction) {

        /**
         * The scorer whose score is the mean of the per-feature values.
         *
         * @param featureValues the per-feature values of a batch.
         * @return the scorer.
         */
        public static Scorer mean(BatchScorer.ScoreFunction featureValues) {
            return new Scorer(featureValues, DenoiserModel::rowMeans);
        }

        /**
         * The per-feature values of standardised rows through a denoiser.
         *
         * @param fit  the denoiser.
         * @param rows the rows.
         * @return row-major values, d per row.
         */
        public double[] values(DenoiserFit fit, Matrix rows) {
            return DenoiserModel.values(fit, featureValues, rows);
        }

        /**
         * The scores of standardised rows through a denoiser.
         *
         * @param fit  the denoiser.
         * @param rows the rows.
         * @return one score per row.
         */
        public double[] scores(DenoiserFit fit, Matrix rows) {
            return reduction.reduce(values(fit, rows), rows.columns());
        }
    }

    /** Reduces row-major per-feature values to one score per row. */
    @FunctionalInterface
    public interface Reduction {
        /**
         * @param values  row-major values, {@code columns} per row.
         * @param columns d.
         * @return one score per row.
         */
        double[] reduce(double[] values, int columns);
    }

    /**
     * The per-feature values of standardised rows, whose reduction is their score.
     *
     * @param rows the rows.
     * @return row-major values, d per row.
     */
    protected final double[] featureValues(Matrix rows) {
        return scorer.values(fit, rows);
    }

    @Override
    protected final double[] scoreStandardized(Matrix rows) {
        return scorer.scores(fit, rows);
    }

    /** The per-feature values whose reduction is the score (each model documents what they are). */
    @Override
    protected final double[] featureContributions(Matrix row) {
        return scorer.values(fit, row);
    }

    /** @return the trained denoiser: network, schedule, epochs run, batch used, final loss. */
    public DenoiserFit getDenoiserFit() {
        return fit;
    }

    /** @return the epochs the training ran (fewer than configured when early stopping ended it). */
    public int getEpochsRun() {
        return fit.epochsRun();
    }

    @Override
    protected void releaseNative() {
        fit.network().close();
    }

    @Override
    protected void applyScoringDevice(String device) {
        fit.network().setScoringDevice(device);
    }

    /**
     * Per-feature values of standardised rows through a denoiser.
     *
     * @param fit      the denoiser.
     * @param function the per-feature function.
     * @param rows     the rows.
     * @return row-major values.
     */
    static double[] values(DenoiserFit fit, BatchScorer.ScoreFunction function, Matrix rows) {
        return BatchScorer.scoreRows(fit.network(), rows, BatchScorer.DEFAULT_BATCH, function, rows.columns());
    }

    /**
     * The row sums of row-major values.
     *
     * @param values  the values.
     * @param columns values per row.
     * @return one sum per row.
     */
    static double[] rowSums(double[] values, int columns) {
        double[] out = new double[values.length / columns];
        for (int i = 0; i < out.length; i++) {
            double sum = 0;
            for (int j = 0; j < columns; j++) {
                sum += values[i * columns + j];
            }
            out[i] = sum;
        }
        return out;
    }

    /**
     * The row means of row-major values.
     *
     * @param values  the values.
     * @param columns values per row.
     * @return one mean per row.
     */
    static double[] rowMeans(double[] values, int columns) {
        double[] sums = rowSums(values, columns);
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= columns;
        }
        return sums;
    }
}
