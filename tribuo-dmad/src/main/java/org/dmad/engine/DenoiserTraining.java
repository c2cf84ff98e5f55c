package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Trains the noise-prediction network shared by the DDPM, DDIM and denoising-likelihood detectors (Ho et al.,
 * "Denoising Diffusion Probabilistic Models", NeurIPS 2020): the forward process with drift,
 * x_t = sqrt(abar_t) x_0 + sqrt(sigma2_t) eps, one uniform t per row, and the mean squared error between
 * eps_theta(x_t, t) and eps. Early stopping follows {@link DenoiserEarlyStopping}.
 * <p>
 * Each epoch drops its last partial batch when at least one full batch exists, as the reference does
 * ({@code drop_last=True}): batch normalisation cannot learn from a batch of one row. Unlike the reference, a set
 * smaller than one batch still trains, in one batch of all its rows ({@link TrainingLoop.Result#batchSize()} says
 * which batch was used).
 */
public final class DenoiserTraining {

    private DenoiserTraining() {}

    /**
     * The DDPM loss of one batch. It is a {@link StagedObjective}: {@link TrainingLoop} draws each epoch's timesteps
     * after the shuffle and uploads them once, and the time embeddings are gathered on the device
     * ({@link DenoiserBlock#embedSteps}), so a step uploads nothing and reads nothing back.
     *
     * @param schedule the noise schedule; its T is the range of sampled timesteps.
     * @return the objective.
     */
    public static DiffusionObjective objective(NoiseSchedule schedule) {
        final class Plain extends Draws implements StagedObjective {
            Plain() {
                super(schedule);
            }

            @Override
            public NDArray loss(Block block, ParameterStore store, NDArray x0, NDArray drawn) {
                NDArray noise = x0.getManager().randomNormal(x0.getShape());
                NDArray xt = variancePreserving(x0, noise, drawn, 0);
                NDArray steps = drawn.get(":, 2");
                NDArray time =
                        block instanceof DenoiserBlock denoiser ? denoiser.embedSteps(steps, timesteps()) : steps;
                NDArray predicted =
                        block.forward(store, new NDList(xt, time), true).singletonOrThrow();
                return predicted.sub(noise).square().mean();
            }
        }
        return new Plain();
    }

    /**
     * What a denoiser training step draws per row from its generator: one uniform timestep t, as the signal scale
     * sqrt(abar_t), the noise scale sqrt(sigma2_t), t itself (a float, exact) and the row's weight 1 / rows in its
     * batch's mean (which the grouped loss uses, {@link GroupedDenoiser#objective}).
     */
    static class Draws extends TimestepDraws {
        Draws(NoiseSchedule schedule) {
            super(
                    schedule.timesteps(),
                    true,
                    schedule.signalScales(),
                    schedule.noiseScales(),
                    steps(schedule.timesteps()));
        }
    }

    /**
     * Trains a denoiser.
     *
     * @param spec      the architecture.
     * @param rows      the standardised training rows.
     * @param settings  the optimisation settings.
     * @param schedule  the noise schedule.
     * @param patience  early-stopping patience, 0 for none.
     * @param minEpochs epochs run before early stopping is checked.
     * @return the trained network and a summary (epochs actually run, batch used).
     * @throws IllegalArgumentException when the width differs from the network's or there are fewer than 2 rows.
     */
    public static TrainingLoop.Result train(
            DenoiserNetwork spec,
            Matrix rows,
            TrainingSettings settings,
            NoiseSchedule schedule,
            int patience,
            int minEpochs) {
        if (rows.columns() != spec.inputs()) {
            throw new IllegalArgumentException(
                    "The network expects " + spec.inputs() + " features, the data has " + rows.columns());
        }
        if (rows.rows() < 2) {
            throw new IllegalArgumentException("The denoiser needs at least 2 training rows (batch normalisation "
                    + "estimates a variance per batch), got " + rows.rows());
        }
        return TrainingLoop.train(
                spec, rows, settings, objective(schedule), new DenoiserEarlyStopping(patience, minEpochs), true);
    }
}
