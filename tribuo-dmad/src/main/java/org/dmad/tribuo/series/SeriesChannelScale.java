package org.dmad.tribuo.series;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * Per-channel statistics of a whole series, given by the caller to a series trainer whose {@code channelScale} is
 * {@code series}: each channel is then scaled by the mean and population standard deviation of the whole series
 * rather than by those of the training windows. TSB-AD's protocol z-normalises every series as a whole before
 * training; a training prefix can hold a channel that is constant there (its later jump would be divided by a
 * scale of 1 and drowned by the other channels) or nearly so (a deviation of 1e-5 makes every later change huge),
 * and whole-series statistics avoid both.
 * <p>
 * A channel whose deviation is not above {@code 1e-12 * max(1, |mean|)} is constant: it is centred and keeps scale
 * 1, as the trainers do with a constant channel of their training windows.
 */
public final class SeriesChannelScale implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Where a series trainer takes its per-channel statistics from (the {@code channelScale} setting). */
    public enum Source {
        /** Statistics of the training windows, pooled over their time steps (the default). */
        CHANNEL,
        /** Statistics of the whole series, given by the caller ({@link SeriesChannelScale}). */
        SERIES;

        /** @return the setting's value: {@code channel} or {@code series}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The source a setting value names; an empty or missing value (model files written before the setting
         * existed) is {@link #CHANNEL}.
         *
         * @param value {@code channel}, {@code series}, or empty.
         * @return the source.
         * @throws IllegalArgumentException naming {@code channelScale} for any other value.
         */
        public static Source parse(String value) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            if (v.isEmpty() || v.equals("channel")) {
                return CHANNEL;
            }
            if (v.equals("series")) {
                return SERIES;
            }
            throw new IllegalArgumentException("channelScale must be one of channel, series, got '" + value + "'");
        }
    }

    private final double[] means;
    private final double[] deviations;

    /**
     * Statistics given channel by channel.
     *
     * @param means      one mean per channel, finite.
     * @param deviations one population standard deviation per channel, finite and non-negative.
     * @throws IllegalArgumentException when the lengths differ, are 0, or a value is not allowed.
     */
    public SeriesChannelScale(double[] means, double[] deviations) {
        if (means.length == 0 || means.length != deviations.length) {
            throw new IllegalArgumentException("SeriesChannelScale needs one mean and one deviation per channel, got "
                    + means.length + " means and " + deviations.length + " deviations");
        }
        for (int c = 0; c < means.length; c++) {
            if (!Double.isFinite(means[c]) || !Double.isFinite(deviations[c]) || deviations[c] < 0) {
                throw new IllegalArgumentException("channel " + c + " has mean " + means[c] + " and deviation "
                        + deviations[c] + ": both must be finite, the deviation non-negative");
            }
        }
        this.means = means.clone();
        this.deviations = deviations.clone();
    }

    /**
     * The statistics of a whole series: each channel's mean and population standard deviation over every time step,
     * summed in time order in double precision.
     *
     * @param values   row-major values, {@code channels} per time step.
     * @param channels C, at least 1.
     * @return the statistics.
     * @throws IllegalArgumentException when the length is not a positive multiple of C or a value is not finite.
     */
    public static SeriesChannelScale of(double[] values, int channels) {
        if (channels < 1 || values.length == 0 || values.length % channels != 0) {
            throw new IllegalArgumentException(
                    values.length + " values are not a whole number of time steps of " + channels + " channels");
        }
        int n = values.length / channels;
        double[] mean = new double[channels];
        double[] deviation = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int t = 0; t < n; t++) {
                double v = values[t * channels + c];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("time step " + t + ", channel " + c + " is " + v);
                }
                sum += v;
            }
            mean[c] = sum / n;
            double square = 0;
            for (int t = 0; t < n; t++) {
                double d = values[t * channels + c] - mean[c];
                square += d * d;
            }
            deviation[c] = Math.sqrt(square / n);
        }
        return new SeriesChannelScale(mean, deviation);
    }

    /** @return C. */
    public int channels() {
        return means.length;
    }

    /**
     * @param channel c.
     * @return the channel's mean.
     */
    public double mean(int channel) {
        return means[channel];
    }

    /**
     * @param channel c.
     * @return the channel's population standard deviation.
     */
    public double deviation(int channel) {
        return deviations[channel];
    }

    /**
     * The divisor of a channel: its deviation, or 1 for a constant channel.
     *
     * @param channel c.
     * @return the scale.
     */
    public double scale(int channel) {
        double sd = deviations[channel];
        return sd > 1e-12 * Math.max(1.0, Math.abs(means[channel])) ? sd : 1.0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesChannelScale s
                && Arrays.equals(means, s.means)
                && Arrays.equals(deviations, s.deviations);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(means) + Arrays.hashCode(deviations);
    }

    /** @return the statistics with every digit ({@link Double#toString}), as run provenance records them. */
    @Override
    public String toString() {
        return "SeriesChannelScale(means=" + Arrays.toString(means) + ",deviations=" + Arrays.toString(deviations)
                + ")";
    }
}
