package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.Serializable;
import java.util.Locale;
import java.util.Random;

/**
 * Density-based anomaly scores from a trained denoiser. The DDPM training loss is, up to weights, a variational
 * bound on -log p(x) (Ho et al., "Denoising Diffusion Probabilistic Models", NeurIPS 2020), so its value at a test
 * row estimates how unlikely the row is:
 * <ul>
 *     <li>{@link Statistic#LOSS}: the mean over a fixed set of M timesteps and K fixed noise draws of
 *     ||eps_theta(sqrt(abar_t) x + sqrt(sigma2_t) eps, t) - eps||^2;</li>
 *     <li>{@link Statistic#SCORENORM}: ||eps_theta(x, t)|| / sqrt(sigma2_t) at one small t, the norm of the learned
 *     score function -grad log p_t(x) (Song and Ermon, NeurIPS 2019), large where the density is low and steep.</li>
 * </ul>
 * Both are built from per-feature values ({@link #featureErrors}): the squared error per feature, averaged over the
 * draws, whose sum is the LOSS score; and eps_j^2 / sigma2_t, the square root of whose sum is the SCORENORM score.
 * Timesteps are evenly spaced over 0..T-1: t_m = floor((m + 1/2) T / M). The noise comes from a {@link Random}
 * seeded with the settings' seed, once per batch, the same draws for every row, so scores are deterministic and
 * independent of batching, and scoring never touches the engine's generator or the training lock.
 */
public final class DenoisingLikelihood {

    private DenoisingLikelihood() {}

    /** The statistic a row is scored with. */
    public enum Statistic {
        /** The denoising loss at fixed timesteps and noise draws. */
        LOSS,
        /** The norm of the estimated score function at one small timestep. */
        SCORENORM;

        /**
         * @param name loss or scorenorm, any case.
         * @return the statistic.
         * @throws IllegalArgumentException for any other name.
         */
        public static Statistic parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Unknown statistic '" + name + "': use loss or scorenorm");
            }
        }
    }

    /**
     * The scoring settings.
     *
     * @param statistic     the statistic.
     * @param timesteps     M, the number of timesteps of the LOSS statistic.
     * @param noiseDraws    K, noise draws per timestep of the LOSS statistic.
     * @param scoreNormTime the timestep of the SCORENORM statistic.
     * @param seed          the noise seed.
     */
    public record Settings(Statistic statistic, int timesteps, int noiseDraws, int scoreNormTime, long seed)
            implements Serializable {

        /**
         * Validates the settings.
         *
         * @param statistic     the statistic.
         * @param timesteps     M, at least 1.
         * @param noiseDraws    K, at least 1.
         * @param scoreNormTime a timestep, non-negative.
         * @param seed          the seed.
         */
        public Settings {
            if (statistic == null) {
                throw new IllegalArgumentException("statistic must be set");
            }
            if (timesteps < 1) {
                throw new IllegalArgumentException("scoreTimesteps must be at least 1, got " + timesteps);
            }
            if (noiseDraws < 1) {
                throw new IllegalArgumentException("noiseDraws must be at least 1, got " + noiseDraws);
            }
            if (scoreNormTime < 0) {
                throw new IllegalArgumentException("scoreNormTime must be non-negative, got " + scoreNormTime);
            }
        }

        /**
         * The timesteps of the LOSS statistic.
         *
         * @param total T, the denoiser's timesteps.
         * @return M timesteps, ascending.
         */
        public int[] lossTimesteps(int total) {
            int[] out = new int[timesteps];
            for (int m = 0; m < timesteps; m++) {
                out[m] = (int) Math.floor((m + 0.5) * total / timesteps);
            }
            return out;
        }
    }

    /**
     * Per-feature values of a batch, shape (batch, d) (see the class comment).
     *
     * @param schedule the schedule the denoiser was trained with.
     * @param settings the scoring settings.
     * @return the function, for {@link BatchScorer#scoreRows}.
     * @throws IllegalArgumentException when a timestep is outside the schedule.
     */
    public static BatchScorer.ScoreFunction featureErrors(NoiseSchedule schedule, Settings settings) {
        if (settings.timesteps() > schedule.timesteps() || settings.scoreNormTime() >= schedule.timesteps()) {
            throw new IllegalArgumentException("scoreTimesteps must be at most and scoreNormTime below the "
                    + "denoiser's " + schedule.timesteps() + " timesteps");
        }
        if (settings.statistic() == Statistic.SCORENORM) {
            int t = settings.scoreNormTime();
            float inverseSigma2 = (float) (1.0 / schedule.sigma2(t));
            return (block, store, x) -> block.forward(
                            store, new NDList(x, x.getManager().create(new float[] {t})), false)
                    .singletonOrThrow()
                    .square()
                    .mul(inverseSigma2);
        }
        int[] ts = settings.lossTimesteps(schedule.timesteps());
        return (block, store, x) -> {
            NDManager batch = x.getManager();
            int d = (int) x.getShape().get(1);
            Random random = new Random(settings.seed());
            NDArray sum = batch.zeros(x.getShape());
            for (int t : ts) {
                for (int k = 0; k < settings.noiseDraws(); k++) {
                    try (NDManager step = batch.newSubManager()) {
                        NDArray eps = step.create(DDPMReconstruction.gaussian(random, d), new Shape(1, d));
                        NDArray xt = x.duplicate();
                        xt.attach(step);
                        xt.muli((float) Math.sqrt(schedule.alphaBar(t)))
                                .addi(eps.mul((float) Math.sqrt(schedule.sigma2(t))));
                        NDArray predicted = block.forward(store, new NDList(xt, step.create(new float[] {t})), false)
                                .singletonOrThrow();
                        sum.addi(predicted.sub(eps).square());
                    }
                }
            }
            return sum.divi(ts.length * settings.noiseDraws());
        };
    }

    /**
     * Turns the row sums of per-feature values into scores.
     *
     * @param statistic the statistic.
     * @param rowSums   the sum over features of {@link #featureErrors} per row; modified and returned.
     * @return one score per row: the sum (LOSS) or the square root of the sum (SCORENORM).
     */
    public static double[] scores(Statistic statistic, double[] rowSums) {
        if (statistic == Statistic.SCORENORM) {
            for (int i = 0; i < rowSums.length; i++) {
                rowSums[i] = Math.sqrt(rowSums[i]);
            }
        }
        return rowSums;
    }
}
