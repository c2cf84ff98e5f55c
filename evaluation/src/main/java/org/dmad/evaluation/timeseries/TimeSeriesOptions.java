package org.dmad.evaluation.timeseries;

import java.util.Objects;

/**
 * Settings for loading time series. Only the generic CSV format reads the column names; the missing-value policy
 * applies to every text format; the training fraction applies to formats that publish no training split (generic
 * CSV, TSB-UAD, and TSB-AD files whose name lacks {@code tr_<n>}).
 *
 * @param timestampColumn the generic CSV timestamp column; when the header lacks it (or it is null) rows are taken in
 *                        file order. A present timestamp column is not a channel; its cells must be date-times or
 *                        numbers, but rows are never reordered (real files such as NAB's repeat timestamps at
 *                        daylight-saving changes).
 * @param labelColumn     the generic CSV label column (0/1); when the header lacks it (or it is null) every step is
 *                        labelled 0.
 * @param missing         what to do with empty or NaN values; never null.
 * @param trainFraction   the fraction of steps, in [0, 1], that form the training part where the format publishes
 *                        none ({@code trainEnd = floor(fraction * length)}), or null for the format's default: 0 for
 *                        generic CSV and TSB-AD (the caller decides), 0.1 for TSB-UAD.
 */
public record TimeSeriesOptions(
        String timestampColumn, String labelColumn, MissingValues missing, Double trainFraction) {

    /** The generic CSV timestamp column used unless another is named. */
    public static final String DEFAULT_TIMESTAMP = "timestamp";

    /** The generic CSV label column used unless another is named. */
    public static final String DEFAULT_LABEL = "label";

    /**
     * Validates the settings.
     *
     * @param timestampColumn the timestamp column, or null.
     * @param labelColumn     the label column, or null.
     * @param missing         the missing-value policy.
     * @param trainFraction   the training fraction, or null.
     * @throws IllegalArgumentException when the fraction is outside [0, 1].
     */
    public TimeSeriesOptions {
        Objects.requireNonNull(missing, "missing (use MissingValues.REFUSE for none)");
        if (trainFraction != null && !(trainFraction >= 0 && trainFraction <= 1)) {
            throw new IllegalArgumentException("trainFraction " + trainFraction + " is outside [0, 1]");
        }
    }

    /**
     * @return the defaults: columns {@value #DEFAULT_TIMESTAMP} and {@value #DEFAULT_LABEL}, missing values
     *         refused, format-default training parts.
     */
    public static TimeSeriesOptions defaults() {
        return new TimeSeriesOptions(DEFAULT_TIMESTAMP, DEFAULT_LABEL, MissingValues.REFUSE, null);
    }

    /**
     * @param policy the missing-value policy.
     * @return these options with that policy.
     */
    public TimeSeriesOptions withMissing(MissingValues policy) {
        return new TimeSeriesOptions(timestampColumn, labelColumn, policy, trainFraction);
    }

    /**
     * @param fraction the training fraction, or null for the format default.
     * @return these options with that fraction.
     */
    public TimeSeriesOptions withTrainFraction(Double fraction) {
        return new TimeSeriesOptions(timestampColumn, labelColumn, missing, fraction);
    }

    /**
     * @param timestamp the generic CSV timestamp column, or null for none.
     * @param label     the generic CSV label column, or null for none.
     * @return these options with those columns.
     */
    public TimeSeriesOptions withColumns(String timestamp, String label) {
        return new TimeSeriesOptions(timestamp, label, missing, trainFraction);
    }

    /**
     * @param length       the series length.
     * @param formatDefault the fraction used when none is set.
     * @return {@code floor(fraction * length)}.
     */
    int trainEnd(int length, double formatDefault) {
        double f = trainFraction == null ? formatDefault : trainFraction;
        return (int) Math.floor(f * length);
    }
}
