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
     * averaged over the masked elements.
     *
     * @param schedule the noise schedule; its T is the range of the sampled timesteps.
     * @return the objective, for {@link TrainingLoop#train}.
     */
    public DiffusionObjective objective(NoiseSchedule schedule) {
        int timesteps = schedule.timesteps();
        int d = width();
        float[][] masks = masks();
        float[] signal = schedule.signalScales();
        float[] noiseScale = schedule.noiseScales();
        return (block, store, x0, random) -> {
            NDManager m = x0.getManager();
            int batch = (int) x0.getShape().get(0);
            if (x0.getShape().get(1) != d) {
                throw new IllegalArgumentException("Expected windows of " + d + " values, got "
                        + x0.getShape().get(1));
            }
            float[] maskRows = new float[batch * d];
            float[] a = new float[batch];
            float[] s = new float[batch];
            float[] t = new float[batch];
            double masked = 0;
            for (int i = 0; i < batch; i++) {
                float[] mask = masks[random.nextInt(2)];
                System.arraycopy(mask, 0, maskRows, i * d, d);
                for (float v : mask) {
                    masked += v;
                }
                int step = random.nextInt(timesteps);
                a[i] = signal[step];
                s[i] = noiseScale[step];
                t[i] = step;
            }
            NDArray mask = m.create(maskRows, new Shape(batch, d));
            NDArray observed = mask.neg().add(1f);
            NDArray noise = m.randomNormal(x0.getShape());
            NDArray xt = x0.mul(m.create(a, new Shape(batch, 1))).add(noise.mul(m.create(s, new Shape(batch, 1))));
            NDArray input = NDArrays.concat(new NDList(x0.mul(observed), xt.mul(mask)), 1);
            NDArray predicted = block.forward(store, new NDList(input, m.create(t)), true)
                    .singletonOrThrow()
                    .get(new NDIndex(":, 0:" + d));
            // The network predicts the clean hidden values; divided by an array, not a Java number (see
            // DiffusionObjective).
            return predicted.sub(x0).mul(mask).square().sum().div(m.create((float) masked));
        };
    }

    /**
     * {@link #objective} in stacked form, for a grouped training ({@link GroupedDenoiser}): member a draws a grating
     * and a timestep for each of its real rows from its own generator, in the plain objective's order; its loss is
     * the noise prediction's squared error averaged over its real rows' masked elements.
     *
     * @param schedule the noise schedule; its T is the range of the sampled timesteps.
     * @return the grouped objective.
     */
    public GroupedObjective groupedObjective(NoiseSchedule schedule) {
        int timesteps = schedule.timesteps();
        int d = width();
        float[][] masks = masks();
        float[] signal = schedule.signalScales();
        float[] noiseScale = schedule.noiseScales();
        return (network, x0, randoms, rows) -> {
            NDManager m = x0.getManager();
            int members = network.members();
            int batch = GroupedObjective.windowBatch(x0, d);
            float[] maskRows = new float[members * batch * d];
            float[] a = new float[members * batch];
            float[] s = new float[members * batch];
            float[] t = new float[members * batch];
            float[] masked = new float[members];
            for (int k = 0; k < members; k++) {
                Random random = randoms.get(k);
                double count = 0;
                for (int i = 0; i < rows[k]; i++) {
                    float[] mask = masks[random.nextInt(2)];
                    System.arraycopy(mask, 0, maskRows, (k * batch + i) * d, d);
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
            // Padding rows mask nothing: they enter no loss.
            NDArray mask = m.create(maskRows, new Shape(members, batch, d));
            NDArray observed = mask.neg().add(1f);
            NDArray noise = m.randomNormal(x0.getShape());
            NDArray xt = x0.mul(m.create(a, new Shape(members, batch, 1)))
                    .add(noise.mul(m.create(s, new Shape(members, batch, 1))));
            NDArray input = NDArrays.concat(new NDList(x0.mul(observed), xt.mul(mask)), 2);
            NDArray predicted = network.forward(input, t, rows).get(new NDIndex(":, :, 0:" + d));
            return predicted.sub(x0).mul(mask).square().sum(new int[] {1, 2}).div(m.create(masked, new Shape(members)));
        };
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
