package org.dmad.evaluation.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmad.tribuo.DMADTrainer;
import org.dmad.tribuo.HybridTrainer;
import org.junit.jupiter.api.Test;

class ProfileTest {

    @Test
    void paperIsUnbudgetedAndBudgetAddsOnlyTheStepBudget() {
        for (String name : new String[] {"dte-c", "dte-ig", "ddpm", "ddim", "dlik", "latent"}) {
            DMADTrainer paper =
                    (DMADTrainer) DetectorRegistry.get(name).factory().create(Profile.PAPER, 3, 1, "cpu");
            DMADTrainer budget =
                    (DMADTrainer) DetectorRegistry.get(name).factory().create(Profile.BUDGET, 3, 1, "cpu");
            DMADTrainer quick =
                    (DMADTrainer) DetectorRegistry.get(name).factory().create(Profile.QUICK, 3, 1, "cpu");
            assertEquals(0, paper.getMaxSteps(), name);
            assertEquals(400, paper.getEpochs(), name);
            assertEquals(Profile.BUDGET_MAX_STEPS, budget.getMaxSteps(), name);
            assertEquals(400, budget.getEpochs(), name);
            assertEquals(Profile.QUICK_MAX_STEPS, quick.getMaxSteps(), name);
            assertTrue(quick.getEpochs() < 400, name);
            // The budget is a @Config setting: it is in the trainer provenance, so `dmad reproduce` rebuilds it.
            assertTrue(
                    budget.getProvenance()
                            .getConfiguredParameters()
                            .get("maxSteps")
                            .toString()
                            .contains("30000"),
                    name);
        }
        HybridTrainer hybrid =
                (HybridTrainer) DetectorRegistry.get("hybrid").factory().create(Profile.BUDGET, 3, 1, "cpu");
        assertTrue(hybrid.getProvenance().toString().contains("maxSteps"));
        assertEquals(Profile.BUDGET, Profile.parse("budget"));
        assertEquals(Profile.QUICK.maxSteps(), Profile.QUICK_MAX_STEPS);
        assertEquals(Profile.BUDGET.maxSteps(), Profile.BUDGET_MAX_STEPS);
    }
}
