package org.dmad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DDPMExampleTest {

    @Test
    void ddpmAndDdimFindTheShiftedRowsAndTheExcuseNamesTheShiftedFeature() {
        DDPMExample.Result r = DDPMExample.run(10);
        assertEquals(10, r.epochsRun());
        assertTrue(r.ddpmAuroc() >= 0.9, "DDPM AUROC " + r.ddpmAuroc());
        assertTrue(r.ddimAuroc() >= 0.9, "DDIM AUROC " + r.ddimAuroc());
        assertTrue(r.ddpmSeconds() > 0 && r.ddimSeconds() > 0);
        // The most anomalous row is a planted one, and its shifted feature explains it best.
        assertTrue(r.shiftedFeature() != null, "the top row is a normal row");
        assertEquals(
                r.shiftedFeature(),
                r.topFeatures().get(0).getA(),
                r.topFeatures().toString());
        assertEquals(4, r.topFeatures().size());
    }
}
