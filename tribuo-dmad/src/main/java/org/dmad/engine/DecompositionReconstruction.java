package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.Serializable;
import java.util.Random;

/**
 * Decomposition-based reconstruction of time-series windows in the manner of D3R (Wang et al., "Drift doesn't
 * Matter: Dynamic Decomposition with Diffusion Reconstruction for Unstable Multivariate Time Series Anomaly
 * Detection", NeurIPS 2023):
 * <ul>
 *     <li>Decomposition: each channel's trend is the moving average of the window over {@code trendWindow} time
 *     steps (centred, shortened at the window's edges); the rest of the window is its seasonal and residual
 *     part.</li>
 *     <li>Noise diffusion as the information bottleneck: the window is diffused towards its trend at one fixed
 *     timestep t = {@code noiseTime}, x_t = sqrt(abar_t) x + sqrt(1 - abar_t) eps + (1 - sqrt(abar_t)) trend, so the
 *     noise hides the detail (where a point anomaly lives) and keeps the trend; t sets the bottleneck's size
 *     without changing the network.</li>
 *     <li>Reconstruction: the denoiser of {@link DenoiserNetwork} on 2 * L * C inputs (x_t next to the trend)
 *     predicts the window itself, in one network evaluation; its first L * C outputs are the reconstruction. The
 *     loss is the mean squared reconstruction error.</li>
 *     <li>Drift: in training every window gets a random per-channel offset, uniform in [0, {@code disturbance})
 *     standard deviations, before the decomposition (D3R's disturbance strategy), so the network reconstructs
 *     the detail around whatever level the trend gives and a drifting level is not an anomaly.</li>
 *     <li>Score: the squared reconstruction error of each element, with one fixed-seed noise vector shared by the
 *     rows of a batch.</li>
 * </ul>
 *
 * @param windowLength L, at least 1.
 * @param channels     C, at least 1.
 * @param trendWindow  time steps of the moving average, in [1, L].
 * @param noiseTime    the bottleneck's timestep t, in [0, T).
 * @param disturbance  the largest training offset in standard deviations, at least 0 (0: no disturbance).
 * @param seed         the seed of the scoring noise.
 */
public record DecompositionReconstruction(
        int windowLength, int channels, int trendWindow, int noiseTime, double disturbance, long seed)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Validates the settings.
     *
     * @param windowLength L.
     * @param channels     C.
     * @param trendWindow  moving-average length.
     * @param noiseTime    bottleneck timestep.
     * @param disturbance  training offsets.
     * @param seed         noise seed.
     */
    public DecompositionReconstruction {
        if (windowLength < 1 || channels < 1) {
            throw new IllegalArgumentException(
                    "windowLength and channels must be at least 1, got " + windowLength + " and " + channels);
        }
        if (trendWindow < 1 || trendWindow > windowLength) {
            throw new IllegalArgumentException(
                    "trendWindow must be in [1, windowLength = " + windowLength + "], got " + trendWindow);
        }
        if (noiseTime < 0) {
            throw new IllegalArgumentException("noiseTime must be non-negative, got " + noiseTime);
        }
        if (!(disturbance >= 0) || !Double.isFinite(disturbance)) {
            throw new IllegalArgumentException("disturbance must be a non-negative number, got " + disturbance);
        }
    }

    /** @return L * C. */
    public int width() {
        return windowLength * channels;
    }

    /** @return the network's input width, 2 * L * C (diffused window and trend). */
    public int networkInputs() {
        return 2 * width();
    }

    /**
     * The moving-average operator: trend[t] = sum over s of window[s] * m[s * L + t].
     *
     * @return the L x L matrix, row-major.
     */
    public float[] trendOperator() {
        int l = windowLength;
        float[] m = new float[l * l];
        for (int t = 0; t < l; t++) {
            int lo = Math.max(0, t - (trendWindow - 1) / 2);
            int hi = Math.min(l - 1, t + trendWindow / 2);
            float w = 1f / (hi - lo + 1);
            for (int s = lo; s <= hi; s++) {
                m[s * l + t] = w;
            }
        }
        return m;
    }

    /**
     * The trend of time-major windows.
     *
     * @param x        windows, shape (n, L * C).
     * @param operator {@link #trendOperator()} as an (L, L) array.
     * @return the trend, shape (n, L * C), owned by x's manager.
     */
    NDArray trend(NDArray x, NDArray operator) {
        long n = x.getShape().get(0);
        NDArray byChannel =
                x.reshape(n, windowLength, channels).transpose(0, 2, 1).reshape(n * channels, windowLength);
        return byChannel
                .matMul(operator)
                .reshape(n, channels, windowLength)
                .transpose(0, 2, 1)
                .reshape(n, width());
    }

    private void checkSchedule(NoiseSchedule schedule) {
        if (noiseTime >= schedule.timesteps()) {
            throw new IllegalArgumentException(
                    "noiseTime " + noiseTime + " must be below the denoiser's " + schedule.timesteps() + " timesteps");
        }
    }

    /**
     * The training loss of one batch: disturbed windows, diffused towards their trend at {@code noiseTime},
     * reconstructed from the diffused window and the trend; mean squared error. It is a {@link StagedObjective}: the
     * loop draws an epoch's offsets after its shuffle and uploads them once, the trend operator stays on the device
     * ({@link DeviceConstant}) and the time embedding is gathered there, so a step uploads nothing.
     *
     * @param schedule the noise schedule.
     * @return the objective, for {@link TrainingLoop#train}.
     */
    public DiffusionObjective objective(NoiseSchedule schedule) {
        int d = width();
        final class Plain extends Staging implements StagedObjective {
            Plain() {
                super(schedule);
            }

            @Override
            public NDArray loss(Block block, ParameterStore store, NDArray x0, NDArray drawn) {
                int batch = (int) x0.getShape().get(0);
                if (x0.getShape().get(1) != d) {
                    throw new IllegalArgumentException("Expected windows of " + d + " values, got "
                            + x0.getShape().get(1));
                }
                NDArray x = disturbance > 0 ? x0.add(spread(drawn, batch)) : x0;
                NDArray input = input(x, DeviceConstant.home(block));
                // One time for the batch, as one row (the first row's drawn noiseTime): embedded once, broadcast.
                NDArray steps = drawn.get(new NDIndex("0:1, " + timeColumn()));
                NDArray time = block instanceof DenoiserBlock denoiser ? denoiser.embedSteps(steps, timesteps) : steps;
                NDArray predicted = block.forward(store, new NDList(input, time), true)
                        .singletonOrThrow()
                        .get(new NDIndex(":, 0:" + d));
                return predicted.sub(x).square().mean();
            }
        }
        return new Plain();
    }

    /**
     * {@link #objective} in stacked form, for a grouped training ({@link GroupedDenoiser}): member a draws its real
     * rows' offsets from its own generator in the plain objective's order (row by row, channel by channel); its loss
     * is the mean squared reconstruction error over its real rows. Staged as the plain one.
     *
     * @param schedule the noise schedule.
     * @return the grouped objective.
     */
    public GroupedObjective groupedObjective(NoiseSchedule schedule) {
        int d = width();
        final class Group extends Staging implements GroupedObjective.Staged {
            Group() {
                super(schedule);
            }

            @Override
            public NDArray losses(GroupedDenoiser.Network network, NDArray x0, NDArray drawn, int[] rows) {
                int members = network.members();
                int batch = GroupedObjective.windowBatch(x0, d);
                NDArray x = disturbance > 0
                        ? x0.add(spread(drawn.reshape(members * batch, perRow()), members * batch)
                                .reshape(members, batch, d))
                        : x0;
                NDArray input = input(x, network.manager());
                // Every row, padding included, at noiseTime: each member's first row is real and carries it.
                NDArray steps =
                        drawn.get(new NDIndex(":, 0:1, " + timeColumn())).broadcast(new Shape(members, batch));
                NDArray predicted =
                        network.forward(input, steps, timesteps, rows).get(new NDIndex(":, :, 0:" + d));
                NDArray rowLoss = predicted.sub(x).square().mean(new int[] {2});
                // Each member's mean over its real rows: the drawn weight 1 / rows, 0 on padding rows.
                return rowLoss.mul(drawn.get(new NDIndex(":, :, " + (timeColumn() + 1))))
                        .sum(new int[] {1});
            }
        }
        return new Group();
    }

    /**
     * What the plain and the grouped objective share. What a training step draws per row: with a disturbance, one
     * offset per channel, uniform in [0, disturbance) from the generator (channel by channel); then {@code noiseTime}
     * (no draw), the row's timestep, and the row's weight 1 / rows in its batch's mean (which the grouped loss uses;
     * padding rows are not drawn: weight 0). And the diffusion of the disturbed windows, from constants kept on the
     * training device.
     */
    private abstract class Staging implements StepDraws {
        final int timesteps;
        private final DeviceConstant operator;
        private final DeviceConstant signal;
        private final DeviceConstant noiseScale;
        private final DeviceConstant drift;

        Staging(NoiseSchedule schedule) {
            checkSchedule(schedule);
            timesteps = schedule.timesteps();
            operator = new DeviceConstant(trendOperator(), new Shape(windowLength, windowLength));
            float a = (float) Math.sqrt(schedule.alphaBar(noiseTime));
            // The scales as arrays on the device, not Java numbers (DJL uploads a number operand as a 0-d array).
            signal = new DeviceConstant(new float[] {a}, new Shape());
            noiseScale = new DeviceConstant(new float[] {(float) Math.sqrt(schedule.sigma2(noiseTime))}, new Shape());
            drift = new DeviceConstant(new float[] {1f - a}, new Shape());
        }

        /**
         * The network input: the windows diffused towards their trend at {@code noiseTime}, next to the trend.
         *
         * @param x    the (disturbed) windows, shape (..., L * C).
         * @param home the manager of the training's parameters, which keeps the constants.
         * @return the input, shape (..., 2 * L * C), owned by x's manager.
         */
        final NDArray input(NDArray x, NDManager home) {
            Shape shape = x.getShape();
            NDArray trend = trend(x.reshape(-1, width()), operator.in(home)).reshape(shape);
            NDArray noise = x.getManager().randomNormal(shape);
            NDArray diffused =
                    x.mul(signal.in(home)).add(noise.mul(noiseScale.in(home))).add(trend.mul(drift.in(home)));
            return NDArrays.concat(new NDList(diffused, trend), shape.dimension() - 1);
        }
        /** @return the drawn values per row. */
        final int perRow() {
            return timeColumn() + 2;
        }

        /** @return the column of the timestep: after the offsets. */
        final int timeColumn() {
            return disturbance > 0 ? channels : 0;
        }

        @Override
        public final int drawnPerRow() {
            return perRow();
        }

        @Override
        public final void draw(Random random, int rows, float[] out, int at) {
            int perRow = perRow();
            for (int i = 0; i < rows; i++) {
                int row = at + i * perRow;
                if (disturbance > 0) {
                    for (int c = 0; c < channels; c++) {
                        out[row + c] = (float) (random.nextDouble() * disturbance);
                    }
                }
                out[row + timeColumn()] = noiseTime;
                out[row + timeColumn() + 1] = 1f / rows;
            }
        }

        /**
         * The drawn offsets spread over the windows' time steps (time-major: element t * C + c gets channel c's).
         *
         * @param drawn the drawn values, shape (n, perRow).
         * @param n     the rows.
         * @return the offsets, shape (n, L * C).
         */
        final NDArray spread(NDArray drawn, int n) {
            return drawn.get(new NDIndex(":, 0:" + channels))
                    .reshape(n, 1, channels)
                    .broadcast(new Shape(n, windowLength, channels))
                    .reshape(n, width());
        }
    }

    /**
     * Per-element squared reconstruction errors of a batch of windows, shape (batch, L * C) in time-major order;
     * their mean over elements is a window's score.
     *
     * @param schedule the noise schedule the network was trained with.
     * @return the function, for {@link BatchScorer#scoreRows}.
     */
    public BatchScorer.ScoreFunction elementErrors(NoiseSchedule schedule) {
        checkSchedule(schedule);
        int d = width();
        float[] operatorValues = trendOperator();
        float[] e = DDPMReconstruction.gaussian(new Random(seed), d);
        float a = (float) Math.sqrt(schedule.alphaBar(noiseTime));
        float s = (float) Math.sqrt(schedule.sigma2(noiseTime));
        return (block, store, x) -> {
            if (x.getShape().get(1) != d) {
                throw new IllegalArgumentException("Expected windows of " + d + " values, got "
                        + x.getShape().get(1));
            }
            NDManager m = x.getManager();
            NDArray trend = trend(x, m.create(operatorValues, new Shape(windowLength, windowLength)));
            NDArray diffused = x.mul(a).add(m.create(e, new Shape(1, d)).mul(s)).add(trend.mul(1f - a));
            NDArray input = NDArrays.concat(new NDList(diffused, trend), 1);
            NDArray reconstruction = block.forward(store, new NDList(input, m.create(new float[] {noiseTime})), false)
                    .singletonOrThrow()
                    .get(new NDIndex(":, 0:" + d));
            return reconstruction.sub(x).square();
        };
    }

    @Override
    public String toString() {
        return "decomposition-reconstruction(L=" + windowLength + ",C=" + channels + ",trend=" + trendWindow + ",t="
                + noiseTime + ",disturbance=" + disturbance + ",seed=" + seed + ")";
    }
}
