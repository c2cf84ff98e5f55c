package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dmad.testing.PlantedData;
import org.junit.jupiter.api.Test;

/**
 * Grouped training of members from different datasets: different input widths (padded first layer, masked inputs)
 * and different numbers of batches per epoch (each member runs its own steps and leaves the stack when done).
 */
class GroupedTrainingAcrossDatasetsTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(400, 1e-4, 1e-2);
    private static final List<Integer> HIDDEN = List.of(32, 64, 32);
    private static final int BINS = 7;

    private static MLPNetwork spec(int d) {
        return DTECategorical.network(d, HIDDEN, BINS, 0.5);
    }

    private static TrainingSettings settings(long seed, int epochs) {
        return new TrainingSettings(epochs, 32, 1e-3, 5e-4, seed, 1, "cpu");
    }

    /** Standardised normal rows of width d, and planted test rows standardised alike. */
    private record Data(Matrix train, Matrix test, int[] labels) {
        static Data of(int d, int rows, long seed) {
            PlantedData p = PlantedData.generate(rows, 0, d, 0, seed);
            Standardizer s = Standardizer.fit(p.values, d);
            PlantedData t = PlantedData.generate(300, 30, d, 4.0, seed + 1000);
            return new Data(s.apply(p.values, d), s.apply(t.values, d), t.labels);
        }

        double auroc(NetworkHandle network) {
            return PlantedData.auroc(labels, BatchScorer.score(network, test, 256, DTECategorical.score(BINS)));
        }
    }

    @Test
    void membersOfDifferentWidthsTrainWithinTheSpreadOfSeparateTrainings() {
        // Widths 5 and 9, 200 and 170 rows: 7 and 6 batches of 32 per epoch, 30 epochs each (210 and 180 steps).
        int[] widths = {5, 9};
        Data[] data = {Data.of(5, 200, 1), Data.of(9, 170, 2)};
        int epochs = 30;
        long[] separateSeeds = {31, 32, 33, 34};
        double[][] plainLoss = new double[2][separateSeeds.length];
        double[][] plainAuroc = new double[2][separateSeeds.length];
        for (int g = 0; g < 2; g++) {
            for (int s = 0; s < separateSeeds.length; s++) {
                TrainingLoop.Result r = TrainingLoop.train(
                        spec(widths[g]),
                        data[g].train(),
                        settings(separateSeeds[s], epochs),
                        DTECategorical.objective(SCHEDULE, BINS, true),
                        TrainingMonitor.NONE);
                plainLoss[g][s] = r.finalLoss();
                try (NetworkHandle n = r.network()) {
                    plainAuroc[g][s] = data[g].auroc(n);
                }
            }
        }
        // Two groups of the two datasets, with other seeds.
        long[][] groupSeeds = {{41, 42}, {43, 44}};
        double[][] groupLoss = new double[2][groupSeeds.length];
        double[][] groupAuroc = new double[2][groupSeeds.length];
        for (int k = 0; k < groupSeeds.length; k++) {
            List<TrainingLoop.Result> r = GroupedTraining.train(
                    List.of(spec(5), spec(9)),
                    List.of(data[0].train(), data[1].train()),
                    List.of(settings(groupSeeds[k][0], epochs), settings(groupSeeds[k][1], epochs)),
                    DTECategorical.groupObjective(SCHEDULE, BINS, true));
            for (int g = 0; g < 2; g++) {
                assertEquals(epochs, r.get(g).epochsRun());
                assertEquals(widths[g], ((MLPNetwork) r.get(g).network().spec()).inputs());
                groupLoss[g][k] = r.get(g).finalLoss();
                try (NetworkHandle n = r.get(g).network()) {
                    groupAuroc[g][k] = data[g].auroc(n);
                }
            }
        }
        for (int g = 0; g < 2; g++) {
            System.out.printf(
                    Locale.ROOT,
                    "d = %d: final loss separate %s, grouped %s; AUROC separate %s, grouped %s%n",
                    widths[g],
                    Arrays.toString(plainLoss[g]),
                    Arrays.toString(groupLoss[g]),
                    Arrays.toString(plainAuroc[g]),
                    Arrays.toString(groupAuroc[g]));
            assertWithinSpread("final loss, d = " + widths[g], plainLoss[g], groupLoss[g], 0.02);
            assertWithinSpread("AUROC, d = " + widths[g], plainAuroc[g], groupAuroc[g], 0.03);
        }
    }

    /** Every grouped value lies within the separate values' range, widened by max(floor, that range's width). */
    private static void assertWithinSpread(String what, double[] separate, double[] grouped, double floor) {
        double min = Arrays.stream(separate).min().orElseThrow();
        double max = Arrays.stream(separate).max().orElseThrow();
        double margin = Math.max(floor, max - min);
        for (double v : grouped) {
            assertTrue(
                    v >= min - margin && v <= max + margin,
                    what + ": grouped " + v + ", separate " + Arrays.toString(separate) + ", margin " + margin);
        }
    }

    @Test
    void aMemberWithFewerBatchesStopsMovingAfterItsOwnLastStepAndCountsOnlyItsOwnSteps() {
        // 64 rows: 2 batches of 32 per epoch; 150 rows: 5 (the last of 22 rows). 3 epochs: 6 and 15 steps.
        Matrix shortRows = Data.of(6, 64, 3).train();
        Matrix longRows = Data.of(6, 150, 4).train();
        int epochs = 3;
        List<byte[]> shortBytes = new ArrayList<>();
        List<Float> shortSteps = new ArrayList<>();
        List<byte[]> longBytes = new ArrayList<>();
        List<Float> longSteps = new ArrayList<>();
        List<Integer> stackSizes = new ArrayList<>();
        GroupedTraining.StepObserver observer = (step, active, network, optimizer) -> {
            stackSizes.add(active.length);
            float adamSteps = optimizer.state().steps().get(0).toFloatArray()[0];
            for (int a = 0; a < active.length; a++) {
                if (active[a] == 0) {
                    shortBytes.add(network.memberBytes(a, 32));
                    shortSteps.add(adamSteps);
                } else {
                    longBytes.add(network.memberBytes(a, 32));
                    longSteps.add(adamSteps);
                }
            }
        };
        List<TrainingLoop.Result> r = GroupedTraining.train(
                List.of(spec(6), spec(6)),
                List.of(shortRows, longRows),
                List.of(settings(51, epochs), settings(52, epochs)),
                DTECategorical.groupObjective(SCHEDULE, BINS, true),
                observer,
                GroupedTraining.STAGED_STEPS);
        // The short member is in the stack for its own 6 steps, then leaves; the long one takes all 15.
        assertEquals(6, shortBytes.size());
        assertEquals(15, longBytes.size());
        assertEquals(List.of(2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1), stackSizes);
        // Adam's step count of each member, after each of its steps, is the number of its own steps.
        for (int i = 0; i < 6; i++) {
            assertEquals((float) (i + 1), shortSteps.get(i).floatValue());
        }
        for (int i = 0; i < 15; i++) {
            assertEquals((float) (i + 1), longSteps.get(i).floatValue());
        }
        // The short member's model is its parameters after its own last step, while the long member went on moving.
        assertArrayEquals(shortBytes.get(5), r.get(0).network().parameters());
        assertFalse(Arrays.equals(shortBytes.get(4), shortBytes.get(5)), "the short member moved in its last step");
        assertFalse(Arrays.equals(longBytes.get(5), longBytes.get(14)), "the long member moved after the short left");
        assertArrayEquals(longBytes.get(14), r.get(1).network().parameters());
        assertEquals(epochs, r.get(0).epochsRun());
        assertEquals(epochs, r.get(1).epochsRun());
        assertTrue(Double.isFinite(r.get(0).finalLoss())
                && Double.isFinite(r.get(1).finalLoss()));

        // A step budget: maxSteps 8 gives the short member min(3, ceil(8 / 2)) = 3 epochs (6 steps) and the long one
        // min(3, ceil(8 / 5)) = 2 epochs (10 steps), as their plain trainings would.
        TrainingSettings budget = new TrainingSettings(epochs, 32, 1e-3, 5e-4, 53, 1, "cpu", 8);
        List<TrainingLoop.Result> b = GroupedTraining.train(
                List.of(spec(6), spec(6)),
                List.of(shortRows, longRows),
                List.of(budget, new TrainingSettings(epochs, 32, 1e-3, 5e-4, 54, 1, "cpu", 8)),
                DTECategorical.groupObjective(SCHEDULE, BINS, true));
        assertEquals(3, b.get(0).epochsRun());
        assertEquals(2, b.get(1).epochsRun());
    }

    @Test
    void theStepsDrawnAheadChangeNothingInTheTraining() {
        // Widths 5, 9 and 5; 200, 170 and 45 rows: 7, 6 and 2 batches of 32 (the last ones partial), 4 epochs, so 28,
        // 24 and 8 steps. Drawn one step at a time, five at a time (windows crossing epochs and a member's leaving)
        // and 64 at a time (the default), every member trains to the same bytes and losses.
        List<MLPNetwork> specs = List.of(spec(5), spec(9), spec(5));
        List<Matrix> rows = List.of(
                Data.of(5, 200, 11).train(),
                Data.of(9, 170, 12).train(),
                Data.of(5, 45, 13).train());
        List<TrainingSettings> settings = List.of(settings(61, 4), settings(62, 4), settings(63, 4));
        List<List<TrainingLoop.Result>> runs = new ArrayList<>();
        for (int staged : new int[] {1, 5, GroupedTraining.STAGED_STEPS}) {
            runs.add(GroupedTraining.train(
                    specs, rows, settings, DTECategorical.groupObjective(SCHEDULE, BINS, true), null, staged));
        }
        for (int g = 0; g < 3; g++) {
            TrainingLoop.Result one = runs.get(0).get(g);
            assertEquals(4, one.epochsRun());
            for (List<TrainingLoop.Result> other : runs.subList(1, runs.size())) {
                assertArrayEquals(
                        one.network().parameters(), other.get(g).network().parameters(), "member " + g);
                assertEquals(one.finalLoss(), other.get(g).finalLoss(), "member " + g);
                assertEquals(one.epochsRun(), other.get(g).epochsRun());
            }
        }
    }

    @Test
    void aMembersWrittenOutNetworkHasItsOwnWidthAndScoresAsTheGroupedForwardPass() {
        // Widths 5 and 9, 40 and 100 rows: 2 and 4 batches per epoch, 2 epochs: 4 and 8 steps.
        int[] widths = {5, 9};
        int[] lastStep = {3, 7};
        Matrix[] rows = {Data.of(5, 40, 5).train(), Data.of(9, 100, 6).train()};
        int batch = 6;
        // Test rows of width 9; member 0 sees its first 5 columns, the rest is garbage the mask must hide.
        float[] probe = new float[batch * 9];
        java.util.Random random = new java.util.Random(8);
        for (int i = 0; i < probe.length; i++) {
            probe[i] = i % 9 >= 5 ? 1000f * (1 + random.nextFloat()) : (float) random.nextGaussian();
        }
        float[][] grouped = new float[2][];
        GroupedTraining.StepObserver observer = (step, active, network, optimizer) -> {
            for (int a = 0; a < active.length; a++) {
                int g = active[a];
                if (step != lastStep[g]) {
                    continue;
                }
                try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                    float[] stack = new float[active.length * batch * 9];
                    for (int k = 0; k < active.length; k++) {
                        System.arraycopy(probe, 0, stack, k * batch * 9, batch * 9);
                    }
                    NDArray x = m.create(stack, new Shape(active.length, batch, 9));
                    float[] out = network.forward(x, false).toFloatArray();
                    grouped[g] = Arrays.copyOfRange(out, a * batch * BINS, (a + 1) * batch * BINS);
                    // The member's first-layer rows beyond its width are exactly zero.
                    NDArray weights = network.parameters().get(0).get(a);
                    if (widths[g] < 9) {
                        float[] padded = weights.get(new NDIndex().addSliceDim(widths[g], 9))
                                .toFloatArray();
                        for (float w : padded) {
                            assertEquals(0f, w, "a padded weight of member " + g);
                        }
                    }
                }
            }
        };
        List<TrainingLoop.Result> r = GroupedTraining.train(
                List.of(spec(5), spec(9)),
                List.of(rows[0], rows[1]),
                List.of(settings(61, 2), settings(62, 2)),
                DTECategorical.groupObjective(SCHEDULE, BINS, true),
                observer,
                GroupedTraining.STAGED_STEPS);
        for (int g = 0; g < 2; g++) {
            assertNotNull(grouped[g], "member " + g + " seen at its last step");
            NetworkHandle handle = r.get(g).network();
            assertEquals(widths[g], ((MLPNetwork) handle.spec()).inputs());
            NDArray firstWeight =
                    handle.block().getParameters().get(0).getValue().getArray();
            assertEquals(new Shape(HIDDEN.get(0), widths[g]), firstWeight.getShape());
            float[] own = new float[batch * widths[g]];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(probe, i * 9, own, i * widths[g], widths[g]);
            }
            float[] plain = handle.block()
                    .forward(
                            handle.parameterStore(),
                            new NDList(handle.manager().create(own, new Shape(batch, widths[g]))),
                            false)
                    .singletonOrThrow()
                    .toFloatArray();
            assertArrayEquals(grouped[g], plain, 1e-5f, "member " + g);
            handle.close();
        }
    }

    @Test
    void eachMemberStartsAtItsOwnScaleAndItsPaddingReachesNothing() {
        int batch = 5;
        DMADEngine.train(3, 1, () -> {
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                GroupedTraining.Network network = new GroupedTraining.Network(List.of(spec(5), spec(9)), m);
                float[] first = network.parameters().get(0).toFloatArray(); // [2, 9, 32]
                float[] bias = network.parameters().get(1).toFloatArray(); // [2, 1, 32]
                double max0 = 0;
                double max1 = 0;
                for (int row = 0; row < 9; row++) {
                    for (int u = 0; u < 32; u++) {
                        float w0 = first[row * 32 + u];
                        if (row >= 5) {
                            assertEquals(0f, w0, "member 0's padded weight");
                        }
                        max0 = Math.max(max0, Math.abs(w0));
                        max1 = Math.max(max1, Math.abs(first[(9 + row) * 32 + u]));
                    }
                }
                for (int u = 0; u < 32; u++) {
                    max0 = Math.max(max0, Math.abs(bias[u]));
                }
                // U(-1/sqrt(5), 1/sqrt(5)) and U(-1/3, 1/3): member 0 goes beyond member 1's bound.
                assertTrue(max0 <= 1 / Math.sqrt(5) && max0 > 1 / 3.0, "member 0's largest weight " + max0);
                assertTrue(max1 <= 1 / 3.0, "member 1's largest weight " + max1);

                float[] values = m.randomNormal(new Shape(2, batch, 9)).toFloatArray();
                for (int i = 0; i < batch; i++) {
                    for (int j = 5; j < 9; j++) {
                        values[i * 9 + j] = 1000f * (i + j);
                    }
                }
                NDArray x = m.create(values, new Shape(2, batch, 9));
                float[] grouped = network.forward(x, false).toFloatArray();
                for (int g = 0; g < 2; g++) {
                    int d = g == 0 ? 5 : 9;
                    try (NetworkHandle handle = new NetworkHandle(spec(d), network.memberBytes(g, batch), "cpu")) {
                        NDArray own = x.get(g).get(new NDIndex().addAllDim().addSliceDim(0, d));
                        float[] plain = handle.block()
                                .forward(handle.parameterStore(), new NDList(own), false)
                                .singletonOrThrow()
                                .toFloatArray();
                        float[] slice = Arrays.copyOfRange(grouped, g * batch * BINS, (g + 1) * batch * BINS);
                        assertArrayEquals(plain, slice, 1e-5f, "member " + g);
                    }
                }
            }
            return null;
        });
    }

    @Test
    void membersThatStayKeepTheirOwnParametersAndMaskWhenOthersLeave() {
        int batch = 4;
        DMADEngine.train(4, 1, () -> {
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                GroupedTraining.Network three = new GroupedTraining.Network(List.of(spec(9), spec(5), spec(7)), m);
                byte[] second = three.memberBytes(1, batch);
                byte[] third = three.memberBytes(2, batch);
                float[] values =
                        m.randomUniform(-1000, 1000, new Shape(3, batch, 9)).toFloatArray();
                float[] all = three.forward(m.create(values, new Shape(3, batch, 9)), false)
                        .toFloatArray();
                // Member 0 leaves: the stack keeps members 1 and 2, in order.
                GroupedTraining.Network two = three.keep(new int[] {1, 2}, m);
                assertEquals(2, two.members());
                assertFalse(two.plain());
                assertArrayEquals(second, two.memberBytes(0, batch));
                assertArrayEquals(third, two.memberBytes(1, batch));
                assertEquals(5, two.memberSpec(0).inputs());
                assertEquals(7, two.memberSpec(1).inputs());
                float[] kept = Arrays.copyOfRange(values, batch * 9, 3 * batch * 9);
                float[] out = two.forward(m.create(kept, new Shape(2, batch, 9)), false)
                        .toFloatArray();
                assertArrayEquals(Arrays.copyOfRange(all, batch * BINS, 3 * batch * BINS), out, 1e-5f);
                // Then member 1 leaves: a stack of one (not a plain group), member 2's own columns still masked.
                GroupedTraining.Network one = two.keep(new int[] {1}, m);
                assertFalse(one.plain());
                assertArrayEquals(third, one.memberBytes(0, batch));
                float[] last = Arrays.copyOfRange(values, 2 * batch * 9, 3 * batch * 9);
                assertArrayEquals(
                        Arrays.copyOfRange(all, 2 * batch * BINS, 3 * batch * BINS),
                        one.forward(m.create(last, new Shape(1, batch, 9)), false)
                                .toFloatArray(),
                        1e-5f);
            }
            return null;
        });
    }
}
