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
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dmad.testing.PlantedData;
import org.junit.jupiter.api.Test;

/** Grouped training against plain training: a group of one is bit for bit a plain training; members are networks. */
class GroupedTrainingTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(100, 1e-4, 1e-2);
    private static final MLPNetwork SPEC = DTECategorical.network(6, List.of(32, 64, 32), 7, 0.5);

    private static Matrix rows(long seed) {
        PlantedData p = PlantedData.generate(150, 0, 6, 0, seed);
        return Standardizer.fit(p.values, 6).apply(p.values, 6);
    }

    private static TrainingSettings settings(long seed) {
        // 150 rows in batches of 32: four full batches and a partial one per epoch.
        return new TrainingSettings(3, 32, 1e-3, 5e-4, seed, 1, "cpu");
    }

    @Test
    void aGroupOfOneTrainsBitForBitAsAPlainTraining() {
        Matrix x = rows(1);
        TrainingLoop.Result plain = TrainingLoop.train(
                SPEC, x, settings(11), DTECategorical.objective(SCHEDULE, 7, true), TrainingMonitor.NONE);
        List<TrainingLoop.Result> group = GroupedTraining.train(
                SPEC, List.of(x), List.of(settings(11)), DTECategorical.groupObjective(SCHEDULE, 7, true));
        assertEquals(1, group.size());
        TrainingLoop.Result one = group.get(0);
        assertArrayEquals(plain.network().parameters(), one.network().parameters());
        assertEquals(plain.finalLoss(), one.finalLoss());
        assertEquals(plain.epochsRun(), one.epochsRun());
        assertEquals(plain.batchSize(), one.batchSize());
        assertEquals(plain.network().spec(), one.network().spec());

        // Logits (softmaxOutput = false) too.
        TrainingLoop.Result plainLogits = TrainingLoop.train(
                SPEC, x, settings(12), DTECategorical.objective(SCHEDULE, 7, false), TrainingMonitor.NONE);
        TrainingLoop.Result oneLogits = GroupedTraining.train(
                        SPEC, List.of(x), List.of(settings(12)), DTECategorical.groupObjective(SCHEDULE, 7, false))
                .get(0);
        assertArrayEquals(
                plainLogits.network().parameters(), oneLogits.network().parameters());
        assertFalse(Arrays.equals(
                plain.network().parameters(), plainLogits.network().parameters()));
    }

    @Test
    void membersAreDistinctReproducibleNetworksWithTheirOwnLosses() {
        List<Matrix> data = List.of(rows(1), rows(2), rows(3));
        List<TrainingSettings> s = List.of(settings(21), settings(22), settings(23));
        List<TrainingLoop.Result> a =
                GroupedTraining.train(SPEC, data, s, DTECategorical.groupObjective(SCHEDULE, 7, true));
        List<TrainingLoop.Result> b =
                GroupedTraining.train(SPEC, data, s, DTECategorical.groupObjective(SCHEDULE, 7, true));
        assertEquals(3, a.size());
        for (int g = 0; g < 3; g++) {
            assertArrayEquals(
                    a.get(g).network().parameters(), b.get(g).network().parameters(), "member " + g);
            assertEquals(a.get(g).finalLoss(), b.get(g).finalLoss());
            assertTrue(Double.isFinite(a.get(g).finalLoss()));
            assertEquals(3, a.get(g).epochsRun());
            for (int h = 0; h < g; h++) {
                assertFalse(Arrays.equals(
                        a.get(g).network().parameters(), a.get(h).network().parameters()));
                assertTrue(a.get(g).finalLoss() != a.get(h).finalLoss());
            }
        }
    }

    @Test
    void membersWithDifferentRowCountsTrainWithPaddedBatches() {
        // 150, 131 and 129 rows: 5 batches of 32 each, last batches of 22, 3 and 1 rows.
        Matrix a = rows(1);
        Matrix b = new Matrix(Arrays.copyOf(rows(2).data(), 131 * 6), 131, 6);
        Matrix c = new Matrix(Arrays.copyOf(rows(3).data(), 129 * 6), 129, 6);
        List<TrainingLoop.Result> r = GroupedTraining.train(
                SPEC,
                List.of(a, b, c),
                List.of(settings(1), settings(2), settings(3)),
                DTECategorical.groupObjective(SCHEDULE, 7, true));
        for (TrainingLoop.Result m : r) {
            assertTrue(Double.isFinite(m.finalLoss()) && m.finalLoss() > 0, "loss " + m.finalLoss());
            assertEquals(32, m.batchSize());
        }
    }

    @Test
    void paddingRowsCountInNoMembersLoss() {
        GroupedTraining.Objective objective = DTECategorical.groupObjective(SCHEDULE, 7, true);
        int[] rows = {5, 2};
        float[][] losses = DMADEngine.train(4, 1, () -> {
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                GroupedTraining.Network network = new GroupedTraining.Network(SPEC, 2, m);
                float[] values = m.randomNormal(new Shape(2, 5, 6)).toFloatArray();
                float[] garbage = values.clone();
                for (int i = 2; i < 5; i++) {
                    for (int j = 0; j < 6; j++) {
                        garbage[(5 + i) * 6 + j] = 1000f * (i + j);
                    }
                }
                float[][] out = new float[2][];
                int k = 0;
                for (float[] x : List.of(values, garbage)) {
                    ai.djl.pytorch.jni.JniUtils.setSeed(77);
                    out[k++] = objective
                            .losses(
                                    network,
                                    m.create(x, new Shape(2, 5, 6)),
                                    List.of(new java.util.Random(1), new java.util.Random(2)),
                                    rows)
                            .toFloatArray();
                }
                return out;
            }
        });
        assertArrayEquals(losses[0], losses[1]);
        assertTrue(losses[0][0] > 0 && losses[0][1] > 0);
    }

    @Test
    void eachMembersSliceIsThePlainNetworkItsBytesDescribe() {
        int members = 3;
        int batch = 5;
        DMADEngine.train(3, 1, () -> {
            try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                GroupedTraining.Network network = new GroupedTraining.Network(SPEC, members, m);
                NDArray x = m.randomNormal(new Shape(members, batch, SPEC.inputs()));
                float[] grouped = network.forward(x, false).toFloatArray();
                for (int g = 0; g < members; g++) {
                    try (NetworkHandle handle = new NetworkHandle(SPEC, network.memberBytes(g, batch), "cpu")) {
                        NDArray out = handle.block()
                                .forward(handle.parameterStore(), new NDList(x.get(g)), false)
                                .singletonOrThrow();
                        float[] plain = out.toFloatArray();
                        float[] slice = Arrays.copyOfRange(grouped, g * batch * 7, (g + 1) * batch * 7);
                        assertArrayEquals(plain, slice, 1e-5f, "member " + g);
                    }
                }
            }
            return null;
        });
    }

    @Test
    void membersThatCannotShareAGroupAreRefusedWithTheReason() {
        Matrix x = rows(1);
        // 150 and 10 rows: 5 batches of 32 and 1 of 10; each member runs its own steps.
        GroupedTraining.check(
                SPEC, List.of(x, new Matrix(new float[6 * 10], 10, 6)), List.of(settings(1), settings(2)));
        // 150 and 130 rows are both 5 batches of 32.
        GroupedTraining.check(
                SPEC, List.of(x, new Matrix(new float[6 * 130], 130, 6)), List.of(settings(1), settings(2)));
        IllegalArgumentException width = assertThrows(
                IllegalArgumentException.class,
                () -> GroupedTraining.check(SPEC, List.of(new Matrix(new float[5 * 10], 10, 5)), List.of(settings(1))));
        assertTrue(width.getMessage().contains("5 columns"), width.getMessage());
        TrainingSettings other = new TrainingSettings(4, 32, 1e-3, 5e-4, 2, 1, "cpu");
        IllegalArgumentException setting = assertThrows(
                IllegalArgumentException.class,
                () -> GroupedTraining.check(SPEC, List.of(x, x), List.of(settings(1), other)));
        assertTrue(setting.getMessage().contains("differ only in their seed"), setting.getMessage());
        IllegalArgumentException djl = assertThrows(
                IllegalArgumentException.class,
                () -> GroupedTraining.check(
                        SPEC, List.of(x), List.of(settings(1).withAdam(AdamKernel.DJL))));
        assertTrue(djl.getMessage().contains("fused"), djl.getMessage());
        List<Matrix> none = new ArrayList<>();
        assertThrows(IllegalArgumentException.class, () -> GroupedTraining.check(SPEC, none, List.of()));
    }
}
