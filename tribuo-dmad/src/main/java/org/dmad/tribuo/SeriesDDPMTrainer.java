package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.util.Map;
import org.dmad.engine.DDPMScoring;
import org.dmad.engine.Matrix;
import org.dmad.engine.SeriesScoring;
import org.dmad.engine.Standardizer;
import org.dmad.engine.TrainingSettings;
import org.dmad.tribuo.series.ChannelScaledTrainer;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.DataProvenance;

/**
 * Trains a diffusion anomaly detector for multivariate time-series windows that says which channel is anomalous
 * and when: every window of {@code windowLength} time steps over C channels gets one error per time step and channel
 * (see {@link SeriesDDPMModel#elementErrors}), and its score is their mean.
 * <p>
 * Input: one {@link org.tribuo.Example} per window, its features the window flattened time-major (element
 * k = t * C + c) and named {@code "t" + t + "_c" + c} with both numbers zero-padded to the digits of L - 1 and C - 1
 * (e.g. {@code t07_c05} for L = 100, C = 38), so that Tribuo's sorted feature ids are in time-major order;
 * {@link SeriesDDPMModel#featureName} builds the names. The number of channels is the number of features divided by
 * {@code windowLength}; a width that is not a multiple, or names out of this order, are refused.
 * <p>
 * The denoiser is the DDPM residual MLP of {@link DDPMTrainer} (Ho et al., NeurIPS 2020; tabular settings of
 * Livernoche et al., ICLR 2024), trained on the flattened windows as plain vectors with the same defaults. It is
 * not the convolutional or transformer denoiser of time-series diffusion models such as DiffAD (Xiao et al., KDD
 * 2023): the MLP has no built-in notion of neighbouring time steps or of channels, so it learns each offset's
 * relation to the others from the data, needs more windows to do so, and does not share what it learns across
 * offsets (a pattern seen only at offset 3 is not known at offset 12). Long windows over many channels make a wide
 * first layer (L * C inputs). Values are standardised per channel with statistics pooled over the time steps, so an
 * element's error means the same at every offset.
 * <p>
 * Two modes ({@code mode}):
 * <ul>
 *     <li>{@code reconstruction}: each window is noised to t_r with fixed-seed noise (AnoDDPM, Wyatt et al. 2022;
 *     {@code start = noised}, the default here) and denoised back by the DDPM chain or DDIM ({@code sampler});
 *     element error (x - xHat)^2;</li>
 *     <li>{@code imputation}: the time steps are split into {@code maskCount} interleaved masks and each mask is
 *     imputed from the other time steps by the same chain, the observed values noised to every step replacing the
 *     observed part of the state (RePaint-style conditioning, Lugmayr et al. 2022); element error
 *     (x - imputed)^2, see {@link org.dmad.engine.SeriesImputation}. DiffAD instead trains a conditional network
 *     on masked inputs and picks the masked points by a density ratio; here the unconditional denoiser imputes by
 *     conditioning at sampling time only, so one trained network serves both modes (a model can be switched with
 *     {@link SeriesDDPMModel#withScoring}), at K times the scoring cost.</li>
 * </ul>
 * Defaults: those of {@link DDPMTrainer} (T = 1000, t_r = 250, up to 400 epochs with early stopping, batch 64,
 * Adam 1e-4 with L2 5e-4, DDIM 20 steps with eta = 1), except {@code start = noised}; mode reconstruction,
 * maskCount 2, maskWidth 1, maskStart mean. Scores are finite or an error is raised, never NaN; the scoring noise is seeded with the training's
 * effective seed, so scores are deterministic.
 */
public final class SeriesDDPMTrainer extends ReverseChainTrainer implements ChannelScaledTrainer {

    /**
     * The description of the window length, the one setting every series trainer has ({@link SeriesD3RTrainer} and
     * {@link SeriesImDiffusionTrainer} name it too).
     */
    static final String WINDOW_LENGTH = "Time steps per window, L (at least 1; at least 2 for SeriesImDiffusion, whose "
            + "gratings need a hidden and a visible time step); the channels are the number of features divided by L.";

    @Config(mandatory = true, description = WINDOW_LENGTH)
    private int windowLength;

    @Config(description = SeriesScaling.CHANNEL_SCALE)
    @ConfigValues(SeriesChannelScale.Source.class)
    private String channelScale = "channel";

    @Config(
            description = "reconstruction (noise the window and denoise it back) or imputation (impute masked time "
                    + "steps from the rest).")
    private String mode = "reconstruction";

    @Config(
            description = "imputation only: the number of interleaved masks K in [2, windowLength]; time step t is "
                    + "imputed in pass t mod K.")
    private int maskCount = SeriesScoring.DEFAULT_MASK_COUNT;

    @Config(
            description = "imputation only: consecutive time steps per strip of a mask, W >= 1 with maskCount * W <= "
                    + "windowLength; time step t is imputed in pass floor(t / W) mod maskCount. 1 (the default) "
                    + "interleaves single steps.")
    private int maskWidth = SeriesScoring.DEFAULT_MASK_WIDTH;

    @Config(
            description = "imputation only: what the masked time steps start from before they are noised to t_r: "
                    + "mean (the training mean, pure noise after noising; the default) or interpolation (the linear "
                    + "interpolation of the nearest observed steps, which the chain refines).")
    private String maskStart = "mean";

    /** For OLCUT, which sets {@code windowLength}. */
    private SeriesDDPMTrainer() {
        super("noised");
    }

    /**
     * A trainer with the defaults for windows of the given length.
     *
     * @param windowLength L, at least 1.
     */
    public SeriesDDPMTrainer(int windowLength) {
        this();
        this.windowLength = windowLength;
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
        SettingCheck.atLeast("windowLength", windowLength, 1);
        SettingCheck.oneOf(
                "channelScale", channelScale, SeriesChannelScale.Source.class, SeriesChannelScale.Source::configName);
        SeriesScoring.Mode m = SettingCheck.oneOf("mode", mode, SeriesScoring.Mode.class);
        SettingCheck.oneOf("maskStart", maskStart, SeriesScoring.MaskStart.class);
        if (m == SeriesScoring.Mode.IMPUTATION) {
            SettingCheck.inRange(
                    "maskCount",
                    maskCount,
                    2,
                    windowLength,
                    "[2, windowLength = " + windowLength + "] (mode imputation)");
            SettingCheck.require(
                    maskWidth >= 1 && (long) maskCount * maskWidth <= windowLength,
                    "maskWidth",
                    "maskWidth must be at least 1 with maskCount * maskWidth <= windowLength = " + windowLength
                            + " (mode imputation), got " + maskWidth + " with maskCount " + maskCount);
            SettingCheck.require(
                    DDPMScoring.Start.parse(start()) == DDPMScoring.Start.NOISED,
                    "start",
                    "start must be noised for imputation (the masked time steps start from noise, the observed ones "
                            + "are noised), got " + start());
            SettingCheck.require(
                    !fullPath(), "fullPath", "fullPath applies to reconstruction only, not to mode imputation");
        } else {
            SettingCheck.atLeast("maskCount", maskCount, 1);
            SettingCheck.atLeast("maskWidth", maskWidth, 1);
        }
    }

    /**
     * The scoring these settings describe for windows of the given channels.
     *
     * @param channels C.
     * @param seed     the noise seed.
     * @return the scoring.
     */
    SeriesScoring scoring(int channels, long seed) {
        return new SeriesScoring(
                SeriesScoring.Mode.parse(mode),
                chain(seed),
                windowLength,
                channels,
                maskCount,
                maskWidth,
                SeriesScoring.MaskStart.parse(maskStart));
    }

    /** @return the window length L. */
    public int getWindowLength() {
        return windowLength;
    }

    @Override
    public String getChannelScale() {
        return channelScale;
    }

    @Override
    public SeriesDDPMTrainer withChannelScale(String channelScale) {
        return SeriesScaling.withChannelScale(this, new SeriesDDPMTrainer(), channelScale);
    }

    @Override
    public DMADModel train(
            Dataset<Event> windows, SeriesChannelScale statistics, Map<String, Provenance> runProvenance) {
        return SeriesScaling.train(this, channelScale(), windows, statistics, runProvenance);
    }

    @Override
    public DMADModel trainRows(
            double[] rows,
            String[] names,
            DataProvenance source,
            SeriesChannelScale statistics,
            Map<String, Provenance> runProvenance) {
        return SeriesScaling.trainRows(this, channelScale(), rows, names, source, statistics, runProvenance);
    }

    @Override
    protected String detectorName() {
        return "SeriesDDPM";
    }

    @Override
    protected String modelClassName() {
        return SeriesDDPMModel.class.getName();
    }

    /** Checks the window features and takes each channel's statistics as {@code channelScale} says. */
    @Override
    protected Standardizer standardizer(double[] raw, ImmutableFeatureMap featureMap) {
        return SeriesScaling.standardizer(channelScale(), raw, windowLength, featureMap);
    }

    /**
     * The model of a trained denoiser: this trainer's scoring for the windows' channels, its noise seeded with the
     * invocation's effective seed, and the threshold from the training windows' scores. Both modes train the plain
     * denoiser, so the seeds of a series train in groups ({@link TrainingGroup}).
     */
    @Override
    protected DMADModel model(DenoiserFit fit, Matrix rows, TrainingSettings settings, ModelContext context) {
        int channels = channels(context.featureMap(), windowLength);
        SeriesScoring scoring = scoring(channels, settings.seed());
        double[] trainingScores = SeriesDDPMModel.scores(fit, scoring, rows);
        return new SeriesDDPMModel(
                context.parts(SeriesDDPMModel.modelName(scoring), trainingScores), fit, scoring, channelScale());
    }

    /**
     * The channels of windows of length L, after checking the features' count and names.
     *
     * @param features     the training features, in id order.
     * @param windowLength L.
     * @return C = features / L.
     * @throws IllegalArgumentException when the count is not a multiple of L or a name is not the expected one.
     */
    static int channels(ImmutableFeatureMap features, int windowLength) {
        int d = features.size();
        if (d % windowLength != 0) {
            throw new IllegalArgumentException("SeriesDDPM: the windows have " + d + " features, which is not a "
                    + "multiple of windowLength = " + windowLength + " (channels = features / windowLength)");
        }
        int channels = d / windowLength;
        for (int k = 0; k < d; k++) {
            String expected = SeriesDDPMModel.featureName(k / channels, k % channels, windowLength, channels);
            String name = features.get(k).getName();
            if (!name.equals(expected)) {
                throw new IllegalArgumentException("SeriesDDPM expects windows flattened time-major with features "
                        + "named tT_cC (zero-padded, e.g. " + SeriesDDPMModel.featureName(0, 0, windowLength, channels)
                        + ") for windowLength = " + windowLength + " and " + channels + " channels; "
                        + "feature " + k + " is '" + name + "', expected '" + expected + "'");
            }
        }
        return channels;
    }

    /**
     * Per-channel statistics pooled over the time steps (and rows), in double precision; a constant channel keeps
     * scale 1, as {@link Standardizer#fit} does for a constant column.
     *
     * @param raw          raw windows, row-major, L * C values each.
     * @param windowLength L.
     * @param channels     C.
     * @return the standardiser, one entry per element (each channel's statistics repeated at every time step).
     */
    static Standardizer poolChannels(double[] raw, int windowLength, int channels) {
        int d = windowLength * channels;
        double[] mean = new double[channels];
        double[] square = new double[channels];
        for (int i = 0; i < raw.length; i++) {
            mean[i % d % channels] += raw[i];
        }
        long count = (long) raw.length / channels;
        for (int c = 0; c < channels; c++) {
            mean[c] /= count;
        }
        for (int i = 0; i < raw.length; i++) {
            double centred = raw[i] - mean[i % d % channels];
            square[i % d % channels] += centred * centred;
        }
        double[] elementMean = new double[d];
        double[] elementScale = new double[d];
        for (int k = 0; k < d; k++) {
            int c = k % channels;
            double sd = Math.sqrt(square[c] / count);
            boolean constant = !(sd > 1e-12 * Math.max(1.0, Math.abs(mean[c])));
            elementMean[k] = mean[c];
            elementScale[k] = constant || !Double.isFinite(sd) ? 1.0 : sd;
        }
        return new Standardizer(elementMean, elementScale);
    }

    /** Builder of a {@link SeriesDDPMTrainer}, starting from the defaults. */
    public static final class Builder extends DMADTrainer.Builder<SeriesDDPMTrainer, Builder>
            implements DenoiserSettings<SeriesDDPMTrainer, Builder>,
                    SeriesTrainer.SeriesSettings<SeriesDDPMTrainer, Builder>,
                    ReverseChainSettings<SeriesDDPMTrainer, Builder> {
        private Builder(int windowLength) {
            super(SeriesDDPMTrainer::new);
            assign(t -> t.windowLength = windowLength);
        }

        /**
         * @param mode reconstruction or imputation.
         * @return this builder.
         */
        public Builder mode(String mode) {
            return assign(t -> t.mode = mode);
        }

        /**
         * @param maskCount the interleaved masks K of the imputation mode.
         * @return this builder.
         */
        public Builder maskCount(int maskCount) {
            return assign(t -> t.maskCount = maskCount);
        }

        /**
         * @param maskWidth consecutive time steps per strip of an imputation mask (1: interleaved single steps).
         * @return this builder.
         */
        public Builder maskWidth(int maskWidth) {
            return assign(t -> t.maskWidth = maskWidth);
        }

        /**
         * @param maskStart what the masked time steps of an imputation start from: mean or interpolation.
         * @return this builder.
         */
        public Builder maskStart(String maskStart) {
            return assign(t -> t.maskStart = maskStart);
        }
    }
}
