package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.dmad.engine.Standardizer;
import org.dmad.tribuo.series.ChannelScaledTrainer;
import org.dmad.tribuo.series.SeriesChannelScale;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.DataProvenance;

/**
 * The {@code channelScale} setting of the series trainers ({@link SeriesDDPMTrainer}, and through {@link SeriesTrainer}
 * {@link SeriesImDiffusionTrainer} and {@link SeriesD3RTrainer}): its description, the standardiser each value
 * gives, the training with caller-given whole-series statistics, and the copy of a trainer with another value.
 */
final class SeriesScaling {

    /** The description of {@code channelScale}, the same for every series trainer. */
    static final String CHANNEL_SCALE = "Per-channel scaling of the windows: channel (each channel's mean and "
            + "standard deviation over the training windows' time steps) or series (whole-series statistics given "
            + "by the caller, as TSB-AD z-normalises a whole series; training then needs them, see "
            + "ChannelScaledTrainer). Model files without the setting read as channel.";

    /** The statistics given to the training running on this thread, if any (read by {@link #standardizer}). */
    private static final ThreadLocal<SeriesChannelScale> GIVEN = new ThreadLocal<>();

    private SeriesScaling() {}

    /**
     * The standardiser of a series trainer's windows.
     *
     * @param source       the {@code channelScale} setting.
     * @param raw          raw windows, row-major.
     * @param windowLength L.
     * @param featureMap   the window features (checked).
     * @return one mean and scale per element, each channel's repeated at every time step.
     * @throws IllegalArgumentException under {@code series} without given statistics, or with statistics of another
     *                                  number of channels.
     */
    static Standardizer standardizer(
            SeriesChannelScale.Source source, double[] raw, int windowLength, ImmutableFeatureMap featureMap) {
        int channels = SeriesDDPMTrainer.channels(featureMap, windowLength);
        if (source == SeriesChannelScale.Source.CHANNEL) {
            return SeriesDDPMTrainer.poolChannels(raw, windowLength, channels);
        }
        SeriesChannelScale given = GIVEN.get();
        if (given == null) {
            throw new IllegalArgumentException("channelScale=series scales each channel by statistics of the whole "
                    + "series, which this training was not given: train through ChannelScaledTrainer.train(windows, "
                    + "SeriesChannelScale.of(series, channels), runProvenance), or use channelScale=channel");
        }
        if (given.channels() != channels) {
            throw new IllegalArgumentException("channelScale=series: the statistics have " + given.channels()
                    + " channels but the windows " + channels);
        }
        int d = windowLength * channels;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int k = 0; k < d; k++) {
            mean[k] = given.mean(k % channels);
            scale[k] = given.scale(k % channels);
        }
        return new Standardizer(mean, scale);
    }

    /**
     * Trains with whole-series statistics ({@link ChannelScaledTrainer#train}).
     *
     * @param trainer       the trainer.
     * @param source        its {@code channelScale}.
     * @param windows       the training windows.
     * @param statistics    the whole-series statistics.
     * @param runProvenance extra run provenance.
     * @return the model.
     */
    static DMADModel train(
            DMADTrainer trainer,
            SeriesChannelScale.Source source,
            Dataset<Event> windows,
            SeriesChannelScale statistics,
            Map<String, Provenance> runProvenance) {
        return withStatistics(source, statistics, runProvenance, run -> trainer.train(windows, run));
    }

    /**
     * Trains on windows given as dense rows ({@link ChannelScaledTrainer#trainRows}): the model
     * {@link #train} gives on a dataset of the same windows, bit for bit.
     *
     * @param trainer       the trainer.
     * @param source        its {@code channelScale}.
     * @param rows          the windows, row-major, {@code names.length} values each.
     * @param names         the window feature names.
     * @param data          the provenance of the windows' source.
     * @param statistics    the whole-series statistics.
     * @param runProvenance extra run provenance.
     * @return the model.
     */
    static DMADModel trainRows(
            DMADTrainer trainer,
            SeriesChannelScale.Source source,
            double[] rows,
            String[] names,
            DataProvenance data,
            SeriesChannelScale statistics,
            Map<String, Provenance> runProvenance) {
        return withStatistics(
                source,
                statistics,
                runProvenance,
                run -> trainer.trainRows(rows, names, AnomalyFactory.EXPECTED_EVENT, data, run));
    }

    /**
     * Runs a training step (a training, or the preparation of a group member's, {@link TrainingGroup.Member}) with
     * whole-series statistics: under {@code series} they are recorded in the run provenance under
     * {@link ChannelScaledTrainer#SERIES_SCALE_PROVENANCE} and given to {@link #standardizer} on this thread; under
     * {@code channel} the step runs as it is.
     *
     * @param source        the trainer's {@code channelScale}.
     * @param statistics    the whole-series statistics.
     * @param runProvenance extra run provenance.
     * @param training      the step, given the run provenance to use.
     * @param <R>           what the step gives.
     * @return what the step gave.
     */
    static <R> R withStatistics(
            SeriesChannelScale.Source source,
            SeriesChannelScale statistics,
            Map<String, Provenance> runProvenance,
            Function<Map<String, Provenance>, R> training) {
        Objects.requireNonNull(statistics, "statistics");
        if (source == SeriesChannelScale.Source.CHANNEL) {
            return training.apply(runProvenance);
        }
        Map<String, Provenance> run = new LinkedHashMap<>(runProvenance);
        String key = ChannelScaledTrainer.SERIES_SCALE_PROVENANCE;
        run.put(key, new StringProvenance(key, statistics.toString()));
        GIVEN.set(statistics);
        try {
            return training.apply(run);
        } finally {
            GIVEN.remove();
        }
    }

    /**
     * The {@code channel_scale} field of a series model's payload: empty for {@code channel}, so that a model scaled
     * as before the setting existed writes the same bytes as then.
     *
     * @param source the model's source.
     * @return the field's value.
     */
    static String toProto(SeriesChannelScale.Source source) {
        return source == SeriesChannelScale.Source.CHANNEL ? "" : source.configName();
    }

    /**
     * The part of a series model's text that names its scaling: nothing for {@code channel} (the text as before the
     * setting existed).
     *
     * @param source the model's source.
     * @return e.g. {@code ",channelScale=series"}.
     */
    static String describe(SeriesChannelScale.Source source) {
        return source == SeriesChannelScale.Source.CHANNEL ? "" : ",channelScale=" + source.configName();
    }

    /**
     * Copies every {@code @Config} setting of a trainer into a new one of the same class, so that one setting can
     * then be changed; the caller validates the copy ({@code postConfig()}).
     *
     * @param from  the trainer.
     * @param blank a new trainer of the same class (its no-argument constructor).
     * @param <T>   the trainer class.
     * @return {@code blank}, holding {@code from}'s settings.
     */
    /**
     * {@link org.dmad.tribuo.series.ChannelScaledTrainer#withChannelScale} for every series trainer: a copy of the
     * trainer's settings with another {@code channelScale}, validated.
     *
     * @param from         the trainer.
     * @param blank        a new trainer of the same class.
     * @param channelScale the new value.
     * @param <T>          the trainer class.
     * @return the validated copy.
     */
    static <T extends DMADTrainer> T withChannelScale(T from, T blank, String channelScale) {
        T copy = copySettings(from, blank);
        setChannelScale(copy, channelScale);
        copy.postConfig();
        return copy;
    }

    /**
     * Sets the {@code channelScale} field of a series trainer under construction or copy (the field each series
     * trainer declares; {@link SeriesTrainer.SeriesSettings#channelScale} and {@link #withChannelScale}).
     *
     * @param trainer      the trainer, not yet validated.
     * @param channelScale the value.
     */
    static void setChannelScale(DMADTrainer trainer, String channelScale) {
        try {
            Field f = settingField(trainer.getClass(), "channelScale");
            f.setAccessible(true);
            f.set(trainer, channelScale);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(
                    "Cannot set channelScale of " + trainer.getClass().getName(), e);
        }
    }

    private static Field settingField(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && f.isAnnotationPresent(Config.class)) {
                    return f;
                }
            }
        }
        throw new IllegalStateException(type.getName() + " declares no @Config field " + name);
    }

    static <T extends DMADTrainer> T copySettings(T from, T blank) {
        if (from.getClass() != blank.getClass()) {
            throw new IllegalArgumentException("Cannot copy a "
                    + from.getClass().getName() + " into a " + blank.getClass().getName());
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = from.getClass(); c != null && DMADTrainer.class.isAssignableFrom(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Config.class) && !Modifier.isStatic(f.getModifiers())) {
                    fields.add(f);
                }
            }
        }
        try {
            for (Field f : fields) {
                f.setAccessible(true);
                Object value = f.get(from);
                f.set(blank, value instanceof List<?> list ? new ArrayList<>(list) : value);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(
                    "Cannot copy the settings of " + from.getClass().getName(), e);
        }
        return blank;
    }
}
