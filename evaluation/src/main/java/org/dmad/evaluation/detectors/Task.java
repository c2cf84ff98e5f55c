package org.dmad.evaluation.detectors;

import java.util.Locale;

/** What a benchmark runs on: rows of a table, or windows over a time series. */
public enum Task {
    /** Rows of a table ({@code --task tabular}). */
    TABULAR,
    /** Windows over a time series, scored per time step ({@code --task timeseries}). */
    TIMESERIES;

    /** @return the command-line name ({@code tabular} or {@code timeseries}). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a command-line name.
     *
     * @param name {@code tabular} or {@code timeseries}.
     * @return the task.
     * @throws IllegalArgumentException for another name, listing the known ones.
     */
    public static Task parse(String name) {
        for (Task t : values()) {
            if (t.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown task '" + name + "': use tabular or timeseries");
    }
}
