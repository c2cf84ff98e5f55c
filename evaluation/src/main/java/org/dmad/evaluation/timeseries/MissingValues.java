package org.dmad.evaluation.timeseries;

/**
 * What a loader does with empty or {@code NaN} values in a text file. Labels are never filled: an empty label is
 * always an error. When a fill policy fills at least one value, the series' provenance source ends with
 * {@code ;missing=<policy>} (the policy in lower case), so a result computed on filled data says so.
 */
public enum MissingValues {
    /** Refuse the file: the error names the file, the first line with a missing value and how many there are. */
    REFUSE,
    /**
     * Carry the last value before the gap forward; a gap at the start of a channel takes the channel's first value.
     */
    PREVIOUS,
    /**
     * Interpolate linearly between the values on both sides of the gap; a gap at either end of a channel takes the
     * nearest value.
     */
    LINEAR
}
