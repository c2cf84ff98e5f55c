package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.file.Path;
import org.dmad.evaluation.detectors.Task;

/**
 * {@code results.csv} of the tabular benchmark, written one row at a time and forced to disk after each, so that an
 * interrupted benchmark loses at most the run in progress and a rerun skips every finished row. A torn last line (a
 * crash mid-write) is dropped when the file is read back.
 */
public final class ResultsFile extends RowsFile<ResultRow> {

    /**
     * Opens or creates the file, reading the rows already in it.
     *
     * @param file the CSV file.
     * @throws IOException when the file cannot be read or written, or its header is not ours.
     */
    public ResultsFile(Path file) throws IOException {
        super(file, ResultRow.header(Task.TABULAR), line -> ResultRow.parse(Task.TABULAR, line));
    }

    /**
     * Opens the file, which several processes may append to at once when {@code shared} (see {@link RowsFile}).
     *
     * @param file   the CSV file.
     * @param shared true when other processes append to it at the same time.
     * @throws IOException when the file cannot be read or written, or its header is not the expected one.
     */
    public ResultsFile(Path file, boolean shared) throws IOException {
        super(file, ResultRow.header(Task.TABULAR), line -> ResultRow.parse(Task.TABULAR, line), shared);
    }
}
