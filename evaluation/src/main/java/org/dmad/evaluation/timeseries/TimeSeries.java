package org.dmad.evaluation.timeseries;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dmad.evaluation.data.DatasetRecord;

/**
 * A labelled time series in memory, univariate or multivariate, with the split that its benchmark prescribes.
 * <p>
 * The arrays are held as given, not copied, so that a long series is not duplicated; callers must not change them.
 * Each loader documents how it sets {@code trainEnd} and {@code evalStart} for its format.
 *
 * @param name         the series name, unique within one discovery (see {@link TimeSeriesSources}).
 * @param values       row-major values, {@code length * channels} of them: {@code values[t * channels + c]}; all
 *                     finite.
 * @param length       the number of time steps, at least 1.
 * @param channels     the number of channels (dimensions), at least 1.
 * @param labels       one 0/1 point label per time step (1 = anomalous); all 0 when the source has no labels.
 * @param trainEnd     steps {@code [0, trainEnd)} are the training part given to semi-supervised detectors.
 * @param evalStart    metrics are computed on steps {@code [evalStart, length)}.
 * @param channelNames one name per channel.
 * @param record       the provenance of the series: {@code rows} = length, {@code columns} = channels,
 *                     {@code anomalies} = number of 1 labels.
 */
public record TimeSeries(
        String name,
        double[] values,
        int length,
        int channels,
        int[] labels,
        int trainEnd,
        int evalStart,
        List<String> channelNames,
        DatasetRecord record) {

    /**
     * Validates sizes, labels, the split and the values.
     *
     * @param name         the name.
     * @param values       the values.
     * @param length       the length.
     * @param channels     the channel count.
     * @param labels       the labels.
     * @param trainEnd     the end of the training part.
     * @param evalStart    the start of the evaluated part.
     * @param channelNames the channel names.
     * @param record       the provenance.
     * @throws IllegalArgumentException naming the series and the problem.
     */
    public TimeSeries {
        Objects.requireNonNull(name, "name");
        String who = "time series '" + name + "'";
        Objects.requireNonNull(values, who + ": values");
        Objects.requireNonNull(labels, who + ": labels");
        Objects.requireNonNull(channelNames, who + ": channelNames");
        Objects.requireNonNull(record, who + ": record");
        if (length < 1) {
            throw new IllegalArgumentException(who + ": length " + length + " (at least one time step is needed)");
        }
        if (channels < 1) {
            throw new IllegalArgumentException(who + ": " + channels + " channels (at least one is needed)");
        }
        if (values.length != (long) length * channels) {
            throw new IllegalArgumentException(who + ": " + values.length + " values do not make " + length
                    + " steps of " + channels + " channels");
        }
        if (labels.length != length) {
            throw new IllegalArgumentException(who + ": " + labels.length + " labels for " + length + " steps");
        }
        if (channelNames.size() != channels) {
            throw new IllegalArgumentException(
                    who + ": " + channelNames.size() + " channel names for " + channels + " channels");
        }
        channelNames = List.copyOf(channelNames);
        if (trainEnd < 0 || trainEnd > length) {
            throw new IllegalArgumentException(who + ": trainEnd " + trainEnd + " is outside [0, " + length + "]");
        }
        if (evalStart < 0 || evalStart >= length) {
            throw new IllegalArgumentException(who + ": evalStart " + evalStart + " is outside [0, " + length + ")");
        }
        for (int t = 0; t < length; t++) {
            if (labels[t] != 0 && labels[t] != 1) {
                throw new IllegalArgumentException(who + ": step " + t + " has label " + labels[t]
                        + "; labels must be 0 (normal) or 1 (anomalous)");
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(who + ": step " + i / channels + ", channel " + i % channels + " is "
                        + values[i] + "; values must be finite");
            }
        }
    }

    /**
     * @return whether any step is labelled anomalous.
     */
    public boolean hasAnomalies() {
        for (int l : labels) {
            if (l == 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the number of steps labelled anomalous.
     */
    public int anomalyCount() {
        int n = 0;
        for (int l : labels) {
            n += l;
        }
        return n;
    }

    /**
     * @return a copy of the training part, steps {@code [0, trainEnd)}, row-major.
     */
    public double[] trainValues() {
        return Arrays.copyOfRange(values, 0, trainEnd * channels);
    }

    /**
     * @return a copy of the evaluated part, steps {@code [evalStart, length)}, row-major.
     */
    public double[] evalValues() {
        return Arrays.copyOfRange(values, evalStart * channels, length * channels);
    }

    /**
     * @return a copy of the labels of the evaluated part, steps {@code [evalStart, length)}.
     */
    public int[] evalLabels() {
        return Arrays.copyOfRange(labels, evalStart, length);
    }

    /**
     * One value.
     *
     * @param t the time step, in {@code [0, length)}.
     * @param c the channel, in {@code [0, channels)}.
     * @return the value of channel {@code c} at step {@code t}.
     * @throws IndexOutOfBoundsException when either index is out of range.
     */
    public double value(int t, int c) {
        Objects.checkIndex(t, length);
        Objects.checkIndex(c, channels);
        return values[t * channels + c];
    }
}
