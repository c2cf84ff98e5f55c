package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The grouped objectives ({@link GroupedObjective}) compute each member's plain loss from the member's own generator:
 * the plain DDPM loss ({@link GroupedDenoiser#objective}), grating imputation's and decomposition reconstruction's.
 * (A group of one trains with the plain objective; these check the stacked forms themselves.)
 */
class GroupedObjectiveTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(100, 1e-4, 2e-2);
    private static final int D = 6;
    private static final int BATCH = 7;

    private record Pair(String name, int inputs, DiffusionObjective plain, GroupedObjective grouped) {}

    private static List<Pair> objectives() {
        GratingImputation imputation = new GratingImputation(3, 2, 1, 20, 4, 2, 0);
        DecompositionReconstruction reconstruction = new DecompositionReconstruction(3, 2, 2, 30, 1.0, 0);
        return List.of(
                new Pair("ddpm", D, DenoiserTraining.objective(SCHEDULE), GroupedDenoiser.objective(SCHEDULE)),
                new Pair(
                        "grating imputation",
                        imputation.networkInputs(),
                        imputation.objective(SCHEDULE),
                        imputation.groupedObjective(SCHEDULE)),
                new Pair(
                        "decomposition reconstruction",
                        reconstruction.networkInputs(),
                        reconstruction.objective(SCHEDULE),
                        reconstruction.groupedObjective(SCHEDULE)));
    }

    /** Without dropout, so that the engine's draws are the noise only. */
    private static DenoiserNetwork spec(int inputs) {
        return new DenoiserNetwork(inputs, 32, 48, 16, 2, 0, 0);
    }

    @Test
    void aStackOfOneComputesThePlainLossFromTheSameDraws() {
        for (Pair o : objectives()) {
            DMADEngine.train(5, 1, () -> {
                try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                    DenoiserNetwork spec = spec(o.inputs());
                    Block block = spec.build();
                    block.initialize(m, DataType.FLOAT32, spec.inputShapes(BATCH));
                    // Stacked before the plain pass updates the block's running statistics.
                    GroupedDenoiser.Stack stack = new GroupedDenoiser.Stack(spec, List.of(block), m);
                    NDArray x = m.randomNormal(new Shape(BATCH, D));
                    TorchSeeding.seed(Device.cpu(), 9, TorchSeeding.NATIVE);
                    Random plainRandom = new Random(3);
                    float plain = o.plain()
                            .loss(block, new ParameterStore(m, false), x, plainRandom)
                            .getFloat();
                    TorchSeeding.seed(Device.cpu(), 9, TorchSeeding.NATIVE);
                    Random groupedRandom = new Random(3);
                    float[] grouped = o.grouped()
                            .losses(stack, x.reshape(1, BATCH, D), List.of(groupedRandom), new int[] {BATCH})
                            .toFloatArray();
                    assertEquals(1, grouped.length, o.name());
                    assertEquals(plain, grouped[0], 1e-5f * Math.abs(plain), o.name());
                    assertEquals(plainRandom.nextLong(), groupedRandom.nextLong(), o.name() + ": the same draws");
                    stack.close();
                }
                return null;
            });
        }
    }

    @Test
    void paddingRowsDrawNothingAndEnterNoLoss() {
        int[] rows = {BATCH, 3, 2};
        for (Pair o : objectives()) {
            DMADEngine.train(5, 1, () -> {
                try (NDManager m = NDManager.newBaseManager(Device.cpu(), DMADEngine.ENGINE_NAME)) {
                    DenoiserNetwork spec = spec(o.inputs());
                    List<Block> blocks = new ArrayList<>();
                    for (int g = 0; g < rows.length; g++) {
                        Block b = spec.build();
                        b.initialize(m, DataType.FLOAT32, spec.inputShapes(BATCH));
                        blocks.add(b);
                    }
                    float[] values =
                            m.randomNormal(new Shape(rows.length, BATCH, D)).toFloatArray();
                    float[][] losses = new float[2][];
                    for (int garbage = 0; garbage < 2; garbage++) {
                        for (int g = 0; g < rows.length; g++) {
                            for (int i = rows[g]; i < BATCH; i++) {
                                for (int j = 0; j < D; j++) {
                                    values[(g * BATCH + i) * D + j] = (garbage + 1) * 10f * (i + j + 1);
                                }
                            }
                        }
                        GroupedDenoiser.Stack stack = new GroupedDenoiser.Stack(spec, blocks, m);
                        List<Random> randoms = new ArrayList<>();
                        for (int g = 0; g < rows.length; g++) {
                            randoms.add(new Random(g));
                        }
                        TorchSeeding.seed(Device.cpu(), 9, TorchSeeding.NATIVE);
                        losses[garbage] = o.grouped()
                                .losses(stack, m.create(values, new Shape(rows.length, BATCH, D)), randoms, rows)
                                .toFloatArray();
                        stack.close();
                        // Member g drew what its plain objective draws for a batch of its real rows.
                        for (int g = 0; g < rows.length; g++) {
                            Random expected = new Random(g);
                            try (NDManager one = m.newSubManager()) {
                                Block b = spec.build();
                                b.initialize(one, DataType.FLOAT32, spec.inputShapes(rows[g]));
                                o.plain()
                                        .loss(
                                                b,
                                                new ParameterStore(one, false),
                                                one.randomNormal(new Shape(rows[g], D)),
                                                expected);
                            }
                            assertEquals(expected.nextLong(), randoms.get(g).nextLong(), o.name() + ", member " + g);
                        }
                    }
                    assertEquals(rows.length, losses[0].length, o.name());
                    assertArrayEquals(losses[0], losses[1], 1e-6f, o.name() + ": padding rows change no loss");
                    assertFalse(losses[0][0] == losses[0][1] || losses[0][1] == losses[0][2], o.name());
                }
                return null;
            });
        }
    }
}
