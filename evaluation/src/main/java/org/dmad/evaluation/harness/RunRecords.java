package org.dmad.evaluation.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmad.engine.DMADEngine;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.protocol.Split;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.evaluation.timeseries.TimeSeriesMetrics;
import org.dmad.provenance.EnvironmentProvenance;
import org.dmad.provenance.ProvenanceJson;
import org.dmad.tribuo.series.SeriesModel;
import org.tribuo.Model;
import org.tribuo.anomaly.Event;

/**
 * The {@code runs/} folder of a benchmark, for both tasks: per run, a JSON record of everything needed to trust and
 * repeat the number, and the labels and scores behind it. Files are written to a temporary name and renamed, so a
 * reader never sees half a record.
 *
 * <ul>
 *   <li>A tabular run ({@value #FORMAT}, version {@value #FORMAT_VERSION}): dataset provenance with SHA-256, the
 *       split, the detector and its settings as Tribuo model provenance, the environment and engine, metrics and
 *       times; the test labels and scores ({@code label,score}).
 *   <li>A time-series run ({@value #SERIES_FORMAT}, version {@value #SERIES_FORMAT_VERSION}): the series' dataset
 *       provenance (files and SHA-256), the windowing (length, training stride, normalisation fitted on the training
 *       part, point-score aggregation, training and evaluation ranges, and TSB-AD's choices under its protocol), the
 *       model provenance, the environment, metrics and times; the evaluation range's labels and point scores
 *       ({@code point,label,score}).
 * </ul>
 */
public final class RunRecords {

    /** The {@code format} of a tabular run's record. */
    public static final String FORMAT = "dmad-run-record";

    /** Version of the tabular run-record JSON layout. */
    public static final int FORMAT_VERSION = 1;

    /** The {@code format} of a time-series run's record. */
    public static final String SERIES_FORMAT = "dmad-series-run-record";

    /** Version of the time-series run-record JSON layout. */
    public static final int SERIES_FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    /**
     * @param dir the runs folder.
     */
    public RunRecords(Path dir) {
        this.dir = dir;
    }

    /**
     * The file stem of a run.
     *
     * @param row the run's row.
     * @return a file-name-safe stem: dataset, detector, protocol and seed of a tabular run; series, detector, window
     *     length and seed of a time-series run.
     */
    public static String stem(RunRow row) {
        if (!(row instanceof ResultRow r)) {
            throw new IllegalArgumentException(
                    "No run record for a " + row.getClass().getName());
        }
        String stem = r.task() == org.dmad.evaluation.detectors.Task.TABULAR
                ? r.dataset() + "__" + r.detector() + "__" + r.protocol() + "__seed" + r.seed()
                : r.dataset() + "__" + r.detector() + "__w" + r.window() + "__seed" + r.seed();
        return stem.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** @param row a run. @return its JSON record's path. */
    public Path recordPath(RunRow row) {
        return dir.resolve(stem(row) + ".json");
    }

    /** @param row a run. @return its scores file's path. */
    public Path scoresPath(RunRow row) {
        return dir.resolve(stem(row) + ".scores.csv");
    }

    /**
     * Writes a run's record and scores (atomically).
     *
     * @param row        the run's row.
     * @param recordJson its record, from {@link #recordJson} or {@link #seriesRecordJson}.
     * @param scoresCsv  its scores, from {@link #scoresCsv} or {@link #seriesScoresCsv}.
     * @throws IOException when writing fails.
     */
    public void write(RunRow row, String recordJson, String scoresCsv) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(recordPath(row), recordJson);
        writeAtomically(scoresPath(row), scoresCsv);
    }

    static String recordJson(ResultRow row, Benchmark.Settings s, TabularData data, Split split, Model<Event> model)
            throws IOException {
        return recordJson(row, s, data, split, model, null);
    }

    /**
     * The record of a tabular run; {@code members} are the members of its group across datasets (each {@code
     * dataset}, the dataset's record with its SHA-256, and {@code seed}), kept under {@code run.group.members}, or
     * null for a run that trained alone or with the seeds of its own dataset.
     */
    static String recordJson(
            ResultRow row,
            Benchmark.Settings s,
            TabularData data,
            Split split,
            Model<Event> model,
            List<Map<String, Object>> members)
            throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("format", FORMAT);
        record.put("version", FORMAT_VERSION);
        record.put("dataset", data.record().toMap());
        record.put("split", split.facts());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("detector", row.detector());
        run.put("seed", row.seed());
        run.put("protocol", row.protocol());
        run.put("profile", s.profile().cliName());
        run.put("threads", s.threads());
        run.put("device", s.device());
        run.put("label_column", s.labelColumn());
        putGroup(run, model);
        if (members != null && run.get("group") instanceof Map<?, ?> group) {
            @SuppressWarnings("unchecked")
            Map<String, Object> g = (Map<String, Object>) group;
            g.put("members", members);
        }
        record.put("run", run);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("auroc", row.metric("auroc"));
        metrics.put("aupr", row.metric("aupr"));
        metrics.put("f1", row.metric("f1"));
        metrics.put("fit_seconds", row.fitSeconds());
        metrics.put("score_seconds", row.scoreSeconds());
        record.put("metrics", metrics);
        record.put("environment", environment(s.device(), s.threads()));
        JsonNode provenance = JSON.readTree(ProvenanceJson.toJson(model.getProvenance()));
        record.put("model_provenance", provenance);
        return JSON.writeValueAsString(record);
    }

    /**
     * Records a grouped run's group under {@code run.group} ({@code size}, {@code member}, {@code seeds}): its
     * network trained with others, and reproducing it retrains the same group. Nothing for a run that trained alone.
     *
     * @param run   the record's {@code run} object.
     * @param model the run's model.
     */
    private static void putGroup(Map<String, Object> run, Model<Event> model) {
        Map<String, ?> instance = model.getProvenance().getInstanceProvenance().getMap();
        if (!instance.containsKey(org.dmad.tribuo.TrainingGroup.SIZE)) {
            return;
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put(
                "size",
                Integer.parseInt(
                        instance.get(org.dmad.tribuo.TrainingGroup.SIZE).toString()));
        group.put(
                "member",
                Integer.parseInt(
                        instance.get(org.dmad.tribuo.TrainingGroup.MEMBER).toString()));
        List<Long> seeds = new java.util.ArrayList<>();
        for (String seed :
                instance.get(org.dmad.tribuo.TrainingGroup.SEEDS).toString().split(",")) {
            seeds.add(Long.parseLong(seed));
        }
        group.put("seeds", seeds);
        run.put("group", group);
    }

    /**
     * The record of a time-series run; {@code tsbAd} is the prepared series of a {@code --protocol tsb-ad} run (null
     * for dmad's protocol), whose choices the record keeps so that {@code dmad reproduce} repeats them.
     *
     * @param row     the run's row.
     * @param s       the benchmark's settings.
     * @param series  the series.
     * @param model   the trained model.
     * @param metrics the run's metrics.
     * @param tsbAd   the prepared series under TSB-AD's protocol, or null.
     * @return the JSON text.
     * @throws IOException when the provenance cannot be written as JSON.
     */
    static String seriesRecordJson(
            ResultRow row,
            SeriesBenchmark.Settings s,
            TimeSeries series,
            SeriesModel model,
            TimeSeriesMetrics.TimeSeriesScores metrics,
            TsbAdProtocol.Prepared tsbAd)
            throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("format", SERIES_FORMAT);
        record.put("version", SERIES_FORMAT_VERSION);
        record.put("dataset", series.record().toMap());
        Map<String, Object> windows = new LinkedHashMap<>();
        windows.put("length", row.window());
        windows.put("train_stride", row.stride());
        windows.put("train_windows", row.trainWindows());
        if (tsbAd == null) {
            windows.put("train_range", "[0, " + series.trainEnd() + ")");
            windows.put("eval_range", "[" + series.evalStart() + ", " + series.length() + ")");
            windows.put("normalisation", "z-score per channel, fitted on the training range");
        } else {
            boolean whole = TsbAdProtocol.unsupervised(row.detector());
            int end = series.evalStart() + TsbAdProtocol.trainPoints(tsbAd, whole);
            windows.put("protocol", s.protocol().cliName());
            windows.put("train_range", "[" + series.evalStart() + ", " + end + ")");
            windows.put("eval_range", "[" + series.evalStart() + ", " + series.length() + ")");
            windows.put(
                    "normalisation",
                    s.protocol() == SeriesProtocol.TSB_AD
                            ? "z-score per channel over the whole evaluated range (TSB-AD)"
                            : "none (values as loaded)");
            windows.put("tsb_ad_prefix", tsbAd.prefix());
            windows.put("tsb_ad_period", tsbAd.period());
            windows.put("trained_on", whole ? "whole series" : "prefix");
            windows.put("mapping", TsbAdProtocol.mapping(row.detector()).name().toLowerCase(Locale.ROOT));
            windows.put("summary", TsbAdProtocol.describe(row.detector(), row.window(), tsbAd, model.model()));
        }
        windows.put("score_stride", s.scoreStride(row.detector()));
        windows.put("aggregation", s.aggregation().name().toLowerCase(Locale.ROOT));
        record.put("windows", windows);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("detector", row.detector());
        run.put("seed", row.seed());
        run.put("task", "timeseries");
        run.put("profile", s.profile().cliName());
        run.put("threads", s.threads());
        run.put("device", s.device());
        putGroup(run, model.model());
        record.put("run", run);
        record.put(
                "series",
                Map.of(
                        "train_end",
                        series.trainEnd(),
                        "eval_start",
                        series.evalStart(),
                        "length",
                        series.length(),
                        "channels",
                        series.channels()));
        Map<String, Object> m = new LinkedHashMap<>(SeriesBenchmark.metricValues(metrics));
        m.put("vus_window", metrics.window());
        m.put("fit_seconds", row.fitSeconds());
        m.put("score_seconds", row.scoreSeconds());
        record.put("metrics", m);
        record.put("environment", environment(s.device(), s.threads()));
        record.put(
                "model_provenance",
                JSON.readTree(ProvenanceJson.toJson(model.model().getProvenance())));
        return JSON.writeValueAsString(record);
    }

    /**
     * The labels and point scores of a time-series run.
     *
     * @param firstPoint the time step of the first score.
     * @param labels     the labels.
     * @param scores     the point scores.
     * @return the CSV text ({@code point,label,score}).
     */
    static String seriesScoresCsv(int firstPoint, int[] labels, double[] scores) {
        StringBuilder sb = new StringBuilder("point,label,score\n");
        for (int i = 0; i < scores.length; i++) {
            sb.append(firstPoint + i)
                    .append(',')
                    .append(labels[i])
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.9g", scores[i]))
                    .append('\n');
        }
        return sb.toString();
    }

    static String scoresCsv(int[] labels, double[] scores) {
        StringBuilder sb = new StringBuilder("label,score\n");
        for (int i = 0; i < scores.length; i++) {
            sb.append(labels[i])
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.9g", scores[i]))
                    .append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads the test labels and scores of a run.
     *
     * @param row the run.
     * @return {labels, scores} or null when the run has no scores file.
     * @throws IOException when the file exists but cannot be read.
     */
    public Object[] readScores(ResultRow row) throws IOException {
        Path p = scoresPath(row);
        if (!Files.exists(p)) {
            return null;
        }
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        int n = lines.size() - 1;
        int[] labels = new int[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            labels[i] = Integer.parseInt(f[0]);
            scores[i] = Double.parseDouble(f[1]);
        }
        return new Object[] {labels, scores};
    }

    /**
     * The environment facts of a run: JVM, OS, CPU, engine and native library, threads and device.
     *
     * @param device  the device setting of the run.
     * @param threads the thread setting of the run.
     * @return the facts; a device that is not visible is recorded as given, with the CPU facts the run used.
     */
    static Map<String, String> environment(String device, int threads) {
        Map<String, String> env = new LinkedHashMap<>(EnvironmentProvenance.facts(DMADEngine.ompWaitPolicy()));
        try {
            env.putAll(DMADEngine.facts(DMADEngine.device(device), threads));
        } catch (IllegalArgumentException notVisible) {
            // Baselines run on the CPU whatever the device setting; record the setting as given.
            env.putAll(DMADEngine.facts(ai.djl.Device.cpu(), threads));
            env.put(DMADEngine.DEVICE, device + " (not visible; this run used the CPU)");
        }
        return env;
    }

    static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
