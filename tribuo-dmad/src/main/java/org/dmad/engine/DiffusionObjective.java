package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.Random;

/**
 * The loss of one training step of a diffusion detector. It receives a batch of clean standardised rows, draws
 * timesteps from the loop's seeded generator and noise from the engine's seeded generator, and returns a scalar
 * loss. Arrays it creates belong to the batch's manager, which the loop closes after the step.
 */
@FunctionalInterface
public interface DiffusionObjective {

    /**
     * Computes the loss of one batch in training mode.
     *
     * @param block  the network.
     * @param store  its parameter store.
     * @param x0     the batch, shape (batch, d), on the training device.
     * @param random the seeded generator for timesteps.
     * @return a scalar loss.
     */
    NDArray loss(Block block, ParameterStore store, NDArray x0, Random random);
}
