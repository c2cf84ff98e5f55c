package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dmad.engine.Matrix;
import org.dmad.engine.Standardizer;
import org.dmad.engine.TrainingSettings;
import org.dmad.tribuo.series.ChannelScaledTrainer;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.DataProvenance;

/**
 * The settings of a series window trainer whose denoiser is trained by {@link DenoiserTrainer}'s loop on a detector's
 * own objective ({@link SeriesImDiffusionTrainer}, {@link SeriesD3RTrainer}): the window length and the per-channel
 * scaling ({@code channelScale}, see {@link ChannelScaledTrainer}). {@link SeriesDDPMTrainer}, which extends the
 * reverse chain's trainer, declares the same two settings with the same descriptions.
 */
public abstract class SeriesTrainer extends DenoiserTrainer implements ChannelScaledTrainer {

    @Config(mandatory = true, description = SeriesDDPMTrainer.WINDOW_LENGTH)
    private int windowLength;

    @Config(description = SeriesScaling.CHANNEL_SCALE)
    @ConfigValues(SeriesChannelScale.Source.class)
    private String channelScale = "channel";

    /** For OLCUT and the builders: every setting at its default, the window length unset. */
    protected SeriesTrainer() {}

    /** Checks the shared settings, the window length ({@link #checkWindowLength}) and {@code channelScale}. */
    @Override
    public void postConfig() {
        super.postConfig();
        checkWindowLength(windowLength);
        SettingCheck.oneOf(
                "channelScale", channelScale, SeriesChannelScale.Source.class, SeriesChannelScale.Source::configName);
    }

    /**
     * Checks the window length: at least 1, unless a detector needs longer windows.
     *
     * @param windowLength L.
     * @throws com.oracle.labs.mlrg.olcut.config.PropertyException naming {@code windowLength}.
     */
    protected void checkWindowLength(int windowLength) {
        SettingCheck.atLeast("windowLength", windowLength, 1);
    }

    /** @return the window length L. */
    public int getWindowLength() {
        return windowLength;
    }

    @Override
    public String getChannelScale() {
        return channelScale;
    }

    void windowLength(int windowLength) {
        this.windowLength = windowLength;
    }

    void channelScale(String channelScale) {
        this.channelScale = channelScale;
    }

    /**
     * The detector's denoiser loss for windows of the given channels: its network's input width and its objective,
     * plain and grouped.
     *
     * @param channels C.
     * @return the loss.
     */
    abstract DenoiserFitter.Loss loss(int channels);

    /**
     * The model of a trained denoiser: the detector's scoring for the windows' channels, seeded with the
     * invocation's effective seed, and its threshold from the training windows.
     */
    @Override
    protected abstract DMADModel model(DenoiserFit fit, Matrix rows, TrainingSettings settings, ModelContext context);

    /** Trains the denoiser with the detector's loss ({@link #loss}) and builds the model ({@link #model}). */
    @Override
    protected DMADModel fit(Matrix rows, TrainingSettings settings, ModelContext context) {
        DenoiserFitter.Loss loss = loss(SeriesDDPMTrainer.channels(context.featureMap(), windowLength));
        return model(trainDenoiser(rows, settings, context, loss.inputs(), loss.plain()), rows, settings, context);
    }

    /**
     * Its detectors train their own objective on a wider network, in groups too: the stacked form of their loss
     * ({@link DenoiserFitter#fitGroup(List, List, List, DenoiserFitter.Loss)}).
     */
    @Override
    public boolean trainsInGroups() {
        return true;
    }

    /**
     * Trains the members' denoisers together with the detector's loss and builds each member's model with
     * {@link #model}, as {@link #fit} builds it. The members' windows must have the same channels.
     */
    @Override
    List<DMADModel> fitGroup(List<Matrix> rows, List<TrainingSettings> settings, List<ModelContext> contexts) {
        int channels = SeriesDDPMTrainer.channels(contexts.get(0).featureMap(), windowLength);
        List<Double> contamination = new ArrayList<>(contexts.size());
        for (int g = 0; g < contexts.size(); g++) {
            int c = SeriesDDPMTrainer.channels(contexts.get(g).featureMap(), windowLength);
            if (c != channels) {
                throw new IllegalArgumentException("Members of a group need windows of the same channels: member " + g
                        + " has " + c + ", member 0 " + channels);
            }
            contamination.add(contexts.get(g).contamination());
        }
        List<DenoiserFit> fits = fitter().fitGroup(rows, settings, contamination, loss(channels));
        List<DMADModel> models = new ArrayList<>(fits.size());
        for (int g = 0; g < fits.size(); g++) {
            models.add(model(fits.get(g), rows.get(g), settings.get(g), contexts.get(g)));
        }
        return models;
    }

    /**
     * A new trainer of this class with every setting at its default, for {@link #withChannelScale}.
     *
     * @return the trainer, not yet validated.
     */
    abstract SeriesTrainer blank();

    @Override
    public SeriesTrainer withChannelScale(String channelScale) {
        return SeriesScaling.withChannelScale(this, blank(), channelScale);
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

    /** Checks the window features and takes each channel's statistics as {@code channelScale} says. */
    @Override
    protected Standardizer standardizer(double[] raw, ImmutableFeatureMap featureMap) {
        return SeriesScaling.standardizer(channelScale(), raw, windowLength, featureMap);
    }

    /**
     * The builder setting every series trainer shares ({@link SeriesImDiffusionTrainer}, {@link SeriesD3RTrainer} and
     * {@link SeriesDDPMTrainer}, whose builders implement it).
     *
     * @param <T> the trainer.
     * @param <B> the builder.
     */
    public interface SeriesSettings<T extends DMADTrainer & ChannelScaledTrainer, B> {

        /**
         * Records an assignment of settings ({@link DMADTrainer.Builder#assign}).
         *
         * @param assignment sets fields of the trainer under construction.
         * @return this builder.
         */
        B assign(Consumer<? super T> assignment);

        /**
         * @param channelScale {@code channel} (statistics of the training windows) or {@code series} (whole-series
         *                     statistics given at training, {@link ChannelScaledTrainer}).
         * @return this builder.
         */
        default B channelScale(String channelScale) {
            return assign(t -> SeriesScaling.setChannelScale(t, channelScale));
        }
    }
}
