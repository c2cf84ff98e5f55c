package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.protocol.Protocol;
import org.dmad.evaluation.timeseries.TimeSeries;
import org.dmad.series.PointScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a small tabular and a small series benchmark write, compared with the files under {@code runner-golden/},
 * which the harness wrote before its tabular and series loops became one runner: the results file, every run record
 * and score file, the listener's events (a first run and a rerun that finds every cell done), and what
 * {@code dmad reproduce} reports for a plain, a grouped and a series run. The grids hold a dataset and a series that
 * fail to load (error rows), a Java baseline, and engine detectors trained alone and in a group, with one thread on
 * the CPU. Times, dates, versions and the machine's environment facts are left out of the comparison; every metric, score and setting is compared
 * as written. Set the environment variable {@code DMAD_RUNNER_GOLDEN=DIR} to write the masked files to DIR.
 */
class RunnerGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Keys whose values depend on the clock or the machine, masked in run records. */
    private static final Set<String> VOLATILE = Set.of(
            "fit_seconds",
            "score_seconds",
            "environment",
            "datasource-creation-time",
            "trained-at",
            "training-time",
            "datetime",
            "time");

    private static Datasets.Source missingDataset() {
        return new Datasets.Source() {
            @Override
            public String name() {
                return "missing";
            }

            @Override
            public TabularData load() throws IOException {
                throw new IOException("missing.csv: no such file");
            }
        };
    }

    private static SeriesBenchmark.Source missingSeries() {
        return new SeriesBenchmark.Source() {
            @Override
            public String name() {
                return "missing-series";
            }

            @Override
            public TimeSeries load() throws IOException {
                throw new IOException("missing-series.csv: no such file");
            }
        };
    }

    static Benchmark.Settings tabular(Path out) {
        return new Benchmark.Settings(
                List.of(BenchmarkTest.source("global"), missingDataset()),
                List.of("iforest", "dte-np", "dte-c"),
                Protocol.SEMI_CLEAN,
                List.of(0L, 1L),
                Profile.QUICK,
                1,
                "cpu",
                out,
                "label",
                Grouping.ofSeeds(0));
    }

    static SeriesBenchmark.Settings series(Path out) {
        List<SeriesBenchmark.Source> data =
                new ArrayList<>(SeriesBenchmark.synthetic(0).subList(0, 1));
        data.add(missingSeries());
        return SeriesBenchmark.Settings.of(
                data,
                List.of("iforest", "dte-np"),
                List.of(0L),
                Profile.QUICK,
                1,
                "cpu",
                out,
                16,
                200,
                PointScores.Aggregation.MEAN);
    }

    /** Records the listener's events, one line each. */
    private static final class Events implements Benchmark.Listener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void runStarted(String dataset, String detector, long seed) {
            lines.add("started " + dataset + " " + detector + " " + seed);
        }

        @Override
        public void runEnded(RunRow row, boolean skipped) {
            lines.add("ended " + row.dataset() + " " + row.detector() + " " + row.seed() + (row.ok() ? " ok" : " error")
                    + (skipped ? " skipped" : ""));
        }
    }

    @Test
    void tabularGridWritesWhatTheHarnessWrote(@TempDir Path dir) throws IOException {
        Events first = new Events();
        Benchmark.run(tabular(dir), first);
        Events again = new Events();
        Benchmark.run(tabular(dir), again);
        StringBuilder reproduced = new StringBuilder();
        for (String stem :
                List.of("synthetic-global__dte-np__semi-clean__seed1", "synthetic-global__dte-c__semi-clean__seed0")) {
            reproduced.append(reproduce(dir.resolve("runs").resolve(stem + ".json")));
        }
        check(dir, "tabular", first, again, reproduced.toString());
    }

    @Test
    void seriesGridWritesWhatTheHarnessWrote(@TempDir Path dir) throws IOException {
        Events first = new Events();
        SeriesBenchmark.run(series(dir), first);
        Events again = new Events();
        SeriesBenchmark.run(series(dir), again);
        String reproduced =
                reproduce(dir.resolve("runs").resolve("synthetic-" + firstKind() + "__dte-np__w16__seed0.json"));
        check(dir, "timeseries", first, again, reproduced);
    }

    private static String firstKind() {
        return org.dmad.evaluation.timeseries.SyntheticSeries.KINDS.get(0);
    }

    private static String reproduce(Path record) throws IOException {
        Reproduction.Outcome o = Reproduction.reproduce(record);
        assertTrue(o.identical(), record + ": " + o.recorded() + " recorded, " + o.reproduced() + " now");
        StringBuilder sb = new StringBuilder(record.getFileName().toString()).append(": identical");
        for (Map.Entry<String, Double> m : o.reproduced().entrySet()) {
            sb.append(' ').append(m.getKey()).append('=').append(Double.toString(m.getValue()));
        }
        return sb.append('\n').toString();
    }

    private static void check(Path dir, String task, Events first, Events again, String reproduced) throws IOException {
        List<String[]> files = new ArrayList<>();
        files.add(new String[] {"results.csv", maskTimes(Files.readString(dir.resolve("results.csv")))});
        files.add(new String[] {"events.txt", String.join("\n", first.lines) + "\n"});
        files.add(new String[] {"rerun-events.txt", String.join("\n", again.lines) + "\n"});
        files.add(new String[] {"reproduce.txt", reproduced});
        try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
            for (Path p : runs.sorted().toList()) {
                String name = p.getFileName().toString();
                String text = Files.readString(p, StandardCharsets.UTF_8);
                files.add(new String[] {"runs/" + name, name.endsWith(".json") ? maskRecord(text) : text});
            }
        }
        StringBuilder listing = new StringBuilder();
        for (String[] f : files) {
            listing.append(f[0]).append('\n');
        }
        files.add(new String[] {"files.txt", listing.toString()});
        String golden = System.getenv("DMAD_RUNNER_GOLDEN");
        if (golden != null) {
            for (String[] f : files) {
                Path out = Path.of(golden, task, f[0]);
                Files.createDirectories(out.getParent());
                Files.writeString(out, f[1], StandardCharsets.UTF_8);
            }
        }
        assertEquals(GoldenFiles.read("runner-golden/" + task + "/files.txt"), listing.toString(), "the files written");
        for (String[] f : files) {
            assertEquals(GoldenFiles.read("runner-golden/" + task + "/" + f[0]), f[1], f[0]);
        }
    }

    /** Masks the fit and score times of a results file (the two columns named *_seconds). */
    private static String maskTimes(String csv) {
        String[] lines = csv.split("\n", -1);
        List<String> header = List.of(lines[0].split(","));
        int fit = header.indexOf("fit_seconds");
        int score = header.indexOf("score_seconds");
        assertTrue(fit > 0 && score > 0, lines[0]);
        StringBuilder sb = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            sb.append('\n');
            if (lines[i].isEmpty()) {
                continue;
            }
            // The fields before the error message hold no commas or quotes.
            String[] f = lines[i].split(",", score + 2);
            f[fit] = "T";
            f[score] = "T";
            sb.append(String.join(",", f));
        }
        return sb.toString();
    }

    private static String maskRecord(String json) throws IOException {
        return JSON.writeValueAsString(masked(JSON.readTree(json))) + "\n";
    }

    /**
     * A copy without the volatile entries, each object's fields sorted by name (provenance maps are written in hash
     * order, which depends on how many entries a machine's environment facts add).
     */
    private static JsonNode masked(JsonNode node) {
        if (node instanceof ObjectNode o) {
            ObjectNode out = JSON.createObjectNode();
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            for (String k : keys) {
                if (!volatileKey(k)) {
                    out.set(k, masked(o.get(k)));
                }
            }
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode n : a) {
                out.add(masked(n));
            }
            return out;
        }
        return node;
    }

    private static boolean volatileKey(String key) {
        return VOLATILE.contains(key)
                || key.endsWith("-time")
                || key.startsWith("host")
                || key.startsWith("java.")
                || key.startsWith("os")
                || key.startsWith("cpu")
                || key.startsWith("cuda")
                || key.startsWith("env.")
                || key.startsWith("pytorch")
                || key.startsWith("djl")
                || key.startsWith("omp")
                || key.startsWith("jna")
                || key.equals("dmad.version")
                || key.equals("dmad.git-commit");
    }
}
