package org.dmad.evaluation.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.dmad.evaluation.cli.DMADCli;
import org.dmad.tribuo.SeriesDDPMTrainer;
import org.junit.jupiter.api.Test;

class DetectorRegistryTest {

    private static final String BEGIN = "<!-- detectors:begin";
    private static final String END = "<!-- detectors:end -->";

    @Test
    void readmeTableIsTheRegistrysTable() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(
                begin >= 0 && end > begin,
                "README.md needs its detector table between a line starting '" + BEGIN + "' and '" + END + "'");
        String table = text.substring(text.indexOf('\n', begin) + 1, end);
        assertEquals(
                DetectorRegistry.markdownTable(),
                table,
                "README.md's detector table is not the registry's: regenerate it with `./dmad detectors --markdown` "
                        + "and paste the output between the markers '" + BEGIN + " ...' and '" + END + "'");
    }

    @Test
    void allStandsForTheSameDetectorsAsBeforeTheMerge() {
        assertEquals(
                List.of("dte-c", "dte-ig", "dte-np", "ddpm", "ddim", "dlik", "latent", "hybrid", "iforest", "ocsvm"),
                DetectorRegistry.all(Task.TABULAR));
        assertEquals(DetectorRegistry.all(Task.TABULAR), DetectorRegistry.parseList("all"));
        assertEquals(List.copyOf(DetectorRegistry.names()), DetectorRegistry.all(Task.TABULAR));
        assertEquals(
                List.of("dte-c", "dte-np", "ddim", "ts-recon", "ts-impute", "iforest", "ocsvm", "pca", "kmeans-ad"),
                DetectorRegistry.parseList(" all ", Task.TIMESERIES));
        // Every tabular detector runs on series (flattened windows); a series detector only there.
        assertTrue(DetectorRegistry.names(Task.TIMESERIES).containsAll(DetectorRegistry.names(Task.TABULAR)));
        assertTrue(DetectorRegistry.names(Task.TIMESERIES).contains("ts-d3r"));
        assertFalse(DetectorRegistry.names(Task.TABULAR).contains("ts-d3r"));
    }

    @Test
    void aSeriesDetectorIsRefusedOnRowsWithAMessage() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DetectorRegistry.parseList("dte-c,ts-recon"));
        assertTrue(e.getMessage().contains("'ts-recon' is a timeseries detector"), e.getMessage());
        assertTrue(e.getMessage().contains("dte-c"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> DetectorRegistry.get("ts-recon").factory().create(Profile.QUICK, 0, 1, "cpu"));
        assertTrue(e.getMessage().contains("--task timeseries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DetectorRegistry.parseList("nope", Task.TIMESERIES));
        assertTrue(e.getMessage().contains("Unknown detector 'nope'")
                && e.getMessage().contains("ts-imdiff"));
        assertThrows(IllegalArgumentException.class, () -> DetectorRegistry.parseList(" , ", Task.TIMESERIES));
        assertInstanceOf(
                SeriesDDPMTrainer.class,
                DetectorRegistry.get("ts-recon", Task.TIMESERIES)
                        .factory()
                        .create(new DetectorRegistry.Run(Profile.QUICK, 0, 1, "cpu", 16)));
        assertThrows(IllegalArgumentException.class, () -> new DetectorRegistry.Run(Profile.QUICK, 0, -1, "cpu", 0));
    }

    @Test
    void aRegisteredDetectorIsKnownToTheCommandLineUntilUnregistered() {
        DetectorRegistry.Detector mine = new DetectorRegistry.Detector(
                "my-forest",
                Task.TABULAR,
                "baseline",
                "A user's isolation forest with 10 trees",
                EnumSet.of(Task.TABULAR),
                "IsolationForestTrainer",
                null,
                run -> new IsolationForestTrainer(10, 64, run.seed()));
        DetectorRegistry.register(mine);
        try {
            assertEquals("my-forest", DetectorRegistry.parseList("all").get(10));
            assertEquals(List.of("my-forest"), DetectorRegistry.parseList("my-forest", Task.TIMESERIES));
            assertFalse(DetectorRegistry.all(Task.TIMESERIES).contains("my-forest"));
            assertInstanceOf(
                    IsolationForestTrainer.class,
                    DetectorRegistry.get("my-forest").factory().create(Profile.QUICK, 0, 1, "cpu"));
            assertTrue(DetectorRegistry.markdownTable().contains("| `my-forest` | tabular | baseline |"));
            assertTrue(help("bench").contains("my-forest"));
            assertTrue(help("train").contains("my-forest"));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> DetectorRegistry.register(mine));
            assertTrue(e.getMessage().contains("registered already"), e.getMessage());
        } finally {
            DetectorRegistry.unregister("my-forest");
        }
        assertFalse(DetectorRegistry.names().contains("my-forest"));
        assertFalse(help("bench").contains("my-forest"));
        assertThrows(IllegalArgumentException.class, () -> DetectorRegistry.unregister("my-forest"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new DetectorRegistry.Detector(
                        "series-on-rows",
                        Task.TIMESERIES,
                        "baseline",
                        "x",
                        EnumSet.of(Task.TABULAR),
                        "PCATrainer",
                        null,
                        run -> new PCATrainer(0, PCATrainer.Scoring.WEIGHTED_DISTANCE)));
        assertTrue(e.getMessage().contains("tabular --detectors all cannot run it"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new DetectorRegistry.Detector(
                        "Bad Name", Task.TABULAR, "baseline", "x", EnumSet.noneOf(Task.class), "T", null, run -> null));
    }

    @Test
    void ddpmReconstructsFromThePapersTimeOnRowsAndFromAShorterOneOnSeries() {
        assertEquals(
                "250",
                reconstructionTime(DetectorRegistry.get("ddpm")
                        .factory()
                        .create(Profile.QUICK, 0, 1, "cpu")
                        .getProvenance()));
        assertEquals(
                Integer.toString(DetectorRegistry.SERIES_DDPM_TIME),
                reconstructionTime(DetectorRegistry.get("ddpm", Task.TIMESERIES)
                        .factory()
                        .create(new DetectorRegistry.Run(Profile.QUICK, 0, 1, "cpu", 16))
                        .getProvenance()));
        // hybrid's DDPM member follows ddpm: its provenance lists the members' settings.
        String rows = DetectorRegistry.get("hybrid")
                .factory()
                .create(Profile.QUICK, 0, 1, "cpu")
                .getProvenance()
                .toString();
        String series = DetectorRegistry.get("hybrid", Task.TIMESERIES)
                .factory()
                .create(new DetectorRegistry.Run(Profile.QUICK, 0, 1, "cpu", 16))
                .getProvenance()
                .toString();
        assertTrue(rows.contains("reconstructionTime=250,"), rows);
        assertTrue(series.contains("reconstructionTime=" + DetectorRegistry.SERIES_DDPM_TIME + ","), series);
        assertTrue(DetectorRegistry.SERIES_DDPM_TIME < 250);
    }

    private static String reconstructionTime(com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance p) {
        return ((org.tribuo.provenance.TrainerProvenance) p)
                .getConfiguredParameters()
                .get("reconstructionTime")
                .toString();
    }

    @Test
    void helpAndTheDetectorsCommandListTheRegistry() {
        String bench = help("bench");
        for (String name : DetectorRegistry.names(Task.TIMESERIES)) {
            assertTrue(bench.contains("  " + name + " "), name + " missing from help bench:\n" + bench);
        }
        assertTrue(bench.contains("--detectors all on series runs: dte-c,dte-np,ddim,ts-recon"), bench);
        String train = help("train");
        assertTrue(train.contains("  hybrid ") && !train.contains("ts-recon"), train);
        String listed = cli("detectors");
        for (DetectorRegistry.Detector d : DetectorRegistry.detectors()) {
            assertTrue(listed.lines().anyMatch(l -> l.startsWith(d.name() + " ") && l.contains(d.family())), d.name());
        }
        assertEquals(DetectorRegistry.markdownTable(), cli("detectors", "--markdown"));
    }

    private static String help(String command) {
        return cli("help", command);
    }

    private static String cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            assertEquals(0, DMADCli.execute(args), String.join(" ", args));
        } finally {
            System.setOut(out);
        }
        return o.toString(StandardCharsets.UTF_8);
    }
}
