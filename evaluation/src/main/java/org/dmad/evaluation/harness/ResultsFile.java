package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.file.Path;
import org.dmad.evaluation.detectors.Task;

/**
 * {@code results.csv} of a benchmark of either task, written one row at a time and forced to disk after each, so that
 * an interrupted benchmark loses at most the run in progress and a rerun skips every finished row. A torn last line
 * (a crash mid-write) is dropped when the file is read back. The task fixes the columns ({@link
 * ResultRow#columns(Task)}); a file of the other task is refused by its header.
 */
public final class ResultsFile extends RowsFile<ResultRow> {

    private final Task task;

    /**
     * Opens or creates the file, reading the rows already in it.
     *
     * @param file the CSV file.
     * @param task the task whose runs it holds.
     * @throws IOException when the file cannot be read or written, or its header is not the task's.
     */
    public ResultsFile(Path file, Task task) throws IOException {
        this(file, task, false);
    }

    /**
     * Opens the file, which several processes may append to at once when {@code shared} (see {@link RowsFile}).
     *
     * @param file   the CSV file.
     * @param task   the task whose runs it holds.
     * @param shared true when other processes append to it at the same time.
     * @throws IOException when the file cannot be read or written, or its header is not the task's.
     */
    public ResultsFile(Path file, Task task, boolean shared) throws IOException {
        super(file, ResultRow.header(task), line -> ResultRow.parse(task, line), shared);
        this.task = task;
    }

    /** @return the task whose runs this file holds. */
    public Task task() {
        return task;
    }
}
