package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmad.evaluation.data.Datasets;
import org.dmad.evaluation.data.SyntheticSuite;
import org.dmad.evaluation.data.TabularData;
import org.dmad.evaluation.data.TabularFiles;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.protocol.Protocol;
import org.dmad.provenance.ProvenanceJson;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.provenance.TrainerProvenance;

class ReproductionTest {

    static Path csv(Path dir, TabularData t) throws IOException {
        return csv(dir, "data.csv", t);
    }

    static Path csv(Path dir, String name, TabularData t) throws IOException {
        return TabularFiles.csv(dir, name, t);
    }

    @Test
    void aBenchmarkRunIsReproducedBitForBitAndAChangedFileIsCaughtBeforeTraining(@TempDir Path dir) throws IOException {
        Path data = csv(dir, SyntheticSuite.generate("local", 300, 15, 4, 5));
        Path out = dir.resolve("bench");
        List<ResultRow> rows = Benchmark.run(
                new Benchmark.Settings(
                        Datasets.sources(List.of(data), "label"),
                        List.of("dte-c", "iforest", "ocsvm"),
                        Protocol.SEMI,
                        List.of(2L),
                        Profile.QUICK,
                        1,
                        "cpu",
                        out,
                        "label"),
                new Runner.Listener() {});
        RunRecords records = new RunRecords(out.resolve("runs"));
        for (ResultRow row : rows) {
            assertTrue(row.ok(), row.toString());
            Reproduction.Outcome o = Reproduction.reproduce(records.recordPath(row));
            assertTrue(o.identical(), row.detector() + ": " + o.recorded() + " vs " + o.reproduced());
            assertEquals(row.metric("auroc"), o.reproduced().get("auroc"), 0.0);
            assertTrue(o.environment().isEmpty(), o.environment().keySet().toString());
        }
        // Change one value of the data file: the hash check refuses before training.
        List<String> lines = Files.readAllLines(data);
        lines.set(5, lines.get(5).replaceFirst("^[^,]*", "12345"));
        Files.write(data, lines);
        IOException e = assertThrows(IOException.class, () -> Reproduction.reproduce(records.recordPath(rows.get(0))));
        assertTrue(
                e.getMessage().contains("has changed since the run")
                        && e.getMessage().contains("nothing was " + "retrained"),
                e.getMessage());
    }

    @Test
    void groupedRunsKeepPerRunRowsRecordTheirGroupAndReproduceUnderIt(@TempDir Path dir) throws IOException {
        Path data = csv(dir, SyntheticSuite.generate("local", 300, 15, 4, 5));
        Path out = dir.resolve("bench");
        List<ResultRow> rows = Benchmark.run(
                new Benchmark.Settings(
                        Datasets.sources(List.of(data), "label"),
                        List.of("dte-c", "ddpm", "iforest"),
                        Protocol.SEMI,
                        List.of(2L, 3L, 4L),
                        Profile.QUICK,
                        1,
                        "cpu",
                        out,
                        "label",
                        Grouping.ofSeeds(0)),
                new Runner.Listener() {});
        assertEquals(9, rows.size());
        RunRecords records = new RunRecords(out.resolve("runs"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (ResultRow row : rows) {
            assertTrue(row.ok(), row.toString());
            var group = json.readTree(Files.readString(records.recordPath(row)))
                    .path("run")
                    .path("group");
            if (!row.detector().equals("iforest")) {
                assertEquals(3, group.path("size").asInt(), row.toString());
                assertEquals("[2,3,4]", group.path("seeds").toString());
                assertEquals(
                        row.seed(),
                        group.path("seeds").get(group.path("member").asInt()).asLong());
            } else {
                assertTrue(group.isMissingNode(), "iforest trains alone");
            }
        }
        // DTE-C and the DDPM denoiser (early stopping per member) reproduce under their group.
        for (String detector : List.of("dte-c", "ddpm")) {
            ResultRow member = rows.stream()
                    .filter(r -> r.detector().equals(detector) && r.seed() == 3)
                    .findFirst()
                    .orElseThrow();
            Reproduction.Outcome o = Reproduction.reproduce(records.recordPath(member));
            assertTrue(o.identical(), detector + ": " + o.recorded() + " vs " + o.reproduced());
        }
        // The seeds' runs are distinct models.
        assertEquals(
                3,
                rows.stream()
                        .filter(r -> r.detector().equals("dte-c"))
                        .mapToDouble(r -> r.metric("auroc"))
                        .distinct()
                        .count());
    }

    @Test
    void generatedDataIsRegeneratedFromItsRecipe(@TempDir Path out) throws IOException {
        List<ResultRow> rows = Benchmark.run(
                new Benchmark.Settings(
                        List.of(BenchmarkTest.source("global")),
                        List.of("iforest"),
                        Protocol.UNSUP,
                        List.of(4L),
                        Profile.QUICK,
                        1,
                        "cpu",
                        out,
                        "label"),
                new Runner.Listener() {});
        Reproduction.Outcome o = Reproduction.reproduce(new RunRecords(out.resolve("runs")).recordPath(rows.get(0)));
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());
    }

    @Test
    void aFileThatIsNotARunRecordIsRefused(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("x.json");
        Files.writeString(p, "{\"hello\": 1}");
        IOException e = assertThrows(IOException.class, () -> Reproduction.reproduce(p));
        assertTrue(e.getMessage().contains("not a dmad run record"), e.getMessage());
    }

    @Test
    void recordsWrittenBeforeTheAdamKernelSettingRebuildWithDjlAdam() throws IOException {
        TrainerProvenance current =
                DTECategoricalTrainer.builder().epochs(1).build().getProvenance();
        assertEquals("fused", ((DMADTrainer) Reproduction.rebuild(current)).getAdamKernel());
        assertEquals(
                "djl",
                ((DMADTrainer) Reproduction.rebuild(DTECategoricalTrainer.builder()
                                .epochs(1)
                                .adamKernel("djl")
                                .build()
                                .getProvenance()))
                        .getAdamKernel());
        // A record from before the setting: the same provenance without the adamKernel entry. Those trainings ran
        // DJL's Adam, so that is what reproduces their numbers.
        JsonNode json = new ObjectMapper().readTree(ProvenanceJson.toJson(current));
        assertTrue(removeField(json, "adamKernel"), "the provenance records adamKernel");
        TrainerProvenance old = ProvenanceJson.fromJson(json.toString(), TrainerProvenance.class);
        DMADTrainer rebuilt = (DMADTrainer) Reproduction.rebuild(old);
        assertEquals("djl", rebuilt.getAdamKernel());
        assertEquals(1, rebuilt.getEpochs());
    }

    private static boolean removeField(JsonNode node, String field) {
        boolean removed = false;
        if (node instanceof ObjectNode object && object.remove(field) != null) {
            removed = true;
        }
        for (JsonNode child : node) {
            removed |= removeField(child, field);
        }
        return removed;
    }
}
