package org.dmad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class DTEFamilyExampleTest {

    @Test
    void everyDetectorFindsThePushedRowsAndBlamesThePushedSensor() {
        DTEFamilyExample.Result result = DTEFamilyExample.run(20, 0);
        assertEquals(1000, result.trainingRows());
        assertEquals(525, result.testRows());
        assertEquals(
                List.of("DTE-C", "DTE-IG", "DTE-NP"),
                result.detectors().stream()
                        .map(DTEFamilyExample.DetectorResult::detector)
                        .toList());
        for (DTEFamilyExample.DetectorResult r : result.detectors()) {
            assertTrue(r.auroc() >= 0.9, r.toString());
            assertTrue(r.plantedSensor() != null, "the most anomalous row is a pushed one: " + r);
            assertEquals(r.plantedSensor(), r.topSensors().get(0), r.toString());
        }
    }

    @Test
    void mainPrintsOneLinePerDetector() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true));
            DTEFamilyExample.main(new String[] {"2"});
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString();
        System.out.print(out);
        for (String detector : List.of("DTE-C ", "DTE-IG", "DTE-NP")) {
            assertTrue(out.contains(detector + " AUROC") || out.contains(detector + "  AUROC"), out);
        }
    }
}
