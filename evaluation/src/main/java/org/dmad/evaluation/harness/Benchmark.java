package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmad.engine.TrainingInterruptedException;
import org.dmad.engine.TrainingProgress;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.metrics.MetricSet;
import org.dmad.evaluation.metrics.Metrics;
import org.dmad.evaluation.protocol.Protocol;
import org.dmad.evaluation.protocol.Split;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The comparative benchmark: every detector on the same splits of every dataset, for every seed, with training and
 * scoring timed separately. Each run appends one row to {@code results.csv} as soon as it ends and writes its run
 * record (provenance, metrics, times) and test scores under {@code runs/}; a rerun with the same output folder
 * skips the runs already completed. A detector that fails on a dataset gives a row with status {@code error} and
 * its message, and the benchmark goes on. An interrupt of the running thread stops the benchmark within one
 * training step: the run in progress writes no row (a rerun redoes it) and {@link BenchmarkInterruptedException}
 * is thrown.
 */
public final class Benchmark {

    private static final AnomalyFactory FACTORY = new AnomalyFactory();

    private Benchmark() {}

    /**
     * What to run.
     *
     * @param data      the datasets.
     * @param detectors detector names (see {@link DetectorRegistry}).
     * @param protocol  the split protocol.
     * @param seeds     the seeds; each gives its own split (where the protocol draws rows) and training seed.
     * @param profile   quick, paper or budget settings.
     * @param threads   PyTorch intra-op threads (0 = automatic).
     * @param device    cpu, gpu, gpu:N or auto.
     * @param out       the output folder.
     * @param labelColumn the label column of CSV files (recorded so that a run can be reproduced).
     */
    public record Settings(
            List<Datasets.Source> data,
            List<String> detectors,
            Protocol protocol,
            List<Long> seeds,
            Profile profile,
            int threads,
            String device,
            Path out,
            String labelColumn,
            int group) {

        /**
         * Settings with grouped training.
         *
         * @param group the seeds of one dataset trained together as one batched network, for detectors that train
         *              in groups ({@link org.dmad.tribuo.TrainingGroup}): 1 = none (each run trains alone), N = up
         *              to N consecutive seeds of the seed list, 0 = all the seeds.
         */
        public Settings {
            if (group < 0) {
                throw new IllegalArgumentException("group must be 0 (all seeds) or positive, got " + group);
            }
        }

        /**
         * Settings without grouped training.
         *
         * @param data        the datasets.
         * @param detectors   detector names.
         * @param protocol    the split protocol.
         * @param seeds       the seeds.
         * @param profile     quick, paper or budget settings.
         * @param threads     PyTorch intra-op threads.
         * @param device      cpu, gpu, gpu:N or auto.
         * @param out         the output folder.
         * @param labelColumn the label column of CSV files.
         */
        public Settings(
                List<Datasets.Source> data,
                List<String> detectors,
                Protocol protocol,
                List<Long> seeds,
                Profile profile,
                int threads,
                String device,
                Path out,
                String labelColumn) {
            this(data, detectors, protocol, seeds, profile, threads, device, out, labelColumn, 1);
        }

        /** @return the seeds per group: all of them for 0. */
        public int groupSize() {
            return group == 0 ? Math.max(1, seeds.size()) : group;
        }
    }

    /** Observes a benchmark (the command line's progress bar). */
    public interface Listener {
        /**
         * A run starts.
         *
         * @param dataset  the dataset.
         * @param detector the detector.
         * @param seed     the seed.
         */
        default void runStarted(String dataset, String detector, long seed) {}

        /**
         * A run ended, or was skipped because an earlier benchmark completed it.
         *
         * @param row     its results row ({@link ResultRow} of either task; metrics by name).
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
     * The number of runs a benchmark consists of.
     *
     * @param s the settings.
     * @return datasets x detectors x seeds.
     */
    public static int totalRuns(Settings s) {
        return s.data().size() * s.detectors().size() * s.seeds().size();
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
    public record Cell(ResultRow row, String recordJson, String scoresCsv) {}

    /**
     * Runs one dataset x detector x seed cell exactly as {@link #run} does (same loading, split, trainer, metrics and
     * record), without writing anything. Failures give an error row, as in the benchmark.
     *
     * @param s        the settings (its data and output folder are not used).
     * @param source   the dataset.
     * @param detector the detector name.
     * @param seed     the seed.
     * @return the cell.
     */
    public static Cell runCell(Settings s, Datasets.Source source, String detector, long seed) {
        String protocol = s.protocol().cliName();
        TabularData data;
        try {
            data = source.load();
        } catch (IOException | RuntimeException e) {
            return new Cell(errorRow(source.name(), detector, seed, protocol, 0, 0, 0, e), null, null);
        }
        Split split;
        try {
            split = s.protocol().split(data, seed);
        } catch (RuntimeException e) {
            return new Cell(errorRow(data.name(), detector, seed, protocol, 0, 0, data.columns(), e), null, null);
        }
        return runOne(s, data, split, detector, seed);
    }

    /**
     * Runs the benchmark and writes the report.
     *
     * @param s        the settings.
     * @param listener progress observer.
     * @return every row of the results file (earlier ones included).
     * @throws IOException when the output cannot be written.
     * @throws BenchmarkInterruptedException when the thread is interrupted; the rows written so far stay.
     */
    public static List<ResultRow> run(Settings s, Listener listener) throws IOException {
        return run(s, listener, CellClaims.ALL);
    }

    /**
     * Runs the cells of the benchmark this process claims, appending to a results file that the other processes
     * claiming cells share (it must exist; {@link RowsFile}). The report is left to whoever runs the whole grid
     * afterwards (for {@link CellClaims#ALL}, this call). The listener hears only of this process's cells.
     *
     * @param s        the settings.
     * @param listener progress observer.
     * @param claims   which cells this process runs.
     * @return every row of the results file this process has seen.
     * @throws IOException when the output cannot be written.
     * @throws BenchmarkInterruptedException when the thread is interrupted; the rows written so far stay.
     */
    public static List<ResultRow> run(Settings s, Listener listener, CellClaims claims) throws IOException {
        RunRecords records = new RunRecords(s.out().resolve("runs"));
        TrainingProgress.set((epoch, maxEpochs, loss) -> listener.epoch(epoch, maxEpochs));
        try (ResultsFile results = new ResultsFile(s.out().resolve("results.csv"), Task.TABULAR, claims.shared())) {
            long firstCell = 0;
            for (Datasets.Source source : s.data()) {
                runDataset(s, source, results, records, listener, claims, firstCell);
                firstCell += (long) s.seeds().size() * s.detectors().size();
            }
            List<ResultRow> rows = results.rows();
            if (!claims.shared()) {
                Report.write(s.out(), Task.TABULAR, rows, records);
            }
            return rows;
        } finally {
            TrainingProgress.set(null);
        }
    }

    private static void runDataset(
            Settings s,
            Datasets.Source source,
            ResultsFile results,
            RunRecords records,
            Listener listener,
            CellClaims claims,
            long firstCell)
            throws IOException {
        checkInterrupt(results);
        String protocol = s.protocol().cliName();
        // Pending runs: detector, seed and the cell's index in the grid's order (for claims).
        List<String[]> pending = new ArrayList<>();
        long cell = firstCell;
        for (long seed : s.seeds()) {
            for (String detector : s.detectors()) {
                String key = ResultRow.key(source.name(), detector, seed, protocol);
                if (results.done(key)) {
                    if (!claims.shared()) {
                        listener.runEnded(results.row(key), true);
                    }
                } else {
                    pending.add(new String[] {detector, Long.toString(seed), Long.toString(cell)});
                }
                cell++;
            }
        }
        TabularData data = null;
        Exception loadError = null;
        int groupSize = s.groupSize();
        java.util.Set<String> groupsSeen = new java.util.HashSet<>();
        for (long seed : s.seeds()) {
            Split split = null;
            RuntimeException splitError = null;
            for (String[] p : pending) {
                if (Long.parseLong(p[1]) != seed) {
                    continue;
                }
                checkInterrupt(results);
                String detector = p[0];
                if (groupSize > 1 && trainsInGroups(detector, s)) {
                    // The group of this seed: a fixed chunk of the seed list, claimed through its first cell, so
                    // that every process forms the same groups; its members are the chunk's pending cells.
                    int seedIndex = s.seeds().indexOf(seed);
                    int chunk = seedIndex / groupSize;
                    if (!groupsSeen.add(detector + "#" + chunk)) {
                        continue;
                    }
                    long chunkCell = firstCell
                            + (long) chunk * groupSize * s.detectors().size()
                            + s.detectors().indexOf(detector);
                    if (!claims.claim(chunkCell)) {
                        continue;
                    }
                    List<Long> members = new ArrayList<>();
                    for (String[] q : pending) {
                        long qs = Long.parseLong(q[1]);
                        if (q[0].equals(detector) && s.seeds().indexOf(qs) / groupSize == chunk) {
                            members.add(qs);
                        }
                    }
                    if (data == null && loadError == null) {
                        try {
                            data = source.load();
                        } catch (IOException | RuntimeException e) {
                            loadError = e;
                        }
                    }
                    runGroup(s, source.name(), data, loadError, detector, members, results, records, listener);
                    continue;
                }
                if (!claims.claim(Long.parseLong(p[2]))) {
                    continue;
                }
                if (data == null && loadError == null) {
                    try {
                        data = source.load();
                    } catch (IOException | RuntimeException e) {
                        loadError = e;
                    }
                }
                if (loadError != null) {
                    ResultRow row = errorRow(source.name(), detector, seed, protocol, 0, 0, 0, loadError);
                    results.append(row);
                    listener.runEnded(row, false);
                    continue;
                }
                if (split == null && splitError == null) {
                    try {
                        split = s.protocol().split(data, seed);
                    } catch (RuntimeException e) {
                        splitError = e;
                    }
                }
                listener.runStarted(data.name(), detector, seed);
                ResultRow row = splitError != null
                        ? errorRow(data.name(), detector, seed, protocol, 0, 0, data.columns(), splitError)
                        : write(runOne(s, data, split, detector, seed), records);
                // Cleared before the write: an interrupted thread's file channel refuses to write (and closes).
                boolean interrupted = Thread.interrupted();
                if (!interrupted || row.ok()) {
                    results.append(row);
                    listener.runEnded(row, false);
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                    checkInterrupt(results);
                }
            }
        }
    }

    /** Whether a detector's trainer trains in groups ({@link org.dmad.tribuo.DMADTrainer#trainsInGroups()}). */
    private static boolean trainsInGroups(String detector, Settings s) {
        try {
            Trainer<Event> t = DetectorRegistry.get(detector).factory().create(s.profile(), 0, s.threads(), s.device());
            return t instanceof org.dmad.tribuo.DMADTrainer d && d.trainsInGroups();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs the pending seeds of one group and appends their rows, as the ungrouped loop does for one run. */
    private static void runGroup(
            Settings s,
            String sourceName,
            TabularData data,
            Exception loadError,
            String detector,
            List<Long> seeds,
            ResultsFile results,
            RunRecords records,
            Listener listener)
            throws IOException {
        String protocol = s.protocol().cliName();
        List<Cell> cells = new ArrayList<>();
        if (loadError != null) {
            for (long seed : seeds) {
                cells.add(new Cell(errorRow(sourceName, detector, seed, protocol, 0, 0, 0, loadError), null, null));
            }
        } else {
            for (long seed : seeds) {
                listener.runStarted(data.name(), detector, seed);
            }
            cells = runGroupCells(s, data, detector, seeds);
        }
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
     * Runs the cells of several seeds of one dataset and detector as groups ({@link org.dmad.tribuo.TrainingGroup}):
     * seeds whose splits give the same number of batches per epoch train together (nearly always all of them: the
     * splits' sizes differ by a few rows); each cell then scores and records as
     * an ungrouped run does, its fit time being the group's training time divided by the group's size (the record's
     * model provenance names the group). Failures give error rows for the cells they concern.
     *
     * @param s        the settings.
     * @param data     the dataset.
     * @param detector the detector name (one whose trainer trains in groups).
     * @param seeds    the seeds.
     * @return one cell per seed, in order.
     */
    public static List<Cell> runGroupCells(Settings s, TabularData data, String detector, List<Long> seeds) {
        String protocol = s.protocol().cliName();
        Cell[] cells = new Cell[seeds.size()];
        Split[] splits = new Split[seeds.size()];
        java.util.Map<Integer, List<Integer>> byRows = new java.util.LinkedHashMap<>();
        for (int i = 0; i < seeds.size(); i++) {
            try {
                splits[i] = s.protocol().split(data, seeds.get(i));
                int batchSize = ((org.dmad.tribuo.DMADTrainer) DetectorRegistry.get(detector)
                                .factory()
                                .create(s.profile(), seeds.get(i), s.threads(), s.device()))
                        .getBatchSize();
                byRows.computeIfAbsent(
                                org.dmad.tribuo.TrainingGroup.batchesPerEpoch(splits[i].trainRows(), batchSize),
                                k -> new ArrayList<>())
                        .add(i);
            } catch (RuntimeException e) {
                cells[i] = new Cell(
                        errorRow(data.name(), detector, seeds.get(i), protocol, 0, 0, data.columns(), e), null, null);
            }
        }
        for (List<Integer> group : byRows.values()) {
            List<org.dmad.tribuo.TrainingGroup.Member> members = new ArrayList<>();
            List<MutableDataset<Event>> tests = new ArrayList<>();
            List<org.dmad.tribuo.DMADModel> models = List.of();
            try {
                for (int i : group) {
                    Split split = splits[i];
                    Trainer<Event> trainer = DetectorRegistry.get(detector)
                            .factory()
                            .create(s.profile(), seeds.get(i), s.threads(), s.device());
                    members.add(groupMember(trainer, data, split, s.protocol()));
                    tests.add(testSet(data, split));
                }
                long t0 = System.nanoTime();
                models = org.dmad.tribuo.TrainingGroup.train(members);
                double fitSeconds = (System.nanoTime() - t0) / 1e9 / group.size();
                for (int k = 0; k < group.size(); k++) {
                    int i = group.get(k);
                    cells[i] = scoreCell(
                            s, data, splits[i], detector, seeds.get(i), models.get(k), tests.get(k), fitSeconds);
                }
            } catch (TrainingInterruptedException e) {
                Thread.currentThread().interrupt();
                for (int i : group) {
                    cells[i] = new Cell(
                            errorRow(
                                    data.name(),
                                    detector,
                                    seeds.get(i),
                                    protocol,
                                    splits[i].trainRows(),
                                    splits[i].testRows(),
                                    splits[i].columns(),
                                    e),
                            null,
                            null);
                }
            } catch (RuntimeException e) {
                for (int i : group) {
                    if (cells[i] == null) {
                        cells[i] = new Cell(
                                errorRow(
                                        data.name(),
                                        detector,
                                        seeds.get(i),
                                        protocol,
                                        splits[i].trainRows(),
                                        splits[i].testRows(),
                                        splits[i].columns(),
                                        e),
                                null,
                                null);
                    }
                }
            } finally {
                for (org.dmad.tribuo.DMADModel m : models) {
                    try {
                        m.close();
                    } catch (RuntimeException ignored) {
                        // Native memory release failures must not hide the runs' results.
                    }
                }
            }
        }
        return List.of(cells);
    }

    /** Scores a trained model on its test rows and builds its cell (plain and grouped runs alike). */
    private static Cell scoreCell(
            Settings s,
            TabularData data,
            Split split,
            String detector,
            long seed,
            Model<Event> model,
            MutableDataset<Event> test,
            double fitSeconds) {
        String protocol = s.protocol().cliName();
        try {
            long t1 = System.nanoTime();
            double[] scores = score(model, test);
            double scoreSeconds = (System.nanoTime() - t1) / 1e9;
            int[] labels = split.testLabels();
            Map<String, Double> m = measure(labels, scores);
            ResultRow row = ResultRow.tabular(
                    data.name(),
                    detector,
                    seed,
                    protocol,
                    ResultRow.OK,
                    m.get("auroc"),
                    m.get("aupr"),
                    m.get("f1"),
                    fitSeconds,
                    scoreSeconds,
                    split.trainRows(),
                    split.testRows(),
                    split.columns(),
                    "");
            return new Cell(
                    row, RunRecords.recordJson(row, s, data, split, model), RunRecords.scoresCsv(labels, scores));
        } catch (IOException | RuntimeException e) {
            return new Cell(
                    errorRow(
                            data.name(),
                            detector,
                            seed,
                            protocol,
                            split.trainRows(),
                            split.testRows(),
                            split.columns(),
                            e),
                    null,
                    null);
        }
    }

    /**
     * Writes a cell's run record and scores as the benchmark does; a failure to write turns the row into an error
     * row.
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
            ResultRow r = cell.row();
            return errorRow(r.dataset(), r.detector(), r.seed(), r.protocol(), r.nTrain(), r.nTest(), r.nFeatures(), e);
        }
    }

    private static Cell runOne(Settings s, TabularData data, Split split, String detector, long seed) {
        String protocol = s.protocol().cliName();
        Model<Event> model = null;
        try {
            Trainer<Event> trainer =
                    DetectorRegistry.get(detector).factory().create(s.profile(), seed, s.threads(), s.device());
            MutableDataset<Event> train = trainingSet(data, split, s.protocol());
            MutableDataset<Event> test = testSet(data, split);
            long t0 = System.nanoTime();
            model = trainer.train(train);
            double fitSeconds = (System.nanoTime() - t0) / 1e9;
            return scoreCell(s, data, split, detector, seed, model, test, fitSeconds);
        } catch (TrainingInterruptedException e) {
            Thread.currentThread().interrupt();
            return new Cell(
                    errorRow(
                            data.name(),
                            detector,
                            seed,
                            protocol,
                            split.trainRows(),
                            split.testRows(),
                            split.columns(),
                            e),
                    null,
                    null);
        } catch (RuntimeException e) {
            return new Cell(
                    errorRow(
                            data.name(),
                            detector,
                            seed,
                            protocol,
                            split.trainRows(),
                            split.testRows(),
                            split.columns(),
                            e),
                    null,
                    null);
        } finally {
            if (model instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // Native memory release failures must not hide the run's result.
                }
            }
        }
    }

    /** Stops the benchmark, without a row for the run in progress, once the thread has been interrupted. */
    private static void checkInterrupt(ResultsFile results) {
        if (Thread.currentThread().isInterrupted()) {
            throw new BenchmarkInterruptedException(results.writtenThisSession());
        }
    }

    private static ResultRow errorRow(
            String dataset,
            String detector,
            long seed,
            String protocol,
            int nTrain,
            int nTest,
            int nFeatures,
            Throwable e) {
        return ResultRow.tabular(
                dataset,
                detector,
                seed,
                protocol,
                ResultRow.ERROR,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                0,
                0,
                nTrain,
                nTest,
                nFeatures,
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

    /**
     * The training rows of a split as the benchmark trains on them (labels hidden under the unsupervised protocol).
     *
     * @param data     the dataset.
     * @param split    the split.
     * @param protocol the protocol that made it.
     * @return the training set.
     */
    public static MutableDataset<Event> trainingSet(TabularData data, Split split, Protocol protocol) {
        return dataset(data, split.train(), split.trainLabels(), protocol == Protocol.UNSUP, split.columns(), "train");
    }

    /**
     * @param data  the dataset.
     * @param split the split.
     * @return the test rows of the split, labelled.
     */
    public static MutableDataset<Event> testSet(TabularData data, Split split) {
        return dataset(data, split.test(), split.testLabels(), false, split.columns(), "test");
    }

    /**
     * One member of a grouped training: a trainer that trains in groups and its training rows.
     *
     * @param trainer  the trainer (a {@link org.dmad.tribuo.DMADTrainer} that trains in groups).
     * @param data     the dataset.
     * @param split    the member's split.
     * @param protocol the protocol.
     * @return the member.
     * @throws IllegalArgumentException when the trainer does not train in groups.
     */
    public static org.dmad.tribuo.TrainingGroup.Member groupMember(
            Trainer<Event> trainer, TabularData data, Split split, Protocol protocol) {
        if (!(trainer instanceof org.dmad.tribuo.DMADTrainer dmad)) {
            throw new IllegalArgumentException(
                    "The trainer " + trainer.getClass().getName() + " does not train in groups");
        }
        return new org.dmad.tribuo.TrainingGroup.Member(dmad, trainingSet(data, split, protocol));
    }

    /**
     * Scores test rows.
     *
     * @param model a trained model.
     * @param test  the test rows.
     * @return one anomaly score per row.
     * @throws IllegalStateException when a score is not finite, naming the row.
     */
    public static double[] score(Model<Event> model, MutableDataset<Event> test) {
        List<Prediction<Event>> predictions = model.predict(test);
        double[] scores = new double[predictions.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = predictions.get(i).getOutput().getScore();
            if (!Double.isFinite(scores[i])) {
                throw new IllegalStateException("the detector produced a " + scores[i] + " score for test row " + i);
            }
        }
        return scores;
    }

    /**
     * The tabular metrics of a run ({@link MetricSet#TABULAR}).
     *
     * @param labels the test labels (1 = anomaly).
     * @param scores the test scores.
     * @return metric name to value, in the set's order.
     */
    public static Map<String, Double> measure(int[] labels, double[] scores) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("auroc", Metrics.auroc(labels, scores));
        m.put("aupr", Metrics.averagePrecision(labels, scores));
        m.put("f1", Metrics.f1AtTrueCount(labels, scores));
        return m;
    }

    /**
     * A Tribuo dataset of standardised rows.
     *
     * @param data    the source dataset (names, provenance).
     * @param values  row-major values.
     * @param labels  labels.
     * @param unknown true to hide labels (UNKNOWN events), as the unsupervised protocol trains.
     * @param columns features per row.
     * @param side    "train" or "test".
     * @return the dataset.
     */
    public static MutableDataset<Event> dataset(
            TabularData data, double[] values, int[] labels, boolean unknown, int columns, String side) {
        String[] names = data.featureNames().toArray(new String[0]);
        List<Example<Event>> examples = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            double[] row = new double[columns];
            System.arraycopy(values, i * columns, row, 0, columns);
            Event e = unknown
                    ? AnomalyFactory.UNKNOWN_EVENT
                    : labels[i] == 1 ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT;
            examples.add(new ArrayExample<>(e, names, row));
        }
        SimpleDataSourceProvenance provenance = new SimpleDataSourceProvenance(
                data.name() + ":" + side + ":" + data.record().sha256(), OffsetDateTime.now(), FACTORY);
        return new MutableDataset<>(new ListDataSource<>(examples, FACTORY, provenance));
    }
}
