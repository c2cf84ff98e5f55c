package org.dmad.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Random;

/**
 * A {@link DiffusionObjective} whose host-side draws (timesteps from the loop's seeded generator, and what follows
 * from them) can be made ahead: {@link TrainingLoop} draws a whole epoch's values right after the epoch's shuffle, in
 * the order the steps would draw them, and uploads them with the shuffled row order, so a step uploads nothing. On a
 * GPU every array created from host memory waits for the device's queued work (DJL copies it with
 * {@code non_blocking=false}), so an upload per step keeps the host from queueing a step while the device runs the
 * previous one. {@link #draw} must draw what {@link #loss(Block, ParameterStore, NDArray, Random)} draws, in its order.
 */
public interface StagedObjective extends DiffusionObjective, StepDraws {

    /**
     * Computes the loss of one batch in training mode from its drawn values.
     *
     * @param block the network.
     * @param store its parameter store.
     * @param x0    the batch, shape (batch, d), on the training device.
     * @param drawn what {@link #draw} wrote for the batch, shape (batch, drawnPerRow), on the training device.
     * @return a scalar loss.
     */
    NDArray loss(Block block, ParameterStore store, NDArray x0, NDArray drawn);

    @Override
    default NDArray loss(Block block, ParameterStore store, NDArray x0, Random random) {
        int batch = (int) x0.getShape().get(0);
        float[] values = new float[batch * drawnPerRow()];
        draw(random, batch, values, 0);
        return loss(block, store, x0, x0.getManager().create(values, new Shape(batch, drawnPerRow())));
    }
}
