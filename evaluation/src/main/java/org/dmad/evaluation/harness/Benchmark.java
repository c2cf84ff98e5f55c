package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmad.engine.TrainingInterruptedException;
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
 * The tabular benchmark grid ({@code dmad bench}): every detector on the same splits of every dataset, for every
 * seed, with training and scoring timed separately; {@link Runner} runs it (results file, run records, resuming,
 * error rows, the report). A cell loads its dataset, splits it by the {@link Protocol} (which standardises the rows
 * once, with statistics of the training rows), trains the detector on the training rows, scores the test rows and
 * measures AUROC, AUPR and F1; {@link Reproduction} repeats those steps from a run record.
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
     * @param grouping  grouped training: the seeds of one dataset, or runs of several datasets, that train together.
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
            Grouping grouping) {

        /**
         * Settings with grouped training.
         *
         * @throws NullPointerException when {@code grouping} is null ({@link Grouping#NONE} for none).
         */
        public Settings {
            java.util.Objects.requireNonNull(grouping, "grouping");
        }

        /**
         * Settings without grouped training ({@link Grouping#NONE}).
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
            this(data, detectors, protocol, seeds, profile, threads, device, out, labelColumn, Grouping.NONE);
        }

        /** @return the seeds of one dataset per group: all of them for {@code --group auto}. */
        public int groupSize() {
            return grouping.seedsPerGroup(seeds.size());
        }
    }

    /**
     * Observes a benchmark.
     *
     * @deprecated use {@link Runner.Listener}, which observes the benchmarks of both tasks.
     */
    @Deprecated
    public interface Listener extends Runner.Listener {}

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
     * Runs one dataset x detector x seed cell exactly as {@link #run} does (same loading, split, trainer, metrics and
     * record), without writing anything. Failures give an error row, as in the benchmark.
     *
     * @param s        the settings (its data and output folder are not used).
     * @param source   the dataset.
     * @param detector the detector name.
     * @param seed     the seed.
     * @return the cell.
     */
    public static Runner.Cell runCell(Settings s, Datasets.Source source, String detector, long seed) {
        String protocol = s.protocol().cliName();
        TabularData data;
        try {
            data = source.load();
        } catch (IOException | RuntimeException e) {
            return new Runner.Cell(errorRow(source.name(), detector, seed, protocol, 0, 0, 0, e), null, null);
        }
        Split split;
        try {
            split = s.protocol().split(data, seed);
        } catch (RuntimeException e) {
            return new Runner.Cell(
                    errorRow(data.name(), detector, seed, protocol, 0, 0, data.columns(), e), null, null);
        }
        return runOne(s, data, split, detector, seed);
    }

    /**
     * The benchmark's grid, as {@link Runner} runs it: the datasets, seeds and detectors of the settings; a cell
     * loads its dataset (once per dataset), splits it (once per seed), trains, scores and measures.
     *
     * @param s the settings.
     * @return the grid.
     */
    public static Runner.Grid grid(Settings s) {
        return new Runner.Grid(
                Task.TABULAR,
                s.out(),
                s.detectors(),
                s.seeds(),
                s.data().size(),
                source -> new Cells(s, s.data().get(source)),
                s.groupSize(),
                s.grouping().groupsAcrossDatasets() ? new Across(s) : null);
    }

    /** Groups across datasets ({@link Grouping#datasets()}) of the detectors that form them. */
    private record Across(Settings s) implements Runner.AcrossDatasets {
        @Override
        public int size() {
            return s.grouping().datasets();
        }

        @Override
        public boolean groups(String detector) {
            return groupsAcrossDatasets(detector, s);
        }

        @Override
        public List<Runner.Cell> runGroup(String detector, List<Runner.Data> data, List<Long> seeds) {
            List<TabularData> loaded = new ArrayList<>();
            for (Runner.Data d : data) {
                loaded.add(((Cells) d).data);
            }
            return runGroupAcrossCells(s, loaded, detector, seeds);
        }
    }

    /** The cells of one dataset: loaded at the first cell that runs, split once per seed. */
    private static final class Cells implements Runner.Data {
        private final Settings s;
        private final Datasets.Source source;
        private final String protocol;
        private TabularData data;
        private Exception loadError;
        private long splitSeed;
        private Split split;
        private RuntimeException splitError;

        Cells(Settings s, Datasets.Source source) {
            this.s = s;
            this.source = source;
            this.protocol = s.protocol().cliName();
        }

        @Override
        public String key(String detector, long seed) {
            return ResultRow.key(source.name(), detector, seed, protocol);
        }

        @Override
        public Runner.Cell loadFailure(String detector, long seed) {
            if (data == null && loadError == null) {
                try {
                    data = source.load();
                } catch (IOException | RuntimeException e) {
                    loadError = e;
                }
            }
            return loadError == null
                    ? null
                    : Runner.Cell.failed(errorRow(source.name(), detector, seed, protocol, 0, 0, 0, loadError));
        }

        @Override
        public String name() {
            return data.name();
        }

        @Override
        public long size() {
            return source.size();
        }

        /** Counts the split's training rows without splitting ({@link Protocol#trainRows}): the training splits. */
        @Override
        public long steps(String detector, long seed) {
            try {
                int rows = s.protocol().trainRows(data, seed);
                if (rows == 0) {
                    return 0; // the split refuses it: the run reports why
                }
                Trainer<Event> t =
                        DetectorRegistry.get(detector).factory().create(s.profile(), seed, s.threads(), s.device());
                return t instanceof org.dmad.tribuo.DMADTrainer d ? stepTotal(d, rows) : 0;
            } catch (RuntimeException e) {
                return 0;
            }
        }

        private void split(long seed) {
            if (split == null && splitError == null || splitSeed != seed) {
                splitSeed = seed;
                split = null;
                splitError = null;
                try {
                    split = s.protocol().split(data, seed);
                } catch (RuntimeException e) {
                    splitError = e;
                }
            }
        }

        @Override
        public Runner.Cell run(String detector, long seed) {
            split(seed);
            return splitError != null
                    ? Runner.Cell.failed(
                            errorRow(data.name(), detector, seed, protocol, 0, 0, data.columns(), splitError))
                    : runOne(s, data, split, detector, seed);
        }

        @Override
        public boolean trainsInGroups(String detector) {
            return Benchmark.trainsInGroups(detector, s);
        }

        @Override
        public List<Runner.Cell> runGroup(String detector, List<Long> seeds) {
            return runGroupCells(s, data, detector, seeds);
        }
    }

    /**
     * Runs the benchmark and writes the report ({@link Runner#run(Runner.Grid, Runner.Listener)} of
     * {@link #grid}).
     *
     * @param s        the settings.
     * @param listener progress observer.
     * @return every row of the results file (earlier ones included).
     * @throws IOException when the output cannot be written.
     * @throws BenchmarkInterruptedException when the thread is interrupted; the rows written so far stay.
     */
    public static List<ResultRow> run(Settings s, Runner.Listener listener) throws IOException {
        return Runner.run(grid(s), listener);
    }

    /**
     * Runs the cells of the benchmark this process claims ({@link Runner#run(Runner.Grid, Runner.Listener,
     * CellClaims)} of {@link #grid}).
     *
     * @param s        the settings.
     * @param listener progress observer.
     * @param claims   which cells this process runs.
     * @return every row of the results file this process has seen.
     * @throws IOException when the output cannot be written.
     * @throws BenchmarkInterruptedException when the thread is interrupted; the rows written so far stay.
     */
    public static List<ResultRow> run(Settings s, Runner.Listener listener, CellClaims claims) throws IOException {
        return Runner.run(grid(s), listener, claims);
    }

    /**
     * The optimiser steps of a training on a number of rows: epochs (at most the step budget's) x batches per epoch.
     *
     * @param trainer the trainer.
     * @param rows    the training rows.
     * @return the step total.
     */
    static long stepTotal(org.dmad.tribuo.DMADTrainer trainer, int rows) {
        int batches = org.dmad.tribuo.TrainingGroup.batchesPerEpoch(trainer, Math.max(1, rows));
        long epochs = trainer.getEpochs();
        if (trainer.getMaxSteps() > 0) {
            epochs = Math.min(epochs, (trainer.getMaxSteps() + batches - 1) / batches);
        }
        return epochs * batches;
    }

    /**
     * Whether a detector's trainer groups runs of several datasets
     * ({@link org.dmad.tribuo.DMADTrainer#groupsAcrossDatasets()}).
     */
    static boolean groupsAcrossDatasets(String detector, Settings s) {
        try {
            Trainer<Event> t = DetectorRegistry.get(detector).factory().create(s.profile(), 0, s.threads(), s.device());
            return t instanceof org.dmad.tribuo.DMADTrainer d && d.trainsInGroups() && d.groupsAcrossDatasets();
        } catch (RuntimeException e) {
            return false;
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
    public static List<Runner.Cell> runGroupCells(Settings s, TabularData data, String detector, List<Long> seeds) {
        String protocol = s.protocol().cliName();
        Runner.Cell[] cells = new Runner.Cell[seeds.size()];
        Split[] splits = new Split[seeds.size()];
        java.util.Map<Integer, List<Integer>> byRows = new java.util.LinkedHashMap<>();
        for (int i = 0; i < seeds.size(); i++) {
            try {
                splits[i] = s.protocol().split(data, seeds.get(i));
                org.dmad.tribuo.DMADTrainer trainer = (org.dmad.tribuo.DMADTrainer) DetectorRegistry.get(detector)
                        .factory()
                        .create(s.profile(), seeds.get(i), s.threads(), s.device());
                // By the detector's rule: the denoisers drop each epoch's last partial batch, DTE-C keeps it.
                byRows.computeIfAbsent(
                                org.dmad.tribuo.TrainingGroup.batchesPerEpoch(trainer, splits[i].trainRows()),
                                k -> new ArrayList<>())
                        .add(i);
            } catch (RuntimeException e) {
                cells[i] = new Runner.Cell(
                        errorRow(data.name(), detector, seeds.get(i), protocol, 0, 0, data.columns(), e), null, null);
            }
        }
        List<TabularData> same = java.util.Collections.nCopies(seeds.size(), data);
        for (List<Integer> group : byRows.values()) {
            trainGroup(s, same, detector, seeds, splits, group, cells, false);
        }
        return List.of(cells);
    }

    /**
     * Runs cells of several datasets and seeds of one detector as one group ({@link org.dmad.tribuo.TrainingGroup};
     * a detector that groups across datasets): each member its own dataset's split, trained together; each cell then
     * scores and records as an ungrouped run does, its fit time being the group's training time divided by its size,
     * its record naming the group's members (dataset and seed of each) so that {@code dmad reproduce} retrains the
     * same group. Failures give error rows for the cells they concern.
     *
     * @param s        the settings.
     * @param data     each member's dataset.
     * @param detector the detector name (one whose trainer groups across datasets).
     * @param seeds    each member's seed.
     * @return one cell per member, in order.
     */
    public static List<Runner.Cell> runGroupAcrossCells(
            Settings s, List<TabularData> data, String detector, List<Long> seeds) {
        String protocol = s.protocol().cliName();
        Runner.Cell[] cells = new Runner.Cell[seeds.size()];
        Split[] splits = new Split[seeds.size()];
        List<Integer> group = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            TabularData d = data.get(i);
            try {
                splits[i] = s.protocol().split(d, seeds.get(i));
                group.add(i);
            } catch (RuntimeException e) {
                cells[i] = new Runner.Cell(
                        errorRow(d.name(), detector, seeds.get(i), protocol, 0, 0, d.columns(), e), null, null);
            }
        }
        if (!group.isEmpty()) {
            trainGroup(s, data, detector, seeds, splits, group, cells, true);
        }
        return List.of(cells);
    }

    /**
     * Trains the cells of one group together and scores each, filling their cells; failures give error cells for
     * the members they concern.
     *
     * @param s        the settings.
     * @param data     the dataset of each cell, by index.
     * @param detector the detector.
     * @param seeds    the seed of each cell, by index.
     * @param splits   the split of each cell, by index.
     * @param group    the indices of the cells that train together.
     * @param cells    the cells, by index, filled for the group's members.
     * @param across   whether the group spans datasets: each record then names every member's dataset and seed.
     */
    private static void trainGroup(
            Settings s,
            List<TabularData> data,
            String detector,
            List<Long> seeds,
            Split[] splits,
            List<Integer> group,
            Runner.Cell[] cells,
            boolean across) {
        String protocol = s.protocol().cliName();
        List<org.dmad.tribuo.TrainingGroup.Member> members = new ArrayList<>();
        List<Map<String, Object>> described = across ? new ArrayList<>() : null;
        List<org.dmad.tribuo.DMADModel> models = List.of();
        try {
            for (int i : group) {
                Trainer<Event> trainer = DetectorRegistry.get(detector)
                        .factory()
                        .create(s.profile(), seeds.get(i), s.threads(), s.device());
                members.add(groupMember(trainer, data.get(i), splits[i], s.protocol()));
                if (across) {
                    Map<String, Object> member = new LinkedHashMap<>();
                    member.put("dataset", data.get(i).record().toMap());
                    member.put("seed", seeds.get(i));
                    described.add(member);
                }
            }
            long t0 = System.nanoTime();
            models = org.dmad.tribuo.TrainingGroup.train(members);
            double fitSeconds = (System.nanoTime() - t0) / 1e9 / group.size();
            for (int k = 0; k < group.size(); k++) {
                int i = group.get(k);
                cells[i] = scoreCell(
                        s, data.get(i), splits[i], detector, seeds.get(i), models.get(k), fitSeconds, described);
            }
        } catch (TrainingInterruptedException e) {
            Thread.currentThread().interrupt();
            failGroup(cells, group, data, detector, seeds, protocol, splits, e, true);
        } catch (RuntimeException e) {
            failGroup(cells, group, data, detector, seeds, protocol, splits, e, false);
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

    /**
     * Error rows for the members of a failed group.
     *
     * @param cells    the cells, by index.
     * @param group    the indices of the group.
     * @param data     the datasets, by index.
     * @param detector the detector.
     * @param seeds    the seeds, by index.
     * @param protocol the protocol's name.
     * @param splits   the splits, by index.
     * @param e        the failure.
     * @param all      whether cells already made (scored before the failure) are replaced too.
     */
    private static void failGroup(
            Runner.Cell[] cells,
            List<Integer> group,
            List<TabularData> data,
            String detector,
            List<Long> seeds,
            String protocol,
            Split[] splits,
            Throwable e,
            boolean all) {
        for (int i : group) {
            if (all || cells[i] == null) {
                cells[i] = errorCell(data.get(i), detector, seeds.get(i), protocol, splits[i], e);
            }
        }
    }

    /** Scores a trained model on its test rows and builds its cell (plain and grouped runs alike). */
    private static Runner.Cell scoreCell(
            Settings s,
            TabularData data,
            Split split,
            String detector,
            long seed,
            Model<Event> model,
            double fitSeconds) {
        return scoreCell(s, data, split, detector, seed, model, fitSeconds, null);
    }

    /**
     * Scores a trained model on its test rows and builds its cell; {@code members} describes the members of a group
     * across datasets (null otherwise), which the record keeps.
     */
    private static Runner.Cell scoreCell(
            Settings s,
            TabularData data,
            Split split,
            String detector,
            long seed,
            Model<Event> model,
            double fitSeconds,
            List<Map<String, Object>> members) {
        String protocol = s.protocol().cliName();
        try {
            long t1 = System.nanoTime();
            double[] scores = TabularRows.score(model, data, split);
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
            return new Runner.Cell(
                    row,
                    RunRecords.recordJson(row, s, data, split, model, members),
                    RunRecords.scoresCsv(labels, scores));
        } catch (IOException | RuntimeException e) {
            return errorCell(data, detector, seed, protocol, split, e);
        }
    }

    /** The cell of a run that failed after its split was made: the split's sizes, the failure's message. */
    private static Runner.Cell errorCell(
            TabularData data, String detector, long seed, String protocol, Split split, Throwable e) {
        return new Runner.Cell(
                errorRow(
                        data.name(), detector, seed, protocol, split.trainRows(), split.testRows(), split.columns(), e),
                null,
                null);
    }

    private static Runner.Cell runOne(Settings s, TabularData data, Split split, String detector, long seed) {
        String protocol = s.protocol().cliName();
        Model<Event> model = null;
        try {
            Trainer<Event> trainer =
                    DetectorRegistry.get(detector).factory().create(s.profile(), seed, s.threads(), s.device());
            long t0 = System.nanoTime();
            model = TabularRows.train(trainer, data, split, s.protocol());
            double fitSeconds = (System.nanoTime() - t0) / 1e9;
            return scoreCell(s, data, split, detector, seed, model, fitSeconds);
        } catch (TrainingInterruptedException e) {
            Thread.currentThread().interrupt();
            return errorCell(data, detector, seed, protocol, split, e);
        } catch (RuntimeException e) {
            return errorCell(data, detector, seed, protocol, split, e);
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
                Runner.message(e));
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
        return new org.dmad.tribuo.TrainingGroup.Member(dmad, TabularRows.trainingRows(data, split, protocol));
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
        SimpleDataSourceProvenance provenance = TabularRows.sourceProvenance(data, side);
        return new MutableDataset<>(new ListDataSource<>(examples, FACTORY, provenance));
    }
}
