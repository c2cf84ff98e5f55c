package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * row (a rerun redoes it) and {@link BenchmarkInterruptedException} is thrown. Processes that share a grid
 * ({@link CellClaims}) walk it largest first instead ({@link #walk}), and the {@code --jobs} caller puts the rows
 * back in the grid's order.
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
     * @param across    groups across datasets for the detectors that form them, or null for none.
     */
    public record Grid(
            Task task,
            Path out,
            List<String> detectors,
            List<Long> seeds,
            int sources,
            IntFunction<Data> cells,
            int groupSize,
            AcrossDatasets across) {

        /**
         * A grid without groups across datasets.
         *
         * @param task      the task.
         * @param out       the output folder.
         * @param detectors the detector names, in order.
         * @param seeds     the seeds, in order.
         * @param sources   the number of datasets (or series).
         * @param cells     the cells of one dataset by its index.
         * @param groupSize the seeds of one dataset that train together: 1 = none.
         */
        public Grid(
                Task task,
                Path out,
                List<String> detectors,
                List<Long> seeds,
                int sources,
                IntFunction<Data> cells,
                int groupSize) {
            this(task, out, detectors, seeds, sources, cells, groupSize, null);
        }

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

        /**
         * The optimiser steps a cell's training takes (epochs x batches per epoch, or the step budget), which orders
         * the cells of groups across datasets; loads the data.
         *
         * @param detector the detector.
         * @param seed     the seed.
         * @return the step total, 0 when the data cannot be loaded or split (the run reports why).
         */
        default long steps(String detector, long seed) {
            return 0;
        }

        /**
         * An estimate of the work of this dataset's cells, known without loading it, which orders the walk when
         * several processes share the grid ({@link Runner#walk}): larger first. Only its order matters, among the
         * datasets of one grid; 0 when unknown (such datasets keep the grid's order after the others).
         *
         * @return the estimate, e.g. the dataset's rows.
         */
        default long size() {
            return 0;
        }
    }

    /**
     * Groups across datasets ({@code dmad bench --group datasets:N}): for the detectors that form them, the cells of
     * one detector over every dataset and seed are sorted by their training's step total (a group runs as long as
     * its longest member) and cut into consecutive groups of up to {@link #size()} members, which train together.
     * Every process forms the same groups (the plan depends on the grid alone, not on which cells are done); a group
     * is claimed through its first cell in the grid's order and runs there, training only its members that are not
     * done yet.
     */
    public interface AcrossDatasets {
        /** @return the most members of a group, at least 2. */
        int size();

        /**
         * Whether a detector's cells group across datasets; the other detectors run as the grid's
         * {@link Grid#groupSize()} says.
         *
         * @param detector the detector.
         * @return true when its cells group across datasets.
         */
        boolean groups(String detector);

        /**
         * Runs the cells of a group that train together, on loaded data.
         *
         * @param detector the detector.
         * @param data     each member's dataset.
         * @param seeds    each member's seed.
         * @return one cell per member, in order.
         */
        List<Cell> runGroup(String detector, List<Data> data, List<Long> seeds);
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
            Plan plan = Plan.of(grid, results);
            if (claims.shared()) {
                // Groups across datasets first, the longest first: each is a long run of several cells.
                for (Group g : plan.largestFirst()) {
                    checkInterrupt(results);
                    if (claims.claim(g.firstCell())) {
                        runAcross(grid, new HashMap<>(), g, plan, results, records, listener);
                    }
                }
            }
            for (int source : walk(grid, claims.shared())) {
                runSource(grid, source, grid.open(source), results, records, listener, claims, plan);
            }
            if (!plan.detectors.isEmpty() && !claims.shared()) {
                // A group runs where its first cell is and appends its members' rows together: back to grid order.
                results.reorder(Comparator.comparingLong(r -> plan.order.getOrDefault(r.key(), Long.MAX_VALUE)));
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
            int source,
            Data data,
            ResultsFile results,
            RunRecords records,
            Listener listener,
            CellClaims claims,
            Plan plan)
            throws IOException {
        checkInterrupt(results);
        List<Long> seeds = grid.seeds();
        List<String> detectors = grid.detectors();
        int groupSize = grid.groupSize();
        Set<String> groupsSeen = new HashSet<>();
        // The keys of the cells a group has run in this call: done now, but not done before the runner came here.
        Set<String> ranInGroups = new HashSet<>();
        for (int si = 0; si < seeds.size(); si++) {
            long seed = seeds.get(si);
            for (int di = 0; di < detectors.size(); di++) {
                String detector = detectors.get(di);
                long thisCell = cellIndex(grid, source, si, di);
                if (plan.detectors.contains(detector)) {
                    if (claims.shared()) {
                        continue; // its group was claimed before the walk
                    }
                    // A done cell is skipped (the listener heard of those its group ran in this call when they
                    // ended); its group, if others of it are pending, still runs from its first cell.
                    String key = data.key(detector, seed);
                    if (!plan.ran.contains(key)) {
                        skipped(key, results, listener, claims);
                    }
                    Group g = plan.byFirstCell.get(thisCell);
                    if (g == null) {
                        continue;
                    }
                    checkInterrupt(results);
                    if (claims.claim(thisCell)) {
                        Map<Integer, Data> opened = new HashMap<>();
                        opened.put(source, data);
                        runAcross(grid, opened, g, plan, results, records, listener);
                    }
                    continue;
                }
                if (groupSize > 1 && data.trainsInGroups(detector)) {
                    String key = data.key(detector, seed);
                    if (ranInGroups.contains(key) || skipped(key, results, listener, claims)) {
                        continue;
                    }
                    checkInterrupt(results);
                    int chunk = si / groupSize;
                    if (!groupsSeen.add(detector + "#" + chunk)
                            || !claims.claim(cellIndex(grid, source, chunk * groupSize, di))) {
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

    /**
     * The order in which a process walks the datasets of a grid. One process alone walks them in the grid's order,
     * which is the order of its rows. When several processes share the grid ({@code dmad bench --jobs N}), each claims
     * the next cell no other has claimed as it walks, so the last cells claimed decide when the last process ends: if
     * a large dataset (or a whole group of its seeds under {@code --group auto}) came last, one process would train it
     * while the others sat idle. They therefore walk the datasets largest first, by {@link Data#size()}
     * (longest-processing-time-first scheduling), and the small ones fill the end. Every process computes the same
     * order (ties keep the grid's order); cell indices, claims, keys and rows do not change, and the {@code --jobs}
     * caller puts the rows back in the grid's order when the processes are done.
     *
     * @param grid         the grid.
     * @param largestFirst true when several processes share the grid.
     * @return the datasets' indices, in the order to walk them.
     */
    static List<Integer> walk(Grid grid, boolean largestFirst) {
        List<Integer> order = new ArrayList<>();
        long[] size = new long[grid.sources()];
        for (int source = 0; source < grid.sources(); source++) {
            order.add(source);
            // Opening a dataset loads nothing: its cells load the data when the first of them needs it.
            size[source] = largestFirst ? grid.open(source).size() : 0;
        }
        // Stable: datasets of equal size stay in the grid's order.
        order.sort(Comparator.comparingLong((Integer source) -> size[source]).reversed());
        return order;
    }

    /**
     * The index of a cell in the grid's order (datasets, then seeds, then detectors), by which it is claimed
     * ({@link CellClaims}) and its row is ordered.
     *
     * @param grid     the grid.
     * @param source   the dataset's index.
     * @param seed     the seed's index in the seed list.
     * @param detector the detector's index in the detector list.
     * @return the cell's index.
     */
    private static long cellIndex(Grid grid, int source, int seed, int detector) {
        return ((long) source * grid.seeds().size() + seed) * grid.detectors().size() + detector;
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
     * Runs the members of a group across datasets that are not done yet, together, and appends their rows.
     *
     * @param opened the datasets already open by index, loaded or not (the others are opened here).
     */
    private static void runAcross(
            Grid grid,
            Map<Integer, Data> opened,
            Group g,
            Plan plan,
            ResultsFile results,
            RunRecords records,
            Listener listener)
            throws IOException {
        List<Cell> failed = new ArrayList<>();
        List<Data> members = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (int m = 0; m < g.sources.size(); m++) {
            if (results.done(g.keys.get(m))) {
                continue;
            }
            Data d = opened.computeIfAbsent(g.sources.get(m), grid::open);
            long seed = g.seeds.get(m);
            plan.ran.add(g.keys.get(m));
            Cell failure = d.loadFailure(g.detector, seed);
            if (failure != null) {
                failed.add(failure);
                continue;
            }
            listener.runStarted(d.name(), g.detector, seed);
            members.add(d);
            seeds.add(seed);
        }
        List<Cell> cells = new ArrayList<>(failed);
        if (!members.isEmpty()) {
            cells.addAll(grid.across().runGroup(g.detector, members, seeds));
        }
        append(cells, results, records, listener);
    }

    /**
     * A group across datasets: one detector's cells, by dataset index and seed, with their results keys.
     *
     * @param firstCell the index of its first cell in the grid's order, through which it is claimed.
     * @param steps     the largest step total of its members, which the group trains for.
     */
    private record Group(
            String detector, List<Integer> sources, List<Long> seeds, List<String> keys, long firstCell, long steps) {}

    /**
     * The groups across datasets of a grid ({@link AcrossDatasets}): the detectors that form them, each group by the
     * index of its first cell in the grid's order, and every cell's index by its key (the grid's order of rows).
     */
    private static final class Plan {
        final Set<String> detectors = new HashSet<>();
        final Map<Long, Group> byFirstCell = new HashMap<>();
        final Map<String, Long> order = new HashMap<>();
        /** The keys of the cells a group has run in this call: done now, but not done before the walk came here. */
        final Set<String> ran = new HashSet<>();

        /**
         * The groups in the order in which processes that share the grid claim them: the largest step total first
         * (a group trains as long as its longest member), ties in the grid's order; the same in every process, since
         * every process forms the same groups.
         *
         * @return the groups.
         */
        List<Group> largestFirst() {
            List<Group> groups = new ArrayList<>(byFirstCell.values());
            groups.sort(Comparator.comparingLong(Group::steps).reversed().thenComparingLong(Group::firstCell));
            return groups;
        }

        static Plan of(Grid grid, ResultsFile results) {
            Plan plan = new Plan();
            AcrossDatasets across = grid.across();
            if (across == null || across.size() < 2) {
                return plan;
            }
            List<String> detectors = grid.detectors();
            List<Long> seeds = grid.seeds();
            for (String d : detectors) {
                if (across.groups(d)) {
                    plan.detectors.add(d);
                }
            }
            if (plan.detectors.isEmpty()) {
                return plan;
            }
            int nd = detectors.size();
            int ns = seeds.size();
            // Each cell of a grouping detector: {cell index, step total, dataset index, seed index}; the step totals
            // only where work is left.
            Map<String, List<long[]>> cells = new LinkedHashMap<>();
            Map<String, Boolean> pending = new HashMap<>();
            Map<Long, String> keyOf = new HashMap<>();
            for (int source = 0; source < grid.sources(); source++) {
                Data data = grid.open(source);
                for (int si = 0; si < ns; si++) {
                    for (int di = 0; di < nd; di++) {
                        long index = cellIndex(grid, source, si, di);
                        String key = data.key(detectors.get(di), seeds.get(si));
                        plan.order.put(key, index);
                        keyOf.put(index, key);
                        if (plan.detectors.contains(detectors.get(di)) && !results.done(key)) {
                            pending.put(detectors.get(di), true);
                        }
                    }
                }
            }
            for (int source = 0; source < grid.sources(); source++) {
                // One dataset loaded at a time: a step total needs its row count and labels (not its splits).
                Data data = pending.isEmpty() ? null : grid.open(source);
                for (int si = 0; si < ns; si++) {
                    for (int di = 0; di < nd; di++) {
                        String d = detectors.get(di);
                        if (!plan.detectors.contains(d)) {
                            continue;
                        }
                        long index = cellIndex(grid, source, si, di);
                        long steps = 0;
                        if (pending.containsKey(d) && data.loadFailure(d, seeds.get(si)) == null) {
                            steps = data.steps(d, seeds.get(si));
                        }
                        cells.computeIfAbsent(d, k -> new ArrayList<>()).add(new long[] {index, steps, source, si});
                    }
                }
            }
            for (Map.Entry<String, List<long[]>> e : cells.entrySet()) {
                if (!pending.containsKey(e.getKey())) {
                    continue; // every cell done: nothing to group
                }
                List<long[]> sorted = new ArrayList<>(e.getValue());
                // Stable: cells of equal step totals stay in the grid's order.
                sorted.sort(Comparator.comparingLong(c -> c[1]));
                for (int from = 0; from < sorted.size(); from += across.size()) {
                    List<long[]> chunk = sorted.subList(from, Math.min(sorted.size(), from + across.size()));
                    List<Integer> sources = new ArrayList<>();
                    List<Long> groupSeeds = new ArrayList<>();
                    List<String> keys = new ArrayList<>();
                    long first = Long.MAX_VALUE;
                    long steps = 0;
                    for (long[] c : chunk) {
                        long index = c[0];
                        sources.add((int) c[2]);
                        groupSeeds.add(seeds.get((int) c[3]));
                        keys.add(keyOf.get(index));
                        first = Math.min(first, index);
                        steps = Math.max(steps, c[1]);
                    }
                    plan.byFirstCell.put(first, new Group(e.getKey(), sources, groupSeeds, keys, first, steps));
                }
            }
            return plan;
        }
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
