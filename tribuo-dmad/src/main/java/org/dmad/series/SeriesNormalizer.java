package org.dmad.series;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-channel z-score normalisation of a time series, {@code (x - mean[c]) / std[c]}, with statistics fitted on the
 * training part of a series only, so that nothing about the test part leaks into the model.
 * <p>
 * The standard deviation is the population one; a channel that is constant (up to rounding) on the training part
 * keeps scale 1, so it is only centred and never divided by zero. Non-finite values are refused, both when fitting
 * and when applying. Instances are immutable and serializable; {@link #means()}, {@link #stds()} and
 * {@link #fittedRange()} expose the statistics and where they came from, for provenance.
 */
public final class SeriesNormalizer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] means;
    private final double[] stds;
    private final int fittedFrom;
    private final int fittedTo;

    private SeriesNormalizer(double[] means, double[] stds, int fittedFrom, int fittedTo) {
        this.means = means;
        this.stds = stds;
        this.fittedFrom = fittedFrom;
        this.fittedTo = fittedTo;
    }

    /**
     * Fits the statistics of a whole (training) series.
     *
     * @param series   row-major values, {@code channels} per time step, all finite.
     * @param channels channels per time step.
     * @return the normaliser.
     * @throws IllegalArgumentException for an empty series, a non-finite value, or values that do not fill whole
     *                                  time steps.
     */
    public static SeriesNormalizer fit(double[] series, int channels) {
        return fit(series, channels, 0, SlidingWindows.seriesLength(series, channels));
    }

    /**
     * Fits the statistics of the time steps {@code [from, to)} of a series, its training part; the rest of the
     * series is not read.
     *
     * @param series   row-major values, {@code channels} per time step.
     * @param channels channels per time step.
     * @param from     the first training time step.
     * @param to       one past the last training time step.
     * @return the normaliser.
     * @throws IllegalArgumentException for an empty or out-of-range part or a non-finite value in it.
     */
    public static SeriesNormalizer fit(double[] series, int channels, int from, int to) {
        int n = SlidingWindows.seriesLength(series, channels);
        if (from < 0 || to > n || from >= to) {
            throw new IllegalArgumentException("Cannot fit normalisation statistics on time steps [" + from + ", " + to
                    + ") of a series of " + n + " time steps");
        }
        double[] mean = new double[channels];
        double[] std = new double[channels];
        for (int t = from; t < to; t++) {
            for (int c = 0; c < channels; c++) {
                double v = series[t * channels + c];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("Time step " + t + ", channel " + c + " is " + v
                            + "; normalisation statistics need finite values (impute missing values first)");
                }
                mean[c] += v;
            }
        }
        int count = to - from;
        for (int c = 0; c < channels; c++) {
            mean[c] /= count;
        }
        for (int t = from; t < to; t++) {
            for (int c = 0; c < channels; c++) {
                double d = series[t * channels + c] - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < channels; c++) {
            double sd = Math.sqrt(std[c] / count);
            // Constant up to rounding: centre only, as scikit-learn's StandardScaler does.
            boolean constant = !(sd > 1e-12 * Math.max(1.0, Math.abs(mean[c])));
            std[c] = constant || !Double.isFinite(sd) ? 1.0 : sd;
        }
        return new SeriesNormalizer(mean, std, from, to);
    }

    /**
     * A normaliser with known statistics, e.g. read back from a model's provenance.
     *
     * @param means the channel means (finite).
     * @param stds  the channel standard deviations (positive, finite).
     * @return the normaliser; its fitted range is unknown ({@code [0, 0)}).
     * @throws IllegalArgumentException when the arrays differ in length or hold invalid values.
     */
    public static SeriesNormalizer of(double[] means, double[] stds) {
        if (means.length != stds.length || means.length == 0) {
            throw new IllegalArgumentException("Need one mean and one standard deviation per channel, got "
                    + means.length + " means and " + stds.length + " standard deviations");
        }
        for (int c = 0; c < means.length; c++) {
            if (!Double.isFinite(means[c]) || !(stds[c] > 0) || Double.isInfinite(stds[c])) {
                throw new IllegalArgumentException("Channel " + c + ": the mean must be finite and the standard "
                        + "deviation positive and finite, got " + means[c] + " and " + stds[c]);
            }
        }
        return new SeriesNormalizer(means.clone(), stds.clone(), 0, 0);
    }

    /**
     * Normalises a series, or any number of whole time steps (one observation included).
     *
     * @param series row-major values, {@link #channels()} per time step, all finite.
     * @return a new array of normalised values.
     * @throws IllegalArgumentException when the values do not fill whole time steps of this normaliser's channel
     *                                  count, or one is not finite.
     */
    public double[] apply(double[] series) {
        int channels = means.length;
        if (series.length % channels != 0) {
            throw new IllegalArgumentException("This normaliser was fitted on " + channels + " channels; "
                    + series.length + " values are not whole time steps of " + channels + " channels");
        }
        double[] out = new double[series.length];
        for (int i = 0; i < series.length; i++) {
            double v = series[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("Time step " + i / channels + ", channel " + i % channels + " is "
                        + v + "; only finite values can be normalised");
            }
            int c = i % channels;
            out[i] = (v - means[c]) / stds[c];
        }
        return out;
    }

    /**
     * As {@link #apply(double[])}, checking the caller's channel count first.
     *
     * @param series   row-major values.
     * @param channels the caller's channel count.
     * @return a new array of normalised values.
     * @throws IllegalArgumentException when channels differs from the fitted channel count.
     */
    public double[] apply(double[] series, int channels) {
        if (channels != means.length) {
            throw new IllegalArgumentException(
                    "The series has " + channels + " channels but this normaliser was " + "fitted on " + means.length);
        }
        return apply(series);
    }

    /** @return the number of channels. */
    public int channels() {
        return means.length;
    }

    /** @return a copy of the channel means. */
    public double[] means() {
        return means.clone();
    }

    /** @return a copy of the channel standard deviations (1 for a constant channel). */
    public double[] stds() {
        return stds.clone();
    }

    /**
     * Where the statistics came from.
     *
     * @return {@code {from, to}}, the time steps of the series they were fitted on ({@code {0, 0}} when built from
     * known statistics).
     */
    public int[] fittedRange() {
        return new int[] {fittedFrom, fittedTo};
    }

    @Override
    public String toString() {
        return "SeriesNormalizer(channels=" + means.length + ",fittedOn=[" + fittedFrom + "," + fittedTo + "),means="
                + Arrays.toString(means) + ",stds=" + Arrays.toString(stds) + ")";
    }
}
