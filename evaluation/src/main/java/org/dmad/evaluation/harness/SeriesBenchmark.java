package org.dmad.evaluation.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmad.engine.DMADEngine;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.evaluation.timeseries.TimeSeriesMetrics;
import org.dmad.series.PointScores;
import org.dmad.series.SlidingWindows;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.series.SeriesDetector;
import org.dmad.tribuo.series.SeriesModel;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;

/**
 * The time-series benchmark ({@code dmad bench --task timeseries}): every detector on the same windows of every
 * series, for every seed. Per series: a z-normalisation fitted on the training part, windows of one length for all
 * detectors, training on the windows of the training part (strided so that at most {@code maxTrainWindows} are
 * used), scores of the windows that cover the evaluation range (every s-th of them at the detector's scoring stride
 * s, {@link Settings#scoreStride(String)}; s = 1 scores every window), point scores by
 * {@link PointScores.Aggregation}, and the time-series metrics on the evaluation range; {@link TsbAdProtocol} under
 * TSB-AD's protocol. {@link Runner} runs the grid as it runs the tabular one (results file, run records, resuming,
 * error rows, the report).
 */
public final class SeriesBenchmark {

    private SeriesBenchmark() {}

    /** A series that is loaded when needed. */
    public interface Source {
        /** @return the series name, known without loading. */
        String name();

        /**
         * @return the loaded series.
         * @throws IOException when it cannot be loaded.
         */
        TimeSeries load() throws IOException;

        /**
         * An estimate of the series' size, known without loading it, by which {@code dmad bench --jobs N} walks the
         * largest series first ({@link Runner.Data#size()}): its file's size in bytes, a stat that every process sees
         * and that grows with time steps x channels, which its windows (training and scoring) grow with.
         *
         * @return the estimate, 0 when unknown.
         */
        default long size() {
            return 0;
        }
    }

    /**
     * What to run.
     *
     * @param data            the series.
     * @param detectors       detector names ({@link DetectorRegistry}, those that run on {@link Task#TIMESERIES}).
     * @param seeds           the seeds.
     * @param profile         quick or paper training settings.
     * @param threads         PyTorch intra-op threads (0 = automatic).
     * @param device          cpu, gpu, gpu:N or auto.
     * @param out             the output folder.
     * @param window          the window length, 0 to choose it per series ({@link #windowLength}).
     * @param maxTrainWindows the most training windows (the training stride grows to respect it).
     * @param aggregation     how window scores become point scores.
     * @param protocol        dmad's protocol or TSB-AD's.
     * @param scoreStride     score every s-th window (1 = every window; {@link SeriesModel#pointScores(double[],
     *                        PointScores.Aggregation, int)}) for every detector; null = each detector's own
     *                        {@link DetectorRegistry.Detector#defaultScoreStride()} ({@link #scoreStride(String)}).
     *                        Under TSB-AD's protocol every window is scored: null or 1 only.
     * @param group           the seeds of one series trained together as one batched network, for detectors that
     *                        train in groups ({@link org.dmad.tribuo.TrainingGroup}): 1 = none (each run trains
     *                        alone), N = up to N consecutive seeds of the seed list, 0 = all the seeds.
     */
    public record Settings(
            List<Source> data,
            List<String> detectors,
            List<Long> seeds,
            Profile profile,
            int threads,
            String device,
            Path out,
            int window,
            int maxTrainWindows,
            PointScores.Aggregation aggregation,
            SeriesProtocol protocol,
            Integer scoreStride,
            int group) {

        /**
         * Validates the combination.
         *
         * @throws IllegalArgumentException when a fixed window or a scoring stride other than 1 is combined with
         *                                  TSB-AD's protocol, the scoring stride is below 1 or the group is negative.
         */
        public Settings {
            java.util.Objects.requireNonNull(protocol, "protocol");
            if (group < 0) {
                throw new IllegalArgumentException("group must be 0 (all seeds) or positive, got " + group);
            }
            if (scoreStride != null && scoreStride < 1) {
                throw new IllegalArgumentException("--score-stride must be at least 1, got " + scoreStride);
            }
            if (protocol.tsbAd() && scoreStride != null && scoreStride != 1) {
                throw new IllegalArgumentException("--protocol " + protocol.cliName() + " maps the score of every "
                        + "window as TSB-AD does; --score-stride " + scoreStride + " applies to --protocol semi only");
            }
            if (protocol.tsbAd() && window != 0) {
                throw new IllegalArgumentException(
                        "--protocol " + protocol.cliName() + " chooses each detector's window as TSB-AD "
                                + "does (1, the period, or 40); --window " + window + " cannot be combined with it");
            }
        }

        /**
         * The scoring stride of a detector's runs: the one given for every detector, else the detector's default
         * ({@link DetectorRegistry.Detector#defaultScoreStride()}); always 1 under TSB-AD's protocol, which scores
         * every window.
         *
         * @param detector the detector's name.
         * @return the stride, at least 1.
         */
        public int scoreStride(String detector) {
            if (protocol.tsbAd()) {
                return 1;
            }
            return scoreStride != null
                    ? scoreStride
                    : DetectorRegistry.get(detector, Task.TIMESERIES).defaultScoreStride();
        }

        /** @return the seeds per group: all of them for 0. */
        public int groupSize() {
            return group == 0 ? Math.max(1, seeds.size()) : group;
        }

        /**
         * The common case: dmad's own protocol ({@link SeriesProtocol#SEMI}), every window scored (scoring stride 1,
         * whatever the detectors' defaults) and each run training alone; {@link #withProtocol}, {@link
         * #withScoreStride} and {@link #withGroup} change those.
         *
         * @param data            the series.
         * @param detectors       detector names.
         * @param seeds           the seeds.
         * @param profile         quick or paper training settings.
         * @param threads         PyTorch intra-op threads (0 = automatic).
         * @param device          cpu, gpu, gpu:N or auto.
         * @param out             the output folder.
         * @param window          the window length, 0 to choose it per series.
         * @param maxTrainWindows the most training windows.
         * @param aggregation     how window scores become point scores.
         * @return the settings.
         */
        public static Settings of(
                List<Source> data,
                List<String> detectors,
                List<Long> seeds,
                Profile profile,
                int threads,
                String device,
                Path out,
                int window,
                int maxTrainWindows,
                PointScores.Aggregation aggregation) {
            return new Settings(
                    data,
                    detectors,
                    seeds,
                    profile,
                    threads,
                    device,
                    out,
                    window,
                    maxTrainWindows,
                    aggregation,
                    SeriesProtocol.SEMI,
                    1,
                    1);
        }

        /**
         * These settings under another protocol.
         *
         * @param protocol dmad's protocol or TSB-AD's.
         * @return the copy.
         * @throws IllegalArgumentException as the canonical constructor does.
         */
        public Settings withProtocol(SeriesProtocol protocol) {
            return with(protocol, scoreStride, group);
        }

        /**
         * These settings with another scoring stride.
         *
         * @param scoreStride score every s-th window for every detector; null = each detector's own default.
         * @return the copy.
         * @throws IllegalArgumentException as the canonical constructor does.
         */
        public Settings withScoreStride(Integer scoreStride) {
            return with(protocol, scoreStride, group);
        }

        /**
         * These settings with another training group.
         *
         * @param group the seeds of one series trained together: 1 = none, N = up to N, 0 = all the seeds.
         * @return the copy.
         * @throws IllegalArgumentException as the canonical constructor does.
         */
        public Settings withGroup(int group) {
            return with(protocol, scoreStride, group);
        }

        private Settings with(SeriesProtocol protocol, Integer scoreStride, int group) {
            return new Settings(
                    data,
                    detectors,
                    seeds,
                    profile,
                    threads,
                    device,
                    out,
                    window,
                    maxTrainWindows,
                    aggregation,
                    protocol,
                    scoreStride,
                    group);
        }
    }

    /**
     * The window length for a series: the given one, or the dominant period of channel 0 of the training part
     * (TSB-AD's choice for subsequence detectors) clamped to [8, 100], then shortened so that a window has at most
     * 1,024 values (a 38-channel series gets 26-point windows), and never longer than half the training part.
     *
     * @param s     the series.
     * @param given the requested length, 0 for automatic.
     * @return the length.
     */
    public static int windowLength(TimeSeries s, int given) {
        if (given > 0) {
            return given;
        }
        double[] c0 = new double[s.trainEnd()];
        for (int t = 0; t < c0.length; t++) {
            c0[t] = s.value(t, 0);
        }
        int period = c0.length >= 32 ? org.dmad.evaluation.timeseries.Periodicity.dominantPeriod(c0) : 8;
        int l = Math.max(8, Math.min(100, period));
        l = Math.min(l, Math.max(4, 1024 / s.channels()));
        return Math.max(2, Math.min(l, s.trainEnd() / 2));
    }

    /**
     * The benchmark's grid, as {@link Runner} runs it: the series, seeds and detectors of the settings; a series is
     * loaded (and, under TSB-AD's protocol, prepared) at the first cell that needs it, since a run's key holds the
     * series' window length.
     *
     * @param s the settings.
     * @return the grid.
     */
    public static Runner.Grid grid(Settings s) {
        return new Runner.Grid(
                Task.TIMESERIES,
                s.out(),
                s.detectors(),
                s.seeds(),
                s.data().size(),
                source -> new Cells(s, s.data().get(source)),
                s.groupSize());
    }

    /** The cells of one series. */
    private static final class Cells implements Runner.Data {
        private final Settings s;
        private final Source source;
        private TimeSeries series;
        private TsbAdProtocol.Prepared prepared;
        private Exception loadError;
        private int window;

        Cells(Settings s, Source source) {
            this.s = s;
            this.source = source;
            this.window = s.window();
        }

        private void load() {
            if (series == null && loadError == null) {
                try {
                    series = source.load();
                    if (s.protocol().tsbAd()) {
                        prepared = TsbAdProtocol.prepare(series, s.protocol() == SeriesProtocol.TSB_AD);
                    } else {
                        window = windowLength(series, s.window());
                    }
                } catch (IOException | RuntimeException e) {
                    if (series == null) {
                        loadError = e;
                    }
                }
            }
        }

        private int window(String detector) {
            return prepared != null ? TsbAdProtocol.window(detector, prepared) : window;
        }

        @Override
        public String key(String detector, long seed) {
            load();
            return loadError != null
                    ? ResultRow.seriesKey(source.name(), detector, seed, s.window())
                    : ResultRow.seriesKey(series.name(), detector, seed, window(detector));
        }

        @Override
        public Runner.Cell loadFailure(String detector, long seed) {
            load();
            return loadError == null
                    ? null
                    : Runner.Cell.failed(ResultRow.seriesError(
                            source.name(), detector, seed, s.window(), 0, 0, 0, 0, Runner.message(loadError)));
        }

        @Override
        public String name() {
            return series.name();
        }

        @Override
        public long size() {
            return source.size();
        }

        @Override
        public Runner.Cell run(String detector, long seed) {
            return SeriesBenchmark.run(runs(detector), List.of(seed), false).get(0);
        }

        /** Whether the detector's trainer on this series trains in groups ({@link DMADTrainer#trainsInGroups()}). */
        @Override
        public boolean trainsInGroups(String detector) {
            load();
            if (loadError != null) {
                return false;
            }
            try {
                return runs(detector).trainer(0) instanceof DMADTrainer d && d.trainsInGroups();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public List<Runner.Cell> runGroup(String detector, List<Long> seeds) {
            return SeriesBenchmark.run(runs(detector), seeds, true);
        }

        private Runs runs(String detector) {
            return prepared != null
                    ? new TsbAdRuns(s, series, prepared, detector, window(detector))
                    : new SemiRuns(s, series, detector, window);
        }
    }

    /**
     * Runs the benchmark and writes the report ({@link Runner#run(Runner.Grid, Runner.Listener)} of
     * {@link #grid}).
     *
     * @param s        the settings.
     * @param listener progress observer.
     * @return every row of the results file.
     * @throws IOException when the output cannot be written.
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
     * The training stride that keeps the number of training windows at most {@code max}.
     *
     * @param trainPoints points in the training part.
     * @param window      the window length.
     * @param max         the most windows.
     * @return the stride, at least 1.
     */
    static int trainStride(int trainPoints, int window, int max) {
        int all = trainPoints - window + 1;
        return Math.max(1, (all + max - 1) / max);
    }

    /**
     * Runs a detector's cells of the given seeds on a series: each seed's training alone, or, when {@code grouped},
     * all of them as one training group ({@link org.dmad.tribuo.TrainingGroup}; the seeds of a series train on the
     * same windows). Each model then scores and records as an ungrouped run's does, a grouped run's fit time being
     * the group's training time divided by its size (its record's model provenance names the group). Failures give
     * error cells for the runs they concern.
     *
     * @param r       the detector's runs on the series under the benchmark's protocol.
     * @param seeds   the seeds.
     * @param grouped whether the seeds train as one group.
     * @return one cell per seed, in order.
     */
    private static List<Runner.Cell> run(Runs r, List<Long> seeds, boolean grouped) {
        List<Runner.Cell> cells = new ArrayList<>(seeds.size());
        try {
            r.windows();
        } catch (RuntimeException e) {
            seeds.forEach(seed -> cells.add(r.failed(seed, e)));
            return cells;
        }
        List<List<Long>> trainings =
                grouped ? List.of(seeds) : seeds.stream().map(List::of).toList();
        for (List<Long> training : trainings) {
            int first = cells.size();
            List<SeriesModel> models = List.of();
            try {
                List<Trainer<Event>> trainers = new ArrayList<>(training.size());
                for (long seed : training) {
                    trainers.add(r.trainer(seed));
                }
                long t0 = System.nanoTime();
                models = grouped ? r.fitGroup(trainers) : List.of(r.fit(trainers.get(0)));
                double fitSeconds = (System.nanoTime() - t0) / 1e9 / training.size();
                for (int i = 0; i < training.size(); i++) {
                    cells.add(r.scored(training.get(i), models.get(i), fitSeconds));
                }
            } catch (RuntimeException e) {
                for (int i = cells.size() - first; i < training.size(); i++) {
                    cells.add(r.failed(training.get(i), e));
                }
            } finally {
                models.forEach(SeriesModel::close);
            }
        }
        return cells;
    }

    /**
     * A detector's runs on one series under one protocol: which windows train, how a trainer is made, trained alone
     * or in a group, and how a trained model scores, is measured and recorded.
     */
    private abstract static class Runs {
        final Settings s;
        final TimeSeries series;
        final String detector;
        final int window;
        /** The training windows' stride and count, once {@link #windows()} has checked the training part. */
        int stride = 1;

        int trainWindows;

        Runs(Settings s, TimeSeries series, String detector, int window) {
            this.s = s;
            this.series = series;
            this.detector = detector;
            this.window = window;
        }

        /** Checks the training part and sets {@link #stride} and {@link #trainWindows}. */
        abstract void windows();

        /** @return the trainer of a seed's run. */
        abstract Trainer<Event> trainer(long seed);

        /** @return the model a trainer trains alone. */
        abstract SeriesModel fit(Trainer<Event> trainer);

        /** @return the models of trainers trained as one group, in order. */
        abstract List<SeriesModel> fitGroup(List<Trainer<Event>> trainers);

        /** @return the cell of a trained model (its scores, metrics, row and record). */
        abstract Runner.Cell cell(long seed, SeriesModel model, double fitSeconds) throws IOException;

        /** @return the points scored. */
        abstract int evalPoints();

        /** The cell of a trained model, or its error cell. */
        Runner.Cell scored(long seed, SeriesModel model, double fitSeconds) {
            try {
                return cell(seed, model, fitSeconds);
            } catch (IOException | RuntimeException e) {
                return failed(seed, e);
            }
        }

        /** The error cell of a seed's run. */
        Runner.Cell failed(long seed, Throwable e) {
            return Runner.Cell.failed(ResultRow.seriesError(
                    series.name(),
                    detector,
                    seed,
                    window,
                    stride,
                    trainWindows,
                    evalPoints(),
                    series.channels(),
                    Runner.message(e)));
        }

        /** The dmad trainers of a group, refusing any other. */
        static List<DMADTrainer> dmad(List<Trainer<Event>> trainers) {
            List<DMADTrainer> out = new ArrayList<>(trainers.size());
            for (Trainer<Event> t : trainers) {
                if (!(t instanceof DMADTrainer d)) {
                    throw new IllegalArgumentException(
                            "The trainer " + t.getClass().getName() + " does not train in groups");
                }
                out.add(d);
            }
            return out;
        }
    }

    /** Runs under dmad's protocol: training part, z-normalisation fitted on it, the evaluation range scored. */
    private static final class SemiRuns extends Runs {
        SemiRuns(Settings s, TimeSeries series, String detector, int window) {
            super(s, series, detector, window);
        }

        @Override
        void windows() {
            if (series.trainEnd() < window + 1) {
                throw new IllegalArgumentException("the training part has " + series.trainEnd() + " points, fewer "
                        + "than a window of " + window + " plus one");
            }
            checkNormalTraining(
                    series.labels(),
                    series.trainEnd(),
                    "the training part [0, " + series.trainEnd() + ") of '" + series.name() + "'");
            stride = trainStride(series.trainEnd(), window, s.maxTrainWindows());
            trainWindows = SlidingWindows.of(window, stride).count(series.trainEnd());
        }

        @Override
        Trainer<Event> trainer(long seed) {
            return DetectorRegistry.get(detector, Task.TIMESERIES)
                    .factory()
                    .create(new DetectorRegistry.Run(s.profile(), seed, s.threads(), s.device(), window));
        }

        @Override
        SeriesModel fit(Trainer<Event> trainer) {
            return SeriesBenchmark.fit(trainer, series, window, stride);
        }

        @Override
        List<SeriesModel> fitGroup(List<Trainer<Event>> trainers) {
            return SeriesBenchmark.fitGroup(dmad(trainers), series, window, stride);
        }

        @Override
        int evalPoints() {
            return series.length() - series.evalStart();
        }

        @Override
        Runner.Cell cell(long seed, SeriesModel model, double fitSeconds) throws IOException {
            long t1 = System.nanoTime();
            double[] evalScores = evalPointScores(
                    model,
                    series,
                    window,
                    s.aggregation(),
                    s.scoreStride(detector),
                    DMADEngine.resolveThreads(s.threads()));
            double scoreSeconds = (System.nanoTime() - t1) / 1e9;
            int[] evalLabels = evalLabels(series);
            checkFinite(evalScores, series.evalStart());
            TimeSeriesMetrics.TimeSeriesScores m = measure(series, evalScores);
            ResultRow row = okRow(
                    series.name(),
                    detector,
                    seed,
                    window,
                    stride,
                    m,
                    fitSeconds,
                    scoreSeconds,
                    trainWindows,
                    evalPoints(),
                    series.channels());
            return new Runner.Cell(
                    row,
                    RunRecords.seriesRecordJson(row, s, series, model, m, null),
                    RunRecords.seriesScoresCsv(series.evalStart(), evalLabels, evalScores));
        }
    }

    /** Runs under TSB-AD's protocol ({@link TsbAdProtocol}). */
    private static final class TsbAdRuns extends Runs {
        private final TsbAdProtocol.Prepared p;
        private final boolean unsupervised;

        TsbAdRuns(Settings s, TimeSeries series, TsbAdProtocol.Prepared p, String detector, int window) {
            super(s, series, detector, window);
            this.p = p;
            this.unsupervised = TsbAdProtocol.unsupervised(detector);
        }

        @Override
        void windows() {
            int trainPoints = TsbAdProtocol.trainPoints(p, unsupervised);
            if (!unsupervised) {
                checkNormalTraining(
                        p.labels(), trainPoints, "the tr_" + trainPoints + " training prefix of '" + p.name() + "'");
            }
            stride = trainStride(trainPoints, window, s.maxTrainWindows());
            trainWindows =
                    trainPoints >= window ? SlidingWindows.of(window, stride).count(trainPoints) : 0;
        }

        @Override
        Trainer<Event> trainer(long seed) {
            return TsbAdProtocol.trainer(detector, p, s.profile(), seed, s.threads(), s.device(), window);
        }

        @Override
        SeriesModel fit(Trainer<Event> trainer) {
            return TsbAdProtocol.fit(trainer, p, window, stride, unsupervised);
        }

        @Override
        List<SeriesModel> fitGroup(List<Trainer<Event>> trainers) {
            return TsbAdProtocol.fitGroup(dmad(trainers), p, window, stride, unsupervised);
        }

        @Override
        int evalPoints() {
            return p.length();
        }

        @Override
        Runner.Cell cell(long seed, SeriesModel model, double fitSeconds) throws IOException {
            long t1 = System.nanoTime();
            double[] scores = TsbAdProtocol.score(
                    model,
                    p,
                    window,
                    TsbAdProtocol.mapping(detector),
                    s.aggregation(),
                    DMADEngine.resolveThreads(s.threads()));
            // Training and scoring are one pass for TSB-AD's unsupervised methods; the time is reported as fitting.
            double seconds = fitSeconds + (System.nanoTime() - t1) / 1e9;
            checkFinite(scores, 0);
            TimeSeriesMetrics.TimeSeriesScores m = measure(p, scores);
            ResultRow row = okRow(
                    series.name(),
                    detector,
                    seed,
                    window,
                    stride,
                    m,
                    seconds,
                    0,
                    trainWindows,
                    p.length(),
                    series.channels());
            return new Runner.Cell(
                    row,
                    RunRecords.seriesRecordJson(row, s, series, model, m, p),
                    RunRecords.seriesScoresCsv(series.evalStart(), p.labels(), scores));
        }
    }

    /**
     * Trains a detector on the windows of a series' training part, as a benchmark run does.
     *
     * @param trainer the trainer.
     * @param series  the series (z-normalisation is fitted on its training part).
     * @param window  the window length.
     * @param stride  the training windows' stride.
     * @return the trained model (the caller closes it).
     */
    public static SeriesModel fit(Trainer<Event> trainer, TimeSeries series, int window, int stride) {
        double[] train = Arrays.copyOf(series.values(), series.trainEnd() * series.channels());
        return SeriesDetector.fit(trainer, train, series.channels(), SlidingWindows.of(window, stride), true);
    }

    /**
     * Trains several seeds' trainers of a detector that trains in groups on the windows of a series' training part,
     * together as one group, as a grouped benchmark run does ({@link SeriesDetector#fitGroup(List, double[], int,
     * SlidingWindows, boolean, String)}).
     *
     * @param trainers the trainers, one per seed, equal but for the seed.
     * @param series   the series (z-normalisation is fitted on its training part).
     * @param window   the window length.
     * @param stride   the training windows' stride.
     * @return one model per trainer, in order (the caller closes them).
     */
    public static List<SeriesModel> fitGroup(
            List<? extends DMADTrainer> trainers, TimeSeries series, int window, int stride) {
        double[] train = Arrays.copyOf(series.values(), series.trainEnd() * series.channels());
        return SeriesDetector.fitGroup(trainers, train, series.channels(), SlidingWindows.of(window, stride), true, "");
    }

    /**
     * @param series a series.
     * @return the labels of its evaluation range.
     */
    static int[] evalLabels(TimeSeries series) {
        return Arrays.copyOfRange(series.labels(), series.evalStart(), series.length());
    }

    /**
     * The time-series metrics of a run under dmad's protocol.
     *
     * @param series     the series.
     * @param evalScores the point scores of its evaluation range ({@link #evalPointScores}).
     * @return the metrics.
     */
    public static TimeSeriesMetrics.TimeSeriesScores measure(TimeSeries series, double[] evalScores) {
        double[] channel0 = new double[evalScores.length];
        for (int i = 0; i < channel0.length; i++) {
            channel0[i] = series.value(series.evalStart() + i, 0);
        }
        return TimeSeriesMetrics.evaluate(evalLabels(series), evalScores, channel0);
    }

    /**
     * The time-series metrics of a run under TSB-AD's protocol.
     *
     * @param p      the prepared series.
     * @param scores the point scores of every step.
     * @return the metrics.
     */
    public static TimeSeriesMetrics.TimeSeriesScores measure(TsbAdProtocol.Prepared p, double[] scores) {
        return TimeSeriesMetrics.evaluate(p.labels(), scores, p.raw0());
    }

    /**
     * The metrics by name ({@link org.dmad.evaluation.metrics.MetricSet#TIMESERIES}), as exact numbers: what a
     * run record keeps and a reproduction compares.
     *
     * @param m the metrics.
     * @return name -> value, in the results file's order.
     */
    public static Map<String, Double> metricValues(TimeSeriesMetrics.TimeSeriesScores m) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("auroc", m.aurocPoint());
        out.put("aupr", m.auprPoint());
        out.put("vus_pr", m.vusPr());
        out.put("vus_roc", m.vusRoc());
        out.put("best_f1", m.bestF1());
        out.put("pa_f1", m.paF1());
        out.put("event_f1", m.eventF1());
        out.put("range_f1", m.rangeF1());
        return out;
    }

    private static ResultRow okRow(
            String series,
            String detector,
            long seed,
            int window,
            int stride,
            TimeSeriesMetrics.TimeSeriesScores m,
            double fitSeconds,
            double scoreSeconds,
            int trainWindows,
            int evalPoints,
            int channels) {
        Map<String, Double> v = metricValues(m);
        return ResultRow.series(
                series,
                detector,
                seed,
                window,
                stride,
                ResultRow.OK,
                v.get("auroc"),
                v.get("aupr"),
                v.get("vus_pr"),
                v.get("vus_roc"),
                v.get("best_f1"),
                v.get("pa_f1"),
                v.get("event_f1"),
                v.get("range_f1"),
                fitSeconds,
                scoreSeconds,
                trainWindows,
                evalPoints,
                channels,
                "");
    }

    /**
     * Refuses a training part with no normal time step: a semi-supervised detector would learn anomalies as normal.
     *
     * @param labels the labels, starting at the training part's first step.
     * @param points the training part's length.
     * @param what   the training part, for the message.
     * @throws IllegalArgumentException when every step of it is labelled anomalous.
     */
    static void checkNormalTraining(int[] labels, int points, String what) {
        for (int t = 0; t < points; t++) {
            if (labels[t] == 0) {
                return;
            }
        }
        throw new IllegalArgumentException(what + " has no normal time step (all " + points + " are labelled "
                + "anomalous); a semi-supervised detector cannot learn normal behaviour from it");
    }

    /** Refuses a non-finite score, naming its time step. */
    static void checkFinite(double[] scores, int firstStep) {
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalStateException(
                        "the detector produced a " + scores[i] + " score at point " + (firstStep + i));
            }
        }
    }

    /**
     * Point scores of the evaluation range: every window at stride 1 that covers a point of the range (starting
     * {@code window - 1} points before it, so that each point sees all its windows; {@link SeriesModel} scores them
     * in bounded chunks), aggregated.
     *
     * @param model       the trained model.
     * @param series      the series.
     * @param window      the window length.
     * @param aggregation the aggregation.
     * @return one score per point of [evalStart, length).
     */
    static double[] evalPointScores(
            SeriesModel model, TimeSeries series, int window, PointScores.Aggregation aggregation) {
        return evalPointScores(model, series, window, aggregation, 1);
    }

    /**
     * As {@link #evalPointScores(SeriesModel, TimeSeries, int, PointScores.Aggregation)}, scoring every
     * {@code scoreStride}-th of those windows ({@link SeriesModel#stepScores}).
     *
     * @param model       the trained model.
     * @param series      the series.
     * @param window      the window length (the model's).
     * @param aggregation the aggregation.
     * @param scoreStride the scoring stride, at least 1.
     * @return one score per point of [evalStart, length).
     */
    static double[] evalPointScores(
            SeriesModel model, TimeSeries series, int window, PointScores.Aggregation aggregation, int scoreStride) {
        return evalPointScores(model, series, window, aggregation, scoreStride, 1);
    }

    /**
     * As {@link #evalPointScores(SeriesModel, TimeSeries, int, PointScores.Aggregation, int)}, the windows of a model
     * that is not a dmad model scored on up to {@code threads} threads (the same scores bit for bit).
     *
     * @param model       the trained model.
     * @param series      the series.
     * @param window      the window length (the model's).
     * @param aggregation the aggregation.
     * @param scoreStride the scoring stride, at least 1.
     * @param threads     scoring threads, at least 1.
     * @return one score per point of [evalStart, length).
     */
    static double[] evalPointScores(
            SeriesModel model,
            TimeSeries series,
            int window,
            PointScores.Aggregation aggregation,
            int scoreStride,
            int threads) {
        if (window != model.windows().length()) {
            throw new IllegalArgumentException(
                    "The model scores windows of " + model.windows().length() + " steps, not " + window);
        }
        return model.stepScores(series.values(), series.evalStart(), aggregation, scoreStride, threads);
    }

    /**
     * Sources for the generated series.
     *
     * @param seed the generator seed.
     * @return one source per kind.
     */
    public static List<Source> synthetic(long seed) {
        List<Source> out = new ArrayList<>();
        for (String kind : org.dmad.evaluation.timeseries.SyntheticSeries.KINDS) {
            out.add(new Source() {
                @Override
                public String name() {
                    return "synthetic-" + kind;
                }

                @Override
                public TimeSeries load() {
                    return org.dmad.evaluation.timeseries.SyntheticSeries.generate(kind, seed);
                }
            });
        }
        return out;
    }
}
