package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.dmad.engine.TrainingProgress;
import org.dmad.evaluation.detectors.Task;

/**
 * The benchmark runner of both tasks ({@code dmad bench}): it walks a {@link Grid} of datasets (or series) x seeds x
 * detectors in that order, skips the cells a results file already holds, runs the others (alone, or several seeds
 * together for detectors that train in groups), appends one row per run to {@code results.csv} as soon as it ends,
 * writes its run record and scores under {@code runs/}, tells a {@link Listener}, and writes the report once the
 * whole grid is done. A cell that fails gives a row with status {@code error} and its message, and the runner goes
 * on. An interrupt of the running thread stops the runner within one training step: the run in progress writes no
 * row (a rerun redoes it) and {@link BenchmarkInterruptedException} is thrown.
 * <p>
 * What a cell is (loading, splitting or windowing, training, scoring, measuring, the record's content) is the task's
 * business: {@link Benchmark#grid} describes the tabular grid and {@link SeriesBenchmark#grid} the time-series grid.
 */
public final class Runner {

    private Runner() {}

    /** Observes a benchmark (the command line's progress bar). */
    public interface Listener {
        /**
         * A run starts.
         *
         * @param dataset  the dataset or series.
         * @param detector the detector.
         * @param seed     the seed.
         */
        default void runStarted(String dataset, String detector, long seed) {}

        /**
         * A run ended, or was skipped because an earlier benchmark completed it.
         *
         * @param row     its results row (metrics by name).
         * @param skipped true when it was not rerun.
         */
        default void runEnded(RunRow row, boolean skipped) {}

        /**
         * A training epoch ended.
         *
         * @param epoch     the epoch, from 1.
         * @param maxEpochs the configured epochs.
         */
        default void epoch(int epoch, int maxEpochs) {}
    }

    /**
     * The outcome of one run, before anything is written: its results row and, when it completed, its run record
     * (JSON) and test scores (CSV) as {@link RunRecords} writes them. A scale-out engine computes cells on other
     * machines and writes them where the benchmark runs.
     *
     * @param row        the results row.
     * @param recordJson the run record, or null when the run failed.
     * @param scoresCsv  the test labels and scores, or null when the run failed.
     */
    public record Cell(ResultRow row, String recordJson, String scoresCsv) {

        /**
         * A failed run's cell.
         *
         * @param row its error row.
         * @return the cell, without record or scores.
         */
        public static Cell failed(ResultRow row) {
            return new Cell(row, null, null);
        }
    }

    /**
     * A benchmark grid of one task: what to run, in the order the runner walks it.
     *
     * @param task the task, which names the results file's columns and the report's layout.
     * @param out the output folder.
     * @param detectors the detector names, in order.
     * @param seeds the seeds, in order.
     * @param sources the number of datasets (or series).
     * @param cells the cells of one dataset by its index, whose data is loaded when a cell first needs it.
     * @param groupSize the seeds of one dataset that train together, for detectors that train in groups: 1 = none.
     */
    public record Grid(
            Task task,
            Path out,
            List<String> detectors,
            List<Long> seeds,
            int sources,
            IntFunction<Data> cells,
            int groupSize) {
        /**
         * The cells of one dataset, whose data is loaded when a cell first needs it.
         *
         * @param source the dataset's index.
         * @return its cells.
         */
        public Data open(int source) {
            return cells.apply(source);
        }
    }

    /** The cells of one dataset (or series) of a grid. */
    public interface Data {
        /**
         * The key of a cell in the results file ({@link ResultRow#key()}); may load the data when the key depends on
         * it (a series' window length).
         *
         * @param detector the detector.
         * @param seed     the seed.
         * @return the key.
         */
        String key(String detector, long seed);

        /**
         * The error cell of a run whose data cannot be loaded, loading it on the first call.
         *
         * @param detector the detector.
         * @param seed     the seed.
         * @return the cell, or null when the data loaded.
         */
        Cell loadFailure(String detector, long seed);

        /** @return the loaded data's name, as the listener hears it. */
        String name();

        /**
         * Runs one cell of loaded data; failures give an error cell.
         *
         * @param detector the detector.
         * @param seed     the seed.
         * @return the cell.
         */
        Cell run(String detector, long seed);

        /**
         * Whether a detector trains its seeds in groups on this grid.
         *
         * @param detector the detector.
         * @return true when {@link #runGroup} runs it.
         */
        default boolean trainsInGroups(String detector) {
            return false;
        }

        /**
         * Runs the cells of several seeds of a detector that trains in groups, on loaded data.
         *
         * @param detector the detector.
         * @param seeds    the seeds.
         * @return one cell per seed, in order.
         */
        default List<Cell> runGroup(String detector, List<Long> seeds) {
            throw new UnsupportedOperationException(detector + " does not train in groups");
        }
    }

    /**
     * The number of runs a grid consists of.
     *
     * @param grid the grid.
     * @return datasets x detectors x seeds.
     */
    public static int totalRuns(Grid grid) {
        return grid.sources() * grid.detectors().size() * grid.seeds().size();
    }

    /**
     * Runs a whole grid and writes the report.
     *
     * @param grid     the grid.
     * @param listener progress observer.
     * @return every row of the results file (earlier ones included).
     * @throws IOException when the output cannot be written.
     * @throws BenchmarkInterruptedException when the thread is interrupted; the rows written so far stay.
     */
    public static List<ResultRow> run(Grid grid, Listener listener) throws IOException {
        return run(grid, listener, CellClaims.ALL);
    }

    /**
     * Runs the cells of a grid this process claims, appending to a results file that the other processes claiming
     * cells share (it must exist; {@link RowsFile}). The report is left to whoever runs the whole grid afterwards
     * (for {@link CellClaims#ALL}, this call). The listener hears only of this process's cells.
     *
     * @param grid     the grid.
     * @param listener progress observer.
     * @param claims   which cells this process runs.
     * @return every row of the results file this process has seen.
     * @throws IOException when the output cannot be written.
     * @throws BenchmarkInterruptedException when the thread is interrupted; the rows written so far stay.
     */
    public static List<ResultRow> run(Grid grid, Listener listener, CellClaims claims) throws IOException {
        RunRecords records = new RunRecords(grid.out().resolve("runs"));
        TrainingProgress.set((epoch, maxEpochs, loss) -> listener.epoch(epoch, maxEpochs));
        try (ResultsFile results = new ResultsFile(grid.out().resolve("results.csv"), grid.task(), claims.shared())) {
            long firstCell = 0;
            for (int source = 0; source < grid.sources(); source++) {
                runSource(grid, grid.open(source), results, records, listener, claims, firstCell);
                firstCell += (long) grid.seeds().size() * grid.detectors().size();
            }
            List<ResultRow> rows = results.rows();
            if (!claims.shared()) {
                Report.write(grid.out(), grid.task(), rows, records);
            }
            return rows;
        } finally {
            TrainingProgress.set(null);
        }
    }

    /**
     * Runs the cells of one dataset: seeds in order, then detectors in order. A cell is claimed by its index in the
     * grid's order; the seeds of a detector that trains in groups form fixed chunks of the seed list, each claimed
     * through its first cell, so that every process forms the same groups.
     */
    private static void runSource(
            Grid grid,
            Data data,
            ResultsFile results,
            RunRecords records,
            Listener listener,
            CellClaims claims,
            long firstCell)
            throws IOException {
        checkInterrupt(results);
        List<Long> seeds = grid.seeds();
        List<String> detectors = grid.detectors();
        int groupSize = grid.groupSize();
        Set<String> groupsSeen = new HashSet<>();
        // The keys of the cells a group has run in this call: done now, but not done before the runner came here.
        Set<String> ranInGroups = new HashSet<>();
        long cell = firstCell;
        for (int si = 0; si < seeds.size(); si++) {
            long seed = seeds.get(si);
            for (int di = 0; di < detectors.size(); di++) {
                String detector = detectors.get(di);
                long thisCell = cell++;
                if (groupSize > 1 && data.trainsInGroups(detector)) {
                    String key = data.key(detector, seed);
                    if (ranInGroups.contains(key) || skipped(key, results, listener, claims)) {
                        continue;
                    }
                    checkInterrupt(results);
                    int chunk = si / groupSize;
                    if (!groupsSeen.add(detector + "#" + chunk)
                            || !claims.claim(firstCell + (long) chunk * groupSize * detectors.size() + di)) {
                        continue;
                    }
                    List<Long> members = new ArrayList<>();
                    for (int k = chunk * groupSize; k < Math.min(seeds.size(), (chunk + 1) * groupSize); k++) {
                        String memberKey = data.key(detector, seeds.get(k));
                        if (!results.done(memberKey)) {
                            members.add(seeds.get(k));
                            ranInGroups.add(memberKey);
                        }
                    }
                    runGroup(data, detector, members, results, records, listener);
                    continue;
                }
                if (!claims.claim(thisCell) || skipped(data.key(detector, seed), results, listener, claims)) {
                    continue;
                }
                checkInterrupt(results);
                Cell failure = data.loadFailure(detector, seed);
                if (failure != null) {
                    results.append(failure.row());
                    listener.runEnded(failure.row(), false);
                    continue;
                }
                listener.runStarted(data.name(), detector, seed);
                append(List.of(data.run(detector, seed)), results, records, listener);
            }
        }
    }

    /** Whether a cell is done; the listener hears of it unless other processes share the results file. */
    private static boolean skipped(String key, ResultsFile results, Listener listener, CellClaims claims) {
        if (!results.done(key)) {
            return false;
        }
        if (!claims.shared()) {
            listener.runEnded(results.row(key), true);
        }
        return true;
    }

    /** Runs the pending seeds of one group and appends their rows, as a single run's row is appended. */
    private static void runGroup(
            Data data, String detector, List<Long> seeds, ResultsFile results, RunRecords records, Listener listener)
            throws IOException {
        List<Cell> cells = new ArrayList<>();
        if (data.loadFailure(detector, seeds.get(0)) != null) {
            for (long seed : seeds) {
                cells.add(data.loadFailure(detector, seed));
            }
        } else {
            for (long seed : seeds) {
                listener.runStarted(data.name(), detector, seed);
            }
            cells = data.runGroup(detector, seeds);
        }
        append(cells, results, records, listener);
    }

    /**
     * Writes the cells' records and appends their rows; once the thread has been interrupted, only the rows of runs
     * that completed are kept and the runner stops.
     */
    private static void append(List<Cell> cells, ResultsFile results, RunRecords records, Listener listener)
            throws IOException {
        // Cleared before the writes: an interrupted thread's file channel refuses to write (and closes).
        boolean interrupted = Thread.interrupted();
        for (Cell cell : cells) {
            ResultRow row = write(cell, records);
            if (!interrupted || row.ok()) {
                results.append(row);
                listener.runEnded(row, false);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            checkInterrupt(results);
        }
    }

    /**
     * Writes a cell's run record and scores; a failure to write turns the row into an error row.
     *
     * @param cell    the cell.
     * @param records the runs folder.
     * @return the row to append to the results file.
     */
    public static ResultRow write(Cell cell, RunRecords records) {
        if (cell.recordJson() == null) {
            return cell.row();
        }
        try {
            records.write(cell.row(), cell.recordJson(), cell.scoresCsv());
            return cell.row();
        } catch (IOException | RuntimeException e) {
            return failed(cell.row(), e);
        }
    }

    /**
     * The error row of a run whose row was made but whose record could not be written: its identity and sizes, no
     * metrics, no times.
     *
     * @param r the run's row.
     * @param e the failure.
     * @return the error row.
     */
    static ResultRow failed(ResultRow r, Throwable e) {
        if (r.task() == Task.TABULAR) {
            return ResultRow.tabular(
                    r.dataset(),
                    r.detector(),
                    r.seed(),
                    r.protocol(),
                    ResultRow.ERROR,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0,
                    0,
                    r.nTrain(),
                    r.nTest(),
                    r.nFeatures(),
                    message(e));
        }
        return ResultRow.seriesError(
                r.dataset(),
                r.detector(),
                r.seed(),
                r.window(),
                r.stride(),
                r.trainWindows(),
                r.evalPoints(),
                r.channels(),
                message(e));
    }

    /**
     * The message of a failed run: the exception's, followed by its root cause's when that adds something.
     *
     * @param e the failure.
     * @return one line for the results file.
     */
    static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += ": " + root.getMessage();
        }
        return message;
    }

    /** Stops the runner, without a row for the run in progress, once the thread has been interrupted. */
    private static void checkInterrupt(ResultsFile results) {
        if (Thread.currentThread().isInterrupted()) {
            throw new BenchmarkInterruptedException(results.writtenThisSession());
        }
    }
}
