package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.dmad.engine.BatchScorer;
import org.dmad.engine.GratingImputation;
import org.dmad.engine.Matrix;
import org.dmad.engine.TrainingSettings;

/**
 * Trains an imputation-ensemble anomaly detector for multivariate time-series windows in the manner of ImDiffusion
 * (Chen et al., "ImDiffusion: Imputed Diffusion Models for Multivariate Time Series Anomaly Detection", VLDB 2024):
 * a conditional denoiser learns to impute the time steps hidden by one of two complementary grating masks from the
 * visible ones; a window is scored by imputing each grating and ensembling the imputation errors of the last
 * denoising steps ({@link GratingImputation}). Every element of a window gets one error, so a detection says which
 * channel is anomalous and when ({@link SeriesImDiffusionModel#elementErrors}).
 * <p>
 * Input: windows as for {@link SeriesDDPMTrainer} (features {@code tXX_cYY}, time-major, one Tribuo example per
 * window), standardised per channel with statistics pooled over the time steps. The denoiser is dmad's residual MLP
 * ({@link DDPMTrainer}'s, with its settings and defaults) on 2 * L * C inputs: the visible part of the window next
 * to the noisy hidden part. Differences from the paper are listed in docs/SERIES-DIFFUSION.md.
 * <p>
 * Defaults: T = 1000 linear, imputation from t_r = 1000 (pure noise) with 8 deterministic DDIM steps, the last 4
 * ensembled, grating strips of 4 time steps; training as {@link DDPMTrainer} (up to 400 epochs with early stopping,
 * batch 64, Adam 1e-4 with L2 5e-4). Scores are finite or an error is raised; the scoring noise is seeded with the
 * training's effective seed, so scores are deterministic.
 */
public final class SeriesImDiffusionTrainer extends SeriesTrainer {

    /** Default strip width of the gratings, in time steps. */
    public static final int DEFAULT_GRATING_WIDTH = 4;
    /** Default DDIM steps of an imputation. */
    public static final int DEFAULT_DDIM_STEPS = 8;
    /** Default number of last steps whose errors are ensembled. */
    public static final int DEFAULT_ENSEMBLE_STEPS = 4;

    @Config(
            description = "Time steps per grating strip, in [1, windowLength - 1]; grating 0 hides the even strips, "
                    + "grating 1 the odd ones.")
    private int gratingWidth = DEFAULT_GRATING_WIDTH;

    @Config(description = "Imputation start t_r in [1, timesteps]: the hidden part starts as noise at t_r - 1.")
    private int reconstructionTime = 1000;

    @Config(description = "Deterministic DDIM steps of an imputation, from t_r - 1 down to 0.")
    private int ddimSteps = DEFAULT_DDIM_STEPS;

    @Config(
            description = "The last ensembleSteps denoising steps whose imputation errors are ensembled, in "
                    + "[1, ddimSteps].")
    private int ensembleSteps = DEFAULT_ENSEMBLE_STEPS;

    /** For OLCUT, which sets {@code windowLength}. */
    private SeriesImDiffusionTrainer() {}

    /**
     * A trainer with the defaults for windows of the given length.
     *
     * @param windowLength L, at least 2.
     */
    public SeriesImDiffusionTrainer(int windowLength) {
        windowLength(windowLength);
        postConfig();
    }

    /**
     * A builder starting from the defaults.
     *
     * @param windowLength L, at least 2.
     * @return the builder.
     */
    public static Builder builder(int windowLength) {
        return new Builder(windowLength);
    }

    /** A grating needs a hidden and a visible time step: at least 2. */
    @Override
    protected void checkWindowLength(int windowLength) {
        if (windowLength < 2) {
            throw SettingCheck.invalid(
                    "windowLength",
                    "windowLength must be at least 2 (a grating needs a hidden and a visible time step), got "
                            + windowLength);
        }
    }

    @Override
    public void postConfig() {
        super.postConfig();
        int windowLength = getWindowLength();
        SettingCheck.inRange(
                "reconstructionTime", reconstructionTime, 1, getTimesteps(), "[1, timesteps = " + getTimesteps() + "]");
        SettingCheck.inRange(
                "gratingWidth",
                gratingWidth,
                1,
                windowLength - 1,
                "[1, windowLength - 1 = " + (windowLength - 1) + "] (both gratings must hide some time steps)");
        SettingCheck.inRange(
                "ddimSteps", ddimSteps, 1, reconstructionTime, "[1, reconstructionTime = " + reconstructionTime + "]");
        SettingCheck.inRange("ensembleSteps", ensembleSteps, 1, ddimSteps, "[1, ddimSteps = " + ddimSteps + "]");
    }

    GratingImputation imputation(int channels, long seed) {
        return new GratingImputation(
                getWindowLength(), channels, gratingWidth, reconstructionTime, ddimSteps, ensembleSteps, seed);
    }

    @Override
    SeriesImDiffusionTrainer blank() {
        return new SeriesImDiffusionTrainer();
    }

    @Override
    protected String detectorName() {
        return "SeriesImDiffusion";
    }

    @Override
    protected String modelClassName() {
        return SeriesImDiffusionModel.class.getName();
    }

    /** The imputation's loss (it does not depend on the scoring seed), plain and grouped. */
    @Override
    DenoiserFitter.Loss loss(int channels) {
        GratingImputation imputation = imputation(channels, 0);
        return new DenoiserFitter.Loss(imputation.networkInputs(), imputation::objective, imputation::groupedObjective);
    }

    @Override
    protected DMADModel model(DenoiserFit fit, Matrix rows, TrainingSettings settings, ModelContext context) {
        int channels = SeriesDDPMTrainer.channels(context.featureMap(), getWindowLength());
        GratingImputation imputation = imputation(channels, settings.seed());
        int steps = imputation.ensembleSteps();
        double[] perStep = BatchScorer.scoreRows(
                fit.network(), rows, BatchScorer.DEFAULT_BATCH, imputation.stepErrors(fit.schedule()), steps);
        int n = rows.rows();
        double[] scales = new double[steps];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < steps; j++) {
                scales[j] += perStep[i * steps + j] / n;
            }
        }
        for (int j = 0; j < steps; j++) {
            // A step that imputes the training windows perfectly keeps a tiny positive scale rather than 0.
            scales[j] = Math.max(scales[j], 1e-12);
        }
        double[] trainingScores = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < steps; j++) {
                trainingScores[i] += perStep[i * steps + j] / (steps * scales[j]);
            }
        }
        return new SeriesImDiffusionModel(
                context.parts("series-imdiffusion", trainingScores), fit, imputation, scales, channelScale());
    }

    /** Builder of a {@link SeriesImDiffusionTrainer}, starting from the defaults. */
    public static final class Builder extends DMADTrainer.Builder<SeriesImDiffusionTrainer, Builder>
            implements DenoiserSettings<SeriesImDiffusionTrainer, Builder>,
                    SeriesTrainer.SeriesSettings<SeriesImDiffusionTrainer, Builder> {
        private Builder(int windowLength) {
            super(SeriesImDiffusionTrainer::new);
            assign(t -> t.windowLength(windowLength));
        }

        /**
         * @param gratingWidth time steps per grating strip.
         * @return this builder.
         */
        public Builder gratingWidth(int gratingWidth) {
            return assign(t -> t.gratingWidth = gratingWidth);
        }

        /**
         * @param reconstructionTime the imputation start t_r.
         * @return this builder.
         */
        public Builder reconstructionTime(int reconstructionTime) {
            return assign(t -> t.reconstructionTime = reconstructionTime);
        }

        /**
         * @param ddimSteps DDIM steps of an imputation.
         * @return this builder.
         */
        public Builder ddimSteps(int ddimSteps) {
            return assign(t -> t.ddimSteps = ddimSteps);
        }

        /**
         * @param ensembleSteps the last steps whose errors are ensembled.
         * @return this builder.
         */
        public Builder ensembleSteps(int ensembleSteps) {
            return assign(t -> t.ensembleSteps = ensembleSteps);
        }
    }
}
