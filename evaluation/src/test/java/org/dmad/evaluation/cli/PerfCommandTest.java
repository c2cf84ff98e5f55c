package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument handling and output format of {@code dmad perf}; no timing is asserted. */
class PerfCommandTest {

    /**
     * Runs {@code dmad perf --smoke} with the arguments, one intra-op thread and {@code --out DIR/perf}, which must
     * succeed.
     *
     * @return the first table of its perf.json.
     */
    private static JsonNode smokeTable(Path dir, String... args) throws IOException {
        Path out = dir.resolve("perf");
        List<String> all = new ArrayList<>(List.of("perf", "--smoke"));
        all.addAll(List.of(args));
        all.addAll(List.of("--threads", "1", "--out", out.toString()));
        String[] r = CliTestSupport.run(all.toArray(new String[0]));
        assertEquals("0", r[0], r[2]);
        return new ObjectMapper()
                .readTree(out.resolve("perf.json").toFile())
                .get("tables")
                .get(0);
    }

    /** @return the table of {@link #smokeTable} for the series suite on ts-d3r, three channels, at the strides. */
    private static JsonNode seriesTable(Path dir, String strides) throws IOException {
        return smokeTable(
                dir,
                "--suite",
                "series",
                "--series-detectors",
                "ts-d3r",
                "--series-channels",
                "3",
                "--series-strides",
                strides);
    }

    @Test
    void smokeRunWritesMarkdownAndJsonWithTheEnvironment(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("perf");
        String[] r =
                CliTestSupport.run("perf", "--smoke", "--suite", "matmul", "--threads", "1", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("| m x k x n | repeats per run |"), r[1]);
        String md = Files.readString(out.resolve("perf.md"));
        assertTrue(md.startsWith("# dmad perf (SMOKE RUN"), md);
        assertTrue(md.contains("pytorch.threads.intra-op = 1"), md);
        JsonNode json = new ObjectMapper().readTree(out.resolve("perf.json").toFile());
        assertTrue(json.get("smoke").asBoolean());
        assertEquals("matmul", json.get("tables").get(0).get("suite").asText());
        assertEquals(2, json.get("tables").get(0).get("rows").size());
        assertTrue(json.get("environment").has("cpu.physical-cores"));
        assertTrue(json.get("tables")
                        .get(0)
                        .get("rows")
                        .get(0)
                        .get("GFLOP/s (best)")
                        .asDouble()
                > 0);
    }

    @Test
    void samplerSuiteComparesDdpmAndDdimOnOneDenoiser(@TempDir Path dir) throws IOException {
        Path adbench = Path.of(System.getProperty("dmad.shared.dir", "../shared"), "datasets", "adbench", "classical");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(adbench), "shared ADBench data not present");
        JsonNode rows = smokeTable(dir, "--suite", "sampler", "--adbench", adbench.toString())
                .get("rows");
        assertEquals(2, rows.size(), "the smallest file and the mean");
        for (String c : new String[] {"ddpm AUROC", "ddim-10 AUROC", "ddim-20 AUROC", "ddim-50 AUROC"}) {
            double auroc = rows.get(0).get(c).asDouble();
            assertTrue(auroc > 50 && auroc <= 100, c + " " + auroc);
        }
    }

    @Test
    void suitesAreValidatedAndRunInOrder() {
        assertEquals(List.of("matmul", "train"), PerfCommand.parseSuites("train, matmul"));
        assertEquals(PerfCommand.SUITES, PerfCommand.parseSuites("all"));
        assertThrows(IllegalArgumentException.class, () -> PerfCommand.parseSuites("gpu"));
        String[] r = CliTestSupport.run("perf", "--suite", "nonsense");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("Unknown suite 'nonsense'"), r[2]);
    }

    @Test
    void seriesSuiteMeasuresStepsPerSecondAndStreamingLatency(@TempDir Path dir) throws IOException {
        JsonNode table = seriesTable(dir, "1,4");
        assertEquals("series", table.get("suite").asText());
        JsonNode row = table.get("rows").get(0);
        assertEquals("ts-d3r", row.get("detector").asText());
        assertEquals(100, row.get("window").asInt(), "1,024 / 3 channels clamped to 100 steps");
        assertEquals(300, row.get("steps scored").asInt());
        assertTrue(row.get("steps/s").asDouble() > 0, row.toString());
        assertTrue(row.get("steps per CPU s").asDouble() > 0, row.toString());
        assertEquals(1, row.get("network evaluations per window").asInt(), "D3R rebuilds in one pass");
        double mflop = row.get("MFLOP per window").asDouble();
        assertTrue(mflop > 0, row.toString());
        assertEquals(20_000 * mflop / 1e3, row.get("GFLOP/s for 20,000 steps/s").asDouble(), 1e-9 * mflop);
        JsonNode strided = table.get("rows").get(1);
        assertEquals(4, strided.get("score stride").asInt());
        assertEquals(
                20_000 * mflop / 1e3 / 4,
                strided.get("GFLOP/s for 20,000 steps/s").asDouble(),
                1e-9 * mflop);
        assertEquals(2, table.get("rows").size(), "ts-d3r's default stride 1 is listed: not timed twice");
        assertEquals(1, row.get("default stride").asInt());
        assertEquals(
                row.get("steps/s").asDouble() >= 20_000 ? "yes" : "no",
                row.get("meets 20,000 steps/s").asText());
        double median = row.get("stream median ms/point").asDouble();
        assertTrue(median > 0 && row.get("stream p99 ms/point").asDouble() >= median, row.toString());
    }

    @Test
    void seriesSuiteAlsoTimesEachDetectorAtItsDefaultStride(@TempDir Path dir) throws IOException {
        JsonNode rows = seriesTable(dir, "4").get("rows");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(4, rows.get(0).get("score stride").asInt());
        assertEquals(1, rows.get(1).get("score stride").asInt(), "ts-d3r's default, added after the listed strides");
        for (JsonNode row : rows) {
            assertEquals(1, row.get("default stride").asInt());
        }
    }

    @Test
    void seriesSuiteRefusesBadSizes() {
        String[] r = CliTestSupport.run("perf", "--suite", "series", "--series-channels", "0");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--series-channels must be at least 1"), r[2]);
        r = CliTestSupport.run("perf", "--suite", "series", "--series-detectors", "nope");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("Unknown detector 'nope'"), r[2]);
        r = CliTestSupport.run("perf", "--suite", "series", "--series-train", "10");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--series-train must be at least one window plus one"), r[2]);
        r = CliTestSupport.run("perf", "--suite", "series", "--series-strides", "1,0");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--series-strides must list scoring strides of at least 1"), r[2]);
    }

    @Test
    void outputFoldersThatCannotBeWrittenAreRefusedBeforeAnyWork(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "a file");
        String[] perf = CliTestSupport.run(
                "perf",
                "--smoke",
                "--suite",
                "matmul",
                "--out",
                file.resolve("perf").toString());
        assertEquals("1", perf[0]);
        assertTrue(
                perf[2].contains("Cannot write --out " + file.resolve("perf") + ": " + file + " is a file"), perf[2]);
        assertTrue(!perf[2].contains("dmad perf: matmul"), "no suite may start: " + perf[2]);
        String[] perfOnFile = CliTestSupport.run("perf", "--smoke", "--suite", "matmul", "--out", file.toString());
        assertEquals("1", perfOnFile[0]);
        assertTrue(perfOnFile[2].contains("it is a file, not a folder"), perfOnFile[2]);

        // The download would fail on this address; the folder check must come first.
        String[] download = CliTestSupport.run(
                "datasets",
                "download",
                "adbench",
                "--only",
                "wine",
                "--base-url",
                "http://127.0.0.1:9/",
                "--to",
                file.resolve("data").toString());
        assertEquals("1", download[0]);
        assertTrue(
                download[2].contains("Cannot write --to " + file.resolve("data") + ": " + file + " is a file"),
                download[2]);
        assertTrue(!download[1].contains("wine"), "nothing may be fetched: " + download[1]);
    }

    @Test
    void theAdbenchSuitesRefuseAMissingFolderBeforeAnyWork(@TempDir Path dir) {
        Path missing = dir.resolve("no-adbench");
        String[] r = CliTestSupport.run(
                "perf",
                "--suite",
                "matmul,reference",
                "--adbench",
                missing.toString(),
                "--out",
                dir.resolve("p").toString());
        assertEquals("1", r[0], r[2]);
        assertTrue(r[2].contains("--adbench " + missing + " is not a folder"), r[2]);
        assertTrue(r[2].contains("dmad datasets download adbench"), r[2]);
        assertTrue(!Files.exists(dir.resolve("p").resolve("perf.md")), "no suite ran");
    }
}
