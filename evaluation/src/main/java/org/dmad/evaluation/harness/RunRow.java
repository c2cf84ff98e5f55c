package org.dmad.evaluation.harness;

import org.dmad.evaluation.metrics.MetricSet;

/**
 * One benchmark run's row, of either task: what the listeners, the summary and the command line read. The metrics
 * are addressed by name ({@link MetricSet}).
 */
public interface RunRow extends RowsFile.Row {
    /** @return the dataset (tabular) or series name. */
    String dataset();

    /** @return the detector's command-line name. */
    String detector();

    /** @return the run's seed. */
    long seed();

    /** @return the error message of a failed run, empty when it succeeded. */
    String error();

    /** @return training wall seconds. */
    double fitSeconds();

    /** @return scoring wall seconds. */
    double scoreSeconds();

    /** @return the metrics this row carries. */
    MetricSet metricSet();

    /**
     * @param name a metric of {@link #metricSet()}.
     * @return its value (NaN for a failed run).
     * @throws IllegalArgumentException for a name the set does not have.
     */
    double metric(String name);
}
