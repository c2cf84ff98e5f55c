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
import org.dmad.engine.DmadEngine;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.protocol.Split;
import org.dmad.provenance.EnvironmentProvenance;
import org.dmad.provenance.ProvenanceJson;
import org.tribuo.Model;
import org.tribuo.anomaly.Event;

/**
 * The {@code runs/} folder of a benchmark: per run, a JSON record of everything needed to trust and repeat the
 * number (dataset provenance with SHA-256, the split, the detector and its settings as Tribuo model provenance, the
 * environment and engine, metrics and times), and the test labels and scores behind the curves of the report.
 * Files are written to a temporary name and renamed, so a reader never sees half a record.
 */
public final class RunRecords {

    /** Version of the run-record JSON layout. */
    public static final int FORMAT_VERSION = 1;

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
     * @return a file-name-safe stem.
     */
    public static String stem(ResultRow row) {
        return (row.dataset() + "__" + row.detector() + "__" + row.protocol() + "__seed" + row.seed())
                .replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** @param row a run. @return its JSON record's path. */
    public Path recordPath(ResultRow row) {
        return dir.resolve(stem(row) + ".json");
    }

    /** @param row a run. @return its scores file's path. */
    public Path scoresPath(ResultRow row) {
        return dir.resolve(stem(row) + ".scores.csv");
    }

    /**
     * Writes a run's record and scores (atomically).
     *
     * @param row        the run's row.
     * @param recordJson its record, from {@link #recordJson}.
     * @param scoresCsv  its scores, from {@link #scoresCsv}.
     * @throws IOException when writing fails.
     */
    public void write(ResultRow row, String recordJson, String scoresCsv) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(recordPath(row), recordJson);
        writeAtomically(scoresPath(row), scoresCsv);
    }

    static String recordJson(ResultRow row, Benchmark.Settings s, TabularData data, Split split, Model<Event> model)
            throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("format", "dmad-run-record");
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
        Map<String, ?> instance = model.getProvenance().getInstanceProvenance().getMap();
        if (instance.containsKey(org.dmad.tribuo.TrainingGroup.SIZE)) {
            // Grouped training: this run's network trained with others; reproducing it retrains the same group.
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
        record.put("run", run);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("auroc", row.auroc());
        metrics.put("aupr", row.aupr());
        metrics.put("f1", row.f1());
        metrics.put("fit_seconds", row.fitSeconds());
        metrics.put("score_seconds", row.scoreSeconds());
        record.put("metrics", metrics);
        record.put("environment", environment(s.device(), s.threads()));
        JsonNode provenance = JSON.readTree(ProvenanceJson.toJson(model.getProvenance()));
        record.put("model_provenance", provenance);
        return JSON.writeValueAsString(record);
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
        Map<String, String> env = new LinkedHashMap<>(EnvironmentProvenance.facts(DmadEngine.ompWaitPolicy()));
        try {
            env.putAll(DmadEngine.facts(DmadEngine.device(device), threads));
        } catch (IllegalArgumentException notVisible) {
            // Baselines run on the CPU whatever the device setting; record the setting as given.
            env.putAll(DmadEngine.facts(ai.djl.Device.cpu(), threads));
            env.put(DmadEngine.DEVICE, device + " (not visible; this run used the CPU)");
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
