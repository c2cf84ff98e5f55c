package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.dmad.engine.DMADEngine;
import org.dmad.engine.DTENonParametric;
import org.dmad.engine.Matrix;
import org.dmad.engine.TrainingSettings;

/**
 * Builds a DTE-NonParametric anomaly detector (Livernoche et al., "On Diffusion Modeling for Anomaly Detection",
 * ICLR 2024): no network is trained; the model keeps the standardised training rows and scores a row by the
 * diffusion-time posterior implied by the mean squared distance to its {@code k} nearest training rows (see
 * {@link DTENonParametric}).
 * <p>
 * Defaults are the reference's: k = 5 neighbours, T = 300 timesteps of the linear schedule, and the posterior mean
 * as the score, which reproduces the paper's figures; {@code score = argmax} gives the specification's posterior
 * mode, which saturates at T - 1 for far-away rows and then ties them (see {@link DTENonParametric} for the
 * measurements behind this choice). The shared optimisation settings ({@code epochs, batchSize, learningRate,
 * weightDecay, seed}) are accepted for a uniform configuration vocabulary but do not affect this detector;
 * {@code device} and {@code threads} decide where and how the distances are computed, and {@code contamination}
 * sets the threshold from leave-one-out scores of the training rows.
 * <p>
 * Needs at least 3 features (the inverse-gamma shape d/2 - 1 must be positive) and more than k training rows;
 * training rows must be EXPECTED or UNKNOWN. The model holds every training row, so its size grows with the data.
 */
public final class DTENonParametricTrainer extends DiffusionTrainer {

    @Config(description = "Number of nearest training rows k whose mean squared distance sets the posterior.")
    private int k = DTENonParametric.DEFAULT_NEIGHBOURS;

    @Config(
            description = "Score: posteriorMean (the default, as in the paper's figures) or argmax (the posterior's "
                    + "mode, which ties all rows beyond the last timestep).")
    @ConfigValues(DTENonParametric.Score.class)
    private String score = DTENonParametric.Score.POSTERIOR_MEAN.configName();

    /** A trainer with the reference's defaults. */
    public DTENonParametricTrainer() {
        super(DTENonParametric.DEFAULT_TIMESTEPS);
    }

    /**
     * A builder starting from the reference's defaults.
     *
     * @return the builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        SettingCheck.atLeast("k", k, 1);
        SettingCheck.oneOf("score", score, DTENonParametric.Score.class, DTENonParametric.Score::configName);
    }

    @Override
    protected String detectorName() {
        return "DTE-NonParametric";
    }

    /** @return k + 1: each training row's own score leaves it out of its neighbours. */
    @Override
    protected int minimumRows() {
        return k + 1;
    }

    @Override
    protected String modelClassName() {
        return DTENonParametricModel.class.getName();
    }

    @Override
    protected DMADModel fit(Matrix rows, TrainingSettings settings, ModelContext context) {
        DTENonParametric detector =
                new DTENonParametric(rows, k, noiseSchedule(), DTENonParametric.Score.parse(score), settings.device());
        // The leave-one-out pass is an n x n distance computation: run it with the configured thread count.
        double[] trainingScores = DMADEngine.train(
                settings.seed(), settings.threads(), DMADEngine.device(settings.device()), detector::trainingScores);
        return new DTENonParametricModel(context.parts("dte-nonparametric", trainingScores), detector);
    }

    /** Builder of a {@link DTENonParametricTrainer}, starting from the paper's defaults. */
    public static final class Builder extends DMADTrainer.Builder<DTENonParametricTrainer, Builder>
            implements DiffusionSettings<DTENonParametricTrainer, Builder> {
        private Builder() {
            super(DTENonParametricTrainer::new);
        }

        /**
         * @param k the number of nearest training rows.
         * @return this builder.
         */
        public Builder k(int k) {
            return assign(t -> t.k = k);
        }

        /**
         * @param score posteriorMean or argmax.
         * @return this builder.
         */
        public Builder score(String score) {
            return assign(t -> t.score = score);
        }
    }
}
