package org.dmad.evaluation.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.series.PointScores;
import org.dmad.tribuo.DTENonParametricTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring stride of {@code dmad bench --task timeseries}: each detector's default comes from the registry, an
 * explicit {@code --score-stride} wins for every detector, TSB-AD's protocol scores every window, and run records
 * written before the default existed (stride 1, or no {@code score_stride} field) reproduce bit for bit.
 */
class SeriesScoreStrideTest {

    /** A test-only DTE-NP registered with a default scoring stride of 4 (cheap: DTE-NP does not train a network). */
    private static final String STRIDED = "dte-np-every-4th";

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void register() {
        DetectorRegistry.register(new DetectorRegistry.Detector(
                STRIDED,
                Task.TABULAR,
                "diffusion-time",
                "Test-only: DTE-NP whose series runs score every 4th window by default",
                EnumSet.noneOf(Task.class),
                "DTENonParametricTrainer",
                null,
                run -> run.build(DTENonParametricTrainer.builder()),
                4));
    }

    @AfterAll
    static void unregister() {
        DetectorRegistry.unregister(STRIDED);
    }

    private static SeriesBenchmark.Settings settings(Path out, String detector, SeriesProtocol p, Integer stride) {
        return SeriesBenchmark.Settings.of(
                        SeriesBenchmark.synthetic(0).subList(1, 2),
                        List.of(detector),
                        List.of(3L),
                        Profile.QUICK,
                        1,
                        "cpu",
                        out,
                        0,
                        400,
                        PointScores.Aggregation.MEAN)
                .withProtocol(p)
                .withScoreStride(stride);
    }

    private static ResultRow run(SeriesBenchmark.Settings s) throws IOException {
        ResultRow row = SeriesBenchmark.run(s, new Runner.Listener() {}).get(0);
        assertTrue(row.ok(), row.error());
        return row;
    }

    private static Path record(SeriesBenchmark.Settings s, ResultRow row) {
        return new RunRecords(s.out().resolve("runs")).recordPath(row);
    }

    private static int recordedStride(Path record) throws IOException {
        return JSON.readTree(record.toFile())
                .path("windows")
                .path("score_stride")
                .asInt(-1);
    }

    /**
     * The default strides that are not 1 (docs/PERFORMANCE.md section 13, docs/TIME_SERIES.md "Scoring stride"), in
     * registration order.
     */
    static final java.util.Map<String, Integer> DEFAULTS = defaults();

    private static java.util.Map<String, Integer> defaults() {
        java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
        m.put("dte-np", 2);
        m.put("ddpm", 8);
        m.put("ddim", 8);
        m.put("dlik", 16);
        m.put("ts-recon", 8);
        m.put("ts-impute", 16);
        m.put("hybrid", 16);
        m.put("ocsvm", 2);
        m.put("sub-ocsvm", 2);
        m.put("pca", 16);
        m.put("ts-imdiff", 16);
        m.put("sub-pca", 16);
        return m;
    }

    @Test
    void theRegistryDeclaresEachSeriesDetectorsDefault() {
        StringBuilder listed = new StringBuilder();
        for (DetectorRegistry.Detector d : DetectorRegistry.detectors(Task.TIMESERIES)) {
            int expected = d.name().equals(STRIDED) ? 4 : DEFAULTS.getOrDefault(d.name(), 1);
            assertEquals(expected, d.defaultScoreStride(), d.name());
            if (expected != 1) {
                listed.append(listed.length() == 0 ? "" : ", ")
                        .append(d.name())
                        .append(' ')
                        .append(expected);
            }
        }
        assertEquals(1, DetectorRegistry.get("ts-d3r").defaultScoreStride());
        assertEquals(listed + "; every other detector 1", DetectorRegistry.scoreStrideDefaults());
        // The eight-value constructor (detectors registered before the field existed) means stride 1.
        assertEquals(
                1,
                new DetectorRegistry.Detector(
                                "old-style",
                                Task.TABULAR,
                                "baseline",
                                "x",
                                EnumSet.noneOf(Task.class),
                                "T",
                                null,
                                run -> null)
                        .defaultScoreStride());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new DetectorRegistry.Detector(
                        "zero", Task.TABULAR, "baseline", "x", EnumSet.noneOf(Task.class), "T", null, run -> null, 0));
        assertTrue(e.getMessage().contains("default scoring stride of at least 1, got 0"), e.getMessage());
    }

    @Test
    void withoutAStrideEachDetectorUsesItsOwnAndAGivenStrideWinsForAll() {
        SeriesBenchmark.Settings byDetector = settings(Path.of("x"), "dte-np", SeriesProtocol.SEMI, null);
        assertEquals(16, byDetector.scoreStride("ts-imdiff"));
        assertEquals(8, byDetector.scoreStride("ts-recon"));
        assertEquals(1, byDetector.scoreStride("ts-d3r"));
        assertEquals(2, byDetector.scoreStride("dte-np"));
        assertEquals(1, byDetector.scoreStride("iforest"));
        assertEquals(4, byDetector.scoreStride(STRIDED));
        for (int given : new int[] {1, 2, 16}) {
            SeriesBenchmark.Settings all = settings(Path.of("x"), "dte-np", SeriesProtocol.SEMI, given);
            for (String d : List.of("ts-imdiff", "ts-d3r", "dte-np", STRIDED)) {
                assertEquals(given, all.scoreStride(d), d + " at --score-stride " + given);
            }
        }
        // Settings.of, without a stride, keeps the published stride-1 behaviour whatever the defaults.
        SeriesBenchmark.Settings old = SeriesBenchmark.Settings.of(
                List.of(),
                List.of("ts-imdiff"),
                List.of(0L),
                Profile.QUICK,
                1,
                "cpu",
                Path.of("x"),
                0,
                400,
                PointScores.Aggregation.MEAN);
        assertEquals(1, old.scoreStride("ts-imdiff"));
    }

    @Test
    void tsbAdScoresEveryWindowAndRefusesAnotherStride() {
        for (SeriesProtocol p : List.of(SeriesProtocol.TSB_AD, SeriesProtocol.TSB_AD_RAW)) {
            for (Integer given : new Integer[] {null, 1}) {
                SeriesBenchmark.Settings s = settings(Path.of("x"), "pca", p, given);
                for (String d : List.of("ts-imdiff", "ts-recon", "ts-d3r", "pca", STRIDED)) {
                    assertEquals(1, s.scoreStride(d), d + " under " + p.cliName());
                }
            }
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> settings(Path.of("x"), "pca", p, 16));
            assertTrue(e.getMessage().contains("applies to --protocol semi only"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> settings(Path.of("x"), "pca", SeriesProtocol.SEMI, 0));
        assertTrue(e.getMessage().contains("--score-stride must be at least 1, got 0"), e.getMessage());
    }

    @Test
    void theDefaultStrideIsRecordedAndIsTheSameRunAsGivingIt(@TempDir Path dir) throws IOException {
        SeriesBenchmark.Settings byDefault = settings(dir.resolve("default"), STRIDED, SeriesProtocol.SEMI, null);
        ResultRow row = run(byDefault);
        Path record = record(byDefault, row);
        assertEquals(4, recordedStride(record));
        Reproduction.Outcome o = Reproduction.reproduce(record);
        assertTrue(o.identical(), o.recorded() + " vs " + o.reproduced());

        SeriesBenchmark.Settings given4 = settings(dir.resolve("given4"), STRIDED, SeriesProtocol.SEMI, 4);
        ResultRow four = run(given4);
        assertEquals(4, recordedStride(record(given4, four)));
        for (String m : row.metrics().keySet()) {
            assertEquals(row.metric(m), four.metric(m), m);
        }

        SeriesBenchmark.Settings given1 = settings(dir.resolve("given1"), STRIDED, SeriesProtocol.SEMI, 1);
        ResultRow one = run(given1);
        assertEquals(1, recordedStride(record(given1, one)));
        assertNotEquals(
                List.copyOf(row.metrics().values()),
                List.copyOf(one.metrics().values()),
                "--score-stride 1 must score every window, not the default's every 4th");
    }

    @Test
    void aRecordWithoutTheStrideFieldReproducesAsStrideOne(@TempDir Path dir) throws IOException {
        // A record written before the field existed: every window scored, no "score_stride".
        SeriesBenchmark.Settings s = settings(dir.resolve("old"), "dte-np", SeriesProtocol.SEMI, 1);
        ResultRow row = run(s);
        Path record = record(s, row);
        assertEquals(1, recordedStride(record));
        ObjectNode root = (ObjectNode) JSON.readTree(record.toFile());
        ((ObjectNode) root.path("windows")).remove("score_stride");
        Path old = dir.resolve("old-record.json");
        Files.writeString(old, JSON.writeValueAsString(root));
        assertFalse(JSON.readTree(old.toFile()).path("windows").has("score_stride"));
        for (Path r : List.of(record, old)) {
            Reproduction.Outcome o = Reproduction.reproduce(r);
            assertTrue(o.identical(), r + ": " + o.recorded() + " vs " + o.reproduced());
            for (String m : o.recorded().keySet()) {
                assertEquals(row.metric(m), o.reproduced().get(m), m);
            }
        }
        // The field is read: the same record claiming stride 4 no longer reproduces.
        ((ObjectNode) root.path("windows")).put("score_stride", 4);
        Path wrong = dir.resolve("stride4-record.json");
        Files.writeString(wrong, JSON.writeValueAsString(root));
        assertFalse(Reproduction.reproduce(wrong).identical());
    }
}
