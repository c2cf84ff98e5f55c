package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.file.Path;
import org.dmad.evaluation.detectors.Task;

/** {@code results.csv} of the time-series benchmark: resumable, one forced row per run (see {@link RowsFile}). */
public final class SeriesResultsFile extends RowsFile<ResultRow> {

    /**
     * Opens or creates the file, reading the rows already in it.
     *
     * @param file the CSV file.
     * @throws IOException when the file cannot be read or written, or it is not a time-series results file.
     */
    public SeriesResultsFile(Path file) throws IOException {
        super(file, ResultRow.header(Task.TIMESERIES), line -> ResultRow.parse(Task.TIMESERIES, line));
    }

    /**
     * Opens the file, which several processes may append to at once when {@code shared} (see {@link RowsFile}).
     *
     * @param file   the CSV file.
     * @param shared true when other processes append to it at the same time.
     * @throws IOException when the file cannot be read or written, or its header is not the expected one.
     */
    public SeriesResultsFile(Path file, boolean shared) throws IOException {
        super(file, ResultRow.header(Task.TIMESERIES), line -> ResultRow.parse(Task.TIMESERIES, line), shared);
    }
}
