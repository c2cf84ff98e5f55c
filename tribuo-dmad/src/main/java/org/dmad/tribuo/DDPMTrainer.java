package org.dmad.tribuo;

import java.util.Locale;
import org.dmad.engine.DDPMScoring;
import org.dmad.engine.Matrix;
import org.dmad.engine.TrainingSettings;

/**
 * Trains a diffusion reconstruction anomaly detector: a DDPM noise-prediction network (Ho et al., "Denoising
 * Diffusion Probabilistic Models", NeurIPS 2020) learns the normal rows; a test row is pushed through the reverse
 * chain and its reconstruction error is its score (AnoDDPM, Wyatt et al., CVPR Workshops 2022; tabular settings of
 * Livernoche et al., "On Diffusion Modeling for Anomaly Detection", ICLR 2024). With {@code sampler = ddim} the same
 * network scores with DDIM's few deterministic steps (Song et al., "Denoising Diffusion Implicit Models", ICLR 2021);
 * {@link DDPMModel#withScoring} switches a trained model between the two without retraining.
 * <p>
 * Defaults are those behind the DTE paper's DDPM figures: up to 400 epochs with early stopping (patience 39 after
 * 51 epochs), batch 64, Adam 1e-4 with L2 5e-4, T = 1000, reconstruction time 250, the chain starting from the row
 * itself with no noise added along it, score = mean squared error of the final reconstruction. Differences from the
 * reference code, and why:
 * <ul>
 *     <li>the reference's last revision adds noise along the chain, which scores lower than the published
 *     noise-free figures (docs/ALGORITHMS.md); {@code stochastic = true} offers it;</li>
 *     <li>the reference drops each epoch's last partial batch, so a set under one batch never trains; here a set
 *     smaller than one batch trains in one batch of all its rows (at least 2, for batch normalisation), and the
 *     model records the batch it used;</li>
 *     <li>AnoDDPM noises the row before the chain; {@code start = noised} offers it with fixed-seed noise.</li>
 * </ul>
 * DDIM defaults: 20 steps from the row itself with eta = 1, i.e. Song et al.'s generalised update with its noise
 * term left out, which on strided timesteps is the noise-free DDPM chain the paper measured (at 250 steps it gives
 * the DDPM scores); eta = 0 is the DDIM update of docs/ALGORITHMS.md, whose "Where dmad differs" gives the
 * measured effect of each of these choices (see also {@link DDPMScoring}).
 * The scoring noise (noised start, stochastic chain) is seeded with the training's effective seed.
 * <p>
 * Reproducibility: same data, seed and thread count give bit-identical denoisers (the SiLU activation is built so
 * that autograd's saved tensors stay alive; see {@code DenoiserBlock.silu()}).
 */
public final class DDPMTrainer extends ReverseChainTrainer {

    /** A trainer with the paper's defaults. */
    public DDPMTrainer() {
        super("input");
    }

    /**
     * A builder starting from the paper's defaults (DDPM sampler).
     *
     * @return the builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder for the DDIM detector: the paper's denoiser, scored with {@code steps} DDIM steps from the row itself.
     *
     * @param steps the DDIM steps (20 is the default).
     * @return the builder.
     */
    public static Builder ddimBuilder(int steps) {
        return new Builder().sampler("ddim").ddimSteps(steps);
    }

    @Override
    protected String detectorName() {
        return DDPMScoring.Sampler.parse(sampler()) == DDPMScoring.Sampler.DDIM ? "DDIM" : "DDPM";
    }

    @Override
    protected String modelClassName() {
        return DDPMModel.class.getName();
    }

    @Override
    protected DMADModel model(DenoiserFit fit, Matrix rows, TrainingSettings settings, ModelContext context) {
        DDPMScoring scoring = chain(settings.seed());
        double[] trainingScores = DDPMModel.scores(fit, scoring, rows);
        return new DDPMModel(
                context.parts(scoring.sampler().name().toLowerCase(Locale.ROOT), trainingScores), fit, scoring);
    }

    /** Builder of a {@link DDPMTrainer}, starting from the paper's defaults. */
    public static final class Builder extends DMADTrainer.Builder<DDPMTrainer, Builder>
            implements ReverseChainSettings<DDPMTrainer, Builder> {
        private Builder() {
            super(DDPMTrainer::new);
        }
    }
}
