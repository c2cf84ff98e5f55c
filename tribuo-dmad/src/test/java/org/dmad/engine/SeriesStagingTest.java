package org.dmad.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dmad.testing.PlantedData;
import org.junit.jupiter.api.Test;

/**
 * The series denoisers of their own objectives ({@code ts-imdiff}'s grating imputation, {@code ts-d3r}'s
 * decomposition reconstruction) draw ahead without changing a bit: their objectives take an epoch's draws from the
 * loop, gather gratings and time embeddings on the device and keep the trend operator there
 * ({@link DeviceConstant}), where the step-by-step forms below (the objectives as they were) draw per step, upload
 * masks, scales, offsets, the operator and the timesteps, and embed the timesteps on the host. Both must train the
 * same parameters with the same losses, plain and grouped (members that stop early; a padded group).
 */
class SeriesStagingTest {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(100, 1e-4, 2e-2);
    private static final GratingImputation IMPUTATION = new GratingImputation(4, 2, 1, 20, 4, 2, 0);
    private static final int D = IMPUTATION.width();

    private record Objectives(String name, int inputs, DiffusionObjective plain, GroupedObjective grouped) {}

    /** The grating imputation loss as it was: drawn, uploaded and embedded step by step. */
    private static Objectives imputationStepByStep() {
        float[][] masks = IMPUTATION.masks();
        float[] signal = SCHEDULE.signalScales();
        float[] noiseScale = SCHEDULE.noiseScales();
        int timesteps = SCHEDULE.timesteps();
        DiffusionObjective plain = (block, store, x0, random) -> {
            NDManager m = x0.getManager();
            int batch = (int) x0.getShape().get(0);
            float[] maskRows = new float[batch * D];
            float[] a = new float[batch];
            float[] s = new float[batch];
            float[] t = new float[batch];
            double masked = 0;
            for (int i = 0; i < batch; i++) {
                float[] mask = masks[random.nextInt(2)];
                System.arraycopy(mask, 0, maskRows, i * D, D);
                for (float v : mask) {
                    masked += v;
                }
                int step = random.nextInt(timesteps);
                a[i] = signal[step];
                s[i] = noiseScale[step];
                t[i] = step;
            }
            NDArray mask = m.create(maskRows, new Shape(batch, D));
            NDArray observed = mask.neg().add(1f);
            NDArray noise = m.randomNormal(x0.getShape());
            NDArray xt = x0.mul(m.create(a, new Shape(batch, 1))).add(noise.mul(m.create(s, new Shape(batch, 1))));
            NDArray input = NDArrays.concat(new NDList(x0.mul(observed), xt.mul(mask)), 1);
            NDArray predicted = block.forward(store, new NDList(input, m.create(t)), true)
                    .singletonOrThrow()
                    .get(new NDIndex(":, 0:" + D));
            return predicted.sub(x0).mul(mask).square().sum().div(m.create((float) masked));
        };
        GroupedObjective grouped = (network, x0, randoms, rows) -> {
            NDManager m = x0.getManager();
            int members = network.members();
            int batch = (int) x0.getShape().get(1);
            float[] maskRows = new float[members * batch * D];
            float[] a = new float[members * batch];
            float[] s = new float[members * batch];
            float[] t = new float[members * batch];
            float[] masked = new float[members];
            for (int k = 0; k < members; k++) {
                Random random = randoms.get(k);
                double count = 0;
                for (int i = 0; i < rows[k]; i++) {
                    float[] mask = masks[random.nextInt(2)];
                    System.arraycopy(mask, 0, maskRows, (k * batch + i) * D, D);
                    for (float v : mask) {
                        count += v;
                    }
                    int step = random.nextInt(timesteps);
                    a[k * batch + i] = signal[step];
                    s[k * batch + i] = noiseScale[step];
                    t[k * batch + i] = step;
                }
                masked[k] = (float) count;
            }
            NDArray mask = m.create(maskRows, new Shape(members, batch, D));
            NDArray observed = mask.neg().add(1f);
            NDArray noise = m.randomNormal(x0.getShape());
            NDArray xt = x0.mul(m.create(a, new Shape(members, batch, 1)))
                    .add(noise.mul(m.create(s, new Shape(members, batch, 1))));
            NDArray input = NDArrays.concat(new NDList(x0.mul(observed), xt.mul(mask)), 2);
            NDArray predicted = network.forward(input, t, rows).get(new NDIndex(":, :, 0:" + D));
            return predicted.sub(x0).mul(mask).square().sum(new int[] {1, 2}).div(m.create(masked, new Shape(members)));
        };
        return new Objectives("grating imputation", IMPUTATION.networkInputs(), plain, grouped);
    }

    /** The decomposition reconstruction loss as it was: drawn, uploaded and embedded step by step. */
    private static Objectives reconstructionStepByStep(DecompositionReconstruction r) {
        int L = r.windowLength();
        int channels = r.channels();
        float[] operatorValues = r.trendOperator();
        float a = (float) Math.sqrt(SCHEDULE.alphaBar(r.noiseTime()));
        float s = (float) Math.sqrt(SCHEDULE.sigma2(r.noiseTime()));
        DiffusionObjective plain = (block, store, x0, random) -> {
            NDManager m = x0.getManager();
            int batch = (int) x0.getShape().get(0);
            NDArray x = x0;
            if (r.disturbance() > 0) {
                float[] offsets = new float[batch * D];
                for (int i = 0; i < batch; i++) {
                    for (int c = 0; c < channels; c++) {
                        float v = (float) (random.nextDouble() * r.disturbance());
                        for (int t = 0; t < L; t++) {
                            offsets[i * D + t * channels + c] = v;
                        }
                    }
                }
                x = x0.add(m.create(offsets, new Shape(batch, D)));
            }
            NDArray trend = r.trend(x, m.create(operatorValues, new Shape(L, L)));
            NDArray noise = m.randomNormal(x0.getShape());
            NDArray diffused = x.mul(a).add(noise.mul(s)).add(trend.mul(1f - a));
            NDArray input = NDArrays.concat(new NDList(diffused, trend), 1);
            NDArray predicted = block.forward(store, new NDList(input, m.create(new float[] {r.noiseTime()})), true)
                    .singletonOrThrow()
                    .get(new NDIndex(":, 0:" + D));
            return predicted.sub(x).square().mean();
        };
        GroupedObjective grouped = (network, x0, randoms, rows) -> {
            NDManager m = x0.getManager();
            int members = network.members();
            int batch = (int) x0.getShape().get(1);
            NDArray x = x0;
            if (r.disturbance() > 0) {
                float[] offsets = new float[members * batch * D];
                for (int k = 0; k < members; k++) {
                    Random random = randoms.get(k);
                    for (int i = 0; i < rows[k]; i++) {
                        int row = (k * batch + i) * D;
                        for (int c = 0; c < channels; c++) {
                            float v = (float) (random.nextDouble() * r.disturbance());
                            for (int t = 0; t < L; t++) {
                                offsets[row + t * channels + c] = v;
                            }
                        }
                    }
                }
                x = x0.add(m.create(offsets, new Shape(members, batch, D)));
            }
            NDArray trend = r.trend(x.reshape(members * batch, D), m.create(operatorValues, new Shape(L, L)))
                    .reshape(members, batch, D);
            NDArray noise = m.randomNormal(x0.getShape());
            NDArray diffused = x.mul(a).add(noise.mul(s)).add(trend.mul(1f - a));
            NDArray input = NDArrays.concat(new NDList(diffused, trend), 2);
            float[] t = new float[members * batch];
            Arrays.fill(t, r.noiseTime());
            NDArray predicted = network.forward(input, t, rows).get(new NDIndex(":, :, 0:" + D));
            NDArray rowLoss = predicted.sub(x).square().mean(new int[] {2});
            return rowLoss.mul(GroupedDenoiser.rowWeights(m, rows, batch)).sum(new int[] {1});
        };
        return new Objectives(
                "decomposition reconstruction, disturbance " + r.disturbance(), r.networkInputs(), plain, grouped);
    }

    /** Each case: the staged objectives, then the step-by-step ones. */
    private static List<Objectives[]> cases() {
        List<Objectives[]> out = new ArrayList<>();
        out.add(new Objectives[] {
            new Objectives(
                    "grating imputation",
                    IMPUTATION.networkInputs(),
                    IMPUTATION.objective(SCHEDULE),
                    IMPUTATION.groupedObjective(SCHEDULE)),
            imputationStepByStep()
        });
        for (double disturbance : new double[] {1.0, 0.0}) {
            DecompositionReconstruction r = new DecompositionReconstruction(4, 2, 2, 30, disturbance, 0);
            out.add(new Objectives[] {
                new Objectives(
                        "decomposition reconstruction, disturbance " + disturbance,
                        r.networkInputs(),
                        r.objective(SCHEDULE),
                        r.groupedObjective(SCHEDULE)),
                reconstructionStepByStep(r)
            });
        }
        return out;
    }

    private static DenoiserNetwork spec(int inputs) {
        return new DenoiserNetwork(inputs, 32, 48, 16, 2, 0.4, 0.1);
    }

    private static Matrix rows(long seed, int n) {
        PlantedData p = PlantedData.generate(n, 0, D, 0, seed);
        return Standardizer.fit(p.values, D).apply(p.values, D);
    }

    @Test
    void thePlainTrainingsDrawAheadBitForBitAsStepByStep() {
        for (Objectives[] c : cases()) {
            // 150 rows in batches of 32: four steps per epoch (the last 22 rows dropped); and 20 rows, one batch.
            for (Matrix x : List.of(rows(1, 150), rows(2, 20))) {
                TrainingSettings s = DenoiserStagingTest.settings(3, 7).get(0);
                String what = c[0].name() + ", " + x.rows() + " rows";
                TrainingLoop.Result staged = TrainingLoop.train(
                        spec(c[0].inputs()), x, s, c[0].plain(), new DenoiserEarlyStopping(0, 0), true);
                TrainingLoop.Result reference = TrainingLoop.train(
                        spec(c[1].inputs()), x, s, c[1].plain(), new DenoiserEarlyStopping(0, 0), true);
                assertArrayEquals(
                        reference.network().parameters(), staged.network().parameters(), what);
                assertEquals(reference.finalLoss(), staged.finalLoss(), what);
                staged.network().close();
                reference.network().close();
            }
        }
    }

    @Test
    void theGroupedTrainingsDrawAheadBitForBitAsStepByStep() {
        // Three members of 150, 140 and 130 rows that stop early at different epochs (the stack shrinks between
        // epochs), and three members below one batch (20, 31 and 12 rows: one padded batch).
        List<List<Matrix>> data = List.of(
                List.of(rows(1, 150), rows(2, 140), rows(3, 130)), List.of(rows(1, 20), rows(2, 31), rows(3, 12)));
        for (Objectives[] c : cases()) {
            for (List<Matrix> members : data) {
                List<TrainingSettings> s = DenoiserStagingTest.settings(12, 31, 32, 33);
                List<GroupedDenoiser.Member> staged =
                        GroupedDenoiser.train(spec(c[0].inputs()), members, s, c[0].plain(), c[0].grouped(), 1, 2);
                List<GroupedDenoiser.Member> reference =
                        GroupedDenoiser.train(spec(c[1].inputs()), members, s, c[1].plain(), c[1].grouped(), 1, 2);
                int[] epochs = new int[members.size()];
                for (int g = 0; g < members.size(); g++) {
                    epochs[g] = staged.get(g).result().epochsRun();
                    String what = c[0].name() + ", member " + g + " of rows "
                            + members.get(0).rows();
                    assertArrayEquals(
                            reference.get(g).result().network().parameters(),
                            staged.get(g).result().network().parameters(),
                            what);
                    assertArrayEquals(
                            reference.get(g).epochLosses(), staged.get(g).epochLosses(), what);
                    staged.get(g).result().network().close();
                    reference.get(g).result().network().close();
                }
                if (members.get(0).rows() == 150) {
                    assertTrue(
                            Arrays.stream(epochs).distinct().count() > 1,
                            c[0].name() + ": members stopped at different epochs: " + Arrays.toString(epochs));
                }
            }
        }
    }
}
