package org.dmad.evaluation.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.dmad.evaluation.cli.DMADCli;
import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.DTECategoricalTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Trainer;
import org.tribuo.anomaly.Event;

/**
 * {@code dmad detectors --config NAME}: the XML written from each registered dmad trainer loads through OLCUT's
 * {@code ConfigurationManager} into a trainer equal to the registry's (same settings, same provenance), so a new
 * detector needs no sample configuration file.
 */
class TrainerConfigurationTest {

    static Stream<String> dmadDetectors() {
        return DetectorRegistry.detectors().stream()
                .filter(d -> TrainerConfiguration.trainer(d, 50) instanceof DMADTrainer)
                .map(DetectorRegistry.Detector::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dmadDetectors")
    void thePrintedConfigurationLoadsIntoTheSameTrainer(String name, @TempDir Path dir) throws Exception {
        DetectorRegistry.Detector detector = DetectorRegistry.get(name);
        String xml = TrainerConfiguration.xml(detector, 50);
        Path file = dir.resolve(name + ".xml");
        Files.writeString(file, xml);
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        Object loaded = cm.lookup(name);
        Trainer<Event> expected = TrainerConfiguration.trainer(detector, 50);
        assertInstanceOf(expected.getClass(), loaded, xml);
        assertEquals(expected.toString(), loaded.toString(), xml);
        assertEquals(((Provenancable<?>) expected).getProvenance(), ((Provenancable<?>) loaded).getProvenance(), xml);
        cm.close();
    }

    @Test
    void everyDmadDetectorIsCovered() {
        // Ten tabular and series detectors train dmad trainers; the pure-Java baselines are left out.
        assertTrue(dmadDetectors().count() >= 10, dmadDetectors().toList().toString());
        assertTrue(dmadDetectors().toList().containsAll(java.util.List.of("dte-c", "ddim", "hybrid", "ts-recon")));
    }

    @Test
    void theCommandPrintsItAndTheDefaultsAreTheTrainersDefaults(@TempDir Path dir) throws Exception {
        String[] r = cli("detectors", "--config", "dte-c");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("<?xml"), r[1]);
        assertTrue(r[1].contains("<component name=\"dte-c\" type=\"org.dmad.tribuo.DTECategoricalTrainer\">"), r[1]);
        // The shared settings come first, in declaration order, then the detector's own.
        assertTrue(r[1].indexOf("name=\"epochs\"") < r[1].indexOf("name=\"numBins\""), r[1]);
        Path file = dir.resolve("dte-c.xml");
        Files.writeString(file, r[1]);
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        // Under the paper profile, DTE-C's trainer is every @Config field at its default.
        assertEquals(new DTECategoricalTrainer().getProvenance(), ((DMADTrainer) cm.lookup("dte-c")).getProvenance());
        cm.close();
    }

    @Test
    void badRequestsAreRefusedClearly() {
        String[] unknown = cli("detectors", "--config", "nope");
        assertEquals("2", unknown[0]);
        assertTrue(unknown[2].contains("Unknown detector 'nope'"), unknown[2]);
        String[] window = cli("detectors", "--config", "ts-recon", "--window", "0");
        assertEquals("2", window[0]);
        assertTrue(window[2].contains("--window must be at least 1"), window[2]);
        assertFalse(cli("detectors", "--config", "ts-recon", "--window", "24")[1].isEmpty());
    }

    private static String[] cli(String... args) {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new java.io.PrintStream(o, true));
            System.setErr(new java.io.PrintStream(e, true));
            code = DMADCli.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {Integer.toString(code), o.toString(), e.toString()};
    }
}
