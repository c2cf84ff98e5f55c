package org.dmad.tribuo;

import org.dmad.engine.DDPMScoring;

/**
 * The scoring settings shared by the builders of the DDPM reconstruction detectors ({@link DDPMTrainer} for rows,
 * {@link SeriesDDPMTrainer} for time-series windows): sampler, reconstruction time, start, stochastic chain, path
 * error, DDIM steps and eta. The meaning of each is documented on the trainers' {@code @Config} fields.
 *
 * @param <B> the concrete builder.
 */
public abstract class ReconstructionBuilder<B extends ReconstructionBuilder<B>> extends DenoiserTrainer.Builder<B> {
    String sampler = "ddpm";
    int reconstructionTime = DDPMScoring.DEFAULT_RECONSTRUCTION_TIME;
    String start;
    boolean stochastic = false;
    boolean fullPath = false;
    int ddimSteps = DDPMScoring.DEFAULT_DDIM_STEPS;
    double ddimEta = DDPMScoring.DEFAULT_DDIM_ETA;

    /**
     * @param start the detector's default start of the reverse chain.
     */
    ReconstructionBuilder(String start) {
        this.start = start;
    }

    /**
     * @param sampler ddpm or ddim.
     * @return this builder.
     */
    public B sampler(String sampler) {
        this.sampler = sampler;
        return self();
    }

    /**
     * @param reconstructionTime t_r.
     * @return this builder.
     */
    public B reconstructionTime(int reconstructionTime) {
        this.reconstructionTime = reconstructionTime;
        return self();
    }

    /**
     * @param start input, noised or inversion (the series imputation mode needs noised).
     * @return this builder.
     */
    public B start(String start) {
        this.start = start;
        return self();
    }

    /**
     * @param stochastic add noise along a DDPM chain.
     * @return this builder.
     */
    public B stochastic(boolean stochastic) {
        this.stochastic = stochastic;
        return self();
    }

    /**
     * @param fullPath score the path error instead of the final error.
     * @return this builder.
     */
    public B fullPath(boolean fullPath) {
        this.fullPath = fullPath;
        return self();
    }

    /**
     * @param ddimSteps DDIM network evaluations.
     * @return this builder.
     */
    public B ddimSteps(int ddimSteps) {
        this.ddimSteps = ddimSteps;
        return self();
    }

    /**
     * @param ddimEta DDIM's eta in [0, 1].
     * @return this builder.
     */
    public B ddimEta(double ddimEta) {
        this.ddimEta = ddimEta;
        return self();
    }
}
