package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmad.testing.PlantedData;
import org.junit.jupiter.api.Test;

class DenoiserEngineTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(1000, 1e-4, 1e-2);

    @Test
    void earlyStoppingFollowsTheReferenceIndices() {
        // Improving until epoch 60, then flat at a level above the loss of 39 epochs earlier from epoch 61 on...
        double[] losses = new double[100];
        for (int e = 1; e <= 100; e++) {
            losses[e - 1] = e <= 60 ? 1.0 / e : 1.0 / 21.5;
        }
        // ...epoch 61 compares with epoch 22 (1/22 < 1/21.5): stop after epoch 61.
        assertEquals(61, DenoiserEarlyStopping.epochsRun(39, 51, losses));
        // A loss that rises from the start is never checked before epoch 52, which compares with epoch 13.
        double[] rising = new double[100];
        for (int e = 1; e <= 100; e++) {
            rising[e - 1] = e;
        }
        assertEquals(52, DenoiserEarlyStopping.epochsRun(39, 51, rising));
        // Strictly improving: runs to the end. Patience 0 disables the rule.
        double[] falling = new double[100];
        for (int e = 1; e <= 100; e++) {
            falling[e - 1] = 1.0 / e;
        }
        assertEquals(100, DenoiserEarlyStopping.epochsRun(39, 51, falling));
        assertEquals(100, DenoiserEarlyStopping.epochsRun(0, 51, rising));
        // Equal losses do not stop (the reference's strict comparison).
        double[] flat = new double[100];
        Arrays.fill(flat, 0.5);
        assertEquals(100, DenoiserEarlyStopping.epochsRun(39, 51, flat));
        assertThrows(IllegalArgumentException.class, () -> new DenoiserEarlyStopping(-1, 51));
    }

    @Test
    void ddimTimestepsDescendFromTheReconstructionTimeToZero() {
        DDPMScoring ddim = DDPMScoring.paper(0).withDDIM(20);
        int[] tau = ddim.ddimTimesteps();
        assertEquals(20, tau.length);
        assertEquals(249, tau[0]);
        assertEquals(0, tau[19]);
        for (int k = 1; k < tau.length; k++) {
            assertTrue(tau[k] < tau[k - 1], Arrays.toString(tau));
        }
        assertEquals(250, DDPMScoring.paper(0).withDDIM(250).ddimTimesteps().length);
        assertThrows(IllegalArgumentException.class, () -> DDPMScoring.paper(0).withDDIM(251));
    }

    @Test
    void batchNormRunningStatisticsAreTrainedSavedAndReloaded() {
        PlantedData data = PlantedData.generate(130, 0, 4, 0, 3);
        Matrix rows = Standardizer.fit(data.values, 4).apply(data.values, 4);
        DenoiserNetwork spec = new DenoiserNetwork(4, 16, 16, 16, 1, 0.4, 0.1);
        TrainingSettings settings = new TrainingSettings(3, 64, 1e-4, 5e-4, 1, 1, "cpu");
        TrainingLoop.Result result = DenoiserTraining.train(spec, rows, settings, SCHEDULE, 39, 51);
        // 130 rows in batches of 64: the partial batch of 2 is dropped, as the reference does.
        assertEquals(64, result.batchSize());
        try (NetworkHandle loaded = new NetworkHandle(spec, result.network().parameters(), "cpu")) {
            int stats = 0;
            for (Pair<String, Parameter> p : loaded.block().getParameters()) {
                NDArray value = p.getValue().getArray();
                if (p.getKey().endsWith("runningMean")) {
                    stats++;
                    assertTrue(value.abs().sum().getFloat() > 0, "running mean still at its initial zeros");
                } else if (p.getKey().endsWith("runningVar")) {
                    stats++;
                    assertTrue(value.sub(1f).abs().sum().getFloat() > 0, "running variance still at its initial ones");
                }
            }
            assertEquals(4, stats, "two batch normalisations (one block, the head), mean and variance each");
            double[] a = BatchScorer.score(
                    result.network(),
                    rows,
                    50,
                    DDPMReconstruction.score(SCHEDULE, DDPMScoring.paper(0).withDDIM(5)));
            double[] b = BatchScorer.score(
                    loaded,
                    rows,
                    1024,
                    DDPMReconstruction.score(SCHEDULE, DDPMScoring.paper(0).withDDIM(5)));
            assertArrayEquals(a, b, 1e-5);
        }
        result.network().close();
    }

    @Test
    void scoringDuringATrainingLeavesTheTrainingReproducible() throws Exception {
        PlantedData data = PlantedData.generate(200, 0, 4, 0, 8);
        Matrix rows = Standardizer.fit(data.values, 4).apply(data.values, 4);
        DenoiserNetwork spec = new DenoiserNetwork(4, 16, 16, 16, 1, 0.4, 0.1);
        TrainingSettings settings = new TrainingSettings(4, 64, 1e-4, 5e-4, 5, 1, "cpu");
        TrainingLoop.Result alone = DenoiserTraining.train(spec, rows, settings, SCHEDULE, 39, 51);
        DDPMScoring noisy =
                new DDPMScoring(DDPMScoring.Sampler.DDPM, 30, DDPMScoring.Start.NOISED, true, false, 5, 0, 9);
        double[] expected = BatchScorer.score(alone.network(), rows, 64, DDPMReconstruction.score(SCHEDULE, noisy));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger mismatches = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        Thread scorer = new Thread(() -> {
            while (!done.get()) {
                double[] again =
                        BatchScorer.score(alone.network(), rows, 64, DDPMReconstruction.score(SCHEDULE, noisy));
                BatchScorer.scoreRows(
                        alone.network(),
                        rows,
                        64,
                        DenoisingLikelihood.featureErrors(
                                SCHEDULE,
                                new DenoisingLikelihood.Settings(DenoisingLikelihood.Statistic.LOSS, 3, 2, 10, 4)),
                        4);
                mismatches.addAndGet(Arrays.equals(expected, again) ? 0 : 1);
                rounds.incrementAndGet();
            }
        });
        scorer.start();
        try {
            TrainingLoop.Result during = DenoiserTraining.train(spec, rows, settings, SCHEDULE, 39, 51);
            assertArrayEquals(alone.network().parameters(), during.network().parameters());
            during.network().close();
        } finally {
            done.set(true);
            scorer.join();
        }
        assertTrue(rounds.get() > 0, "the scorer never ran");
        assertEquals(0, mismatches.get(), "scores changed while a training ran");
        alone.network().close();
    }
}
