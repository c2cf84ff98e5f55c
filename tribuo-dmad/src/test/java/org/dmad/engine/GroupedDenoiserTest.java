package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.junit.jupiter.api.Test;

/**
 * Grouped denoiser training against the plain one: a group of one is bit for bit the plain training; each stacked
 * member computes what its plain network computes (batch statistics over its own real rows); early stopping is per
 * member and a stopped member keeps its parameters.
 */
class GroupedDenoiserTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(100, 1e-4, 2e-2);
    private static final DenoiserNetwork SPEC = new DenoiserNetwork(6, 32, 48, 16, 2, 0.4, 0.1);

    private static Matrix rows(long seed, int n) {
        PlantedData p = PlantedData.generate(n, 0, 6, 0, seed);
        return Standardizer.fit(p.values, 6).apply(p.values, 6);
    }

    private static TrainingSettings settings(int epochs, long seed) {
        // 150 rows in batches of 32: four full batches per epoch, the last 22 rows dropped.
        return new TrainingSettings(epochs, 32, 1e-3, 5e-4, seed, 1, "cpu");
    }

    private static List<TrainingSettings> all(int epochs, long... seeds) {
        List<TrainingSettings> out = new ArrayList<>();
        for (long s : seeds) {
            out.add(settings(epochs, s));
        }
        return out;
    }

    @Test
    void aGroupOfOneTrainsBitForBitAsThePlainDenoiserTraining() {
        // Without early stopping, with early stopping that ends the training, and a set below one batch.
        Object[][] cases = {{rows(1, 150), 4, 0, 0}, {rows(2, 150), 25, 1, 2}, {rows(3, 20), 3, 0, 0}};
        for (Object[] c : cases) {
            Matrix x = (Matrix) c[0];
            int epochs = (int) c[1];
            int patience = (int) c[2];
            int minEpochs = (int) c[3];
            TrainingLoop.Result plain =
                    DenoiserTraining.train(SPEC, x, settings(epochs, 11), SCHEDULE, patience, minEpochs);
            List<GroupedDenoiser.Member> group = GroupedDenoiser.train(
                    SPEC, List.of(x), List.of(settings(epochs, 11)), SCHEDULE, patience, minEpochs);
            assertEquals(1, group.size());
            TrainingLoop.Result one = group.get(0).result();
            String what = x.rows() + " rows, patience " + patience;
            assertArrayEquals(plain.network().parameters(), one.network().parameters(), what);
            assertEquals(plain.finalLoss(), one.finalLoss(), what);
            assertEquals(plain.epochsRun(), one.epochsRun(), what);
            assertEquals(plain.batchSize(), one.batchSize(), what);
            assertEquals(plain.network().spec(), one.network().spec());
            assertEquals(one.epochsRun(), group.get(0).epochLosses().length);
            assertEquals(one.finalLoss(), group.get(0).epochLosses()[one.epochsRun() - 1]);
            if (patience > 0) {
                assertTrue(one.epochsRun() < epochs, "early stopping ended the training: " + one.epochsRun());
            }
        }
    }

    /** Each member's forward pass, batch statistics and running statistics are those of its plain block. */
    @Test
    void eachStackedMemberComputesWhatItsPlainNetworkComputes() {
        // With padding (per-member statistics over masked rows) and without (PyTorch's batch norm side by side).
        stackedMembersComputeWhatTheirPlainNetworksCompute(new int[] {7, 4, 2});
        stackedMembersComputeWhatTheirPlainNetworksCompute(new int[] {7, 7, 7});
    }

    /**
     * A padded batch's masked batch norm keeps its constants (row mask, row counts, epsilon and momentum) with the
     * stack, made once, not uploaded per step: the stack's manager holds as many arrays after ten training steps as
     * after one (nothing a step makes stays there), and when the row counts change (a member left) the old constants
     * are freed.
     */
    @Test
    void paddedStepsKeepTheirConstantsWithTheStackAndGrowNothing() {
        DenoiserNetwork spec = new DenoiserNetwork(6, 32, 48, 16, 2, 0.2, 0.1);
        int members = 3;
        int batch = 7;
        DMADEngine.train(5, 1, () -> {
            try (NDManager home = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                List<Block> blocks = new ArrayList<>();
                for (int g = 0; g < members; g++) {
                    Block b = spec.build();
                    b.initialize(home, DataType.FLOAT32, spec.inputShapes(batch));
                    blocks.add(b);
                }
                GroupedDenoiser.Stack stack = new GroupedDenoiser.Stack(spec, blocks, home);
                float[] t = new float[members * batch];
                int[] held = new int[11];
                for (int step = 0; step < 11; step++) {
                    int[] rows = step < 10 ? new int[] {7, 4, 2} : new int[] {5, 4, 2};
                    try (NDManager m = home.newSubManager()) {
                        NDArray x = m.randomNormal(new Shape(members, batch, 6));
                        stack.forward(x, t, rows, true);
                    }
                    held[step] = ((ai.djl.ndarray.BaseNDManager) home)
                            .getManagedArrays()
                            .size();
                }
                assertEquals(held[0], held[9], "arrays held by the stack's manager after 1 and after 10 steps");
                assertEquals(held[0], held[10], "after the row counts changed");
                stack.close();
            }
            return null;
        });
    }

    private static void stackedMembersComputeWhatTheirPlainNetworksCompute(int[] rows) {
        DenoiserNetwork spec = new DenoiserNetwork(6, 32, 48, 16, 2, 0, 0);
        int members = 3;
        int batch = 7;
        DMADEngine.train(5, 1, () -> {
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                List<Block> blocks = new ArrayList<>();
                for (int g = 0; g < members; g++) {
                    Block b = spec.build();
                    b.initialize(m, DataType.FLOAT32, spec.inputShapes(batch));
                    // Non-trivial batch normalisation parameters and running statistics.
                    for (Pair<String, Parameter> p : b.getParameters()) {
                        Parameter.Type type = p.getValue().getType();
                        if (type != Parameter.Type.WEIGHT && type != Parameter.Type.BIAS) {
                            NDArray a = p.getValue().getArray();
                            a.set(m.randomUniform(0.5f, 1.5f, a.getShape()).toFloatArray());
                        }
                    }
                    blocks.add(b);
                }
                GroupedDenoiser.Stack stack = new GroupedDenoiser.Stack(spec, blocks, m);
                NDArray x = m.randomNormal(new Shape(members, batch, 6));
                float[] t = new float[members * batch];
                for (int i = 0; i < t.length; i++) {
                    t[i] = (i * 37) % 100;
                }
                // Padding rows hold garbage: they must change nothing.
                float[] values = x.toFloatArray();
                for (int g = 0; g < members; g++) {
                    for (int i = rows[g]; i < batch; i++) {
                        for (int j = 0; j < 6; j++) {
                            values[(g * batch + i) * 6 + j] = 100f * (i + j + 1);
                        }
                    }
                }
                x = m.create(values, new Shape(members, batch, 6));
                for (boolean training : new boolean[] {false, true}) {
                    float[] grouped = stack.forward(x, t, rows, training).toFloatArray();
                    ParameterStore store = new ParameterStore(m, false);
                    for (int g = 0; g < members; g++) {
                        NDArray mine = x.get(new NDIndex().addIndices(g).addSliceDim(0, rows[g]));
                        NDArray steps = m.create(Arrays.copyOfRange(t, g * batch, g * batch + rows[g]));
                        float[] plain = blocks.get(g)
                                .forward(store, new NDList(mine, steps), training)
                                .singletonOrThrow()
                                .toFloatArray();
                        float[] slice = Arrays.copyOfRange(grouped, g * batch * 6, (g * batch + rows[g]) * 6);
                        assertArrayEquals(plain, slice, 2e-4f, "member " + g + ", training " + training);
                    }
                }
                // The training pass updated every member's running statistics as the plain block's batch norm did.
                for (int g = 0; g < members; g++) {
                    Block copy = spec.build();
                    copy.initialize(m, DataType.FLOAT32, spec.inputShapes(batch));
                    stack.writeTo(g, copy);
                    List<String> names = blocks.get(g).getParameters().keys();
                    List<Parameter> expected = blocks.get(g).getParameters().values();
                    List<Parameter> actual = copy.getParameters().values();
                    for (int k = 0; k < expected.size(); k++) {
                        assertArrayEquals(
                                expected.get(k).getArray().toFloatArray(),
                                actual.get(k).getArray().toFloatArray(),
                                1e-5f,
                                "member " + g + ", " + names.get(k));
                    }
                }
                stack.close();
            }
            return null;
        });
    }

    @Test
    void membersAreDistinctReproducibleNetworksWithTheirOwnLosses() {
        List<Matrix> data = List.of(rows(1, 150), rows(2, 140), rows(3, 159));
        List<TrainingSettings> s = all(3, 21, 22, 23);
        List<GroupedDenoiser.Member> a = GroupedDenoiser.train(SPEC, data, s, SCHEDULE, 0, 0);
        List<GroupedDenoiser.Member> b = GroupedDenoiser.train(SPEC, data, s, SCHEDULE, 0, 0);
        assertEquals(3, a.size());
        for (int g = 0; g < 3; g++) {
            TrainingLoop.Result r = a.get(g).result();
            assertArrayEquals(
                    r.network().parameters(), b.get(g).result().network().parameters(), "member " + g);
            assertArrayEquals(a.get(g).epochLosses(), b.get(g).epochLosses());
            assertEquals(3, r.epochsRun());
            assertEquals(32, r.batchSize());
            assertTrue(Double.isFinite(r.finalLoss()) && r.finalLoss() > 0, "loss " + r.finalLoss());
            // The noise-prediction loss starts near 1 (unit noise) and falls.
            double[] losses = a.get(g).epochLosses();
            assertTrue(losses[2] < losses[0], Arrays.toString(losses));
            for (int h = 0; h < g; h++) {
                assertFalse(Arrays.equals(
                        r.network().parameters(), a.get(h).result().network().parameters()));
            }
        }
    }

    @Test
    void membersBelowOneBatchTrainInOnePaddedBatch() {
        List<GroupedDenoiser.Member> r = GroupedDenoiser.train(
                SPEC, List.of(rows(1, 20), rows(2, 31), rows(3, 12)), all(4, 1, 2, 3), SCHEDULE, 0, 0);
        int[] batch = {20, 31, 12};
        for (int g = 0; g < 3; g++) {
            TrainingLoop.Result m = r.get(g).result();
            assertTrue(Double.isFinite(m.finalLoss()) && m.finalLoss() > 0, "loss " + m.finalLoss());
            assertEquals(batch[g], m.batchSize());
            assertEquals(4, m.epochsRun());
        }
    }

    /**
     * Early stopping per member: each member stops by its own losses; a member that stopped keeps the parameters it
     * had then (the same group with an epoch budget ending at that epoch gives it bit for bit), while the others
     * train on.
     */
    @Test
    void eachMemberStopsByItsOwnLossesAndKeepsItsParametersFromThen() {
        List<Matrix> data = List.of(rows(1, 150), rows(2, 150), rows(3, 150), rows(4, 150));
        int epochs = 30;
        int patience = 1;
        int minEpochs = 2;
        List<GroupedDenoiser.Member> full =
                GroupedDenoiser.train(SPEC, data, all(epochs, 31, 32, 33, 34), SCHEDULE, patience, minEpochs);
        int first = 0;
        int last = 0;
        for (int g = 0; g < full.size(); g++) {
            GroupedDenoiser.Member m = full.get(g);
            int run = m.result().epochsRun();
            assertEquals(run, m.epochLosses().length);
            // The rule on the member's own losses goes on every epoch before its last and stops it there unless
            // the budget did.
            DenoiserEarlyStopping rule = new DenoiserEarlyStopping(patience, minEpochs);
            for (int e = 1; e <= run; e++) {
                assertEquals(e < run || run == epochs, rule.afterEpoch(e, m.epochLosses()[e - 1]), "member " + g);
            }
            if (run < full.get(first).result().epochsRun()) {
                first = g;
            }
            last = Math.max(last, run);
        }
        int stop = full.get(first).result().epochsRun();
        assertTrue(stop < last, "a member stopped before the group ended: " + stop + " < " + last);
        List<GroupedDenoiser.Member> budget =
                GroupedDenoiser.train(SPEC, data, all(stop, 31, 32, 33, 34), SCHEDULE, patience, minEpochs);
        assertArrayEquals(
                budget.get(first).result().network().parameters(),
                full.get(first).result().network().parameters(),
                "the stopped member kept its parameters from epoch " + stop);
        assertArrayEquals(budget.get(first).epochLosses(), full.get(first).epochLosses());
        boolean trainedOn = false;
        for (int g = 0; g < full.size(); g++) {
            if (full.get(g).result().epochsRun() > stop) {
                assertFalse(Arrays.equals(
                        budget.get(g).result().network().parameters(),
                        full.get(g).result().network().parameters()));
                trainedOn = true;
            }
        }
        assertTrue(trainedOn);
    }

    @Test
    void membersThatCannotShareAGroupAreRefusedWithTheReason() {
        Matrix x = rows(1, 150);
        IllegalArgumentException batches = assertThrows(
                IllegalArgumentException.class,
                () -> GroupedDenoiser.check(SPEC, List.of(x, rows(2, 100)), all(1, 1, 2)));
        assertTrue(batches.getMessage().contains("same number of batches per epoch"), batches.getMessage());
        // 150 and 128 rows are both 4 full batches of 32; 20 and 31 rows one batch each.
        GroupedDenoiser.check(SPEC, List.of(x, rows(2, 128)), all(1, 1, 2));
        GroupedDenoiser.check(SPEC, List.of(rows(1, 20), rows(2, 31)), all(1, 1, 2));
        assertEquals(4, GroupedDenoiser.batches(159, 32));
        assertEquals(1, GroupedDenoiser.batches(12, 32));
        IllegalArgumentException one = assertThrows(
                IllegalArgumentException.class,
                () -> GroupedDenoiser.check(SPEC, List.of(new Matrix(new float[6], 1, 6)), List.of(settings(1, 1))));
        assertTrue(one.getMessage().contains("at least 2 training rows"), one.getMessage());
        IllegalArgumentException width = assertThrows(
                IllegalArgumentException.class,
                () -> GroupedDenoiser.check(
                        SPEC, List.of(new Matrix(new float[5 * 10], 10, 5)), List.of(settings(1, 1))));
        assertTrue(width.getMessage().contains("5 columns"), width.getMessage());
        IllegalArgumentException setting = assertThrows(
                IllegalArgumentException.class,
                () -> GroupedDenoiser.check(SPEC, List.of(x, x), List.of(settings(1, 1), settings(2, 2))));
        assertTrue(setting.getMessage().contains("differ only in their seed"), setting.getMessage());
        IllegalArgumentException djl = assertThrows(
                IllegalArgumentException.class,
                () -> GroupedDenoiser.check(
                        SPEC, List.of(x), List.of(settings(1, 1).withAdam(AdamKernel.DJL))));
        assertTrue(djl.getMessage().contains("fused"), djl.getMessage());
    }
}
