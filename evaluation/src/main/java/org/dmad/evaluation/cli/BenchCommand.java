package org.dmad.evaluation.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.harness.Benchmark;
import org.dmad.evaluation.harness.ResultRow;
import org.dmad.evaluation.harness.Summary;
import org.dmad.evaluation.protocol.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code dmad bench}: the comparative benchmark. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs detectors side by side on the same splits and writes results.csv, summary.md, "
                + "report.html and one provenance record per run. Without --data it runs the generated suite "
                + "(ADBench's four synthetic anomaly types). Rerunning with the same --out skips finished runs."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--data", arity = "1..*", paramLabel = "PATH",
            description = "Dataset files (.npz, .csv, .arff) or folders of them; default: the generated suite.")
    private List<Path> data = new ArrayList<>();

    @Option(names = "--detectors", paramLabel = "LIST", description = "Comma-separated detector names, or all "
            + "(default: ${DEFAULT-VALUE}); listed below.", defaultValue = "all")
    private String detectors;

    @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "semi",
            description = "semi (the literature's, with ADBench's resampling), semi-clean (no resampling) or unsup "
                    + "(default: ${DEFAULT-VALUE}).")
    private String protocol;

    @Option(names = "--seeds", paramLabel = "LIST", defaultValue = "0", description = "Comma-separated seeds "
            + "(default: ${DEFAULT-VALUE}).")
    private String seeds;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "quick",
            description = "quick (short trainings), paper (published settings) or budget (published settings "
                    + "under a 30,000-step budget) (default: ${DEFAULT-VALUE}).")
    private String profile;

    @Mixin
    private EngineOptions engine = new EngineOptions();


    @Option(names = "--label-column", paramLabel = "NAME", defaultValue = "label",
            description = "Label column of CSV files (default: ${DEFAULT-VALUE}).")
    private String labelColumn;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "dmad-bench",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--no-progress", description = "Print one line per run instead of a progress bar.")
    private boolean noProgress;

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
        Benchmark.Settings settings = new Benchmark.Settings(
                data.isEmpty() ? Datasets.synthetic(0) : Datasets.sources(data, labelColumn),
                DetectorRegistry.parseList(detectors), Protocol.parse(protocol), seedList, Profile.parse(profile),
                engine.threads, engine.device, out, labelColumn);
        int total = Benchmark.totalRuns(settings);
        long start = System.nanoTime();
        List<ResultRow> rows;
        if (noProgress || System.console() == null) {
            rows = Benchmark.run(settings, new LineListener(total));
        } else {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("dmad bench").setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build()) {
                rows = Benchmark.run(settings, new BarListener(bar));
            }
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        Summary summary = new Summary(rows);
        System.out.printf(Locale.ROOT, "%nFinished %d runs in %.1f min (%d failed).%n", total, minutes,
                rows.stream().filter(r -> !r.ok()).count());
        for (String d : summary.detectors()) {
            System.out.printf(Locale.ROOT, "  %-8s mean AUROC %.2f  mean AUPR %.2f  mean rank %.2f%n", d,
                    100 * summary.mean(d, 0), 100 * summary.mean(d, 1), summary.meanRank(d));
        }
        Path abs = out.toAbsolutePath().normalize();
        System.out.println("Results: " + abs.resolve("results.csv"));
        System.out.println("Summary: " + abs.resolve("summary.md"));
        System.out.println("Report:  " + abs.resolve("report.html"));
        return 0;
    }

    /** A terminal progress bar: runs done, the current run and its epoch. */
    private static final class BarListener implements Benchmark.Listener {
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
        public void runEnded(ResultRow row, boolean skipped) {
            bar.step();
        }

        @Override
        public void epoch(int epoch, int maxEpochs) {
            bar.setExtraMessage(current + " epoch " + epoch + "/" + maxEpochs);
        }
    }

    /** One line per finished run, for logs and CI. */
    private static final class LineListener implements Benchmark.Listener {
        private final int total;
        private int done;

        LineListener(int total) {
            this.total = total;
        }

        @Override
        public void runEnded(ResultRow row, boolean skipped) {
            done++;
            System.err.printf(Locale.ROOT, "[%d/%d] %-8s %-24s seed %d: %s%n", done, total, row.detector(),
                    row.dataset(), row.seed(), skipped ? "done earlier"
                            : row.ok() ? String.format(Locale.ROOT, "AUROC %.4f (fit %.1fs, score %.2fs)", row.auroc(),
                            row.fitSeconds(), row.scoreSeconds()) : "error: " + row.error());
        }
    }
}
