package org.dmad.tribuo.series;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.util.Map;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;
import org.tribuo.provenance.DataProvenance;

/**
 * A series trainer with the {@code channelScale} setting: it scales each channel by the statistics of its training
 * windows ({@code channel}, the default) or by whole-series statistics its caller gives ({@code series},
 * {@link SeriesChannelScale}). dmad's series diffusion trainers implement it.
 */
public interface ChannelScaledTrainer extends Trainer<Event> {

    /** @return the {@code channelScale} setting, {@code channel} or {@code series}. */
    String getChannelScale();

    /** @return where the per-channel statistics come from. */
    default SeriesChannelScale.Source channelScale() {
        return SeriesChannelScale.Source.parse(getChannelScale());
    }

    /**
     * The same trainer with another {@code channelScale}: every other setting equal, a fresh invocation count.
     *
     * @param channelScale {@code channel} or {@code series}.
     * @return the new trainer; this one is unchanged.
     * @throws com.oracle.labs.mlrg.olcut.config.PropertyException naming {@code channelScale} for another value.
     */
    ChannelScaledTrainer withChannelScale(String channelScale);

    /**
     * Trains on windows, scaling channels by the given whole-series statistics when {@code channelScale} is
     * {@code series} (they are then recorded in the model's run provenance under
     * {@link #SERIES_SCALE_PROVENANCE}); under {@code channel} they are not used.
     *
     * @param windows       the training windows.
     * @param statistics    the statistics of the whole series, one entry per channel of the windows.
     * @param runProvenance extra run provenance.
     * @return the model.
     * @throws IllegalArgumentException when the statistics have another number of channels than the windows.
     */
    Model<Event> train(Dataset<Event> windows, SeriesChannelScale statistics, Map<String, Provenance> runProvenance);

    /**
     * As {@link #train(Dataset, SeriesChannelScale, Map)} on windows given as dense rows, without a Tribuo example per
     * window: the same model, bit for bit, as training on a dataset of unlabelled windows ({@code EXPECTED} events)
     * with these rows, feature names and source provenance ({@link SeriesDetector} and the benchmark harness train
     * this way).
     *
     * @param rows          the windows, row-major, {@code names.length} raw values each.
     * @param names         the window feature names ({@link WindowedDataSource#featureNames()}).
     * @param source        the provenance of the windows' source.
     * @param statistics    the statistics of the whole series.
     * @param runProvenance extra run provenance.
     * @return the model.
     * @throws IllegalArgumentException as {@link #train(Dataset, SeriesChannelScale, Map)}.
     */
    Model<Event> trainRows(
            double[] rows,
            String[] names,
            DataProvenance source,
            SeriesChannelScale statistics,
            Map<String, Provenance> runProvenance);

    /** Run provenance key of the whole-series statistics a {@code series}-scaled model was trained with. */
    String SERIES_SCALE_PROVENANCE = "dmad.series-scale";
}
