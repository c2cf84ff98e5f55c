package org.dmad.engine;

import java.io.Serializable;
import java.util.Locale;

/**
 * A discrete diffusion noise schedule: beta_t for t = 0..T-1 and the quantities derived from it,
 * alpha_t = 1 - beta_t, abar_t = prod_{s<=t} alpha_s and sigma2_t = 1 - abar_t.
 * <p>
 * Values are computed in double precision once and are immutable.
 */
public final class NoiseSchedule implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The schedule families dmad offers. */
    public enum Type {
        /** beta_t linear from 1e-4 to 1e-2 (the default of every dmad detector). */
        LINEAR,
        /** The cosine schedule of Nichol and Dhariwal (2021), betas clipped at 0.999. */
        COSINE;

        /**
         * Parses a schedule name, ignoring case.
         *
         * @param name "linear" or "cosine".
         * @return the type.
         * @throws IllegalArgumentException for any other name, listing the valid ones.
         */
        public static Type parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Unknown noise schedule '" + name + "': use linear or cosine");
            }
        }
    }

    /** First beta of the linear schedule. */
    public static final double LINEAR_BETA_START = 1e-4;
    /** Last beta of the linear schedule. */
    public static final double LINEAR_BETA_END = 1e-2;

    private final Type type;
    private final double[] beta;
    private final double[] alphaBar;

    private NoiseSchedule(Type type, double[] beta) {
        this.type = type;
        this.beta = beta;
        this.alphaBar = new double[beta.length];
        double prod = 1.0;
        for (int t = 0; t < beta.length; t++) {
            prod *= 1.0 - beta[t];
            alphaBar[t] = prod;
        }
    }

    /**
     * Creates a schedule of the given type.
     *
     * @param type      the family.
     * @param timesteps T, at least 1.
     * @return the schedule.
     */
    public static NoiseSchedule of(Type type, int timesteps) {
        return type == Type.LINEAR ? linear(timesteps, LINEAR_BETA_START, LINEAR_BETA_END) : cosine(timesteps);
    }

    /**
     * A linear schedule, as numpy's {@code linspace(betaStart, betaEnd, T)}.
     *
     * @param timesteps T, at least 1.
     * @param betaStart beta_0.
     * @param betaEnd   beta_{T-1}.
     * @return the schedule.
     */
    public static NoiseSchedule linear(int timesteps, double betaStart, double betaEnd) {
        checkTimesteps(timesteps);
        double[] beta = new double[timesteps];
        for (int t = 0; t < timesteps; t++) {
            beta[t] = timesteps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * t / (timesteps - 1);
        }
        return new NoiseSchedule(Type.LINEAR, beta);
    }

    /**
     * The cosine schedule (Nichol and Dhariwal, "Improved Denoising Diffusion Probabilistic Models", 2021) with
     * offset s = 0.008.
     *
     * @param timesteps T, at least 1.
     * @return the schedule.
     */
    public static NoiseSchedule cosine(int timesteps) {
        checkTimesteps(timesteps);
        double s = 0.008;
        double[] beta = new double[timesteps];
        for (int t = 0; t < timesteps; t++) {
            double f0 = Math.pow(Math.cos(((double) t / timesteps + s) / (1 + s) * Math.PI / 2), 2);
            double f1 = Math.pow(Math.cos(((double) (t + 1) / timesteps + s) / (1 + s) * Math.PI / 2), 2);
            beta[t] = Math.min(1.0 - f1 / f0, 0.999);
        }
        return new NoiseSchedule(Type.COSINE, beta);
    }

    private static void checkTimesteps(int timesteps) {
        if (timesteps < 1) {
            throw new IllegalArgumentException("timesteps must be at least 1, got " + timesteps);
        }
    }

    /** @return the schedule family. */
    public Type type() {
        return type;
    }

    /** @return T, the number of timesteps. */
    public int timesteps() {
        return beta.length;
    }

    /**
     * @param t a timestep in 0..T-1.
     * @return beta_t.
     */
    public double beta(int t) {
        return beta[t];
    }

    /**
     * @param t a timestep in 0..T-1.
     * @return alpha_t = 1 - beta_t.
     */
    public double alpha(int t) {
        return 1.0 - beta[t];
    }

    /**
     * @param t a timestep in 0..T-1.
     * @return abar_t, the product of alpha_s for s &lt;= t.
     */
    public double alphaBar(int t) {
        return alphaBar[t];
    }

    /**
     * @param t a timestep in 0..T-1.
     * @return sigma2_t = 1 - abar_t, the variance of the noise added by time t.
     */
    public double sigma2(int t) {
        return 1.0 - alphaBar[t];
    }

    /** @return sqrt(abar_t) as floats, t in 0..T-1: the signal scale of x_t, as the training objectives use it. */
    public float[] signalScales() {
        float[] out = new float[alphaBar.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = (float) Math.sqrt(alphaBar(t));
        }
        return out;
    }

    /** @return sqrt(sigma2_t) as floats, t in 0..T-1: the noise scale of x_t, as the training objectives use it. */
    public float[] noiseScales() {
        float[] out = new float[alphaBar.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = (float) Math.sqrt(sigma2(t));
        }
        return out;
    }
}
