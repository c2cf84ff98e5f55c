package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmad bench --task timeseries}: options refused before any run. */
class SeriesBenchCliTest {

    @Test
    void anUnknownProtocolForSeriesIsRefusedBeforeAnyRun(@TempDir Path dir) {
        for (String bad : new String[] {"tsbad", "semi-clean"}) {
            String[] out =
                    CliTestSupport.run("bench", "--task", "timeseries", "--protocol", bad, "--out", dir.toString());
            assertEquals("1", out[0], out[2]);
            assertTrue(out[2].contains("Unknown protocol '" + bad + "' for --task timeseries: use semi"), out[2]);
        }
        assertFalse(Files.exists(dir.resolve("results.csv")), "nothing ran");
    }

    @Test
    void tsbAdChoosesItsOwnWindows(@TempDir Path dir) {
        String[] out = CliTestSupport.run(
                "bench", "--task", "timeseries", "--protocol", "tsb-ad", "--window", "16", "--out", dir.toString());
        assertEquals("1", out[0], out[2]);
        assertTrue(out[2].contains("--window 16 cannot be combined"), out[2]);
    }

    @Test
    void aScoringStrideBelowOneIsRefusedBeforeAnyRun(@TempDir Path dir) {
        String[] out =
                CliTestSupport.run("bench", "--task", "timeseries", "--score-stride", "0", "--out", dir.toString());
        assertEquals("1", out[0], out[2]);
        assertTrue(out[2].contains("--score-stride must be at least 1, got 0"), out[2]);
        assertFalse(Files.exists(dir.resolve("results.csv")), "nothing ran");
    }

    @Test
    void tsbAdRefusesAScoringStrideOtherThanOneBeforeAnyRun(@TempDir Path dir) {
        for (String protocol : new String[] {"tsb-ad", "tsb-ad-raw"}) {
            String[] out = CliTestSupport.run(
                    "bench",
                    "--task",
                    "timeseries",
                    "--protocol",
                    protocol,
                    "--score-stride",
                    "16",
                    "--out",
                    dir.toString());
            assertEquals("1", out[0], out[2]);
            assertTrue(out[2].contains("--score-stride 16 applies to --protocol semi only"), out[2]);
        }
        assertFalse(Files.exists(dir.resolve("results.csv")), "nothing ran");
    }

    @Test
    void helpBenchGivesEachDetectorsDefaultScoringStride() {
        String[] out = CliTestSupport.run("help", "bench");
        assertEquals("0", out[0], out[2]);
        String help = out[1].replaceAll("\\s+", " ");
        assertTrue(
                help.contains("Default --score-stride (--protocol semi): "
                        + org.dmad.evaluation.detectors.DetectorRegistry.scoreStrideDefaults()),
                out[1]);
        assertTrue(help.contains("ts-recon 8, ts-impute 16") && help.contains("every other detector 1"), out[1]);
        assertTrue(help.contains("default: each detector's own stride, listed below"), out[1]);
        assertTrue(help.contains("only 1 may be given"), out[1]);
    }
}
