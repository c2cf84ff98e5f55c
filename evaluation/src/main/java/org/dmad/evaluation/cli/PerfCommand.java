package org.dmad.evaluation.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dmad.engine.DMADEngine;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.perf.PerfSuites;
import org.dmad.evaluation.perf.PerfTable;
import org.dmad.evaluation.perf.ReferenceSuite;
import org.dmad.evaluation.perf.SamplerSuite;
import org.dmad.evaluation.perf.SeriesSuite;
import org.dmad.provenance.EnvironmentProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dmad perf}: the performance measurements of docs/PERFORMANCE.md. */
@Command(
        name = "perf",
        mixinStandardHelpOptions = true,
        description = {
            "Measures dmad's speed: matrix-multiply peak (matmul), training throughput and its share of "
                    + "that peak (train), scoring throughput of every detector (score), a million rows scored in flat "
                    + "memory (stream), DTE-NP at 25,000 x 25,000 rows (dtenp) and the comparison with the PyTorch "
                    + "reference on two ADBench files (reference), DDPM against DDIM 10/20/50 on the same denoiser for "
                    + "every ADBench file (sampler; long: one denoiser training per file), the series detectors' scoring "
                    + "steps/s and streaming latency per point (series). Each measurement runs untimed warm-ups, then timed "
                    + "runs (median and best reported). Prints markdown tables and writes perf.md and perf.json "
                    + "(with the environment) to --out. Timings are only meaningful on an otherwise idle machine."
        })
final class PerfCommand implements Callable<Integer> {

    /** Every suite, in run order. */
    static final List<String> SUITES =
            List.of("matmul", "train", "score", "stream", "dtenp", "reference", "sampler", "series");

    @Option(
            names = "--suite",
            paramLabel = "LIST",
            defaultValue = "all",
            description =
                    "Comma-separated suites "
                            + "(matmul, train, score, stream, dtenp, reference, sampler, series) or all (default: ${DEFAULT-VALUE}).")
    private String suite;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "perf",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "0",
            description = "PyTorch intra-op threads, 0 = automatic, as training resolves it: 1; the series suite's "
                    + "baselines score their windows on as many Java threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "1",
            description = "Untimed runs before the timed ones (default: ${DEFAULT-VALUE}).")
    private int warmups;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            defaultValue = "3",
            description = "Timed runs per measurement (default: ${DEFAULT-VALUE}).")
    private int iterations;

    @Option(
            names = "--features",
            paramLabel = "D",
            defaultValue = "10",
            description = "Columns of the generated data (default: ${DEFAULT-VALUE}).")
    private int features;

    @Option(
            names = "--train-rows",
            paramLabel = "N",
            defaultValue = "6400",
            description = "Rows of one training-throughput run, one epoch (default: ${DEFAULT-VALUE}).")
    private int trainRows;

    @Option(
            names = "--batches",
            paramLabel = "LIST",
            defaultValue = "64,256",
            description = "Batch sizes for training throughput (default: ${DEFAULT-VALUE}).")
    private String batches;

    @Option(
            names = "--score-rows",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Rows per timed scoring run (default: ${DEFAULT-VALUE}).")
    private int scoreRows;

    @Option(
            names = "--stream-rows",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Rows scored by the stream suite (default: ${DEFAULT-VALUE}).")
    private int streamRows;

    @Option(
            names = "--stream-detectors",
            paramLabel = "LIST",
            defaultValue = "dte-c",
            description = "Detectors of the stream suite (default: ${DEFAULT-VALUE}).")
    private String streamDetectors;

    @Option(
            names = "--np-rows",
            paramLabel = "N",
            defaultValue = "25000",
            description = "Training rows and test rows of the dtenp suite (default: ${DEFAULT-VALUE}).")
    private int npRows;

    @Option(
            names = "--adbench",
            paramLabel = "DIR",
            defaultValue = "data/adbench",
            description = "Folder with ADBench's classical .npz files, for the reference and sampler suites "
                    + "(default: ${DEFAULT-VALUE}, where README's `dmad datasets download adbench --to data/adbench` "
                    + "puts them).")
    private Path adbench;

    @Option(
            names = "--sampler-profile",
            paramLabel = "NAME",
            defaultValue = "paper",
            description = "Training of the denoiser in the sampler suite: paper or quick (default: ${DEFAULT-VALUE}).")
    private String samplerProfile;

    @Option(
            names = "--series-detectors",
            paramLabel = "LIST",
            defaultValue = "ts-recon,ts-impute,ts-imdiff,ts-d3r",
            description = "Detectors of the series suite (default: ${DEFAULT-VALUE}).")
    private String seriesDetectors;

    @Option(
            names = "--series-channels",
            paramLabel = "C",
            defaultValue = "38",
            description = "Channels of the series suite's generated series; the window is 1,024 / C steps clamped to "
                    + "[8, 100], as the benchmark chooses it at most (default: ${DEFAULT-VALUE}, as SMD).")
    private int seriesChannels;

    @Option(
            names = "--series-steps",
            paramLabel = "N",
            defaultValue = "4096",
            description = "Time steps scored per timed run of the series suite (default: ${DEFAULT-VALUE}).")
    private int seriesSteps;

    @Option(
            names = "--series-train",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Time steps of the series suite's training series (default: ${DEFAULT-VALUE}).")
    private int seriesTrain;

    @Option(
            names = "--series-strides",
            paramLabel = "LIST",
            defaultValue = "1",
            description = "Scoring strides timed by the series suite, besides each detector's default stride "
                    + "(the one dmad bench --task timeseries uses), which is always timed (default: ${DEFAULT-VALUE}).")
    private String seriesStrides;

    @Option(
            names = "--stream-points",
            paramLabel = "N",
            defaultValue = "300",
            description = "Observations timed one at a time through the streaming scorer in the series suite "
                    + "(default: ${DEFAULT-VALUE}).")
    private int streamPoints;

    @Option(
            names = "--smoke",
            description = "Tiny sizes, no warm-up, one timed run: checks the command works; "
                    + "its figures mean nothing (the reference suite then trains with the quick profile).")
    private boolean smoke;

    @Override
    public Integer call() throws Exception {
        List<String> suites = parseSuites(suite);
        if (threads < 0
                || warmups < 0
                || iterations < 1
                || features < 1
                || trainRows < 2
                || scoreRows < 1
                || streamRows < 1
                || npRows < 2) {
            throw new IllegalArgumentException("--threads and --warmup must be 0 or more; --iterations, --features "
                    + "and the row counts must be positive");
        }
        // Before any suite runs (minutes of work): --out must be a folder that exists or can be made, and writable.
        OutputPaths.checkFolderOutput("--out", out, List.of(), List.of());
        if ((suites.contains("reference") || suites.contains("sampler")) && !Files.isDirectory(adbench)) {
            throw new IllegalArgumentException("--adbench " + adbench + " is not a folder: the reference and sampler "
                    + "suites read ADBench's classical files (fetch them with `dmad datasets download adbench --to "
                    + "data/adbench`, or pass --adbench DIR), or leave those suites out with --suite");
        }
        PerfSuites.Settings settings = smoke
                ? new PerfSuites.Settings(
                        threads,
                        0,
                        1,
                        features,
                        256,
                        List.of(64),
                        List.of(new int[] {64, 512, 256}, new int[] {128, 128, 128}),
                        256,
                        2_000,
                        DetectorRegistry.parseList(streamDetectors),
                        500)
                : new PerfSuites.Settings(
                        threads,
                        warmups,
                        iterations,
                        features,
                        trainRows,
                        parseInts(batches),
                        List.of(
                                new int[] {64, 512, 256},
                                new int[] {512, 512, 512},
                                new int[] {1024, 1024, 1024},
                                new int[] {2048, 2048, 2048}),
                        scoreRows,
                        streamRows,
                        DetectorRegistry.parseList(streamDetectors),
                        npRows);
        SeriesSuite.Settings series = suites.contains("series") ? seriesSettings() : null;
        Files.createDirectories(out);
        List<PerfTable> tables = new ArrayList<>();
        double peak = Double.NaN;
        for (String s : suites) {
            System.err.println("dmad perf: " + s + "...");
            PerfTable table = switch (s) {
                case "matmul" -> PerfSuites.matMul(settings);
                case "train" -> PerfSuites.training(settings, peak);
                case "score" -> PerfSuites.scoring(settings);
                case "stream" -> PerfSuites.stream(settings);
                case "dtenp" -> PerfSuites.nonParametric(settings);
                case "reference" ->
                    ReferenceSuite.run(
                            adbench, smoke ? Profile.QUICK : Profile.PAPER, threads, out.resolve("reference-bench"));
                case "sampler" ->
                    SamplerSuite.run(
                            adbench, smoke ? Profile.QUICK : Profile.parse(samplerProfile), threads, smoke ? 1 : 0);
                case "series" -> SeriesSuite.run(series);
                default -> throw new IllegalStateException(s);
            };
            if (s.equals("matmul")) {
                peak = PerfSuites.peak(table);
            }
            tables.add(table);
            System.out.println(table.markdown());
        }
        write(tables);
        System.out.println("Wrote " + out.toAbsolutePath().normalize().resolve("perf.md") + " and perf.json");
        return 0;
    }

    private SeriesSuite.Settings seriesSettings() {
        List<String> detectors = DetectorRegistry.parseList(seriesDetectors, Task.TIMESERIES);
        List<Integer> strides = new ArrayList<>();
        for (String v : seriesStrides.split(",")) {
            if (!v.isBlank()) {
                try {
                    strides.add(Integer.parseInt(v.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--series-strides must list integers, got '" + v.trim() + "'");
                }
            }
        }
        return smoke
                ? new SeriesSuite.Settings(
                        threads,
                        0,
                        1,
                        detectors,
                        seriesChannels,
                        3 * SeriesSuite.window(Math.max(1, seriesChannels)),
                        3 * SeriesSuite.window(Math.max(1, seriesChannels)),
                        5,
                        strides)
                : new SeriesSuite.Settings(
                        threads,
                        warmups,
                        iterations,
                        detectors,
                        seriesChannels,
                        seriesTrain,
                        seriesSteps,
                        streamPoints,
                        strides);
    }

    private void write(List<PerfTable> tables) throws java.io.IOException {
        Map<String, String> environment = new LinkedHashMap<>(EnvironmentProvenance.facts(DMADEngine.ompWaitPolicy()));
        environment.putAll(DMADEngine.facts(Device.cpu(), threads));
        String command = "dmad perf " + String.join(" ", commandLine());
        StringBuilder md = new StringBuilder("# dmad perf")
                .append(smoke ? " (SMOKE RUN: the figures mean nothing)" : "")
                .append("\n\nCommand: `")
                .append(command)
                .append("` (")
                .append(OffsetDateTime.now())
                .append(")\n\nEnvironment: ");
        environment.forEach((k, v) -> md.append(k).append(" = ").append(v).append("; "));
        md.append("\n\n");
        tables.forEach(t -> md.append(t.markdown()).append('\n'));
        Files.writeString(out.resolve("perf.md"), md);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("smoke", smoke);
        json.put("time", OffsetDateTime.now().toString());
        json.put("environment", environment);
        List<Map<String, Object>> t = new ArrayList<>();
        for (PerfTable table : tables) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("suite", table.suite());
            m.put("title", table.title());
            m.put("notes", table.notes());
            m.put("rows", table.rows());
            t.add(m);
        }
        json.put("tables", t);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("perf.json").toFile(), json);
    }

    private List<String> commandLine() {
        List<String> args = new ArrayList<>(List.of("--suite", suite, "--threads", Integer.toString(threads)));
        if (smoke) {
            args.add("--smoke");
        } else {
            args.addAll(List.of(
                    "--warmup",
                    Integer.toString(warmups),
                    "--iterations",
                    Integer.toString(iterations),
                    "--features",
                    Integer.toString(features),
                    "--train-rows",
                    Integer.toString(trainRows),
                    "--batches",
                    batches,
                    "--score-rows",
                    Integer.toString(scoreRows),
                    "--stream-rows",
                    Integer.toString(streamRows),
                    "--stream-detectors",
                    streamDetectors,
                    "--np-rows",
                    Integer.toString(npRows),
                    "--series-detectors",
                    seriesDetectors,
                    "--series-channels",
                    Integer.toString(seriesChannels),
                    "--series-steps",
                    Integer.toString(seriesSteps),
                    "--series-train",
                    Integer.toString(seriesTrain),
                    "--series-strides",
                    seriesStrides,
                    "--stream-points",
                    Integer.toString(streamPoints)));
        }
        return args;
    }

    /**
     * Parses a suite list.
     *
     * @param list comma-separated suite names, or all.
     * @return the suites in run order (matmul first, so that train can compare with its peak).
     */
    static List<String> parseSuites(String list) {
        if (list.trim().equals("all")) {
            return SUITES;
        }
        List<String> named = new ArrayList<>();
        for (String s : list.split(",")) {
            String name = s.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!SUITES.contains(name)) {
                throw new IllegalArgumentException(
                        "Unknown suite '" + name + "': use " + String.join(", ", SUITES) + " or all");
            }
            named.add(name);
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException("No suite named in '" + list + "'");
        }
        return SUITES.stream().filter(named::contains).toList();
    }

    private static List<Integer> parseInts(String list) {
        List<Integer> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                int v = Integer.parseInt(s.trim());
                if (v < 1) {
                    throw new IllegalArgumentException("Batch sizes must be positive, got " + v);
                }
                out.add(v);
            }
        }
        return out;
    }
}
