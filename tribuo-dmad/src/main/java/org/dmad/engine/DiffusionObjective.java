package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Random;

/**
 * The loss of one training step of a diffusion detector. It receives a batch of clean standardised rows, draws
 * timesteps from the loop's seeded generator and noise from the engine's seeded generator, and returns a scalar
 * loss. Arrays it creates belong to the batch's manager, which the loop closes after the step.
 * <p>
 * Never multiply or divide an array that depends on the parameters by a Java number ({@code mul(Number)},
 * {@code div(Number)}, DJL's swish): DJL frees the 0-d array it makes of the number right away, but autograd keeps
 * it for the backward pass, which then reads freed memory (non-reproducible trainings, NaN). Multiply by an array of
 * the batch's manager instead, e.g. {@code mul(m.create(c))}. Adding or subtracting a number is safe (the gradient
 * does not need it).
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
