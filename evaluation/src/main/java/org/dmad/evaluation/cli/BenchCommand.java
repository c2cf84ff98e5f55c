package org.dmad.evaluation.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.function.ToLongFunction;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dmad.engine.DMADEngine;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.Benchmark;
import org.dmad.evaluation.harness.CellClaims;
import org.dmad.evaluation.harness.Grouping;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.ResultsFile;
import org.dmad.evaluation.harness.RunRow;
import org.dmad.evaluation.harness.Runner;
import org.dmad.evaluation.harness.SeriesBenchmark;
import org.dmad.evaluation.harness.SeriesProtocol;
import org.dmad.evaluation.harness.Summary;
import org.dmad.evaluation.metrics.MetricSet;
import org.dmad.evaluation.protocol.Protocol;
import org.dmad.evaluation.timeseries.MissingValues;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.evaluation.timeseries.TimeSeriesOptions;
import org.dmad.evaluation.timeseries.TimeSeriesSources;
import org.dmad.series.PointScores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dmad bench}: the comparative benchmark. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Runs detectors side by side on the same splits and writes results.csv, summary.md, "
                    + "report.html and one provenance record per run. Without --data it runs the generated suite "
                    + "(ADBench's four synthetic anomaly types; with --task timeseries, four generated series). "
                    + "Rerunning with the same --out skips finished runs."
        })
final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--task",
            paramLabel = "NAME",
            defaultValue = "tabular",
            description = "tabular (rows) or timeseries (windows over series, point scores, VUS-PR) "
                    + "(default: ${DEFAULT-VALUE}).")
    private String task;

    @Option(
            names = "--data",
            arity = "1..*",
            paramLabel = "PATH",
            description = "Dataset files (.npz, .csv, .arff) or folders of them; for --task timeseries, series "
                    + "files or folders (NAB, SMD, SMAP/MSL, UCR, TSB-AD, TSB-UAD, CSV with a timestamp column); "
                    + "default: the generated suite.")
    private List<Path> data = new ArrayList<>();

    @Option(
            names = "--window",
            paramLabel = "N",
            defaultValue = "0",
            description = "Time series: window length; 0 = the dominant period of the training part, clamped "
                    + "(default: ${DEFAULT-VALUE}).")
    private int window;

    @Option(
            names = "--max-train-windows",
            paramLabel = "N",
            defaultValue = "2000",
            description = "Time series: the most training windows; the training stride grows to respect it "
                    + "(default: ${DEFAULT-VALUE}).")
    private int maxTrainWindows;

    @Option(
            names = "--aggregation",
            paramLabel = "NAME",
            defaultValue = "mean",
            description = "Time series: a point's score from the windows covering it: mean, max or last "
                    + "(default: ${DEFAULT-VALUE}).")
    private String aggregation;

    @Option(
            names = "--score-stride",
            paramLabel = "S",
            description = "Time series (--protocol semi): score every S-th window and spread each window's score "
                    + "over its steps; about S times faster scoring, 1 = every window (the published stride-1 "
                    + "figures). Given, it applies to every detector; default: each detector's own stride, listed "
                    + "below (chosen for 20,000 time steps/s on 2 cores). --protocol tsb-ad and tsb-ad-raw score "
                    + "every window as TSB-AD does: stride 1, and only 1 may be given.")
    private Integer scoreStride;

    @Option(
            names = "--train-fraction",
            paramLabel = "F",
            description = "Time series: the leading fraction of a series that trains, for formats that define no "
                    + "training part (plain CSV; TSB-UAD files default to 0.1).")
    private Double trainFraction;

    @Option(
            names = "--missing",
            paramLabel = "NAME",
            defaultValue = "refuse",
            description = "Time series: empty or NaN values: refuse, previous (carry forward) or linear "
                    + "(default: ${DEFAULT-VALUE}).")
    private String missing;

    @Option(
            names = "--detectors",
            paramLabel = "LIST",
            description = "Comma-separated detector names, or all " + "(default: ${DEFAULT-VALUE}); listed below.",
            defaultValue = "all")
    private String detectors;

    @Option(
            names = "--protocol",
            paramLabel = "NAME",
            defaultValue = "semi",
            description = "semi (the literature's, with ADBench's resampling), semi-clean (no resampling) or unsup "
                    + "(default: ${DEFAULT-VALUE}); for --task timeseries, semi (dmad's), tsb-ad (TSB-AD's "
                    + "protocol: whole-series z-score, tr_ prefix, per-method windows) or tsb-ad-raw (the same on "
                    + "the values as loaded, as TSB-AD's runner passes them: use tsb-ad-raw to compare with TSB-AD's "
                    + "published figures). Under tsb-ad and tsb-ad-raw the series diffusion detectors (ts-*) scale "
                    + "every channel by its mean and standard deviation over the whole series, not over the "
                    + "training windows (their channelScale=series setting).")
    private String protocol;

    @Option(
            names = "--seeds",
            paramLabel = "LIST",
            defaultValue = "0",
            description = "Comma-separated seeds " + "(default: ${DEFAULT-VALUE}).")
    private String seeds;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            defaultValue = "quick",
            description = EngineOptions.PROFILES + " (default: ${DEFAULT-VALUE}).")
    private String profile;

    @Mixin
    private EngineOptions engine = new EngineOptions();

    @Mixin
    private ScaleOutOptions scaleOut = new ScaleOutOptions();

    @Option(
            names = "--label-column",
            paramLabel = "NAME",
            defaultValue = "label",
            description = "Label column of CSV files (default: ${DEFAULT-VALUE}).")
    private String labelColumn;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "dmad-bench",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--no-progress", description = "Print one line per run instead of a progress bar.")
    private boolean noProgress;

    @Option(
            names = "--jobs",
            paramLabel = "N",
            defaultValue = "1",
            description = "Runs at once, each in its own JVM (a JVM trains one network at a time, on one thread "
                    + "by default): 0 = one per physical core (default: ${DEFAULT-VALUE}). They share results.csv "
                    + "and runs/; the rows are the same as with one job, apart from the timings.")
    private int jobs;

    @Option(
            names = "--group",
            paramLabel = "N|auto|datasets:N",
            defaultValue = "1",
            description = "Grouped training: the seeds of one dataset (or series) train together as one batched "
                    + "network, N seeds at a time (auto = all the seeds), for the detectors that train in groups "
                    + "(listed below); rows and run records stay per run, each record naming its group. 1 = none "
                    + "(default: ${DEFAULT-VALUE}). datasets:N (tabular only) groups further for the detectors "
                    + "that group across datasets (listed below): up to N runs of every dataset and seed train "
                    + "together, those with similar step totals in one group (a group runs as long as its longest "
                    + "member); it is a value of --group, not an option beside it, because a run belongs to one "
                    + "group. The other detectors that train in groups group N seeds of one dataset, as --group N; "
                    + "the rest train alone as always.")
    private String group;

    @Option(
            names = "--worker",
            hidden = true,
            description = "Internal (--jobs): run the cells this process claims, appending to a shared results.csv.")
    private boolean worker;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Long> seedList = new ArrayList<>();
        for (String s : seeds.split(",")) {
            if (!s.isBlank()) {
                try {
                    seedList.add(Long.parseLong(s.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Seeds must be integers, got '" + s.trim() + "'");
                }
            }
        }
        if (engine.threads < 0) {
            throw new IllegalArgumentException("--threads must be 0 or positive");
        }
        OutputPaths.checkFolderOutput(
                "--out",
                out,
                data.stream().map(d -> new OutputPaths.Input("--data", d)).toList(),
                OutputPaths.BENCH_OUTPUTS);
        if (scaleOut.local()) {
            engine.hideGpusForCpuRun();
        }
        if (Task.parse(task) == Task.TIMESERIES) {
            return runSeries(seedList);
        }
        Benchmark.Settings settings = new Benchmark.Settings(
                data.isEmpty() ? Datasets.synthetic(0) : Datasets.sources(data, labelColumn),
                DetectorRegistry.parseList(detectors),
                Protocol.parse(protocol),
                seedList,
                Profile.parse(profile),
                engine.threads,
                engine.device,
                out,
                labelColumn,
                Grouping.parse(group));
        if (!settings.grouping().none() && !scaleOut.local()) {
            throw new IllegalArgumentException("--group trains in this JVM's engine; with --engine spark each "
                    + "executor trains one run at a time");
        }
        if (processes() > 1 && !scaleOut.local()) {
            throw new IllegalArgumentException("--jobs runs several local JVMs; with --engine spark the "
                    + "cluster's executors run the grid in parallel");
        }
        runGrid(
                Runner.totalRuns(Benchmark.grid(settings)),
                settings.data().stream().map(Datasets.Source::name).toList(),
                seedList,
                settings.detectors(),
                f -> new ResultsFile(f, Task.TABULAR),
                new Grid<>() {
                    @Override
                    public List<ResultRow> claimed(Runner.Listener listener, CellClaims claims)
                            throws java.io.IOException {
                        return Runner.run(Benchmark.grid(settings), listener, claims);
                    }

                    @Override
                    public List<ResultRow> whole(Runner.Listener listener) throws java.io.IOException {
                        return scaleOut.run(settings, listener);
                    }
                },
                rows -> {
                    Summary summary = new Summary(rows);
                    for (String d : summary.detectors()) {
                        System.out.printf(
                                Locale.ROOT,
                                "  %-8s mean AUROC %.2f  mean AUPR %.2f  mean rank %.2f%n",
                                d,
                                100 * summary.mean(d, "auroc"),
                                100 * summary.mean(d, "aupr"),
                                summary.meanRank(d));
                    }
                });
        return 0;
    }

    /**
     * One task's benchmark grid, as {@link #runGrid} runs it.
     *
     * @param <R> the task's row type.
     */
    private interface Grid<R extends RunRow> {
        /**
         * Runs the cells this process claims, in this JVM (a --jobs worker, or the final whole-grid pass).
         *
         * @param listener progress observer.
         * @param claims   the cells to run.
         * @return the rows of the results file.
         * @throws java.io.IOException when the output cannot be written.
         */
        List<R> claimed(Runner.Listener listener, CellClaims claims) throws java.io.IOException;

        /**
         * Runs the whole grid in one process, on the chosen engine.
         *
         * @param listener progress observer.
         * @return the rows of the results file.
         * @throws java.io.IOException when the output cannot be written.
         */
        List<R> whole(Runner.Listener listener) throws java.io.IOException;
    }

    /**
     * Runs a benchmark grid of either task: as a --jobs worker (the cells it claims), with several worker processes
     * (then the whole grid once more in this process, which finds every cell done and writes the report), or in this
     * process with progress; then prints the run count, each detector's means ({@code perDetector}) and the output
     * paths.
     *
     * @param total       the grid's runs.
     * @param datasets    the grid's dataset or series names, in order.
     * @param seedList    the seeds.
     * @param detectors   the detector names.
     * @param opener      opens the task's results file.
     * @param grid        runs the grid.
     * @param perDetector prints the per-detector lines.
     * @param <R>         the task's row type.
     * @throws Exception when the benchmark fails.
     */
    private <R extends RunRow> void runGrid(
            int total,
            List<String> datasets,
            List<Long> seedList,
            List<String> detectors,
            BenchJobs.Opener<R> opener,
            Grid<R> grid,
            java.util.function.Consumer<List<R>> perDetector)
            throws Exception {
        if (worker) {
            grid.claimed(new LineListener(0), CellClaims.in(BenchJobs.claims(out)));
            return;
        }
        long start = System.nanoTime();
        int processes = processes();
        List<R> rows;
        if (processes > 1) {
            BenchJobs.<R>run(
                    benchArgs(),
                    processes,
                    out.resolve("results.csv"),
                    opener,
                    gridOrder(datasets, seedList, detectors, RunRow::dataset, RunRow::seed, RunRow::detector),
                    System.err);
            rows = grid.claimed(new Runner.Listener() {}, CellClaims.ALL);
        } else {
            rows = withProgress(total, grid::whole);
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        System.out.printf(
                Locale.ROOT,
                "%nFinished %d runs in %.1f min (%d failed).%n",
                total,
                minutes,
                rows.stream().filter(r -> !r.ok()).count());
        perDetector.accept(rows);
        Path abs = out.toAbsolutePath().normalize();
        System.out.println("Results: " + abs.resolve("results.csv"));
        System.out.println("Summary: " + abs.resolve("summary.md"));
        System.out.println("Report:  " + abs.resolve("report.html"));
    }

    private Integer runSeries(List<Long> seedList) throws Exception {
        if (group.trim().toLowerCase(Locale.ROOT).startsWith("datasets:")) {
            throw new IllegalArgumentException("--group datasets:N groups tabular runs of several datasets (dte-c); "
                    + "with --task timeseries use --group N or auto, which groups the seeds of one series");
        }
        SeriesProtocol seriesProtocol = SeriesProtocol.parse(protocol);
        if (!scaleOut.local()) {
            throw new IllegalArgumentException("--task timeseries runs in this JVM only; --engine spark distributes "
                    + "the tabular grid (docs/SPARK.md)");
        }
        if (window < 0) {
            throw new IllegalArgumentException("--window must be 0 (automatic) or positive");
        }
        if (maxTrainWindows < 1) {
            throw new IllegalArgumentException("--max-train-windows must be positive");
        }
        PointScores.Aggregation agg;
        MissingValues fill;
        try {
            agg = PointScores.Aggregation.valueOf(aggregation.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown aggregation '" + aggregation + "': use mean, max or last");
        }
        try {
            fill = MissingValues.valueOf(missing.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Unknown missing-value policy '" + missing + "': use refuse, previous or linear");
        }
        List<SeriesBenchmark.Source> sources = new ArrayList<>();
        if (data.isEmpty()) {
            sources.addAll(SeriesBenchmark.synthetic(0));
        } else {
            if (trainFraction != null && !(trainFraction > 0 && trainFraction < 1)) {
                throw new IllegalArgumentException("--train-fraction must be between 0 and 1, got " + trainFraction);
            }
            for (TimeSeriesSources.Source src : TimeSeriesSources.sources(
                    data, TimeSeriesOptions.defaults().withMissing(fill).withTrainFraction(trainFraction))) {
                sources.add(new SeriesBenchmark.Source() {
                    @Override
                    public String name() {
                        return src.name();
                    }

                    @Override
                    public TimeSeries load() throws java.io.IOException {
                        return src.load();
                    }

                    @Override
                    public long size() {
                        try {
                            return java.nio.file.Files.size(src.file());
                        } catch (java.io.IOException e) {
                            return 0; // loading it will report why
                        }
                    }
                });
            }
        }
        List<String> names = DetectorRegistry.parseList(detectors, Task.TIMESERIES);
        SeriesBenchmark.Settings settings = new SeriesBenchmark.Settings(
                sources,
                names,
                seedList,
                Profile.parse(profile),
                engine.threads,
                engine.device,
                out,
                window,
                maxTrainWindows,
                agg,
                seriesProtocol,
                scoreStride,
                Grouping.parse(group).seeds());
        runGrid(
                Runner.totalRuns(SeriesBenchmark.grid(settings)),
                sources.stream().map(SeriesBenchmark.Source::name).toList(),
                seedList,
                names,
                f -> new ResultsFile(f, Task.TIMESERIES),
                new Grid<>() {
                    @Override
                    public List<ResultRow> claimed(Runner.Listener listener, CellClaims claims)
                            throws java.io.IOException {
                        return Runner.run(SeriesBenchmark.grid(settings), listener, claims);
                    }

                    @Override
                    public List<ResultRow> whole(Runner.Listener listener) throws java.io.IOException {
                        return Runner.run(SeriesBenchmark.grid(settings), listener);
                    }
                },
                rows -> {
                    for (String d : names) {
                        double[] m = rows.stream()
                                .filter(r -> r.ok() && r.detector().equals(d))
                                .mapToDouble(r -> r.metric("vus_pr"))
                                .toArray();
                        double[] a = rows.stream()
                                .filter(r -> r.ok() && r.detector().equals(d))
                                .mapToDouble(r -> r.metric("auroc"))
                                .toArray();
                        System.out.printf(
                                Locale.ROOT,
                                "  %-9s mean VUS-PR %.3f  mean AUROC %.3f  (%d series, scoring stride %d)%n",
                                d,
                                java.util.Arrays.stream(m).average().orElse(Double.NaN),
                                java.util.Arrays.stream(a).average().orElse(Double.NaN),
                                m.length,
                                settings.scoreStride(d));
                    }
                });
        return 0;
    }

    /** @return the worker processes --jobs asks for (0: one per physical core). */
    private int processes() {
        if (jobs < 0) {
            throw new IllegalArgumentException("--jobs must be 0 (one per physical core) or positive, got " + jobs);
        }
        return jobs == 0 ? DMADEngine.defaultThreads() : jobs;
    }

    /**
     * The grid's order (datasets, then seeds, then detectors, each as listed), for the rows of several jobs; rows of
     * runs outside the grid (an earlier benchmark in the same folder) come last, in their order.
     */
    private static <R> Comparator<R> gridOrder(
            List<String> datasets,
            List<Long> seedList,
            List<String> detectorNames,
            Function<R, String> dataset,
            ToLongFunction<R> seed,
            Function<R, String> detector) {
        IntUnaryOperator last = i -> i < 0 ? Integer.MAX_VALUE : i;
        return Comparator.<R>comparingInt(r -> last.applyAsInt(datasets.indexOf(dataset.apply(r))))
                .thenComparingInt(r -> last.applyAsInt(seedList.indexOf(seed.applyAsLong(r))))
                .thenComparingInt(r -> last.applyAsInt(detectorNames.indexOf(detector.apply(r))));
    }

    /** This command's arguments as typed, without --jobs and --no-progress (the workers get their own). */
    private List<String> benchArgs() {
        // The whole command line as typed: this command's arguments follow its name.
        List<String> typed = spec.commandLine().getParseResult().originalArgs();
        List<String> args = new ArrayList<>();
        for (int i = typed.indexOf(spec.name()) + 1; i < typed.size(); i++) {
            String a = typed.get(i);
            if (a.equals("--jobs")) {
                i++;
            } else if (!a.startsWith("--jobs=") && !a.equals("--no-progress")) {
                args.add(a);
            }
        }
        return args;
    }

    /** A benchmark run observed by a listener. */
    @FunctionalInterface
    private interface Run<R> {
        List<R> run(Runner.Listener listener) throws java.io.IOException;
    }

    /** Runs with a progress bar on a terminal, one line per run otherwise. */
    private <R> List<R> withProgress(int total, Run<R> run) throws java.io.IOException {
        if (noProgress || System.console() == null) {
            return run.run(new LineListener(total));
        }
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("dmad bench")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .build()) {
            return run.run(new BarListener(bar));
        }
    }

    /** A terminal progress bar: runs done, the current run and its epoch. */
    private static final class BarListener implements Runner.Listener {
        private final ProgressBar bar;
        private String current = "";

        BarListener(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        public void runStarted(String dataset, String detector, long seed) {
            current = detector + " on " + dataset + " (seed " + seed + ")";
            bar.setExtraMessage(current);
        }

        @Override
        public void runEnded(RunRow row, boolean skipped) {
            bar.step();
        }

        @Override
        public void epoch(int epoch, int maxEpochs) {
            bar.setExtraMessage(current + " epoch " + epoch + "/" + maxEpochs);
        }
    }

    /** One line per finished run, for logs and CI. */
    private static final class LineListener implements Runner.Listener {
        private final int total;
        private int done;

        /** @param total the runs to expect, 0 when unknown (a --jobs worker takes cells as they come). */
        LineListener(int total) {
            this.total = total;
        }

        @Override
        public void runEnded(RunRow row, boolean skipped) {
            done++;
            System.err.printf(
                    Locale.ROOT,
                    "[%s] %-8s %-24s seed %d: %s%n",
                    total > 0 ? done + "/" + total : Integer.toString(done),
                    row.detector(),
                    row.dataset(),
                    row.seed(),
                    skipped ? "done earlier" : !row.ok() ? "error: " + row.error() : progress(row));
        }
    }

    /**
     * The progress line's figures of a finished run: the metric set's progress metrics, then the times.
     *
     * @param row a successful run.
     * @return e.g. "AUROC 0.9120 (fit 1.2s, score 0.03s)".
     */
    static String progress(RunRow row) {
        StringBuilder b = new StringBuilder();
        for (MetricSet.Metric m : row.metricSet().progress()) {
            b.append(m.label())
                    .append(' ')
                    .append(String.format(
                            Locale.ROOT, "%." + row.metricSet().progressDigits() + "f", row.metric(m.name())))
                    .append(' ');
        }
        return b.append(String.format(Locale.ROOT, "(fit %.1fs, score %.2fs)", row.fitSeconds(), row.scoreSeconds()))
                .toString();
    }
}
