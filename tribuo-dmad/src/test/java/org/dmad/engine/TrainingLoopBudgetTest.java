package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.junit.jupiter.api.Test;

class TrainingLoopBudgetTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(400, 1e-4, 1e-2);

    @Test
    void epochLimitCapsWholeEpochsByTheStepBudget() {
        TrainingSettings none = new TrainingSettings(400, 64, 1e-4, 5e-4, 0, 1, "cpu");
        assertEquals(0, none.maxSteps());
        assertEquals(400, none.epochLimit(391));
        TrainingSettings budget = new TrainingSettings(400, 64, 1e-4, 5e-4, 0, 1, "cpu", 30_000);
        // 25,000 rows at batch 64: 391 batches per epoch, ceil(30,000 / 391) = 77 epochs instead of 400.
        assertEquals(77, budget.epochLimit(391));
        // Small sets keep their epochs: 400 * 53 = 21,200 steps fit the budget.
        assertEquals(400, budget.epochLimit(53));
        assertEquals(1, new TrainingSettings(400, 64, 1e-4, 0, 0, 1, "cpu", 1).epochLimit(391));
        assertThrows(IllegalArgumentException.class, () -> new TrainingSettings(1, 1, 1e-4, 0, 0, 1, "cpu", -1));
    }

    @Test
    void aBudgetStopsTrainingAfterWholeEpochs() {
        Matrix x = rows(1000);
        List<Integer> epochs = new ArrayList<>();
        // 1000 rows at batch 64: 16 batches per epoch; 40 steps -> ceil(40 / 16) = 3 epochs of the 50 asked.
        TrainingLoop.Result r = TrainingLoop.train(
                network(),
                x,
                new TrainingSettings(50, 64, 1e-4, 5e-4, 7, 1, "cpu", 40),
                DTECategorical.objective(SCHEDULE, 7, true),
                (epoch, loss) -> epochs.add(epoch));
        assertEquals(3, r.epochsRun());
        assertEquals(List.of(1, 2, 3), epochs);
        r.network().close();
    }

    @Test
    void batchesAreRowsOfTheDeviceResidentSetAndTheLossIsUnchanged() throws Exception {
        Matrix x = rows(300);
        List<float[]> batches = new ArrayList<>();
        DiffusionObjective inner = DTECategorical.objective(SCHEDULE, 7, true);
        DiffusionObjective recording = (block, store, x0, random) -> {
            assertEquals(DMADEngine.device("cpu"), x0.getDevice());
            batches.add(x0.toFloatArray());
            return inner.loss(block, store, x0, random);
        };
        TrainingLoop.Result r = TrainingLoop.train(
                network(), x, new TrainingSettings(2, 64, 1e-4, 5e-4, 7, 1, "cpu"), recording, TrainingMonitor.NONE);
        // 300 rows: 5 batches per epoch (the last partial), every row exactly once per epoch.
        assertEquals(10, batches.size());
        for (int epoch = 0; epoch < 2; epoch++) {
            List<String> seen = new ArrayList<>();
            for (float[] b : batches.subList(epoch * 5, epoch * 5 + 5)) {
                for (int i = 0; i < b.length; i += 8) {
                    seen.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(b, i, i + 8)));
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                expected.add(java.util.Arrays.toString(x.rows(i, i + 1)));
            }
            seen.sort(null);
            expected.sort(null);
            assertEquals(expected, seen);
        }
        assertTrue(Double.isFinite(r.finalLoss()));
        // The parameters' digest: printed so that a change of the loop can be checked for bit-identical training.
        System.out.println("digest "
                + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(r.network().parameters())) + " loss " + r.finalLoss());
        r.network().close();
    }

    @Test
    void aStagedObjectiveTrainsBitForBitAsItsDrawsStepByStep() {
        // 150 rows at batch 32: 5 batches, the last of 22 rows (kept, or dropped with dropPartialBatch), 3 epochs.
        // The loop draws a staged objective's values for the whole epoch after its shuffle; the same objective
        // behind a plain lambda draws and uploads them step by step. Parameters and losses must be identical.
        Matrix x = rows(150);
        StagedObjective staged = (StagedObjective) DTECategorical.objective(SCHEDULE, 7, true);
        DiffusionObjective stepByStep = (block, store, x0, random) -> staged.loss(block, store, x0, random);
        for (boolean dropPartialBatch : new boolean[] {false, true}) {
            TrainingSettings settings = new TrainingSettings(3, 32, 1e-3, 5e-4, 9, 1, "cpu");
            TrainingLoop.Result a =
                    TrainingLoop.train(network(), x, settings, staged, TrainingMonitor.NONE, dropPartialBatch);
            TrainingLoop.Result b =
                    TrainingLoop.train(network(), x, settings, stepByStep, TrainingMonitor.NONE, dropPartialBatch);
            assertArrayEquals(b.network().parameters(), a.network().parameters(), "drop " + dropPartialBatch);
            assertEquals(b.finalLoss(), a.finalLoss());
            a.network().close();
            b.network().close();
        }
    }

    private static MLPNetwork network() {
        return DTECategorical.network(8, List.of(64, 64), 7, 0.5);
    }

    private static Matrix rows(int n) {
        PlantedData data = PlantedData.generate(n, 0, 8, 0, 3);
        return Standardizer.fit(data.values, 8).apply(data.values, 8);
    }
}
