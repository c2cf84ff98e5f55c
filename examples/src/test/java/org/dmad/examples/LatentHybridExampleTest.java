package org.dmad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatentHybridExampleTest {

    @Test
    void theReconstructionErrorCatchesBrokenSensorsAndTheHybridKeepsUpWithItsMembers() {
        LatentHybridExample.Result result = LatentHybridExample.run(20, 0);
        assertEquals(800, result.trainingRows());
        assertEquals(440, result.testRows());
        assertEquals(6, result.latentSize());
        assertEquals(
                List.of("latent", "latent+rec", "hybrid"),
                result.detectors().stream()
                        .map(LatentHybridExample.DetectorResult::detector)
                        .toList());
        System.out.println(result);
        double latent = result.detectors().get(0).auroc();
        double withReconstruction = result.detectors().get(1).auroc();
        double hybrid = result.detectors().get(2).auroc();
        // The code sees the shifted operating points; a broken sensor that the factors do not explain shows only in
        // the reconstruction, so mixing the reconstruction error in must help.
        assertTrue(latent >= 0.85, result.toString());
        assertTrue(withReconstruction >= 0.95 && withReconstruction > latent, result.toString());
        assertTrue(hybrid >= 0.9, result.toString());
        assertTrue(hybrid >= Collections.min(result.memberAurocs()) - 0.02, result.toString());
    }

    @Test
    void mainPrintsOneLinePerDetector() {
        String out = ExampleOutput.capture(() -> LatentHybridExample.main(new String[] {"2"}));
        for (String detector : List.of("latent ", "latent+rec", "hybrid ", "hybrid members")) {
            assertTrue(out.contains(detector), out);
        }
    }
}
