package org.dmad.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.dmad.engine.DDPMScoring;

/**
 * The settings of the reverse chain that scores with a trained denoiser ({@link DDPMScoring}), declared once for the
 * detectors that push their input back through it: {@link DDPMTrainer} (rows) and {@link SeriesDDPMTrainer}
 * (windows). Each setting is one {@code @Config} field here, with its description and default, checked once in
 * {@link #postConfig()} and set by the builders through {@link ReverseChainSettings}. The one default the detectors
 * do not share, {@code start}, is given by the detector's constructor.
 */
public abstract class ReverseChainTrainer extends DenoiserTrainer {

    @Config(
            description = "Reverse sampler used for scoring: ddpm (the full chain, t_r steps) or ddim (ddimSteps "
                    + "deterministic steps).")
    @ConfigValues(DDPMScoring.Sampler.class)
    private String sampler = "ddpm";

    @Config(
            description =
                    "Reconstruction time t_r in [1, timesteps]: the chain runs from t_r - 1 down to 0 (a noised start "
                            + "noises to t_r - 1).")
    private int reconstructionTime = DDPMScoring.DEFAULT_RECONSTRUCTION_TIME;

    @Config(
            description = "Where the chain starts: input (the row or window itself; DDPMTrainer's default, the "
                    + "paper's figures), noised (AnoDDPM, fixed-seed noise at t_r; SeriesDDPMTrainer's default, and "
                    + "the only start of its imputation mode) or inversion (ddim only: the deterministic DDIM "
                    + "inversion of the input).")
    @ConfigValues(DDPMScoring.Start.class)
    private String start;

    @Config(description = "ddpm only: add sqrt(betaTilde_t) z at every step t > 0 (fixed-seed noise).")
    private boolean stochastic = false;

    @Config(
            description = "Score each feature's summed squared change along the path instead of its final error "
                    + "(reconstruction only, not SeriesDDPMTrainer's imputation mode).")
    private boolean fullPath = false;

    @Config(description = "ddim only: network evaluations from t_r - 1 down to 0, in [1, reconstructionTime].")
    private int ddimSteps = DDPMScoring.DEFAULT_DDIM_STEPS;

    @Config(
            description = "ddim only: Song et al.'s eta in [0, 1]; 1 (default) is the noise-free DDPM chain on the "
                    + "strided timesteps, 0 the deterministic DDIM update (the sigma z term is always left out).")
    private double ddimEta = DDPMScoring.DEFAULT_DDIM_ETA;

    /**
     * For OLCUT: every setting at its default.
     *
     * @param defaultStart the detector's default start ({@code input} or {@code noised}).
     */
    protected ReverseChainTrainer(String defaultStart) {
        this.start = defaultStart;
    }

    /**
     * Validates the denoiser's settings and the chain's: each on its own, then the checks between them (the DDIM
     * steps within t_r, inversion with DDIM only, noise along a DDPM chain only).
     */
    @Override
    public void postConfig() {
        super.postConfig();
        DDPMScoring.Sampler s = SettingCheck.oneOf("sampler", sampler, DDPMScoring.Sampler.class);
        SettingCheck.inRange(
                "reconstructionTime", reconstructionTime, 1, getTimesteps(), "[1, timesteps = " + getTimesteps() + "]");
        DDPMScoring.Start st = SettingCheck.oneOf("start", start, DDPMScoring.Start.class);
        if (s == DDPMScoring.Sampler.DDIM) {
            SettingCheck.inRange(
                    "ddimSteps",
                    ddimSteps,
                    1,
                    reconstructionTime,
                    "[1, reconstructionTime = " + reconstructionTime + "] (sampler ddim)");
        } else {
            SettingCheck.atLeast("ddimSteps", ddimSteps, 1);
        }
        SettingCheck.unitInterval("ddimEta", ddimEta);
        SettingCheck.require(
                st != DDPMScoring.Start.INVERSION || s == DDPMScoring.Sampler.DDIM,
                "start",
                "start inversion needs the ddim sampler, got sampler ddpm");
        SettingCheck.require(
                !stochastic || s == DDPMScoring.Sampler.DDPM,
                "stochastic",
                "stochastic applies to the ddpm sampler only (DDIM is deterministic), got sampler ddim");
    }

    /**
     * The reverse chain these settings describe.
     *
     * @param seed the noise seed.
     * @return the chain.
     */
    DDPMScoring chain(long seed) {
        return new DDPMScoring(
                DDPMScoring.Sampler.parse(sampler),
                reconstructionTime,
                DDPMScoring.Start.parse(start),
                stochastic,
                fullPath,
                ddimSteps,
                ddimEta,
                seed);
    }

    /** @return the sampler setting. */
    String sampler() {
        return sampler;
    }

    /** @return the start setting. */
    String start() {
        return start;
    }

    /** @return the fullPath setting. */
    boolean fullPath() {
        return fullPath;
    }

    /**
     * The builder methods of the reverse chain's settings, with the denoiser's, shared by the builders of
     * {@link DDPMTrainer} and {@link SeriesDDPMTrainer}.
     *
     * @param <T> the trainer.
     * @param <B> the concrete builder.
     */
    public interface ReverseChainSettings<T extends ReverseChainTrainer, B> extends DenoiserSettings<T, B> {

        /**
         * @param sampler ddpm or ddim.
         * @return this builder.
         */
        default B sampler(String sampler) {
            return assign((ReverseChainTrainer t) -> t.sampler = sampler);
        }

        /**
         * @param reconstructionTime t_r.
         * @return this builder.
         */
        default B reconstructionTime(int reconstructionTime) {
            return assign((ReverseChainTrainer t) -> t.reconstructionTime = reconstructionTime);
        }

        /**
         * @param start input, noised or inversion.
         * @return this builder.
         */
        default B start(String start) {
            return assign((ReverseChainTrainer t) -> t.start = start);
        }

        /**
         * @param stochastic add noise along a DDPM chain.
         * @return this builder.
         */
        default B stochastic(boolean stochastic) {
            return assign((ReverseChainTrainer t) -> t.stochastic = stochastic);
        }

        /**
         * @param fullPath score the path error instead of the final error.
         * @return this builder.
         */
        default B fullPath(boolean fullPath) {
            return assign((ReverseChainTrainer t) -> t.fullPath = fullPath);
        }

        /**
         * @param ddimSteps DDIM network evaluations.
         * @return this builder.
         */
        default B ddimSteps(int ddimSteps) {
            return assign((ReverseChainTrainer t) -> t.ddimSteps = ddimSteps);
        }

        /**
         * @param ddimEta DDIM's eta in [0, 1].
         * @return this builder.
         */
        default B ddimEta(double ddimEta) {
            return assign((ReverseChainTrainer t) -> t.ddimEta = ddimEta);
        }
    }
}
