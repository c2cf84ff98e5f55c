package org.dmad.engine;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a trained denoiser turns a row into a reconstruction-based anomaly score: the sampler (the full DDPM reverse
 * chain or DDIM's few deterministic steps), where the chain starts, whether noise is added along the chain, and how
 * the reconstruction error is reduced. Immutable; {@code with*} methods return modified copies.
 * <p>
 * Defaults ({@link #paper(long)}) are those behind the DTE paper's DDPM figures (Livernoche et al., ICLR 2024):
 * reconstruction time 250, the chain starts from the row itself (not noised), no noise is added along the chain,
 * score = mean squared error of the final reconstruction.
 *
 * @param sampler            DDPM or DDIM.
 * @param reconstructionTime t_r: the chain runs from t_r - 1 down to 0 (250).
 * @param start              where the chain starts.
 * @param stochastic         DDPM only: add sqrt(betaTilde_t) z at every t &gt; 0 (Ho et al.'s sampler; the paper's
 *                           figures come from the noise-free chain).
 * @param fullPath           score the sum over steps of the mean squared change instead of the final error.
 * @param ddimSteps          DDIM only: network evaluations from t_r - 1 down to 0 (20); at most t_r.
 * @param ddimEta            DDIM only: Song et al.'s eta in [0, 1]. 0 is the DDIM update; eta &gt; 0 shrinks the
 *                           eps term to sqrt(1 - abar_next - sigma^2) with
 *                           sigma^2 = eta^2 (1 - abar_next) / (1 - abar) (1 - abar / abar_next), whose noise term is
 *                           left out (as the default DDPM chain leaves out its noise): eta = 1 is the noise-free DDPM
 *                           chain on the strided timesteps (the default, see {@link #DEFAULT_DDIM_ETA}).
 * @param seed               seed of the fixed noise of a noised start and of the stochastic chain.
 */
public record DDPMScoring(
        Sampler sampler,
        int reconstructionTime,
        Start start,
        boolean stochastic,
        boolean fullPath,
        int ddimSteps,
        double ddimEta,
        long seed)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The paper's reconstruction time. */
    public static final int DEFAULT_RECONSTRUCTION_TIME = 250;
    /** The default number of DDIM steps. */
    public static final int DEFAULT_DDIM_STEPS = 20;
    /**
     * The default DDIM eta: 1, the noise-free DDPM chain on the strided timesteps, which keeps the 250-step DDPM
     * chain's accuracy at a fraction of its cost; eta = 0, the DDIM update as docs/ALGORITHMS.md writes it, scores
     * lower, because the deterministic DDIM path is a different map from the DDPM posterior-mean chain whose
     * reconstruction error the paper measured (docs/ALGORITHMS.md, "Where dmad differs", gives the measurements).
     */
    public static final double DEFAULT_DDIM_ETA = 1.0;

    /** The reverse process. */
    public enum Sampler {
        /** Ho et al.'s ancestral chain, one network evaluation per timestep (t_r of them). */
        DDPM,
        /** Song et al.'s deterministic DDIM update on a subsequence of {@code ddimSteps} timesteps. */
        DDIM;

        /**
         * @param name ddpm or ddim, any case.
         * @return the sampler.
         * @throws IllegalArgumentException for any other name.
         */
        public static Sampler parse(String name) {
            return DDPMScoring.parse(Sampler.class, name, "ddpm or ddim");
        }
    }

    /** Where the reverse chain starts. */
    public enum Start {
        /** The row itself, taken as x_{t_r} (the DTE paper's reference implementation). */
        INPUT,
        /** sqrt(abar) x + sqrt(1 - abar) eps at t_r - 1 with fixed-seed noise (AnoDDPM, Wyatt et al. 2022). */
        NOISED,
        /** DDIM only: the deterministic DDIM inversion of the row up to t_r - 1 (Song et al. 2021). */
        INVERSION;

        /**
         * @param name input, noised or inversion, any case.
         * @return the start.
         * @throws IllegalArgumentException for any other name.
         */
        public static Start parse(String name) {
            return DDPMScoring.parse(Start.class, name, "input, noised or inversion");
        }
    }

    /**
     * Validates the combination.
     *
     * @param sampler            the sampler.
     * @param reconstructionTime t_r, at least 1.
     * @param start              the start.
     * @param stochastic         noise along a DDPM chain.
     * @param fullPath           path error instead of final error.
     * @param ddimSteps          DDIM evaluations, in [1, t_r].
     * @param ddimEta            DDIM's eta, in [0, 1].
     * @param seed               the noise seed.
     */
    public DDPMScoring {
        if (sampler == null || start == null) {
            throw new IllegalArgumentException("sampler and start must be set");
        }
        if (reconstructionTime < 1) {
            throw new IllegalArgumentException("reconstructionTime must be at least 1, got " + reconstructionTime);
        }
        if (ddimSteps < 1 || (sampler == Sampler.DDIM && ddimSteps > reconstructionTime)) {
            throw new IllegalArgumentException(
                    "ddimSteps must be in [1, reconstructionTime = " + reconstructionTime + "], got " + ddimSteps);
        }
        if (!(ddimEta >= 0 && ddimEta <= 1)) {
            throw new IllegalArgumentException("ddimEta must be in [0, 1], got " + ddimEta);
        }
        if (start == Start.INVERSION && sampler != Sampler.DDIM) {
            throw new IllegalArgumentException("start inversion needs the ddim sampler");
        }
        if (stochastic && sampler != Sampler.DDPM) {
            throw new IllegalArgumentException("stochastic applies to the ddpm sampler only (DDIM is deterministic)");
        }
    }

    /**
     * The paper's DDPM scoring.
     *
     * @param seed the noise seed (unused unless a noised start or the stochastic chain is chosen).
     * @return the scoring.
     */
    public static DDPMScoring paper(long seed) {
        return new DDPMScoring(
                Sampler.DDPM,
                DEFAULT_RECONSTRUCTION_TIME,
                Start.INPUT,
                false,
                false,
                DEFAULT_DDIM_STEPS,
                DEFAULT_DDIM_ETA,
                seed);
    }

    /**
     * DDIM with the given steps, otherwise as this scoring (a stochastic chain becomes deterministic).
     *
     * @param steps the number of DDIM steps.
     * @return the copy.
     */
    public DDPMScoring withDDIM(int steps) {
        return new DDPMScoring(Sampler.DDIM, reconstructionTime, start, false, fullPath, steps, ddimEta, seed);
    }

    /**
     * The same scoring from another start.
     *
     * @param newStart the start.
     * @return the copy.
     */
    public DDPMScoring withStart(Start newStart) {
        return new DDPMScoring(sampler, reconstructionTime, newStart, stochastic, fullPath, ddimSteps, ddimEta, seed);
    }

    /**
     * The same scoring with another DDIM eta.
     *
     * @param eta in [0, 1].
     * @return the copy.
     */
    public DDPMScoring withEta(double eta) {
        return new DDPMScoring(sampler, reconstructionTime, start, stochastic, fullPath, ddimSteps, eta, seed);
    }

    /**
     * Network evaluations per scored batch.
     *
     * @return t_r for DDPM; the steps (twice, less one, with inversion) for DDIM.
     */
    public int networkEvaluations() {
        if (sampler == Sampler.DDPM) {
            return reconstructionTime;
        }
        return start == Start.INVERSION ? 2 * ddimSteps - 1 : ddimSteps;
    }

    /**
     * The DDIM timesteps, descending from t_r - 1 to 0: {@code ddimSteps} distinct values as evenly spaced as
     * integers allow.
     *
     * @return the timesteps.
     */
    public int[] ddimTimesteps() {
        int[] out = new int[ddimSteps];
        for (int k = 0; k < ddimSteps; k++) {
            out[k] = ddimSteps == 1
                    ? reconstructionTime - 1
                    : (int) Math.round((double) (reconstructionTime - 1) * (ddimSteps - 1 - k) / (ddimSteps - 1));
        }
        return out;
    }

    @Override
    public String toString() {
        String s = sampler.name().toLowerCase(Locale.ROOT) + "(t_r=" + reconstructionTime + ",start="
                + start.name().toLowerCase(Locale.ROOT);
        s += sampler == Sampler.DDIM ? ",steps=" + ddimSteps + ",eta=" + ddimEta : ",stochastic=" + stochastic;
        return s + ",fullPath=" + fullPath + ",seed=" + seed + ")";
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String valid) {
        try {
            return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '" + name + "': use " + valid);
        }
    }
}
