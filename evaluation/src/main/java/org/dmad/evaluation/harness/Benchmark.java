package org.dmad.evaluation.harness;

import org.dmad.engine.TrainingInterruptedException;
import org.dmad.engine.TrainingProgress;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
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

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

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

    private Benchmark() {
    }

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
    public record Settings(List<Datasets.Source> data, List<String> detectors, Protocol protocol, List<Long> seeds,
                           Profile profile, int threads, String device, Path out, String labelColumn) {
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
        default void runStarted(String dataset, String detector, long seed) {
        }

        /**
         * A run ended, or was skipped because an earlier benchmark completed it.
         *
         * @param row     its results row.
         * @param skipped true when it was not rerun.
         */
        default void runEnded(ResultRow row, boolean skipped) {
        }

        /**
         * A training epoch ended.
         *
         * @param epoch     the epoch, from 1.
         * @param maxEpochs the configured epochs.
         */
        default void epoch(int epoch, int maxEpochs) {
        }
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
    public record Cell(ResultRow row, String recordJson, String scoresCsv) {
    }

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
        try (ResultsFile results = new ResultsFile(s.out().resolve("results.csv"), claims.shared())) {
            long firstCell = 0;
            for (Datasets.Source source : s.data()) {
                runDataset(s, source, results, records, listener, claims, firstCell);
                firstCell += (long) s.seeds().size() * s.detectors().size();
            }
            List<ResultRow> rows = results.rows();
            if (!claims.shared()) {
                Report.write(s.out(), rows, records);
            }
            return rows;
        } finally {
            TrainingProgress.set(null);
        }
    }

    private static void runDataset(Settings s, Datasets.Source source, ResultsFile results, RunRecords records,
                                   Listener listener, CellClaims claims, long firstCell) throws IOException {
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
        for (long seed : s.seeds()) {
            Split split = null;
            RuntimeException splitError = null;
            for (String[] p : pending) {
                if (Long.parseLong(p[1]) != seed) {
                    continue;
                }
                checkInterrupt(results);
                if (!claims.claim(Long.parseLong(p[2]))) {
                    continue;
                }
                String detector = p[0];
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
            return errorRow(r.dataset(), r.detector(), r.seed(), r.protocol(), r.nTrain(), r.nTest(), r.nFeatures(),
                    e);
        }
    }

    private static Cell runOne(Settings s, TabularData data, Split split, String detector, long seed) {
        String protocol = s.protocol().cliName();
        Model<Event> model = null;
        try {
            Trainer<Event> trainer = DetectorRegistry.get(detector).factory().create(s.profile(), seed, s.threads(),
                    s.device());
            MutableDataset<Event> train = dataset(data, split.train(), split.trainLabels(),
                    s.protocol() == Protocol.UNSUP, split.columns(), "train");
            MutableDataset<Event> test = dataset(data, split.test(), split.testLabels(), false, split.columns(),
                    "test");
            long t0 = System.nanoTime();
            model = trainer.train(train);
            double fitSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            List<Prediction<Event>> predictions = model.predict(test);
            double scoreSeconds = (System.nanoTime() - t1) / 1e9;
            double[] scores = new double[predictions.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = predictions.get(i).getOutput().getScore();
                if (!Double.isFinite(scores[i])) {
                    throw new IllegalStateException("the detector produced a " + scores[i] + " score for test row "
                            + i);
                }
            }
            int[] labels = split.testLabels();
            ResultRow row = new ResultRow(data.name(), detector, seed, protocol, ResultRow.OK,
                    Metrics.auroc(labels, scores), Metrics.averagePrecision(labels, scores),
                    Metrics.f1AtTrueCount(labels, scores), fitSeconds, scoreSeconds, split.trainRows(),
                    split.testRows(), split.columns(), "");
            return new Cell(row, RunRecords.recordJson(row, s, data, split, model), RunRecords.scoresCsv(labels,
                    scores));
        } catch (TrainingInterruptedException e) {
            Thread.currentThread().interrupt();
            return new Cell(errorRow(data.name(), detector, seed, protocol, split.trainRows(), split.testRows(),
                    split.columns(), e), null, null);
        } catch (IOException | RuntimeException e) {
            return new Cell(errorRow(data.name(), detector, seed, protocol, split.trainRows(), split.testRows(),
                    split.columns(), e), null, null);
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

    private static ResultRow errorRow(String dataset, String detector, long seed, String protocol, int nTrain,
                                      int nTest, int nFeatures, Throwable e) {
        return new ResultRow(dataset, detector, seed, protocol, ResultRow.ERROR, Double.NaN, Double.NaN, Double.NaN,
                0, 0, nTrain, nTest, nFeatures, message(e));
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
    public static MutableDataset<Event> dataset(TabularData data, double[] values, int[] labels, boolean unknown,
                                         int columns, String side) {
        String[] names = data.featureNames().toArray(new String[0]);
        List<Example<Event>> examples = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            double[] row = new double[columns];
            System.arraycopy(values, i * columns, row, 0, columns);
            Event e = unknown ? AnomalyFactory.UNKNOWN_EVENT
                    : labels[i] == 1 ? AnomalyFactory.ANOMALOUS_EVENT : AnomalyFactory.EXPECTED_EVENT;
            examples.add(new ArrayExample<>(e, names, row));
        }
        SimpleDataSourceProvenance provenance = new SimpleDataSourceProvenance(data.name() + ":" + side + ":"
                + data.record().sha256(), OffsetDateTime.now(), FACTORY);
        return new MutableDataset<>(new ListDataSource<>(examples, FACTORY, provenance));
    }
}
