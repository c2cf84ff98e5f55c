package org.dmad.tribuo.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmad.series.SeriesNormalizer;
import org.dmad.series.SlidingWindows;
import org.dmad.tribuo.DMADModel;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.TrainingGroup;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;

/**
 * Trains any Tribuo anomaly trainer on the sliding windows of a time series: the entry point for time-series
 * anomaly detection with dmad (or any other tabular Tribuo detector). A dmad trainer takes the windows as dense rows
 * ({@link DMADTrainer#trainRows}), the model bit for bit as from a dataset of the windows; another Tribuo trainer
 * gets a {@link MutableDataset} of a {@link WindowedDataSource}.
 * <pre>{@code
 * SeriesModel model = SeriesDetector.fit(DTENonParametricTrainer.builder().build(), train, channels,
 *         SlidingWindows.of(32, 1), true);
 * double[] scores = model.pointScores(test, PointScores.Aggregation.MEAN);
 * }</pre>
 */
public final class SeriesDetector {

    private SeriesDetector() {}

    /**
     * Trains a detector on the windows of a training series, taken as normal.
     *
     * @param trainer     any Tribuo anomaly trainer.
     * @param trainSeries row-major values, {@code channels} per time step, at least one window long.
     * @param channels    channels per time step.
     * @param windows     the window length and the training stride (scoring always uses stride 1).
     * @param normalize   whether each channel is z-scored with statistics of the training series (kept in the
     *                    model and applied to every series it scores).
     * @return the model.
     * @throws IllegalArgumentException when the series is shorter than a window or holds a non-finite value.
     */
    public static SeriesModel fit(
            Trainer<Event> trainer, double[] trainSeries, int channels, SlidingWindows windows, boolean normalize) {
        return fit(trainer, trainSeries, channels, windows, normalize, "");
    }

    /**
     * As {@link #fit(Trainer, double[], int, SlidingWindows, boolean)}, recording the series' name in the training
     * data's provenance.
     *
     * @param trainer     any Tribuo anomaly trainer.
     * @param trainSeries row-major values.
     * @param channels    channels per time step.
     * @param windows     the window length and training stride.
     * @param normalize   whether channels are z-scored with training statistics.
     * @param seriesName  the series' name, for provenance.
     * @return the model.
     */
    public static SeriesModel fit(
            Trainer<Event> trainer,
            double[] trainSeries,
            int channels,
            SlidingWindows windows,
            boolean normalize,
            String seriesName) {
        Objects.requireNonNull(trainer, "trainer");
        SlidingWindows.seriesLength(trainSeries, channels);
        SeriesNormalizer normalizer = normalize ? SeriesNormalizer.fit(trainSeries, channels) : null;
        WindowedDataSource source = WindowedDataSource.builder(trainSeries, channels, windows)
                .normalizer(normalizer)
                .name(seriesName)
                .build();
        Model<Event> model = trainer instanceof DMADTrainer dmad
                ? dmad.trainRows(
                        source.rows(), source.featureNames(), AnomalyFactory.EXPECTED_EVENT, source.getProvenance())
                : trainer.train(new MutableDataset<>(source));
        return new SeriesModel(model, normalizer, windows, channels);
    }

    /**
     * Trains a series trainer on the windows of a training series with whole-series statistics for its
     * {@code channelScale=series} ({@link ChannelScaledTrainer#train}); the values are not normalised before (the
     * trainer scales them, and the model keeps the scaling).
     *
     * @param trainer     a series trainer.
     * @param trainSeries row-major values, at least one window long.
     * @param channels    channels per time step.
     * @param windows     the window length and training stride.
     * @param seriesName  the series' name, for provenance.
     * @param statistics  the statistics of the whole series the training part belongs to.
     * @return the model.
     * @throws IllegalArgumentException when the series is shorter than a window, holds a non-finite value, or the
     *                                  statistics have another number of channels.
     */
    public static SeriesModel fit(
            ChannelScaledTrainer trainer,
            double[] trainSeries,
            int channels,
            SlidingWindows windows,
            String seriesName,
            SeriesChannelScale statistics) {
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(statistics, "statistics");
        SlidingWindows.seriesLength(trainSeries, channels);
        checkChannels(statistics, channels);
        WindowedDataSource source = WindowedDataSource.builder(trainSeries, channels, windows)
                .name(seriesName)
                .build();
        Model<Event> model =
                trainer.trainRows(source.rows(), source.featureNames(), source.getProvenance(), statistics, Map.of());
        return new SeriesModel(model, null, windows, channels);
    }

    /**
     * Trains several dmad trainers of one detector, with the same settings but the seed, on the windows of one
     * training series, together as one group ({@link TrainingGroup}; for detectors that train in groups,
     * {@link DMADTrainer#trainsInGroups()}): model i is what {@link #fit(Trainer, double[], int, SlidingWindows,
     * boolean, String)} gives with {@code trainers.get(i)} but for the grouping (bit for bit for a group of one), and
     * its provenance names the group.
     *
     * @param trainers    the trainers, one per member.
     * @param trainSeries row-major values, at least one window long.
     * @param channels    channels per time step.
     * @param windows     the window length and training stride.
     * @param normalize   whether channels are z-scored with training statistics.
     * @param seriesName  the series' name, for provenance.
     * @return one model per trainer, in order.
     * @throws IllegalArgumentException when the series is invalid or the trainers cannot train as one group.
     */
    public static List<SeriesModel> fitGroup(
            List<? extends DMADTrainer> trainers,
            double[] trainSeries,
            int channels,
            SlidingWindows windows,
            boolean normalize,
            String seriesName) {
        SlidingWindows.seriesLength(trainSeries, channels);
        SeriesNormalizer normalizer = normalize ? SeriesNormalizer.fit(trainSeries, channels) : null;
        return fitGroup(trainers, trainSeries, channels, windows, normalizer, seriesName, null);
    }

    /**
     * As {@link #fitGroup(List, double[], int, SlidingWindows, boolean, String)} for series trainers given whole-series
     * statistics: model i is what {@link #fit(ChannelScaledTrainer, double[], int, SlidingWindows, String,
     * SeriesChannelScale)} gives with {@code trainers.get(i)} but for the grouping.
     *
     * @param trainers    the series trainers (dmad trainers with {@code channelScale}), one per member.
     * @param trainSeries row-major values, at least one window long.
     * @param channels    channels per time step.
     * @param windows     the window length and training stride.
     * @param seriesName  the series' name, for provenance.
     * @param statistics  the statistics of the whole series the training part belongs to.
     * @return one model per trainer, in order.
     * @throws IllegalArgumentException as {@link #fit(ChannelScaledTrainer, double[], int, SlidingWindows, String,
     *                                  SeriesChannelScale)}, or when the trainers cannot train as one group.
     */
    public static List<SeriesModel> fitGroup(
            List<? extends DMADTrainer> trainers,
            double[] trainSeries,
            int channels,
            SlidingWindows windows,
            String seriesName,
            SeriesChannelScale statistics) {
        Objects.requireNonNull(statistics, "statistics");
        SlidingWindows.seriesLength(trainSeries, channels);
        checkChannels(statistics, channels);
        return fitGroup(trainers, trainSeries, channels, windows, null, seriesName, statistics);
    }

    private static List<SeriesModel> fitGroup(
            List<? extends DMADTrainer> trainers,
            double[] trainSeries,
            int channels,
            SlidingWindows windows,
            SeriesNormalizer normalizer,
            String seriesName,
            SeriesChannelScale statistics) {
        WindowedDataSource source = WindowedDataSource.builder(trainSeries, channels, windows)
                .normalizer(normalizer)
                .name(seriesName)
                .build();
        TrainingGroup.Rows rows = new TrainingGroup.Rows(
                source.rows(), source.featureNames(), AnomalyFactory.EXPECTED_EVENT, source.getProvenance());
        List<TrainingGroup.Member> members = new ArrayList<>(trainers.size());
        for (DMADTrainer t : trainers) {
            TrainingGroup.Member m = new TrainingGroup.Member(t, rows);
            members.add(statistics == null ? m : m.withStatistics(statistics));
        }
        List<SeriesModel> out = new ArrayList<>(members.size());
        for (DMADModel model : TrainingGroup.train(members)) {
            out.add(new SeriesModel(model, normalizer, windows, channels));
        }
        return out;
    }

    private static void checkChannels(SeriesChannelScale statistics, int channels) {
        if (statistics.channels() != channels) {
            throw new IllegalArgumentException(
                    "the statistics have " + statistics.channels() + " channels, the series " + channels);
        }
    }
}
