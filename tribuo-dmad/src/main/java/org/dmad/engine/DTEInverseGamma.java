package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * Diffusion Time Estimation with an inverse-gamma posterior of the noise variance (DTE-IG), from Livernoche et al.,
 * "On Diffusion Modeling for Anomaly Detection", ICLR 2024.
 * <p>
 * Under the variance-exploding process x_t = x_0 + sqrt(sigma2_t) * eps, the posterior of sigma2_t given x_t is
 * inverse-gamma with shape d/2 - 1 and a scale that depends on the distance of x_t to the data. An MLP predicts one
 * value s per row, betaHat = s^2 plays the scale, and the loss is the negative inverse-gamma log-likelihood of the
 * true sigma2_t (up to terms that do not depend on the network):
 * {@code -mean[(d/2 - 1) * log(betaHat + 1e-5) - betaHat / sigma2_t]}. A clean test row far from the normal data
 * gets a large betaHat, which is its anomaly score.
 * <p>
 * The shape d/2 - 1 must be positive, so DTE-IG needs at least 3 features.
 */
public final class DTEInverseGamma {

    /** Added to betaHat inside the logarithm, as in the reference implementation. */
    public static final double LOG_EPSILON = 1e-5;

    private DTEInverseGamma() {}

    /** How a clean row's network output becomes its anomaly score. */
    public enum Score {
        /**
         * betaHat = s^2, the quantity the loss trains (dmad's default). It is invariant to the sign of s, which the
         * loss cannot see.
         */
        BETA_HAT("betaHat"),
        /**
         * The raw network output s, as the reference implementation scores. Because the loss only sees s^2, a
         * training may settle on a negative s and invert the ranking (docs/ALGORITHMS.md gives a measured case).
         */
        RAW("raw");

        private final String configName;

        Score(String configName) {
            this.configName = configName;
        }

        /** @return the name used in configuration: {@code betaHat} or {@code raw}. */
        public String configName() {
            return configName;
        }

        /**
         * Parses a configuration name, ignoring case.
         *
         * @param name {@code betaHat} or {@code raw}.
         * @return the variant.
         * @throws IllegalArgumentException for any other name, listing the valid ones.
         */
        public static Score parse(String name) {
            return ConfigNames.parse(Score.class, Score::configName, name, "DTE-InverseGamma score");
        }
    }

    /**
     * The inverse-gamma shape d/2 - 1 for d features.
     *
     * @param features d.
     * @return the shape, positive.
     * @throws IllegalArgumentException when d &lt;= 2, where the shape is not positive and the posterior is improper.
     */
    public static double shape(int features) {
        if (features <= 2) {
            throw new IllegalArgumentException("DTE needs at least 3 features: the inverse-gamma shape d/2 - 1 of the "
                    + "noise-variance posterior is " + (features / 2.0 - 1) + " for d = " + features
                    + " and must be positive");
        }
        return features / 2.0 - 1;
    }

    /**
     * The DTE-IG network for d inputs: one output.
     *
     * @param inputs  d.
     * @param hidden  hidden widths (128, 128 in the reference's runs).
     * @param dropout dropout after every hidden activation but the first.
     * @return the architecture.
     */
    public static MLPNetwork network(int inputs, List<Integer> hidden, double dropout) {
        return new MLPNetwork(inputs, hidden, 1, dropout);
    }

    /**
     * The training loss: one uniform timestep per row, variance-exploding noise, the negative inverse-gamma
     * log-likelihood of sigma2_t with scale betaHat = s^2.
     *
     * @param schedule the noise schedule (its T is the number of timesteps).
     * @param features d, at least 3.
     * @return the objective.
     * @throws IllegalArgumentException when d &lt;= 2.
     */
    public static DiffusionObjective objective(NoiseSchedule schedule, int features) {
        float inverseGammaShape = (float) shape(features);
        int timesteps = schedule.timesteps();
        float[] noiseScale = new float[timesteps];
        float[] variance = new float[timesteps];
        // The shape and the log's epsilon once per row, so that the step creates no array from host memory (an upload
        // that waits for a GPU's queued work; DJL makes a number operand one): the result is the same as with 0-d
        // arrays.
        float[] shape = new float[timesteps];
        float[] epsilon = new float[timesteps];
        for (int t = 0; t < timesteps; t++) {
            noiseScale[t] = (float) Math.sqrt(schedule.sigma2(t));
            variance[t] = (float) schedule.sigma2(t);
            shape[t] = inverseGammaShape;
            epsilon[t] = (float) LOG_EPSILON;
        }
        /** Per row: the noise scale sqrt(sigma2_t), the variance sigma2_t, the inverse-gamma shape and the epsilon. */
        final class Plain extends TimestepDraws implements StagedObjective {
            Plain() {
                super(timesteps, false, noiseScale, variance, shape, epsilon);
            }

            @Override
            public NDArray loss(Block block, ParameterStore store, NDArray x0, NDArray drawn) {
                int batch = (int) x0.getShape().get(0);
                NDArray xt = DTECategorical.varianceExploding(x0, drawn);
                NDArray s = block.forward(store, new NDList(xt), true)
                        .singletonOrThrow()
                        .reshape(batch);
                NDArray betaHat = s.square();
                // The shape and variances as arrays, not mul(Number): DJL closes the 0-d array it makes of a number
                // right away, while autograd keeps it for the backward pass (see DenoiserBlock#silu).
                NDArray logLikelihood = betaHat.add(drawn.get(":, 3"))
                        .log()
                        .mul(drawn.get(":, 2"))
                        .sub(betaHat.div(drawn.get(":, 1")));
                return logLikelihood.mean().neg();
            }
        }
        return new Plain();
    }

    /**
     * The anomaly score of clean rows.
     *
     * @param score betaHat (s^2) or the raw output s.
     * @return the score function.
     */
    public static BatchScorer.ScoreFunction score(Score score) {
        return (block, store, x) -> {
            NDArray s = block.forward(store, new NDList(x), false)
                    .singletonOrThrow()
                    .reshape(-1);
            return score == Score.BETA_HAT ? s.square() : s;
        };
    }
}
