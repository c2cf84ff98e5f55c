package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.dmad.engine.DecompositionReconstruction;
import org.dmad.engine.Matrix;
import org.dmad.engine.TrainingSettings;

/**
 * Trains a decomposition-based anomaly detector for multivariate time-series windows in the manner of D3R (Wang et
 * al., "Drift doesn't Matter: Dynamic Decomposition with Diffusion Reconstruction for Unstable Multivariate Time
 * Series Anomaly Detection", NeurIPS 2023): each window is split into a moving-average trend and the rest, diffused
 * towards its trend at one fixed timestep (the noise-diffusion bottleneck) and reconstructed in one network
 * evaluation from the diffused window and the trend; training windows are disturbed by random per-channel offsets
 * so that drift is not an anomaly ({@link DecompositionReconstruction}). Every element of a window gets one squared
 * reconstruction error ({@link SeriesD3RModel#elementErrors}); the window's score is their mean.
 * <p>
 * Input: windows as for {@link SeriesDDPMTrainer} (features {@code tXX_cYY}, time-major), standardised per channel
 * with statistics pooled over the time steps. The network is dmad's residual MLP ({@link DDPMTrainer}'s, with its
 * settings and defaults) on 2 * L * C inputs, not D3R's transformers. Differences from the paper are listed in
 * docs/SERIES-DIFFUSION.md.
 * <p>
 * Defaults: T = 1000 linear, bottleneck t = 200, trend over 9 time steps (at most the window), disturbance offsets
 * up to 1 standard deviation; training as {@link DDPMTrainer} (up to 400 epochs with early stopping, batch 64, Adam
 * 1e-4 with L2 5e-4).
 */
public final class SeriesD3RTrainer extends SeriesTrainer {

    /** Default moving-average length (clipped to the window length). */
    public static final int DEFAULT_TREND_WINDOW = 9;
    /** Default bottleneck timestep. */
    public static final int DEFAULT_NOISE_TIME = 200;
    /** Default largest training offset, in standard deviations. */
    public static final double DEFAULT_DISTURBANCE = 1.0;

    @Config(
            description = "Time steps of the moving-average trend, at least 1; windows shorter than this use their "
                    + "length.")
    private int trendWindow = DEFAULT_TREND_WINDOW;

    @Config(
            description = "The noise-diffusion bottleneck: windows are diffused towards their trend to this timestep, "
                    + "in [0, timesteps).")
    private int noiseTime = DEFAULT_NOISE_TIME;

    @Config(
            description = "Training windows get random per-channel offsets uniform in [0, disturbance) standard "
                    + "deviations (0: none).")
    private double disturbance = DEFAULT_DISTURBANCE;

    /** For OLCUT, which sets {@code windowLength}. */
    private SeriesD3RTrainer() {}

    /**
     * A trainer with the defaults for windows of the given length.
     *
     * @param windowLength L, at least 1.
     */
    public SeriesD3RTrainer(int windowLength) {
        windowLength(windowLength);
        postConfig();
    }

    /**
     * A builder starting from the defaults.
     *
     * @param windowLength L, at least 1.
     * @return the builder.
     */
    public static Builder builder(int windowLength) {
        return new Builder(windowLength);
    }

    @Override
    public void postConfig() {
        super.postConfig();
        SettingCheck.atLeast("trendWindow", trendWindow, 1);
        SettingCheck.inRange("noiseTime", noiseTime, 0, getTimesteps() - 1, "[0, timesteps = " + getTimesteps() + ")");
        SettingCheck.nonNegativeFinite("disturbance", disturbance);
    }

    /**
     * The reconstruction these settings describe for windows of the given channels.
     *
     * @param channels C.
     * @param seed     the noise seed.
     * @return the settings.
     */
    DecompositionReconstruction reconstruction(int channels, long seed) {
        return new DecompositionReconstruction(
                getWindowLength(), channels, Math.min(trendWindow, getWindowLength()), noiseTime, disturbance, seed);
    }

    @Override
    SeriesD3RTrainer blank() {
        return new SeriesD3RTrainer();
    }

    @Override
    protected String detectorName() {
        return "SeriesD3R";
    }

    @Override
    protected String modelClassName() {
        return SeriesD3RModel.class.getName();
    }

    /** The decomposition's loss (it does not depend on the scoring seed), plain and grouped. */
    @Override
    DenoiserFitter.Loss loss(int channels) {
        DecompositionReconstruction reconstruction = reconstruction(channels, 0);
        return new DenoiserFitter.Loss(
                reconstruction.networkInputs(), reconstruction::objective, reconstruction::groupedObjective);
    }

    @Override
    protected DMADModel model(DenoiserFit fit, Matrix rows, TrainingSettings settings, ModelContext context) {
        int channels = SeriesDDPMTrainer.channels(context.featureMap(), getWindowLength());
        DecompositionReconstruction reconstruction = reconstruction(channels, settings.seed());
        double[] trainingScores = SeriesErrorRows.means(
                DenoiserModel.values(fit, reconstruction.elementErrors(fit.schedule()), rows), rows.columns());
        return new SeriesD3RModel(context.parts("series-d3r", trainingScores), fit, reconstruction, channelScale());
    }

    /** Builder of a {@link SeriesD3RTrainer}, starting from the defaults. */
    public static final class Builder extends DMADTrainer.Builder<SeriesD3RTrainer, Builder>
            implements DenoiserSettings<SeriesD3RTrainer, Builder>,
                    SeriesTrainer.SeriesSettings<SeriesD3RTrainer, Builder> {
        private Builder(int windowLength) {
            super(SeriesD3RTrainer::new);
            assign(t -> t.windowLength(windowLength));
        }

        /**
         * @param trendWindow time steps of the moving-average trend.
         * @return this builder.
         */
        public Builder trendWindow(int trendWindow) {
            return assign(t -> t.trendWindow = trendWindow);
        }

        /**
         * @param noiseTime the bottleneck timestep, below timesteps.
         * @return this builder.
         */
        public Builder noiseTime(int noiseTime) {
            return assign(t -> t.noiseTime = noiseTime);
        }

        /**
         * @param disturbance the largest training offset in standard deviations.
         * @return this builder.
         */
        public Builder disturbance(double disturbance) {
            return assign(t -> t.disturbance = disturbance);
        }
    }
}
