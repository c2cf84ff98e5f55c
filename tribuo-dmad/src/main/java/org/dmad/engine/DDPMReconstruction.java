package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Random;

/**
 * Reconstruction-based anomaly scores from a trained denoiser: a row is pushed through a reverse diffusion chain
 * and compared with what comes out. Normal rows lie where the denoiser has learned to go, so they change little;
 * anomalies are pulled towards the normal data and change a lot.
 * <ul>
 *     <li>DDPM (Ho et al., "Denoising Diffusion Probabilistic Models", NeurIPS 2020; for anomaly detection Wyatt
 *     et al., "AnoDDPM", CVPR Workshops 2022; tabular settings of Livernoche et al., ICLR 2024): for t = t_r - 1
 *     down to 0, x &lt;- (x - beta_t / sqrt(sigma2_t) eps_theta(x, t)) / sqrt(alpha_t) [+ sqrt(betaTilde_t) z].</li>
 *     <li>DDIM (Song et al., "Denoising Diffusion Implicit Models", ICLR 2021): on a descending subsequence
 *     tau_1 &gt; ... &gt; tau_S = 0, x0Hat = (x - sqrt(sigma2_tau) eps) / sqrt(abar_tau) and
 *     x &lt;- sqrt(abar_next) x0Hat + sqrt(1 - abar_next) eps (x0Hat itself after tau_S).</li>
 * </ul>
 * The score is the mean over features of (x - xHat)^2 for the final reconstruction xHat, or with {@code fullPath}
 * the sum over steps of the mean squared change (the first change measured from x itself, as the reference does).
 * Both are means over features of per-feature values, which {@link #featureErrors} returns and which explain a
 * score feature by feature.
 * <p>
 * Noise (a noised start, the stochastic chain) comes from a {@link Random} seeded with the scoring seed, drawn on the
 * host once per batch, never from the engine's global generator, so scoring is deterministic, needs no lock and runs
 * concurrently with a training. The same noise vector is used for every row of a batch (common random numbers):
 * each row still sees standard normal noise, and its score does not depend on which other rows share its batch.
 * Every step runs in its own sub-manager, so memory stays flat over hundreds of steps.
 */
public final class DDPMReconstruction {

    private DDPMReconstruction() {}

    /** One update of the chain: the next state from the current one, inside the step's manager. */
    @FunctionalInterface
    private interface Update {
        NDArray apply(NDArray current, NDManager step, int index);
    }

    /**
     * Per-feature reconstruction errors of a batch, shape (batch, d); their mean over features is the score.
     *
     * @param schedule the noise schedule the denoiser was trained with.
     * @param scoring  the scoring settings.
     * @return the function, for {@link BatchScorer#scoreRows}.
     */
    public static BatchScorer.ScoreFunction featureErrors(NoiseSchedule schedule, DDPMScoring scoring) {
        if (scoring.reconstructionTime() > schedule.timesteps()) {
            throw new IllegalArgumentException("reconstructionTime " + scoring.reconstructionTime()
                    + " exceeds the denoiser's " + schedule.timesteps() + " timesteps");
        }
        return (block, store, x) -> reconstructionErrors(block, store, x, schedule, scoring);
    }

    /**
     * Scores: the mean over features of {@link #featureErrors}.
     *
     * @param schedule the noise schedule.
     * @param scoring  the scoring settings.
     * @return the function, for {@link BatchScorer#score}.
     */
    public static BatchScorer.ScoreFunction score(NoiseSchedule schedule, DDPMScoring scoring) {
        BatchScorer.ScoreFunction errors = featureErrors(schedule, scoring);
        return (block, store, x) -> errors.score(block, store, x).mean(new int[] {1});
    }

    private static NDArray reconstructionErrors(
            Block block, ParameterStore store, NDArray x, NoiseSchedule s, DDPMScoring scoring) {
        int d = (int) x.getShape().get(1);
        Random random = new Random(scoring.seed());
        int top = scoring.reconstructionTime() - 1;
        NDArray current = x.duplicate();
        if (scoring.start() == DDPMScoring.Start.NOISED) {
            try (NDArray eps = x.getManager().create(gaussian(random, d), new Shape(1, d))) {
                current.muli((float) Math.sqrt(s.alphaBar(top))).addi(eps.muli((float) Math.sqrt(s.sigma2(top))));
            }
        }
        NDArray path = scoring.fullPath() ? x.getManager().zeros(x.getShape()) : null;
        NDArray last;
        if (scoring.sampler() == DDPMScoring.Sampler.DDPM) {
            float[][] noise = new float[top + 1][];
            for (int t = top; t > 0 && scoring.stochastic(); t--) {
                noise[t] = gaussian(random, d);
            }
            last = run(
                    x,
                    current,
                    top + 1,
                    path,
                    (cur, m, i) -> ddpmStep(block, store, s, cur, m, top - i, noise[top - i]));
        } else {
            int[] tau = scoring.ddimTimesteps();
            int n = tau.length;
            if (scoring.start() == DDPMScoring.Start.INVERSION) {
                current = run(
                        x,
                        current,
                        n - 1,
                        null,
                        (cur, m, i) -> ddimMove(block, store, s, cur, m, tau[n - 1 - i], tau[n - 2 - i], 0));
            }
            last = run(
                    x,
                    current,
                    n,
                    path,
                    (cur, m, i) ->
                            ddimMove(block, store, s, cur, m, tau[i], i + 1 < n ? tau[i + 1] : -1, scoring.ddimEta()));
        }
        if (path != null) {
            last.close();
            return path;
        }
        NDArray error = x.sub(last).square();
        last.close();
        return error;
    }

    /**
     * Runs a chain of updates, each in its own sub-manager of the batch's manager.
     *
     * @param x      the batch (the reference point of the first change on the path).
     * @param start  the first state, owned by the batch's manager; consumed.
     * @param steps  the number of updates.
     * @param path   null, or an accumulator of squared changes per feature, updated in place.
     * @param update the update.
     * @return the last state, owned by the batch's manager.
     */
    private static NDArray run(NDArray x, NDArray start, int steps, NDArray path, Update update) {
        NDManager batch = x.getManager();
        NDArray current = start;
        for (int i = 0; i < steps; i++) {
            try (NDManager step = batch.newSubManager()) {
                current.attach(step);
                NDArray next = update.apply(current, step, i);
                if (path != null) {
                    path.addi(next.sub(i == 0 ? x : current).square());
                }
                next.attach(batch);
                current = next;
            }
        }
        return current;
    }

    private static NDArray epsilon(Block block, ParameterStore store, NDArray current, NDManager step, int t) {
        return block.forward(store, new NDList(current, step.create(new float[] {t})), false)
                .singletonOrThrow();
    }

    /** A noise-free (z = null) or stochastic DDPM reverse step from t; shared with {@link SeriesImputation}. */
    static NDArray ddpmStep(
            Block block, ParameterStore store, NoiseSchedule s, NDArray current, NDManager step, int t, float[] z) {
        NDArray eps = epsilon(block, store, current, step, t);
        NDArray next = current.sub(eps.mul((float) (s.beta(t) / Math.sqrt(s.sigma2(t)))))
                .div((float) Math.sqrt(s.alpha(t)));
        if (z != null) {
            double betaTilde = s.beta(t) * s.sigma2(t - 1) / s.sigma2(t);
            next = next.add(step.create(z, new Shape(1, z.length)).mul((float) Math.sqrt(betaTilde)));
        }
        return next;
    }

    /**
     * A DDIM move from timestep {@code from} to {@code to}; to = -1 is the clean data (abar = 1). With eta &gt; 0 the
     * eps term keeps only the share that DDIM's sigma leaves it, and the sigma z term is omitted. Shared with
     * {@link SeriesImputation}.
     */
    static NDArray ddimMove(
            Block block,
            ParameterStore store,
            NoiseSchedule s,
            NDArray current,
            NDManager step,
            int from,
            int to,
            double eta) {
        NDArray eps = epsilon(block, store, current, step, from);
        NDArray x0 = current.sub(eps.mul((float) Math.sqrt(s.sigma2(from)))).div((float) Math.sqrt(s.alphaBar(from)));
        if (to < 0) {
            return x0;
        }
        double abarTo = s.alphaBar(to);
        double abarFrom = s.alphaBar(from);
        // Song et al. (2021), eq. 16, with the inversion's upward moves (abarTo < abarFrom) never shrunk.
        double sigma2 = abarTo > abarFrom ? eta * eta * (1 - abarTo) / (1 - abarFrom) * (1 - abarFrom / abarTo) : 0;
        return x0.mul((float) Math.sqrt(abarTo)).add(eps.mul((float) Math.sqrt(1 - abarTo - sigma2)));
    }

    /**
     * Standard normal values from a seeded generator.
     *
     * @param random the generator.
     * @param n      how many.
     * @return the values.
     */
    static float[] gaussian(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }
}
