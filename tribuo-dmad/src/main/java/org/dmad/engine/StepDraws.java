package org.dmad.engine;

import java.util.Random;

/**
 * What a training step draws on the host from a seeded generator (the rows' timesteps, and what follows from them),
 * written as a fixed number of floats per row so that a training loop can draw many steps ahead and upload them at
 * once ({@link StagedObjective}, {@link GroupedTraining.Objective}). On a GPU every array created from host memory
 * waits for the device's queued work (DJL copies it with {@code non_blocking=false}), so an upload per step would
 * keep the host from queueing a step while the device runs the previous one.
 */
public interface StepDraws {

    /** @return how many values {@link #draw} writes per row. */
    int drawnPerRow();

    /**
     * Draws one batch's values from the generator, in the order a step drawing for itself would.
     *
     * @param random the seeded generator (a grouped training's member's own).
     * @param rows   the batch's real rows, at least 1.
     * @param out    where value c of row i goes: {@code out[at + i * drawnPerRow() + c]}.
     * @param at     the batch's first position in {@code out}.
     */
    void draw(Random random, int rows, float[] out, int at);
}
