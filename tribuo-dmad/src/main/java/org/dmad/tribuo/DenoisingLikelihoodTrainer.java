package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.dmad.engine.DenoisingLikelihood;
import org.dmad.engine.Matrix;
import org.dmad.engine.TrainingSettings;

/**
 * Trains a density-based diffusion anomaly detector: the same DDPM denoiser as {@link DDPMTrainer} (Ho et al.,
 * NeurIPS 2020; tabular settings of Livernoche et al., ICLR 2024), scored by its denoising loss at fixed timesteps and
 * noise draws, a bound on -log p(x), or by the norm of its score function at a small timestep (see
 * {@link DenoisingLikelihood}). Higher = more anomalous.
 * <p>
 * The denoiser settings and their defaults are {@link DenoiserTrainer}'s. Scoring defaults: the loss statistic over
 * 10 timesteps evenly spaced over 0..T-1 with 4 noise draws each (40 network evaluations per batch), the score norm
 * at t = 10 when chosen. Scoring noise is seeded with the training's effective seed.
 */
public final class DenoisingLikelihoodTrainer extends DenoiserTrainer {

    @Config(
            description = "Statistic: loss (the denoising loss at fixed timesteps and noise draws) or scorenorm "
                    + "(||eps_theta(x, t)|| / sqrt(sigma2_t) at scoreNormTime).")
    @ConfigValues(DenoisingLikelihood.Statistic.class)
    private String statistic = "loss";

    @Config(description = "loss: the number M of timesteps, evenly spaced over 0..T-1.")
    private int scoreTimesteps = 10;

    @Config(description = "loss: noise draws per timestep.")
    private int noiseDraws = 4;

    @Config(description = "scorenorm: the timestep t.")
    private int scoreNormTime = 10;

    /** A trainer with the default settings. */
    public DenoisingLikelihoodTrainer() {}

    /**
     * A builder starting from the defaults.
     *
     * @return the builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void postConfig() {
        super.postConfig();
        SettingCheck.oneOf("statistic", statistic, DenoisingLikelihood.Statistic.class);
        SettingCheck.inRange(
                "scoreTimesteps", scoreTimesteps, 1, getTimesteps(), "[1, timesteps = " + getTimesteps() + "]");
        SettingCheck.atLeast("noiseDraws", noiseDraws, 1);
        SettingCheck.inRange(
                "scoreNormTime", scoreNormTime, 0, getTimesteps() - 1, "[0, timesteps = " + getTimesteps() + ")");
    }

    @Override
    protected String detectorName() {
        return "Denoising likelihood";
    }

    @Override
    protected String modelClassName() {
        return DenoisingLikelihoodModel.class.getName();
    }

    @Override
    protected DMADModel model(DenoiserFit fit, Matrix rows, TrainingSettings settings, ModelContext context) {
        DenoisingLikelihood.Settings scoring = new DenoisingLikelihood.Settings(
                DenoisingLikelihood.Statistic.parse(statistic),
                scoreTimesteps,
                noiseDraws,
                scoreNormTime,
                settings.seed());
        double[] trainingScores = DenoisingLikelihoodModel.scores(fit, scoring, rows);
        return new DenoisingLikelihoodModel(context.parts("dlik", trainingScores), fit, scoring);
    }

    /** Builder of a {@link DenoisingLikelihoodTrainer}, starting from the defaults. */
    public static final class Builder extends DMADTrainer.Builder<DenoisingLikelihoodTrainer, Builder>
            implements DenoiserSettings<DenoisingLikelihoodTrainer, Builder> {
        private Builder() {
            super(DenoisingLikelihoodTrainer::new);
        }

        /**
         * @param statistic loss or scorenorm.
         * @return this builder.
         */
        public Builder statistic(String statistic) {
            return assign(t -> t.statistic = statistic);
        }

        /**
         * @param scoreTimesteps loss: the number M of timesteps.
         * @param noiseDraws     loss: noise draws per timestep.
         * @return this builder.
         */
        public Builder lossDraws(int scoreTimesteps, int noiseDraws) {
            return assign(t -> {
                t.scoreTimesteps = scoreTimesteps;
                t.noiseDraws = noiseDraws;
            });
        }

        /**
         * @param scoreNormTime scorenorm: the timestep t.
         * @return this builder.
         */
        public Builder scoreNormTime(int scoreNormTime) {
            return assign(t -> t.scoreNormTime = scoreNormTime);
        }
    }
}
