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
 * Imputation-ensemble scoring of time-series windows in the manner of ImDiffusion (Chen et al., "ImDiffusion:
 * Imputed Diffusion Models for Multivariate Time Series Anomaly Detection", VLDB 2024): a <em>conditional</em>
 * denoiser imputes the masked time steps of a window from the unmasked ones, the masks are two complementary
 * <em>gratings</em> over time, and the imputation errors of several denoising steps are ensembled.
 * <ul>
 *     <li>Gratings: the L time steps are cut into strips of {@code gratingWidth} steps; grating 0 masks the even
 *     strips, grating 1 the odd ones (all channels of a masked step are masked). Every element is masked by exactly
 *     one of the two.</li>
 *     <li>Network: the denoiser of {@link DenoiserNetwork} on 2 * L * C inputs, the observed part of the window
 *     (masked elements zeroed) next to the noisy masked part (observed elements zeroed), as CSDI's two input
 *     channels; the first L * C outputs are the noise prediction of the masked elements.</li>
 *     <li>Training ({@link #objective}): per row one of the two gratings and one timestep t, drawn from the
 *     loop's seeded generator; x_t = sqrt(abar_t) x + sqrt(1 - abar_t) eps; the loss is the mean squared error of
 *     the noise prediction over the masked elements only.</li>
 *     <li>Scoring: for each grating the masked part starts as sqrt(1 - abar) e at t_r - 1 (e one fixed-seed noise
 *     vector per grating, shared by the rows of a batch) and runs {@code ddimSteps} deterministic DDIM steps
 *     (eta = 0) down to 0, conditioned on the observed part at every step. At each of the last
 *     {@code ensembleSteps} steps the clean estimate x0_hat = (x_t - sqrt(1 - abar_t) eps_hat) / sqrt(abar_t) of
 *     the masked elements gives squared errors (x - x0_hat)^2.</li>
 *     <li>Ensemble ({@link #elementErrors}): each step's errors are divided by that step's mean error on the
 *     training windows (its scale, {@link #stepErrors}) and averaged over the ensembled steps, so every step
 *     votes with the same weight whatever its noise level; ImDiffusion votes with per-step thresholds whose
 *     anomaly shares are set the same way (inversely to each step's mean error).</li>
 * </ul>
 * Every step of every grating runs in its own sub-manager, so native memory does not grow with the steps.
 *
 * @param windowLength       L, time steps per window, at least 2.
 * @param channels           C, at least 1.
 * @param gratingWidth       time steps per grating strip, in [1, L - 1] (so that both gratings mask something).
 * @param reconstructionTime t_r: the imputation starts from noise at t_r - 1, in [1, T].
 * @param ddimSteps          DDIM steps from t_r - 1 down to 0, in [1, t_r].
 * @param ensembleSteps      the last steps whose errors are ensembled, in [1, ddimSteps].
 * @param seed               the seed of the scoring noise.
 */
public record GratingImputation(
        int windowLength,
        int channels,
        int gratingWidth,
        int reconstructionTime,
        int ddimSteps,
        int ensembleSteps,
        long seed)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Validates the settings.
     *
     * @param windowLength       L.
     * @param channels           C.
     * @param gratingWidth       strip width.
     * @param reconstructionTime t_r.
     * @param ddimSteps          DDIM steps.
     * @param ensembleSteps      ensembled steps.
     * @param seed               noise seed.
     */
    public GratingImputation {
        if (windowLength < 2 || channels < 1) {
            throw new IllegalArgumentException("windowLength must be at least 2 (a grating needs a masked and an "
                    + "observed step) and channels at least 1, got " + windowLength + " and " + channels);
        }
        if (gratingWidth < 1 || gratingWidth >= windowLength) {
            throw new IllegalArgumentException("gratingWidth must be in [1, windowLength - 1 = " + (windowLength - 1)
                    + "] so that both gratings mask some time steps, got " + gratingWidth);
        }
        if (reconstructionTime < 1) {
            throw new IllegalArgumentException("reconstructionTime must be at least 1, got " + reconstructionTime);
        }
        if (ddimSteps < 1 || ddimSteps > reconstructionTime) {
            throw new IllegalArgumentException(
                    "ddimSteps must be in [1, reconstructionTime = " + reconstructionTime + "], got " + ddimSteps);
        }
        if (ensembleSteps < 1 || ensembleSteps > ddimSteps) {
            throw new IllegalArgumentException(
                    "ensembleSteps must be in [1, ddimSteps = " + ddimSteps + "], got " + ensembleSteps);
        }
    }

    /** @return L * C, the values of a window. */
    public int width() {
        return windowLength * channels;
    }

    /** @return the network's input width, 2 * L * C (observed part and noisy masked part). */
    public int networkInputs() {
        return 2 * width();
    }

    /** @return network evaluations per scored batch: two gratings times the DDIM steps. */
    public int networkEvaluations() {
        return 2 * ddimSteps;
    }

    /**
     * The two gratings as 0/1 vectors over the time-major elements.
     *
     * @return masks[g][t * C + c] = 1 when (t / gratingWidth) mod 2 = g.
     */
    public float[][] masks() {
        float[][] out = new float[2][width()];
        for (int t = 0; t < windowLength; t++) {
            int g = (t / gratingWidth) % 2;
            for (int c = 0; c < channels; c++) {
                out[g][t * channels + c] = 1f;
            }
        }
        return out;
    }

    /**
     * The DDIM timesteps from t_r - 1 down to 0, evenly spaced (the last is 0).
     *
     * @return ddimSteps timesteps, descending.
     */
    public int[] timesteps() {
        int[] out = new int[ddimSteps];
        for (int k = 0; k < ddimSteps; k++) {
            out[k] = ddimSteps == 1
                    ? reconstructionTime - 1
                    : (int) Math.round((double) (reconstructionTime - 1) * (ddimSteps - 1 - k) / (ddimSteps - 1));
        }
        return out;
    }

    private void checkSchedule(NoiseSchedule schedule) {
        if (reconstructionTime > schedule.timesteps()) {
            throw new IllegalArgumentException("reconstructionTime " + reconstructionTime + " exceeds the denoiser's "
                    + schedule.timesteps() + " timesteps");
        }
    }

    /**
     * The training loss of one batch: a grating and a timestep per row, the noise prediction's squared error
     * averaged over the masked elements. It is a {@link StagedObjective}: the loop draws an epoch's gratings and
     * timesteps after its shuffle and uploads them once; the gratings are gathered from a table on the device
     * ({@link DeviceConstant}) and so are the time embeddings, so a step uploads nothing.
     *
     * @param schedule the noise schedule; its T is the range of the sampled timesteps.
     * @return the objective, for {@link TrainingLoop#train}.
     */
    public DiffusionObjective objective(NoiseSchedule schedule) {
        int d = width();
        final class Plain extends Draws implements StagedObjective {
            Plain() {
                super(schedule);
            }

            @Override
            public NDArray loss(Block block, ParameterStore store, NDArray x0, NDArray drawn) {
                NDManager m = x0.getManager();
                if (x0.getShape().get(1) != d) {
                    throw new IllegalArgumentException("Expected windows of " + d + " values, got "
                            + x0.getShape().get(1));
                }
                NDManager home = DeviceConstant.home(block);
                NDArray masks = inputMasks.rows(home, drawn.get(":, 0"), m);
                NDArray mask = masks.get(new NDIndex(":, " + d + ":"));
                NDArray noise = m.randomNormal(x0.getShape());
                NDArray xt = variancePreserving(x0, noise, drawn, 1);
                NDArray input = NDArrays.concat(new NDList(x0, xt), 1).mul(masks);
                NDArray steps = drawn.get(":, 3");
                NDArray time =
                        block instanceof DenoiserBlock denoiser ? denoiser.embedSteps(steps, timesteps()) : steps;
                NDArray predicted = block.forward(store, new NDList(input, time), true)
                        .singletonOrThrow()
                        .get(new NDIndex(":, 0:" + d));
                // The network predicts the clean hidden values; divided by an array (the masked count, exact in
                // floats), not a Java number (see DiffusionObjective).
                return predicted.sub(x0).mul(mask).square().sum().div(mask.sum());
            }
        }
        return new Plain();
    }

    /**
     * {@link #objective} in stacked form, for a grouped training ({@link GroupedDenoiser}): member a draws a grating
     * and a timestep for each of its real rows from its own generator, in the plain objective's order; its loss is
     * the noise prediction's squared error averaged over its real rows' masked elements. Staged as the plain one.
     *
     * @param schedule the noise schedule; its T is the range of the sampled timesteps.
     * @return the grouped objective.
     */
    public GroupedObjective groupedObjective(NoiseSchedule schedule) {
        int d = width();
        final class Group extends Draws implements GroupedObjective.Staged {
            Group() {
                super(schedule);
            }

            @Override
            public NDArray losses(GroupedDenoiser.Network network, NDArray x0, NDArray drawn, int[] rows) {
                NDManager m = x0.getManager();
                GroupedObjective.windowBatch(x0, d); // checks the width
                // A padding row's drawn grating is 0, the table's row of zeros: it masks nothing, enters no loss.
                NDArray masks = inputMasks.rows(network.manager(), drawn.get(":, :, 0"), m);
                NDArray mask = masks.get(new NDIndex(":, :, " + d + ":"));
                NDArray noise = m.randomNormal(x0.getShape());
                NDArray xt = variancePreserving(x0, noise, drawn, 1);
                NDArray input = NDArrays.concat(new NDList(x0, xt), 2).mul(masks);
                NDArray predicted = network.forward(input, drawn.get(":, :, 3"), timesteps(), rows)
                        .get(new NDIndex(":, :, 0:" + d));
                return predicted
                        .sub(x0)
                        .mul(mask)
                        .square()
                        .sum(new int[] {1, 2})
                        .div(mask.sum(new int[] {1, 2}));
            }
        }
        return new Group();
    }

    /**
     * What a training step draws per row from its generator: a grating g (0 or 1), then a timestep t; written as
     * the grating's row in the {@link #inputMasks} table (g + 1; row 0 masks nothing, for padding), sqrt(abar_t),
     * sqrt(sigma2_t) and t.
     */
    private class Draws extends TimestepDraws {
        /**
         * The network input's masks per drawn row, kept on the training device: for no mask (padding), grating 0 and
         * grating 1, the observed elements (1 - mask) next to the masked ones (the mask), 2 * L * C values. One gather
         * gives a batch both halves of its input's masks; the second half is its loss mask.
         */
        final DeviceConstant inputMasks;

        Draws(NoiseSchedule schedule) {
            super(
                    1,
                    schedule.timesteps(),
                    false,
                    schedule.signalScales(),
                    schedule.noiseScales(),
                    steps(schedule.timesteps()));
            float[][] masks = masks();
            int d = width();
            float[] table = new float[3 * 2 * d];
            for (int r = 0; r < 3; r++) {
                for (int j = 0; j < d; j++) {
                    float masked = r == 0 ? 0f : masks[r - 1][j];
                    table[r * 2 * d + j] = 1f - masked;
                    table[r * 2 * d + d + j] = masked;
                }
            }
            inputMasks = new DeviceConstant(table, new Shape(3, 2 * d));
        }

        /** The grating, drawn before the timestep: its row in {@link #inputMasks}, 1 or 2. */
        @Override
        void drawLeading(Random random, float[] out, int row) {
            out[row] = 1 + random.nextInt(2);
        }
    }

    /**
     * Per ensembled step, the mean squared imputation error of each window over its L * C elements (each element
     * imputed by the grating that masks it): the statistics the step scales are computed from.
     *
     * @param schedule the noise schedule the denoiser was trained with.
     * @return the function, shape (batch, ensembleSteps), for {@link BatchScorer#scoreRows}.
     */
    public BatchScorer.ScoreFunction stepErrors(NoiseSchedule schedule) {
        checkSchedule(schedule);
        return (block, store, x) -> {
            NDManager batch = x.getManager();
            NDArray total = batch.zeros(new Shape(x.getShape().get(0), ensembleSteps));
            run(block, store, x, schedule, (step, errors, owner) -> {
                NDArray means = errors.mean(new int[] {1}).reshape(-1, 1);
                float[] one = new float[ensembleSteps];
                one[step] = 1f;
                total.addi(means.mul(owner.create(one, new Shape(1, ensembleSteps))));
            });
            return total;
        };
    }

    /**
     * The ensembled per-element errors: each ensembled step's squared errors divided by the step's scale, averaged
     * over the steps. Their mean over the L * C elements is a window's score.
     *
     * @param schedule   the noise schedule the denoiser was trained with.
     * @param stepScales one positive scale per ensembled step (the steps' mean errors on the training windows).
     * @return the function, shape (batch, L * C) in time-major order, for {@link BatchScorer#scoreRows}.
     * @throws IllegalArgumentException when the scales are not {@code ensembleSteps} positive finite numbers.
     */
    public BatchScorer.ScoreFunction elementErrors(NoiseSchedule schedule, double[] stepScales) {
        checkSchedule(schedule);
        checkScales(stepScales);
        float[] weights = new float[ensembleSteps];
        for (int j = 0; j < ensembleSteps; j++) {
            weights[j] = (float) (1.0 / (ensembleSteps * stepScales[j]));
        }
        return (block, store, x) -> {
            NDManager batch = x.getManager();
            NDArray total = batch.zeros(x.getShape());
            run(block, store, x, schedule, (step, errors, owner) -> {
                total.addi(errors.mul(weights[step]));
            });
            return total;
        };
    }

    /**
     * Checks step scales.
     *
     * @param stepScales the scales.
     * @throws IllegalArgumentException when they are not {@code ensembleSteps} positive finite numbers.
     */
    public void checkScales(double[] stepScales) {
        if (stepScales == null || stepScales.length != ensembleSteps) {
            throw new IllegalArgumentException("Expected " + ensembleSteps + " step scales, got "
                    + (stepScales == null ? "none" : stepScales.length));
        }
        for (double v : stepScales) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("Step scales must be positive and finite, got " + v);
            }
        }
    }

    /** Receives the masked squared errors (batch, d) of one ensembled step of one grating. */
    @FunctionalInterface
    private interface Sink {
        void accept(int ensembledStep, NDArray errors, NDManager owner);
    }

    private void run(Block block, ParameterStore store, NDArray x, NoiseSchedule s, Sink sink) {
        int d = width();
        if (x.getShape().get(1) != d) {
            throw new IllegalArgumentException(
                    "Expected windows of " + d + " values, got " + x.getShape().get(1));
        }
        NDManager batch = x.getManager();
        Random random = new Random(seed);
        int[] tau = timesteps();
        int firstEnsembled = ddimSteps - ensembleSteps;
        for (float[] maskValues : masks()) {
            float[] e = DDPMReconstruction.gaussian(random, d);
            try (NDManager pass = batch.newSubManager()) {
                NDArray mask = pass.create(maskValues, new Shape(1, d));
                NDArray observedPart = x.mul(mask.neg().add(1f));
                observedPart.attach(pass);
                NDArray current = pass.create(e, new Shape(1, d)).mul(mask).mul((float) Math.sqrt(s.sigma2(tau[0])));
                current = current.broadcast(new Shape(x.getShape().get(0), d));
                for (int i = 0; i < tau.length; i++) {
                    int t = tau[i];
                    int to = i + 1 < tau.length ? tau[i + 1] : -1;
                    try (NDManager step = pass.newSubManager()) {
                        current.attach(step);
                        NDArray input = NDArrays.concat(new NDList(observedPart, current), 1);
                        input.attach(step);
                        NDArray x0 = block.forward(store, new NDList(input, step.create(new float[] {t})), false)
                                .singletonOrThrow()
                                .get(new NDIndex(":, 0:" + d))
                                .mul(mask);
                        x0.attach(step);
                        // The noise the prediction implies, for the deterministic DDIM move.
                        NDArray eps = current.sub(x0.mul((float) Math.sqrt(s.alphaBar(t))))
                                .div((float) Math.sqrt(s.sigma2(t)));
                        if (i >= firstEnsembled) {
                            NDArray errors = x0.sub(x).mul(mask).square();
                            errors.attach(step);
                            sink.accept(i - firstEnsembled, errors, step);
                        }
                        NDArray next = to < 0
                                ? x0.mul(mask)
                                : x0.mul((float) Math.sqrt(s.alphaBar(to)))
                                        .add(eps.mul((float) Math.sqrt(s.sigma2(to))))
                                        .mul(mask);
                        next.attach(pass);
                        current = next;
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "grating-imputation(L=" + windowLength + ",C=" + channels + ",grating=" + gratingWidth + ",t_r="
                + reconstructionTime + ",ddimSteps=" + ddimSteps + ",ensemble=" + ensembleSteps + ",seed=" + seed
                + ")";
    }
}
