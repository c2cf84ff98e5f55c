package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.SyntheticSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmad bench --group datasets:N}: DTE-C's runs of two datasets of different widths train in groups across
 * datasets, formed by step totals; rows stay per run and in the grid's order, records name each member's dataset and
 * seed, {@code dmad reproduce} retrains the group, and a rerun resumes.
 */
class GroupAcrossDatasetsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Counts the runs that started, i.e. trained, and those it heard end (skipped or not). */
    private static final class Started implements Runner.Listener {
        final List<String> runs = new ArrayList<>();
        final List<String> ended = new ArrayList<>();

        @Override
        public void runStarted(String dataset, String detector, long seed) {
            runs.add(dataset + "/" + detector + "/" + seed);
        }

        @Override
        public void runEnded(RunRow row, boolean skipped) {
            ended.add(row.dataset() + "/" + row.detector() + "/" + row.seed());
        }
    }

    @Test
    void runsOfTwoWidthsTrainAsOneGroupRecordTheirMembersReproduceAndResume(@TempDir Path dir) throws IOException {
        // Unsupervised protocol (no resampling of small files): width 4 with 415 rows (7 training batches of 64 per
        // epoch) and width 7 with 170 (3 batches). Sorted by step total, groups of three are {wide seed 2, wide seed
        // 3, narrow seed 2} and {narrow seed 3}.
        Path narrow = ReproductionTest.csv(dir, "narrow.csv", SyntheticSuite.generate("local", 400, 15, 4, 5));
        Path wide = ReproductionTest.csv(dir, "wide.csv", SyntheticSuite.generate("global", 160, 10, 7, 6));
        Path out = dir.resolve("bench");
        Benchmark.Settings settings = LargestFirstTest.settings(
                Datasets.sources(List.of(narrow, wide), "label"), List.of("dte-c", "iforest"), out, 3);
        Started first = new Started();
        List<ResultRow> rows = Benchmark.run(settings, first);
        assertEquals(8, rows.size());
        assertEquals(8, first.runs.size());
        // The listener (the progress bar) hears of each run once, though a group ends runs of later datasets early.
        assertEquals(8, first.ended.size(), first.ended.toString());
        assertEquals(8, new HashSet<>(first.ended).size(), first.ended.toString());
        // One row per run, in the grid's order: datasets, then seeds, then detectors.
        List<String> order = new ArrayList<>();
        for (ResultRow r : rows) {
            assertTrue(r.ok(), r.toString());
            order.add(r.dataset() + "/" + r.seed() + "/" + r.detector());
        }
        assertEquals(
                List.of(
                        "narrow/2/dte-c",
                        "narrow/2/iforest",
                        "narrow/3/dte-c",
                        "narrow/3/iforest",
                        "wide/2/dte-c",
                        "wide/2/iforest",
                        "wide/3/dte-c",
                        "wide/3/iforest"),
                order);
        RunRecords records = new RunRecords(out.resolve("runs"));
        ResultRow crossMember = null;
        for (ResultRow r : rows) {
            JsonNode record = JSON.readTree(Files.readString(records.recordPath(r)));
            JsonNode group = record.path("run").path("group");
            if (r.detector().equals("iforest")) {
                assertTrue(group.isMissingNode(), "iforest trains alone");
                continue;
            }
            JsonNode members = group.path("members");
            assertEquals(group.path("size").asInt(), members.size(), group.toString());
            JsonNode me = members.get(group.path("member").asInt());
            assertEquals(r.seed(), me.path("seed").asLong());
            assertEquals(
                    record.path("dataset").path("sha256").asText(),
                    me.path("dataset").path("sha256").asText());
            assertEquals(r.dataset(), me.path("dataset").path("name").asText());
            Set<String> datasets = new HashSet<>();
            members.forEach(m -> datasets.add(m.path("dataset").path("name").asText()));
            boolean narrowSeed3 = r.dataset().equals("narrow") && r.seed() == 3;
            assertEquals(narrowSeed3 ? 1 : 3, group.path("size").asInt(), r + " " + group);
            if (!narrowSeed3) {
                assertEquals(Set.of("narrow", "wide"), datasets, group.toString());
                assertTrue(record.path("model_provenance").toString().contains("dmad.group.size"));
                if (r.dataset().equals("narrow")) {
                    crossMember = r;
                }
            }
        }
        assertTrue(crossMember != null);
        Path crossRecord = records.recordPath(crossMember);
        // The group's fit time is shared: its members' fit_seconds are equal.
        List<Double> fits = rows.stream()
                .filter(r -> r.detector().equals("dte-c") && !(r.dataset().equals("narrow") && r.seed() == 3))
                .map(ResultRow::fitSeconds)
                .distinct()
                .toList();
        assertEquals(1, fits.size(), fits.toString());

        // Reproducing the narrow member retrains the whole cross-dataset group from both files: bit-identical.
        Reproduction.Outcome o = Reproduction.reproduce(crossRecord);
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());

        // A rerun into the same folder trains nothing.
        Started again = new Started();
        assertEquals(
                rows.stream().map(ResultRow::key).toList(),
                Benchmark.run(settings, again).stream().map(ResultRow::key).toList());
        assertEquals(List.of(), again.runs);
        assertEquals(8, again.ended.size(), again.ended.toString());

        // A partially done group reruns only its missing member; that member's record names the group it ran in now
        // (a group of one, which trains as a plain run), and reproduces under it.
        ResultRow wideSeed3 = rows.stream()
                .filter(r -> r.dataset().equals("wide")
                        && r.seed() == 3
                        && r.detector().equals("dte-c"))
                .findFirst()
                .orElseThrow();
        Path results = out.resolve("results.csv");
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            if (!line.startsWith("wide,dte-c,3,")) {
                kept.add(line);
            }
        }
        assertEquals(8, kept.size(), "the header and seven rows");
        Files.write(results, kept);
        Started partial = new Started();
        List<ResultRow> resumed = Benchmark.run(settings, partial);
        assertEquals(List.of("wide/dte-c/3"), partial.runs);
        assertEquals(8, new HashSet<>(partial.ended).size(), partial.ended.toString());
        assertEquals(8, partial.ended.size(), partial.ended.toString());
        assertEquals(8, resumed.size());
        assertEquals(
                order.get(6),
                resumed.get(6).dataset() + "/" + resumed.get(6).seed() + "/"
                        + resumed.get(6).detector());
        JsonNode group = JSON.readTree(Files.readString(records.recordPath(wideSeed3)))
                .path("run")
                .path("group");
        assertEquals(1, group.path("size").asInt(), group.toString());
        assertTrue(Reproduction.reproduce(records.recordPath(wideSeed3)).identical());

        // A member's data file changed: the hash check refuses before training, naming the file.
        List<String> lines = Files.readAllLines(wide);
        lines.set(5, lines.get(5).replaceFirst("^[^,]*", "12345"));
        Files.write(wide, lines);
        IOException e = assertThrows(IOException.class, () -> Reproduction.reproduce(crossRecord));
        assertTrue(e.getMessage().contains("wide.csv has changed since the run"), e.getMessage());
    }
}
