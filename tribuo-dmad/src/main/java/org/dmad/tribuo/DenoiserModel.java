package org.dmad.tribuo;

import org.dmad.engine.BatchScorer;
import org.dmad.engine.Matrix;

/**
 * What the models built on a trained denoiser share ({@link DDPMModel}, {@link DenoisingLikelihoodModel}): their
 * scores are reductions of per-feature values (reconstruction errors, denoising errors), so the same values score a
 * row and explain it feature by feature.
 */
public abstract class DenoiserModel extends DMADModel {

    private static final long serialVersionUID = 1L;

    /** The trained denoiser. */
    protected final DenoiserFit fit;

    /**
     * A denoiser model from its parts.
     *
     * @param parts the shared parts.
     * @param fit   the trained denoiser.
     */
    protected DenoiserModel(Parts parts, DenoiserFit fit) {
        super(parts);
        this.fit = fit;
    }

    /**
     * The per-feature values of a batch, shape (batch, d).
     *
     * @return the function.
     */
    protected abstract BatchScorer.ScoreFunction featureValues();

    /**
     * Reduces per-feature values to scores.
     *
     * @param values  row-major values, {@code columns} per row.
     * @param columns d.
     * @return one score per row.
     */
    protected abstract double[] reduce(double[] values, int columns);

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

    @Override
    protected double[] scoreStandardized(Matrix rows) {
        return reduce(values(fit, featureValues(), rows), rows.columns());
    }

    /** The per-feature values whose reduction is the score (each model documents what they are). */
    @Override
    protected double[] featureContributions(Matrix row) {
        return values(fit, featureValues(), row);
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
    void applyScoringDevice(String device) {
        fit.network().setScoringDevice(device);
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
}
