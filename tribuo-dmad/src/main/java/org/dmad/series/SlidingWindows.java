package org.dmad.series;

import java.io.Serializable;
import java.util.Objects;

/**
 * Sliding windows over a multichannel time series, the shape every tabular detector needs to score a series.
 * <p>
 * A series of {@code n} time steps and {@code C} channels is a row-major {@code double[]} of length {@code n * C}:
 * the value of channel {@code c} at time {@code t} is {@code series[t * C + c]}. Window {@code i} starts at
 * {@code i * stride} and covers {@code length} consecutive time steps; it is flattened <em>time-major</em>, element
 * {@code t * C + c} holding offset {@code t} of channel {@code c}, and its features are named by
 * {@link #featureName(int, int, int, int)} so that Tribuo's sorted feature ids follow the same order.
 * <p>
 * When the stride does not divide {@code n - length}, the last time steps are in no window. With
 * {@link #alignEnd()} set, one more window is added that ends at the last time step (it starts at
 * {@code n - length} and overlaps its predecessor by more than usual), so every time step is covered. Instances are
 * immutable.
 */
public final class SlidingWindows implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int length;
    private final int stride;
    private final boolean alignEnd;

    private SlidingWindows(int length, int stride, boolean alignEnd) {
        if (length < 1) {
            throw new IllegalArgumentException("The window length must be at least 1, got " + length);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("The window stride must be at least 1, got " + stride);
        }
        this.length = length;
        this.stride = stride;
        this.alignEnd = alignEnd;
    }

    /**
     * Windows of a length and stride, without end alignment.
     *
     * @param length time steps per window (at least 1).
     * @param stride time steps between the starts of consecutive windows (at least 1).
     * @return the window specification.
     * @throws IllegalArgumentException when length or stride is below 1.
     */
    public static SlidingWindows of(int length, int stride) {
        return new SlidingWindows(length, stride, false);
    }

    /**
     * Windows of a length and stride, optionally with a last window aligned to the series end.
     *
     * @param length   time steps per window (at least 1).
     * @param stride   time steps between the starts of consecutive windows (at least 1).
     * @param alignEnd whether a last window ending at the last time step is added when the stride does not divide.
     * @return the window specification.
     * @throws IllegalArgumentException when length or stride is below 1.
     */
    public static SlidingWindows of(int length, int stride, boolean alignEnd) {
        return new SlidingWindows(length, stride, alignEnd);
    }

    /** @return time steps per window. */
    public int length() {
        return length;
    }

    /** @return time steps between the starts of consecutive windows. */
    public int stride() {
        return stride;
    }

    /** @return whether a last window is aligned to the series end when the stride does not divide. */
    public boolean alignEnd() {
        return alignEnd;
    }

    /**
     * The same length and end alignment with another stride.
     *
     * @param newStride the stride (at least 1).
     * @return the window specification.
     */
    public SlidingWindows withStride(int newStride) {
        return new SlidingWindows(length, newStride, alignEnd);
    }

    /**
     * The number of windows in a series.
     *
     * @param seriesLength time steps in the series.
     * @return the number of windows (at least 1).
     * @throws IllegalArgumentException when the series is shorter than one window.
     */
    public int count(int seriesLength) {
        checkLength(seriesLength);
        int span = seriesLength - length;
        int regular = span / stride + 1;
        return alignEnd && span % stride != 0 ? regular + 1 : regular;
    }

    /**
     * The first time step of a window.
     *
     * @param i            the window index, in {@code [0, count(seriesLength))}.
     * @param seriesLength time steps in the series.
     * @return the start; the window covers {@code [start, start + length)}.
     * @throws IndexOutOfBoundsException when i is not a window of this series.
     */
    public int start(int i, int seriesLength) {
        int n = count(seriesLength);
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("Window " + i + " does not exist: a series of " + seriesLength
                    + " time steps has " + n + " windows of length " + length + " and stride " + stride);
        }
        return Math.min(i * stride, seriesLength - length);
    }

    /**
     * The windows of a series, flattened time-major: window {@code i} occupies
     * {@code [i * length * channels, (i + 1) * length * channels)} of the result, its element {@code t * channels + c}
     * being channel {@code c} at time {@code start(i) + t}.
     *
     * @param series   row-major values, {@code channels} per time step.
     * @param channels channels per time step (at least 1).
     * @return {@code count x (length * channels)} values, row-major.
     * @throws IllegalArgumentException when the values do not fill whole time steps or are fewer than one window.
     */
    public double[] windows(double[] series, int channels) {
        int seriesLength = seriesLength(series, channels);
        int n = count(seriesLength);
        int width = length * channels;
        double[] out = new double[n * width];
        for (int i = 0; i < n; i++) {
            // Time-major flattening is a contiguous slice of the row-major series.
            System.arraycopy(series, start(i, seriesLength) * channels, out, i * width, width);
        }
        return out;
    }

    /**
     * As {@link #windows(double[], int)}, checking the series' length first.
     *
     * @param series       row-major values.
     * @param seriesLength the number of time steps the caller expects.
     * @param channels     channels per time step.
     * @return {@code count x (length * channels)} values, row-major.
     * @throws IllegalArgumentException when the values are not {@code seriesLength * channels}.
     */
    public double[] windows(double[] series, int seriesLength, int channels) {
        Objects.requireNonNull(series, "series");
        if ((long) seriesLength * channels != series.length) {
            throw new IllegalArgumentException("The series has " + series.length + " values, not " + seriesLength
                    + " time steps x " + channels + " channels");
        }
        return windows(series, channels);
    }

    /**
     * The number of time steps in a row-major series.
     *
     * @param series   row-major values.
     * @param channels channels per time step (at least 1).
     * @return {@code series.length / channels}.
     * @throws IllegalArgumentException when channels is below 1 or the values do not fill whole time steps.
     */
    public static int seriesLength(double[] series, int channels) {
        Objects.requireNonNull(series, "series");
        if (channels < 1) {
            throw new IllegalArgumentException("A series needs at least 1 channel, got " + channels);
        }
        if (series.length % channels != 0) {
            throw new IllegalArgumentException("A series of " + channels + " channels needs a multiple of " + channels
                    + " values, got " + series.length);
        }
        return series.length / channels;
    }

    private void checkLength(int seriesLength) {
        if (seriesLength < length) {
            throw new IllegalArgumentException(
                    "The series has " + seriesLength + " time steps, fewer than the " + "window length " + length);
        }
    }

    /**
     * The feature name of one window element: {@code "t" + t + "_c" + c}, each number zero-padded to the digits of
     * its largest value ({@code length - 1}, {@code channels - 1}), e.g. {@code t07_c05} for length 100 and 38
     * channels. Tribuo orders feature ids by name; with this padding that order is the time-major order.
     *
     * @param t        the offset in the window, in {@code [0, length)}.
     * @param c        the channel, in {@code [0, channels)}.
     * @param length   the window length.
     * @param channels the number of channels.
     * @return the name.
     * @throws IllegalArgumentException when t or c is out of range.
     */
    public static String featureName(int t, int c, int length, int channels) {
        if (t < 0 || t >= length) {
            throw new IllegalArgumentException("Offset " + t + " is outside a window of length " + length);
        }
        if (c < 0 || c >= channels) {
            throw new IllegalArgumentException("Channel " + c + " is outside " + channels + " channels");
        }
        return "t" + pad(t, digits(length - 1)) + "_c" + pad(c, digits(channels - 1));
    }

    /**
     * Every feature name of a window, time-major.
     *
     * @param channels the number of channels.
     * @return {@code length * channels} names; element {@code t * channels + c} is {@code featureName(t, c, ...)}.
     */
    public String[] featureNames(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("A series needs at least 1 channel, got " + channels);
        }
        String[] names = new String[length * channels];
        for (int t = 0; t < length; t++) {
            for (int c = 0; c < channels; c++) {
                names[t * channels + c] = featureName(t, c, length, channels);
            }
        }
        return names;
    }

    private static int digits(int n) {
        return Math.max(1, Integer.toString(n).length());
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlidingWindows w && w.length == length && w.stride == stride && w.alignEnd == alignEnd;
    }

    @Override
    public int hashCode() {
        return Objects.hash(length, stride, alignEnd);
    }

    @Override
    public String toString() {
        return "SlidingWindows(length=" + length + ",stride=" + stride + ",alignEnd=" + alignEnd + ")";
    }
}
