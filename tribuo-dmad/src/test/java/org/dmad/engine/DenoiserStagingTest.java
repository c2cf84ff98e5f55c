package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dmad.testing.PlantedData;
import org.junit.jupiter.api.Test;

/**
 * The denoiser's training draws ahead without changing a bit: its objectives draw an epoch's timesteps after the
 * shuffle and gather the time embeddings from a table on the device ({@link DenoiserBlock#embedSteps}), where the
 * step-by-step form below draws per step, uploads scales and timesteps, and embeds the timesteps on the host. Both
 * must train the same parameters with the same losses: plain, a group of one, and groups with padded batches and
 * members that stop early.
 */
class DenoiserStagingTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(100, 1e-4, 2e-2);
    private static final DenoiserNetwork SPEC = new DenoiserNetwork(6, 32, 48, 16, 2, 0.4, 0.1);

    /** The plain DDPM loss drawing and uploading step by step, its timesteps embedded on the host. */
    private static final DiffusionObjective STEP_BY_STEP = (block, store, x0, random) -> {
        NDManager m = x0.getManager();
        int batch = (int) x0.getShape().get(0);
        float[] a = new float[batch];
        float[] s = new float[batch];
        float[] t = new float[batch];
        for (int i = 0; i < batch; i++) {
            int step = random.nextInt(SCHEDULE.timesteps());
            a[i] = SCHEDULE.signalScales()[step];
            s[i] = SCHEDULE.noiseScales()[step];
            t[i] = step;
        }
        NDArray noise = m.randomNormal(x0.getShape());
        NDArray xt = x0.mul(m.create(a, new Shape(batch, 1))).add(noise.mul(m.create(s, new Shape(batch, 1))));
        NDArray predicted =
                block.forward(store, new NDList(xt, m.create(t)), true).singletonOrThrow();
        return predicted.sub(noise).square().mean();
    };

    /** The grouped DDPM loss drawing and uploading step by step, its timesteps embedded on the host. */
    private static final GroupedObjective GROUPED_STEP_BY_STEP = (network, x0, randoms, rows) -> {
        NDManager m = x0.getManager();
        int members = network.members();
        int batch = (int) x0.getShape().get(1);
        float[] a = new float[members * batch];
        float[] s = new float[members * batch];
        float[] t = new float[members * batch];
        for (int k = 0; k < members; k++) {
            Random random = randoms.get(k);
            for (int i = 0; i < rows[k]; i++) {
                int step = random.nextInt(SCHEDULE.timesteps());
                a[k * batch + i] = SCHEDULE.signalScales()[step];
                s[k * batch + i] = SCHEDULE.noiseScales()[step];
                t[k * batch + i] = step;
            }
        }
        NDArray noise = m.randomNormal(x0.getShape());
        NDArray xt = x0.mul(m.create(a, new Shape(members, batch, 1)))
                .add(noise.mul(m.create(s, new Shape(members, batch, 1))));
        NDArray predicted = network.forward(xt, t, rows);
        NDArray rowLoss = predicted.sub(noise).square().mean(new int[] {2});
        return rowLoss.mul(GroupedDenoiser.rowWeights(m, rows, batch)).sum(new int[] {1});
    };

    private static Matrix rows(long seed, int n) {
        PlantedData p = PlantedData.generate(n, 0, 6, 0, seed);
        return Standardizer.fit(p.values, 6).apply(p.values, 6);
    }

    /** One member's settings per seed: batch 32, CPU, one thread. */
    static List<TrainingSettings> settings(int epochs, long... seeds) {
        List<TrainingSettings> out = new ArrayList<>();
        for (long seed : seeds) {
            out.add(new TrainingSettings(epochs, 32, 1e-3, 5e-4, seed, 1, "cpu"));
        }
        return out;
    }

    @Test
    void thePlainTrainingDrawsAheadBitForBitAsStepByStep() {
        // 150 rows in batches of 32: four steps per epoch (the last 22 rows dropped); and 20 rows, one batch.
        for (Matrix x : List.of(rows(1, 150), rows(2, 20))) {
            TrainingSettings s = settings(3, 7).get(0);
            TrainingLoop.Result staged = DenoiserTraining.train(SPEC, x, s, SCHEDULE, 0, 0);
            TrainingLoop.Result reference =
                    TrainingLoop.train(SPEC, x, s, STEP_BY_STEP, new DenoiserEarlyStopping(0, 0), true);
            assertArrayEquals(reference.network().parameters(), staged.network().parameters(), x.rows() + " rows");
            assertEquals(reference.finalLoss(), staged.finalLoss());
            staged.network().close();
            reference.network().close();
        }
    }

    @Test
    void aGroupDrawsAheadBitForBitAsStepByStep() {
        // A group of one (the plain block), three members of 150, 140 and 130 rows that stop early at different
        // epochs (the stack shrinks between epochs), and three members below one batch (20, 31 and 12 rows: one
        // padded batch).
        List<List<Matrix>> cases = List.of(
                List.of(rows(1, 150)),
                List.of(rows(1, 150), rows(2, 140), rows(3, 130)),
                List.of(rows(1, 20), rows(2, 31), rows(3, 12)));
        for (List<Matrix> data : cases) {
            List<TrainingSettings> s = settings(12, 31, 32, 33).subList(0, data.size());
            List<GroupedDenoiser.Member> staged = GroupedDenoiser.train(SPEC, data, s, SCHEDULE, 1, 2);
            List<GroupedDenoiser.Member> reference =
                    GroupedDenoiser.train(SPEC, data, s, STEP_BY_STEP, GROUPED_STEP_BY_STEP, 1, 2);
            int[] epochs = new int[data.size()];
            for (int g = 0; g < data.size(); g++) {
                epochs[g] = staged.get(g).result().epochsRun();
                String what = "member " + g + " of " + data.size();
                assertArrayEquals(
                        reference.get(g).result().network().parameters(),
                        staged.get(g).result().network().parameters(),
                        what);
                assertArrayEquals(reference.get(g).epochLosses(), staged.get(g).epochLosses(), what);
            }
            if (data.size() > 1) {
                assertTrue(
                        Arrays.stream(epochs).distinct().count() > 1,
                        "members stopped at different epochs: " + Arrays.toString(epochs));
            }
        }
    }
}
